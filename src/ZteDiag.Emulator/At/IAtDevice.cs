using ZteDiag.Emulator.State;

namespace ZteDiag.Emulator.At;

/// <summary>
/// What the AT dialect needs from the virtual modem's state. The device state (profiles, stores)
/// implements it; <see cref="AtResponder"/> only formats. Members are called on AT port threads
/// (one per AT port), so implementations shared by two ports must be thread-safe.
/// </summary>
public interface IAtDevice
{
    /// <summary>ATI <c>Manufacturer:</c>, e.g. "ZTE INCORPORATED".</summary>
    string Manufacturer { get; }

    /// <summary>ATI <c>Model:</c>, e.g. "MF627".</summary>
    string Model { get; }

    /// <summary>Firmware revision (ATI <c>Revision:</c>, AT+CGMR).</summary>
    string Revision { get; }

    /// <summary>15-digit IMEI (ATI <c>IMEI:</c>, AT+CGSN).</summary>
    string Imei { get; }

    /// <summary>IMSI (AT+CIMI).</summary>
    string Imsi { get; }

    /// <summary>Capabilities after <c>+GCAP: </c>, e.g. "+CGSM,+DS,+ES".</summary>
    string Gcap { get; }

    /// <summary>A SIM is inserted.</summary>
    bool SimPresent { get; }

    /// <summary>The SIM's PIN/PUK state machine (AT+CPIN, AT+CLCK="SC", AT+CPWD, AT+ZPINPUK).</summary>
    SimCard Sim { get; }

    /// <summary>The SIM's ICCID, 19 or 20 digits (EF_ICCID through AT+CRSM).</summary>
    string Iccid => "8970101" + Imsi[^12..];

    /// <summary>Networks an AT+COPS=? scan finds.</summary>
    IReadOnlyList<VisibleNetwork> VisibleNetworks => [];

    /// <summary>How long an AT+COPS=? scan takes before its answer (real sticks: 20–60 s).</summary>
    TimeSpan NetworkScanDelay => TimeSpan.Zero;

    /// <summary>AT+COPS? mode: 0 automatic, 1 manual, 2 deregistered.</summary>
    int OperatorSelectionMode => 0;

    /// <summary>AT+COPS=0 (automatic), =1,2,"MCCMNC" (manual) or =2 (deregister).</summary>
    NetworkSelection SelectNetwork(int mode, string? numeric) => NetworkSelection.Ok;

    /// <summary>Registered operator for AT+COPS?; empty = not registered.</summary>
    string OperatorName { get; }

    /// <summary>AT+CSQ rssi (0–31, 99 unknown).</summary>
    int CsqRssi { get; }

    /// <summary>AT+CSQ ber (0–7, 99 unknown).</summary>
    int CsqBer { get; }

    /// <summary>AT+ZPAS? technology, e.g. "HSDPA", "GPRS/EDGE", "No Service".</summary>
    string ZpasTechnology { get; }

    /// <summary>AT+ZPAS? domain, e.g. "CS_PS", "CS_ONLY".</summary>
    string ZpasDomain { get; }

    /// <summary>AT+ZSNT cm_mode (0 auto, 1 GSM only, 2 WCDMA only, 6 LTE only).</summary>
    int NetworkMode { get; set; }

    /// <summary>AT+ZSNT pref_acq (0 auto, 1 GSM preferred, 2 WCDMA preferred).</summary>
    int AcquisitionOrder { get; set; }

    /// <summary>Radio online (AT+ZOPRT=5, AT+CFUN=1) or offline (AT+ZOPRT=6, AT+CFUN=4).</summary>
    bool Online { get; set; }

    /// <summary>Defined PDP contexts (AT+CGDCONT?), ordered by cid.</summary>
    IReadOnlyList<PdpContext> PdpContexts { get; }

    /// <summary>Defines (or, with null, deletes) PDP context <paramref name="cid"/>.</summary>
    void SetPdpContext(int cid, PdpContext? context);

    /// <summary>The message memories (AT+CPMS, +CMGL, +CMGR, +CMGD, +CMGS) and new-message arrivals (+CMTI).</summary>
    SmsStore Sms { get; }

    /// <summary>Network answer to a USSD code (AT+CUSD=1,"code",15); null = not supported.</summary>
    string? UssdAnswer(string code);

    /// <summary>
    /// Network answer to a USSD request or to a reply in an open menu, encoded as the firmware sends it;
    /// null = not supported. By default the plain text of <see cref="UssdAnswer"/> with dcs 15.
    /// </summary>
    UssdNetworkAnswer? Ussd(string request) => UssdAnswer(request) is { } text ? new UssdNetworkAnswer(0, text, 15) : null;

    /// <summary>Ends an open USSD menu (AT+CUSD=2).</summary>
    void CancelUssd()
    {
    }

    /// <summary>The virtual CD autorun is on (AT+ZCDRUN=4).</summary>
    bool AutorunEnabled { get; }

    /// <summary>Switches autorun (AT+ZCDRUN=9 on / =8 off); true on success.</summary>
    bool SetAutorun(bool enabled);

    /// <summary>AT+ZCDRUN=E; true on success.</summary>
    bool EnterDownloadMode();

    /// <summary>AT+ZCDRUN=F; true on success.</summary>
    bool ExitDownloadMode();
}

/// <summary>One PDP context definition.</summary>
/// <param name="Cid">Context id (1–16).</param>
/// <param name="PdpType">"IP", "PPP", "IPV6"….</param>
/// <param name="Apn">Access point name.</param>
public sealed record PdpContext(int Cid, string PdpType, string Apn);
