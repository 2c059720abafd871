using System.Globalization;

namespace ZteDiag.Protocol.At;

/// <summary>One comma-separated parameter of an AT information line.</summary>
/// <param name="Value">The text, without surrounding quotes and whitespace.</param>
/// <param name="Quoted">True when the modem sent it in double quotes.</param>
public readonly record struct AtField(string Value, bool Quoted)
{
    /// <summary>True when the parameter was left out (<c>1,,3</c>).</summary>
    public bool IsEmpty => !Quoted && Value.Length == 0;

    /// <summary>The value as a decimal integer (optional sign), or null.</summary>
    public int? AsInt() =>
        int.TryParse(Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int v) ? v : null;

    /// <summary>The value, or null when the parameter was left out.</summary>
    public string? AsText() => IsEmpty ? null : Value;
}

/// <summary>Helpers to take apart <c>+NAME: a,"b",c</c> lines. Pure, never throw.</summary>
public static class AtFields
{
    /// <summary>
    /// If <paramref name="line"/> starts with <paramref name="prefix"/> (e.g. <c>+CSQ</c>,
    /// case-insensitive) followed by a colon, returns the trimmed text after the colon.
    /// </summary>
    public static bool TryGetBody(string? line, string prefix, out string body)
    {
        body = string.Empty;
        if (line is null)
        {
            return false;
        }

        string s = line.TrimStart();
        if (!s.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        string rest = s[prefix.Length..].TrimStart();
        if (rest.Length == 0 || rest[0] != ':')
        {
            return false;
        }

        body = rest[1..].Trim();
        return true;
    }

    /// <summary>
    /// Splits a parameter list at commas outside double quotes. A quote left open runs to the end.
    /// An empty string gives an empty list.
    /// </summary>
    public static IReadOnlyList<AtField> Split(string body)
    {
        var fields = new List<AtField>();
        if (string.IsNullOrWhiteSpace(body))
        {
            return fields;
        }

        int i = 0;
        while (true)
        {
            while (i < body.Length && body[i] == ' ')
            {
                i++;
            }

            if (i < body.Length && body[i] == '"')
            {
                int close = body.IndexOf('"', i + 1);
                int end = close < 0 ? body.Length : close;
                fields.Add(new AtField(body[(i + 1)..end], true));
                i = close < 0 ? body.Length : close + 1;
                int comma = body.IndexOf(',', i);
                if (comma < 0)
                {
                    break;
                }

                i = comma + 1;
            }
            else
            {
                int comma = body.IndexOf(',', i);
                int end = comma < 0 ? body.Length : comma;
                fields.Add(new AtField(body[i..end].Trim(), false));
                if (comma < 0)
                {
                    break;
                }

                i = comma + 1;
            }
        }

        return fields;
    }

    /// <summary>Counts double quotes; an odd number means a quoted string continues on the next line.</summary>
    internal static bool HasOpenQuote(string line)
    {
        int n = 0;
        foreach (char c in line)
        {
            if (c == '"')
            {
                n++;
            }
        }

        return (n & 1) == 1;
    }
}
