using System.Collections.Frozen;
using System.Globalization;

namespace ZteDiag.Protocol.At;

/// <summary>
/// Human text for <c>+CME ERROR</c> (3GPP TS 27.007 §9.2) and <c>+CMS ERROR</c> (TS 27.005 §3.2.5)
/// codes; the subset listed in DEVICES.md §3.6 plus the neighbouring standard codes.
/// </summary>
public static class AtErrorText
{
    private static readonly FrozenDictionary<int, string> Cme = new Dictionary<int, string>
    {
        [0] = "phone failure",
        [1] = "no connection to phone",
        [2] = "phone adaptor link reserved",
        [3] = "operation not allowed",
        [4] = "operation not supported",
        [5] = "PH-SIM PIN required",
        [6] = "PH-FSIM PIN required",
        [7] = "PH-FSIM PUK required",
        [10] = "SIM not inserted",
        [11] = "SIM PIN required",
        [12] = "SIM PUK required",
        [13] = "SIM failure",
        [14] = "SIM busy",
        [15] = "SIM wrong",
        [16] = "incorrect password",
        [17] = "SIM PIN2 required",
        [18] = "SIM PUK2 required",
        [20] = "memory full",
        [21] = "invalid index",
        [22] = "not found",
        [23] = "memory failure",
        [24] = "text string too long",
        [25] = "invalid characters in text string",
        [26] = "dial string too long",
        [27] = "invalid characters in dial string",
        [30] = "no network service",
        [31] = "network timeout",
        [32] = "network not allowed - emergency calls only",
        [40] = "network personalization PIN required",
        [41] = "network personalization PUK required",
        [100] = "unknown",
        [103] = "illegal MS",
        [106] = "illegal ME",
        [107] = "GPRS services not allowed",
        [111] = "PLMN not allowed",
        [112] = "location area not allowed",
        [113] = "roaming not allowed in this location area",
        [132] = "service option not supported",
        [133] = "requested service option not subscribed",
        [134] = "service option temporarily out of order",
        [148] = "unspecified GPRS error",
        [149] = "PDP authentication failure",
        [150] = "invalid mobile class",
    }.ToFrozenDictionary();

    private static readonly FrozenDictionary<int, string> Cms = new Dictionary<int, string>
    {
        [300] = "ME failure",
        [301] = "SMS service of ME reserved",
        [302] = "operation not allowed",
        [303] = "operation not supported",
        [304] = "invalid PDU mode parameter",
        [305] = "invalid text mode parameter",
        [310] = "SIM not inserted",
        [311] = "SIM PIN required",
        [312] = "PH-SIM PIN required",
        [313] = "SIM failure",
        [314] = "SIM busy",
        [315] = "SIM wrong",
        [316] = "SIM PUK required",
        [317] = "SIM PIN2 required",
        [318] = "SIM PUK2 required",
        [320] = "memory failure",
        [321] = "invalid memory index",
        [322] = "memory full",
        [330] = "SMSC address unknown",
        [331] = "no network service",
        [332] = "network timeout",
        [340] = "no +CNMA acknowledgement expected",
        [500] = "unknown error",
    }.ToFrozenDictionary();

    /// <summary>
    /// Text for a CME or CMS code, e.g. <c>Describe(AtFinalKind.CmeError, 10)</c> → "SIM not inserted".
    /// Unknown codes give "CME error 999"; other kinds give the result keyword.
    /// </summary>
    public static string Describe(AtFinalKind kind, int code) => kind switch
    {
        AtFinalKind.CmeError => Cme.TryGetValue(code, out string? t) ? t : "CME error " + code.ToString(CultureInfo.InvariantCulture),
        AtFinalKind.CmsError => Cms.TryGetValue(code, out string? t) ? t : "CMS error " + code.ToString(CultureInfo.InvariantCulture),
        _ => new AtFinalResult(kind).ToString(),
    };

    /// <summary>True when the table has text for this code.</summary>
    public static bool IsKnown(AtFinalKind kind, int code) => kind switch
    {
        AtFinalKind.CmeError => Cme.ContainsKey(code),
        AtFinalKind.CmsError => Cms.ContainsKey(code),
        _ => false,
    };

    /// <summary>Finds the code for a textual (<c>+CMEE=2</c>) error, ignoring case; null when unknown.</summary>
    public static int? TryFindCode(AtFinalKind kind, string text)
    {
        var table = kind == AtFinalKind.CmsError ? Cms : kind == AtFinalKind.CmeError ? Cme : null;
        if (table is null)
        {
            return null;
        }

        foreach (var (code, t) in table)
        {
            if (string.Equals(t, text, StringComparison.OrdinalIgnoreCase))
            {
                return code;
            }
        }

        return null;
    }
}
