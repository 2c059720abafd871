using ZteDiag.Protocol.At;

namespace ZteDiag.Device.At;

/// <summary>
/// One snapshot of a stick as a connection manager shows it. A field is null when the modem could not tell;
/// <see cref="Unknown"/> says why for each such field, so nothing is left out silently.
/// </summary>
public sealed record ModemStatus
{
    /// <summary>ATI model, e.g. MF627.</summary>
    public string? Model { get; init; }

    /// <summary>Firmware revision.</summary>
    public string? Revision { get; init; }

    /// <summary>IMEI (unmasked: the shell masks it).</summary>
    public string? Imei { get; init; }

    /// <summary>SIM state and attempts left.</summary>
    public SimPinState? Sim { get; init; }

    /// <summary>SIM serial number (unmasked).</summary>
    public string? Iccid { get; init; }

    /// <summary>Subscriber identity (unmasked).</summary>
    public string? Imsi { get; init; }

    /// <summary>Registered operator's name (AT+COPS?).</summary>
    public string? Operator { get; init; }

    /// <summary>0 automatic, 1 manual, 2 deregistered.</summary>
    public int? OperatorSelection { get; init; }

    /// <summary>Access technology: ZTE AT+ZPAS? text (HSDPA, GPRS/EDGE) or the AT+COPS? AcT in words.</summary>
    public string? Technology { get; init; }

    /// <summary>AT+CREG? stat in words.</summary>
    public string? Registration { get; init; }

    /// <summary>AT+CSQ.</summary>
    public CsqReply? Signal { get; init; }

    /// <summary>AT+ZSNT? in the names of `network mode`.</summary>
    public string? NetworkMode { get; init; }

    /// <summary>AT+CGDCONT? contexts.</summary>
    public IReadOnlyList<CgdcontEntry> Apns { get; init; } = [];

    /// <summary>The virtual CD-ROM autorun is on (AT+ZCDRUN=4).</summary>
    public bool? Autorun { get; init; }

    /// <summary>Field name → why it is unknown (the modem's error, in words).</summary>
    public IReadOnlyDictionary<string, string> Unknown { get; init; } = new Dictionary<string, string>();

    /// <summary>
    /// Signal bars 0–5 from the CSQ rssi (a handset-style rule of thumb: 2–5 one bar, 6–9 two, 10–14 three,
    /// 15–19 four, 20 and more five); null when unknown.
    /// </summary>
    public int? Bars => Signal is not { Dbm: not null } s ? null : s.Rssi switch
    {
        < 2 => 0,
        < 6 => 1,
        < 10 => 2,
        < 15 => 3,
        < 20 => 4,
        _ => 5,
    };

    /// <summary>27.007 §7.2 CREG stat in words.</summary>
    public static string RegistrationText(int stat) => stat switch
    {
        0 => "not registered, not searching",
        1 => "registered, home network",
        2 => "searching",
        3 => "registration denied",
        5 => "registered, roaming",
        _ => "unknown (" + stat.ToString(System.Globalization.CultureInfo.InvariantCulture) + ")",
    };
}
