using System.Globalization;
using System.Text;
using ZteDiag.Device.At;
using ZteDiag.Protocol.At;
using ZteDiag.Protocol.Diag;

namespace ZteDiag.Workbench.Connection;

/// <summary>
/// The words of `ztediag status` and the TUI's Connection tab, in one place so both say the same: one labelled
/// row per field, identifiers masked unless revealed, and "unknown (why)" for a field the modem could not give.
/// </summary>
public static class ModemStatusText
{
    /// <summary>The rows, label then text, in the order a technician reads them.</summary>
    public static IReadOnlyList<(string Label, string Text)> Rows(ModemStatus s, string port, bool reveal, (bool? Present, string? Why)? cdFlag = null)
    {
        ArgumentNullException.ThrowIfNull(s);
        var rows = new List<(string, string)>();
        void Row(string label, string? value, string key) =>
            rows.Add((label, value ?? "unknown" + (s.Unknown.TryGetValue(key, out string? why) ? " (" + why + ")" : string.Empty)));

        Row("Model", s.Model is null ? null : s.Model + (s.Revision is null ? "" : "  firmware " + s.Revision), "model");
        Row("IMEI", s.Imei is null ? null : reveal ? s.Imei : Imei.Mask(s.Imei), "imei");
        Row("SIM", s.Sim is null ? null : SimText(s.Sim), "sim");
        Row("ICCID", s.Iccid is null ? null : MaskIccid(s.Iccid, reveal), "iccid");
        Row("IMSI", s.Imsi is null ? null : reveal ? s.Imsi : Imei.Mask(s.Imsi), "imsi");
        Row("Operator", s.Operator is null ? null : s.Operator + SelectionText(s.OperatorSelection), "operator");
        Row("Technology", s.Technology, "technology");
        Row("Registration", s.Registration, "registration");
        Row("Signal", s.Signal is { Dbm: int dbm } csq
            ? string.Create(CultureInfo.InvariantCulture, $"{dbm} dBm  {BarsText(s.Bars ?? 0)}  (CSQ {csq.Rssi})") : null, "signal");
        Row("Network mode", s.NetworkMode, "networkMode");
        Row("APN", s.Apns.Count == 0 && !s.Unknown.ContainsKey("apn") ? "none defined (`ztediag apn set APN`)"
            : s.Apns.Count == 0 ? null
            : string.Join(", ", s.Apns.Select(a => string.Create(CultureInfo.InvariantCulture, $"{a.Cid}: {(a.Apn.Length == 0 ? "(empty)" : a.Apn)} ({a.PdpType})"))), "apn");
        Row("CD autorun", s.Autorun switch
        {
            true => "on (the fake CD-ROM comes up at plug-in; `ztediag autorun off` stops it)",
            false => "off",
            null => null,
        }, "autorun");
        if (cdFlag is { } cd)
        {
            rows.Add(("CD-ROM flag", cd.Present switch
            {
                true => "/CD_STARTUP_FLAG present (the fake CD-ROM at plug-in; `ztediag cd-emulation off` removes it)",
                false => "/CD_STARTUP_FLAG absent",
                null => "unknown (" + cd.Why + ")",
            }));
        }

        Row("Port", "AT " + port, "port");
        return rows;
    }

    /// <summary>The rows as text, one "Label        text" line each.</summary>
    public static string Format(ModemStatus s, string port, bool reveal, (bool? Present, string? Why)? cdFlag = null)
    {
        var b = new StringBuilder();
        foreach ((string label, string text) in Rows(s, port, reveal, cdFlag))
        {
            b.Append(CultureInfo.InvariantCulture, $"{label,-13}{text}").Append('\n');
        }

        return b.ToString();
    }

    /// <summary>"ready · PIN lock on · PIN 3 attempts left, PUK 10 attempts left".</summary>
    public static string SimText(SimPinState sim)
    {
        ArgumentNullException.ThrowIfNull(sim);
        var parts = new List<string> { sim.StateText };
        if (sim.LockEnabled is bool on)
        {
            parts.Add(on ? "PIN lock on" : "PIN lock off");
        }

        if (sim.State != CpinState.SimNotInserted)
        {
            parts.Add(sim.RetriesText);
        }

        return string.Join(" · ", parts);
    }

    /// <summary>Five bars, filled ▮ and empty ▯.</summary>
    public static string BarsText(int bars)
    {
        int n = Math.Clamp(bars, 0, 5);
        return new string('▮', n) + new string('▯', 5 - n);
    }

    /// <summary>ICCID: the issuer prefix (89 + country + issuer, 7 digits) and the last 2 digits stay, the rest is starred.</summary>
    public static string MaskIccid(string iccid, bool reveal)
    {
        ArgumentNullException.ThrowIfNull(iccid);
        return reveal || iccid.Length <= 9 ? iccid
            : string.Concat(iccid.AsSpan(0, 7), new string('*', iccid.Length - 9), iccid.AsSpan(iccid.Length - 2));
    }

    private static string SelectionText(int? mode) => mode switch
    {
        0 => " (automatic selection)",
        1 => " (manual selection)",
        _ => string.Empty,
    };
}
