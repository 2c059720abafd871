namespace ZteDiag.Workbench.Setup;

/// <summary>An operator's data APN.</summary>
/// <param name="Operator">Operator name.</param>
/// <param name="Country">ISO country code.</param>
/// <param name="Apn">Access point name.</param>
/// <param name="User">PPP user name, or null when none is needed.</param>
/// <param name="Password">PPP password, or null.</param>
/// <param name="Verified">True only when a stored source (DEVICES.md §7) confirms the APN.</param>
/// <param name="Note">Where it comes from / what is unconfirmed.</param>
public sealed record ApnPreset(string Operator, string Country, string Apn, string? User, string? Password, bool Verified, string Note);

/// <summary>
/// Built-in APN presets (data). DEVICES.md §7 confirms only <c>ac.vodafone.es</c> and <c>sipgate</c>; every other
/// entry is commonly published operator data that our sources do NOT confirm, and says so (<see cref="ApnPreset.Verified"/> false).
/// </summary>
public static class ApnPresets
{
    private const string Unverified = "UNVERIFIED: not in our stored sources; widely published operator setting, check with the operator";

    /// <summary>All presets, in display order.</summary>
    public static IReadOnlyList<ApnPreset> All { get; } =
    [
        new("MegaFon", "RU", "internet", null, null, false, Unverified),
        new("Beeline", "RU", "internet.beeline.ru", "beeline", "beeline", false, Unverified),
        new("MTS", "RU", "internet.mts.ru", "mts", "mts", false, "UNVERIFIED: named in DEVICES.md §7 as unverified; check with the operator"),
        new("Tele2", "RU", "internet.tele2.ru", null, null, false, Unverified),
        new("Utel", "UA", "3g.utel.ua", null, null, false, Unverified),
        new("Three UK", "GB", "three.co.uk", null, null, false, "UNVERIFIED: named in DEVICES.md §7 as unverified (the MF627 3 UK field report has no APN line)"),
        new("Vodafone ES", "ES", "ac.vodafone.es", null, null, true, "source: Ubuntu DialupModemHowto wvdial.conf (DEVICES.md §7 [S42])"),
        new("sipgate", "DE", "sipgate", null, null, true, "source: FreeBSD forum chat script (DEVICES.md §7 [S43])"),
    ];

    /// <summary>The preset whose operator name matches (case-insensitive, spaces ignored), or null.</summary>
    public static ApnPreset? Find(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        string key = Normalize(name);
        return All.FirstOrDefault(p => Normalize(p.Operator) == key);
    }

    private static string Normalize(string s) => s.Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant();
}
