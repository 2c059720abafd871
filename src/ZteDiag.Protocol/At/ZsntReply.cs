using System.Globalization;

namespace ZteDiag.Protocol.At;

/// <summary>ZTE <c>AT+ZSNT</c> network mode (cm_mode), DEVICES.md §3.2.</summary>
public enum ZsntMode
{
    /// <summary>0: automatic (2G + 3G [+ LTE]).</summary>
    Auto = 0,
    /// <summary>1: GSM only.</summary>
    GsmOnly = 1,
    /// <summary>2: WCDMA only.</summary>
    WcdmaOnly = 2,
    /// <summary>6: LTE only (newer modules).</summary>
    LteOnly = 6,
}

/// <summary>ZTE <c>AT+ZSNT</c> acquisition preference (pref_acq).</summary>
public enum ZsntPreference
{
    /// <summary>0: automatic.</summary>
    Auto = 0,
    /// <summary>1: GSM preferred.</summary>
    GsmPreferred = 1,
    /// <summary>2: WCDMA preferred.</summary>
    WcdmaPreferred = 2,
}

/// <summary><c>+ZSNT: &lt;cm_mode&gt;,&lt;net_sel&gt;,&lt;pref_acq&gt;</c>; values outside the enums are kept as cast numbers.</summary>
/// <param name="Mode">cm_mode.</param>
/// <param name="NetworkSelection">net_sel (0 = automatic, the value to send).</param>
/// <param name="Preference">pref_acq.</param>
public sealed record ZsntReply(ZsntMode Mode, int NetworkSelection, ZsntPreference Preference)
{
    /// <summary>The set command, e.g. <c>AT+ZSNT=1,0,0</c> for GSM only.</summary>
    public string ToSetCommand() =>
        string.Create(CultureInfo.InvariantCulture, $"AT+ZSNT={(int)Mode},{NetworkSelection},{(int)Preference}");

    /// <summary>Parses the reply to <c>AT+ZSNT?</c>.</summary>
    public static AtParseStatus TryParse(AtReply? reply, out ZsntReply? value) => AtReader.FromReply(reply, "+ZSNT", Parse, out value);

    /// <summary>Parses one <c>+ZSNT:</c> line.</summary>
    public static AtParseStatus TryParse(string? line, out ZsntReply? value) => AtReader.FromLine(line, "+ZSNT", Parse, out value);

    private static ZsntReply? Parse(string body)
    {
        var f = AtFields.Split(body);
        if (f.Count < 3 || f[0].AsInt() is not int cm || f[1].AsInt() is not int sel || f[2].AsInt() is not int pref)
        {
            return null;
        }

        return new ZsntReply((ZsntMode)cm, sel, (ZsntPreference)pref);
    }
}
