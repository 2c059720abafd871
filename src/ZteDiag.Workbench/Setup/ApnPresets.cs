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
/// Built-in APN presets (data). The Russian entries are the ones the MF627 MTS→Globe field write-up lists
/// (MegaFon, Beeline, MTS, Tele2, Utel), Three UK is the init line of the MF627-on-Three field report; the
/// others come from published dialer configurations. Operators change APNs: check with the operator.
/// </summary>
public static class ApnPresets
{
    private const string FieldGuide = "from the MF627 reflash field guide's operator list";

    /// <summary>All presets, in display order.</summary>
    public static IReadOnlyList<ApnPreset> All { get; } =
    [
        new("MegaFon", "RU", "internet", null, null, true, FieldGuide),
        new("Beeline", "RU", "internet.beeline.ru", "beeline", "beeline", true, FieldGuide),
        new("MTS", "RU", "internet.mts.ru", "mts", "mts", true, FieldGuide),
        new("Tele2", "RU", "internet.tele2.ru", null, null, true, FieldGuide),
        new("Utel", "RU", "internet.usi.ru", null, null, true, FieldGuide),
        new("Three UK", "GB", "three.co.uk", null, null, true, "from an MF627-on-Three report: Init3 = AT+CGDCONT=1,\"IP\",\"three.co.uk\",\"\",0,0"),
        new("Vodafone ES", "ES", "ac.vodafone.es", null, null, true, "from the Ubuntu DialupModemHowto wvdial.conf"),
        new("sipgate", "DE", "sipgate", null, null, true, "from a FreeBSD forum chat script"),
    ];

    /// <summary>
    /// The preset whose operator name <paramref name="apn"/> looks like (e.g. "MTS", "three"), when it is
    /// not itself a preset's APN: a technician typed the operator where the APN belongs.
    /// </summary>
    public static ApnPreset? LooksLikeOperator(string apn)
    {
        ArgumentNullException.ThrowIfNull(apn);
        if (All.Any(p => string.Equals(p.Apn, apn, StringComparison.OrdinalIgnoreCase)))
        {
            return null;
        }

        string key = Normalize(apn);
        return Find(apn) ?? All.FirstOrDefault(p => Normalize(p.Operator).StartsWith(key, StringComparison.Ordinal) && key.Length >= 3);
    }

    /// <summary>The preset whose operator name matches (case-insensitive, spaces ignored), or null.</summary>
    public static ApnPreset? Find(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        string key = Normalize(name);
        return All.FirstOrDefault(p => Normalize(p.Operator) == key);
    }

    /// <summary>
    /// True when a preset's operator and a registered network name are the same operator: one normalised name
    /// starts the other ("MTS" and "MTS RUS").
    /// </summary>
    public static bool SameOperator(string presetOperator, string registered)
    {
        ArgumentNullException.ThrowIfNull(presetOperator);
        ArgumentNullException.ThrowIfNull(registered);
        string a = Normalize(presetOperator), b = Normalize(registered);
        return a.Length > 0 && b.Length > 0 && (a.StartsWith(b, StringComparison.Ordinal) || b.StartsWith(a, StringComparison.Ordinal));
    }

    private static string Normalize(string s) => s.Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant();
}
