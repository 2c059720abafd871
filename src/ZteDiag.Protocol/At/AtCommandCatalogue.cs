using System.Collections.Frozen;

namespace ZteDiag.Protocol.At;

/// <summary>What a catalogued AT command is about (for grouping in help).</summary>
public enum AtCommandCategory
{
    /// <summary>Port and result-code settings (echo, error format, reset).</summary>
    General,
    /// <summary>Manufacturer, model, firmware, IMEI.</summary>
    Identity,
    /// <summary>SIM state, PIN/PUK, IMSI.</summary>
    Sim,
    /// <summary>Registration, operator, signal, radio mode.</summary>
    Network,
    /// <summary>PDP contexts and dialing.</summary>
    Data,
    /// <summary>Short messages.</summary>
    Sms,
    /// <summary>USSD codes (balance, menus).</summary>
    Ussd,
    /// <summary>ZTE proprietary commands.</summary>
    ZteSpecific,
}

/// <summary>One command a technician may type.</summary>
/// <param name="Name">The command as typed, up to and including <c>?</c> or <c>=</c> (e.g. <c>AT+CSQ</c>, <c>AT+CPIN?</c>, <c>AT+CGDCONT=</c>, <c>AT+ZCDRUN=E</c>).</param>
/// <param name="Syntax">Full syntax with placeholders, e.g. <c>AT+CGDCONT=&lt;cid&gt;,"IP","&lt;apn&gt;"</c>.</param>
/// <param name="Help">One line of help.</param>
/// <param name="Category">Grouping.</param>
/// <param name="IsDangerous">True when it can leave the stick unusable or change persistent state in a way a user may not expect; shells ask before sending.</param>
public sealed record AtCommandInfo(string Name, string Syntax, string Help, AtCommandCategory Category, bool IsDangerous = false);

/// <summary>
/// The ZTE and 3GPP commands a technician uses, with help, for <c>?</c> help and tab completion.
/// Lookups ignore case. Immutable; safe to share.
/// </summary>
public static class AtCommandCatalogue
{
    private static readonly AtCommandInfo[] Entries =
    [
        new("AT", "AT", "Attention: the modem answers OK when the port speaks AT.", AtCommandCategory.General),
        new("ATZ", "ATZ", "Reset settings to the stored profile.", AtCommandCategory.General),
        new("ATE0", "ATE0", "Echo off: the modem stops repeating commands.", AtCommandCategory.General),
        new("ATE1", "ATE1", "Echo on: the modem repeats each command before the answer.", AtCommandCategory.General),
        new("AT+CMEE=", "AT+CMEE=<n>", "Error format: 0 plain ERROR, 1 numeric +CME ERROR, 2 verbose text.", AtCommandCategory.General),
        new("AT+CFUN?", "AT+CFUN?", "Query phone functionality (1 full, 4 radio off).", AtCommandCategory.General),
        new("AT+CFUN=", "AT+CFUN=<fun>", "Set functionality: 1 full, 4 radio off (flight mode), 0 minimum.", AtCommandCategory.General),

        new("ATI", "ATI", "Manufacturer, model, revision, IMEI and capabilities.", AtCommandCategory.Identity),
        new("AT+CGMI", "AT+CGMI", "Manufacturer name.", AtCommandCategory.Identity),
        new("AT+CGMM", "AT+CGMM", "Model name.", AtCommandCategory.Identity),
        new("AT+CGMR", "AT+CGMR", "Firmware revision.", AtCommandCategory.Identity),
        new("AT+CGSN", "AT+CGSN", "IMEI (15 digits).", AtCommandCategory.Identity),
        new("AT+GCAP", "AT+GCAP", "Capability list (+CGSM, +DS, +ES…).", AtCommandCategory.Identity),

        new("AT+CIMI", "AT+CIMI", "IMSI of the SIM.", AtCommandCategory.Sim),
        new("AT+CPIN?", "AT+CPIN?", "SIM lock state: READY, SIM PIN, SIM PUK; +CME ERROR: 10 = no SIM.", AtCommandCategory.Sim),
        new("AT+CPIN=", "AT+CPIN=\"<pin>\"[,\"<newpin>\"]", "Enter PIN (or PUK and new PIN); wrong tries count down to a PUK lock.", AtCommandCategory.Sim, IsDangerous: true),
        new("AT+ZPINPUK=?", "AT+ZPINPUK=?", "ZTE: remaining PIN and PUK attempts (+ZPINPUK: <pin>,<puk>).", AtCommandCategory.Sim),

        new("AT+CSQ", "AT+CSQ", "Signal quality +CSQ: <rssi>,<ber>; dBm = -113 + 2*rssi, 99 = unknown.", AtCommandCategory.Network),
        new("AT+COPS?", "AT+COPS?", "Current operator: +COPS: <mode>,<format>,\"<oper>\",<act>.", AtCommandCategory.Network),
        new("AT+COPS=?", "AT+COPS=?", "Scan for operators (slow, up to minutes).", AtCommandCategory.Network),
        new("AT+COPS=", "AT+COPS=<mode>[,<format>,\"<oper>\"]", "Select operator: 0 automatic, 1 manual.", AtCommandCategory.Network),
        new("AT+CREG?", "AT+CREG?", "Registration: +CREG: <n>,<stat> (1 home, 5 roaming, 2 searching, 3 denied).", AtCommandCategory.Network),
        new("AT+CREG=", "AT+CREG=<n>", "Registration reports: 0 off, 1 +CREG: <stat>, 2 with LAC and cell id.", AtCommandCategory.Network),
        new("AT+ZPAS?", "AT+ZPAS?", "ZTE: access technology and domain, e.g. +ZPAS: \"HSDPA\",\"CS_PS\".", AtCommandCategory.ZteSpecific),
        new("AT+ZSNT?", "AT+ZSNT?", "ZTE: network mode +ZSNT: <cm_mode>,<net_sel>,<pref_acq>.", AtCommandCategory.ZteSpecific),
        new("AT+ZSNT=", "AT+ZSNT=<cm_mode>,0,<pref_acq>", "ZTE: set mode (0 auto, 1 GSM only, 2 WCDMA only) and preference (0 auto, 1 GSM, 2 WCDMA).", AtCommandCategory.ZteSpecific),
        new("AT+ZOPRT?", "AT+ZOPRT?", "ZTE: operating mode (answer contains 6 when offline).", AtCommandCategory.ZteSpecific),
        new("AT+ZOPRT=5", "AT+ZOPRT=5", "ZTE: go online and stay online; wait for +ZPASR afterwards.", AtCommandCategory.ZteSpecific),
        new("AT+ZOPRT=6", "AT+ZOPRT=6", "ZTE: go offline (radio off).", AtCommandCategory.ZteSpecific),
        new("AT+ZRSSI", "AT+ZRSSI", "ZTE: +ZRSSI: <rssi>,<ecio>,<rscp> (rssi as -dBm, ecio/rscp in half-dB).", AtCommandCategory.ZteSpecific),
        new("AT+ZDON?", "AT+ZDON?", "ZTE: operator display, e.g. +ZDON: \"3\",234,20,\"ROAM_OFF\".", AtCommandCategory.ZteSpecific),
        new("AT+ZCDRUN=4", "AT+ZCDRUN=4", "ZTE: is the autorun virtual CD on? (0 no, 1 yes).", AtCommandCategory.ZteSpecific),
        new("AT+ZCDRUN=8", "AT+ZCDRUN=8", "ZTE: turn the autorun virtual CD off for good (deletes AUTORUN.FLG).", AtCommandCategory.ZteSpecific),
        new("AT+ZCDRUN=9", "AT+ZCDRUN=9", "ZTE: turn the autorun virtual CD back on (re-creates AUTORUN.FLG).", AtCommandCategory.ZteSpecific),
        new("AT+ZCDRUN=E", "AT+ZCDRUN=E", "ZTE: enter download mode (deletes NODOWNLOAD.FLG); only for reflashing.", AtCommandCategory.ZteSpecific, IsDangerous: true),
        new("AT+ZCDRUN=F", "AT+ZCDRUN=F", "ZTE: leave download mode (re-creates NODOWNLOAD.FLG).", AtCommandCategory.ZteSpecific),

        new("AT+CGDCONT?", "AT+CGDCONT?", "List PDP contexts: +CGDCONT: <cid>,\"IP\",\"<apn>\",…", AtCommandCategory.Data),
        new("AT+CGDCONT=", "AT+CGDCONT=<cid>,\"IP\",\"<apn>\"", "Set the APN for a context; cid 1 is used by ATD*99#.", AtCommandCategory.Data),
        new("ATD*99#", "ATD*99#", "Dial packet data on context 1; CONNECT [speed] then PPP.", AtCommandCategory.Data),
        new("ATH", "ATH", "Hang up.", AtCommandCategory.Data),

        new("AT+CUSD=", "AT+CUSD=1,\"<code>\",15", "Send a USSD code (e.g. *100#); answer +CUSD: <m>,\"<text>\",<dcs>.", AtCommandCategory.Ussd),

        new("AT+CPMS?", "AT+CPMS?", "SMS storages in use with used/total counts.", AtCommandCategory.Sms),
        new("AT+CPMS=", "AT+CPMS=\"SM\",\"SM\",\"SM\"", "Select SMS storages; any AT+CPMS stops the +ZUSIMR nag.", AtCommandCategory.Sms),
        new("AT+CMGF=", "AT+CMGF=<mode>", "SMS format: 0 PDU, 1 text.", AtCommandCategory.Sms),
        new("AT+CMGL=", "AT+CMGL=\"ALL\"", "List messages (text mode: \"REC UNREAD\", \"REC READ\", \"ALL\").", AtCommandCategory.Sms),
        new("AT+CMGR=", "AT+CMGR=<index>", "Read one message.", AtCommandCategory.Sms),
        new("AT+CMGS=", "AT+CMGS=\"<number>\"", "Send a message: wait for the > prompt, type the text, end with Ctrl-Z.", AtCommandCategory.Sms),
        new("AT+CMGD=", "AT+CMGD=<index>", "Delete one message.", AtCommandCategory.Sms),
        new("AT+CSCA?", "AT+CSCA?", "SMS service centre number.", AtCommandCategory.Sms),
    ];

    private static readonly FrozenDictionary<string, AtCommandInfo> ByName =
        Entries.ToFrozenDictionary(e => e.Name, StringComparer.OrdinalIgnoreCase);

    /// <summary>Every catalogued command in catalogue order (grouped by category).</summary>
    public static IReadOnlyList<AtCommandInfo> All => Entries;

    /// <summary>The entry whose <see cref="AtCommandInfo.Name"/> is exactly <paramref name="name"/> (case-insensitive), or null.</summary>
    public static AtCommandInfo? Find(string? name) =>
        name is not null && ByName.TryGetValue(name.Trim(), out var e) ? e : null;

    /// <summary>
    /// The entry that describes a full command line, e.g. <c>AT+CGDCONT=1,"IP","web"</c> → <c>AT+CGDCONT=</c>:
    /// an exact match first, else the longest catalogued name the line starts with (names ending in
    /// <c>=</c>, <c>?</c> or a complete basic command). Null when nothing fits.
    /// </summary>
    public static AtCommandInfo? Match(string? commandLine)
    {
        if (commandLine is null)
        {
            return null;
        }

        string s = commandLine.Trim();
        if (Find(s) is { } exact)
        {
            return exact;
        }

        AtCommandInfo? best = null;
        foreach (var e in Entries)
        {
            if (e.Name.EndsWith('=') && s.StartsWith(e.Name, StringComparison.OrdinalIgnoreCase)
                && (best is null || e.Name.Length > best.Name.Length))
            {
                best = e;
            }
        }

        return best;
    }

    /// <summary>Tab completion: entries whose name starts with <paramref name="prefix"/> (case-insensitive), sorted by name.</summary>
    public static IReadOnlyList<AtCommandInfo> Complete(string? prefix)
    {
        string p = prefix?.Trim() ?? string.Empty;
        return Entries
            .Where(e => e.Name.StartsWith(p, StringComparison.OrdinalIgnoreCase))
            .OrderBy(e => e.Name, StringComparer.OrdinalIgnoreCase)
            .ToArray();
    }

    /// <summary>All entries of one category.</summary>
    public static IReadOnlyList<AtCommandInfo> InCategory(AtCommandCategory category) =>
        Entries.Where(e => e.Category == category).ToArray();
}
