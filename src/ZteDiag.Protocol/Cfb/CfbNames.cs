namespace ZteDiag.Protocol.Cfb;

/// <summary>Name rules of [MS-CFB] §2.6.1 and the sibling order of §2.6.4.</summary>
public static class CfbNames
{
    /// <summary>Longest name in UTF-16 code units (the 32nd is the terminator).</summary>
    public const int MaxLength = 31;

    /// <summary>
    /// [MS-CFB] §2.6.4 order: a shorter name sorts first; names of equal length compare code unit by
    /// code unit after upper-casing. Zero means "the same name" (a compound file holds no two siblings so).
    /// </summary>
    public static int Compare(string a, string b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (a.Length != b.Length)
        {
            return a.Length.CompareTo(b.Length);
        }

        for (int i = 0; i < a.Length; i++)
        {
            int c = char.ToUpperInvariant(a[i]).CompareTo(char.ToUpperInvariant(b[i]));
            if (c != 0)
            {
                return c;
            }
        }

        return 0;
    }

    /// <summary>True when <paramref name="name"/> may name an entry.</summary>
    public static bool IsValid(string? name) =>
        !string.IsNullOrEmpty(name) && name.Length <= MaxLength && name.IndexOfAny(['/', '\\', ':', '!', '\0']) < 0;
}
