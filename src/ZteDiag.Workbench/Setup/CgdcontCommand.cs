using System.Globalization;

namespace ZteDiag.Workbench.Setup;

/// <summary>One PDP context from a <c>+CGDCONT:</c> query reply line.</summary>
/// <param name="Cid">Context id.</param>
/// <param name="PdpType">"IP", "IPV6", "PPP"…</param>
/// <param name="Apn">Access point name ("" when unset).</param>
public sealed record PdpContext(int Cid, string PdpType, string Apn);

/// <summary>Outcome of checking an <c>AT+CGDCONT?</c> reply against the wanted APN.</summary>
/// <param name="IsSet">True when the context has the wanted type and APN.</param>
/// <param name="Actual">The context as the modem reports it, or null when it is not defined.</param>
/// <param name="Message">Human-readable result.</param>
public sealed record CgdcontCheck(bool IsSet, PdpContext? Actual, string Message);

/// <summary>
/// Builds <c>AT+CGDCONT=1,"IP","&lt;apn&gt;"</c> (3GPP TS 27.007; DEVICES.md §3.4, §7) and checks the
/// <c>AT+CGDCONT?</c> reply. Pure functions: no AT session here.
/// </summary>
public static class CgdcontCommand
{
    /// <summary>The query command whose reply <see cref="Check"/> reads.</summary>
    public const string Query = "AT+CGDCONT?";

    /// <summary>Longest APN (TS 23.003: 100 octets).</summary>
    public const int MaxApnLength = 100;

    /// <summary>
    /// Validates an APN: 1..100 characters of letters, digits, '.', '-' and '_' (TS 23.003 labels, plus the
    /// underscore some operators use); no quotes, commas, spaces or control characters.
    /// </summary>
    /// <exception cref="ArgumentException">The APN is empty, too long or has another character.</exception>
    public static string ValidateApn(string apn)
    {
        ArgumentNullException.ThrowIfNull(apn);
        if (apn.Length is 0 or > MaxApnLength)
        {
            throw new ArgumentException($"an APN has 1..{MaxApnLength} characters, not {apn.Length}", nameof(apn));
        }

        foreach (char c in apn)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_'))
            {
                string shown = char.IsControl(c) ? $"U+{(int)c:X4}" : $"'{c}'";
                throw new ArgumentException($"APN '{Printable(apn)}' has {shown}: only letters, digits, '.', '-' and '_' are allowed", nameof(apn));
            }
        }

        if (apn.StartsWith('.') || apn.EndsWith('.') || apn.Contains("..", StringComparison.Ordinal))
        {
            throw new ArgumentException($"APN '{apn}' has an empty label (leading, trailing or double '.')", nameof(apn));
        }

        return apn;
    }

    /// <summary><c>AT+CGDCONT=&lt;cid&gt;,"&lt;pdpType&gt;","&lt;apn&gt;"</c> after validating the APN.</summary>
    public static string Build(string apn, int cid = 1, string pdpType = "IP")
    {
        ValidateApn(apn);
        ArgumentOutOfRangeException.ThrowIfLessThan(cid, 1);
        ArgumentException.ThrowIfNullOrEmpty(pdpType);
        if (!pdpType.All(char.IsAsciiLetterOrDigit))
        {
            throw new ArgumentException($"bad PDP type '{pdpType}'", nameof(pdpType));
        }

        return string.Create(CultureInfo.InvariantCulture, $"AT+CGDCONT={cid},\"{pdpType}\",\"{apn}\"");
    }

    /// <summary>
    /// Parses every <c>+CGDCONT: &lt;cid&gt;,"&lt;type&gt;","&lt;apn&gt;"[,…]</c> line (other lines such as the echo
    /// and <c>OK</c> are ignored; malformed lines too).
    /// </summary>
    public static IReadOnlyList<PdpContext> Parse(IEnumerable<string> replyLines)
    {
        ArgumentNullException.ThrowIfNull(replyLines);
        var result = new List<PdpContext>();
        foreach (string raw in replyLines)
        {
            string line = raw.Trim();
            const string Prefix = "+CGDCONT:";
            if (!line.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            List<string> fields = SplitFields(line[Prefix.Length..]);
            if (fields.Count >= 3 && int.TryParse(fields[0], NumberStyles.None, CultureInfo.InvariantCulture, out int cid))
            {
                result.Add(new PdpContext(cid, fields[1], fields[2]));
            }
        }

        return result;
    }

    /// <summary>Checks that context <paramref name="cid"/> has type <paramref name="pdpType"/> and APN <paramref name="apn"/> (APN compared case-insensitively).</summary>
    public static CgdcontCheck Check(IEnumerable<string> replyLines, string apn, int cid = 1, string pdpType = "IP")
    {
        ArgumentNullException.ThrowIfNull(apn);
        PdpContext? ctx = Parse(replyLines).FirstOrDefault(c => c.Cid == cid);
        string cidText = cid.ToString(CultureInfo.InvariantCulture);
        if (ctx is null)
        {
            return new CgdcontCheck(false, null, $"context {cidText} is not defined (no +CGDCONT: {cidText},… line)");
        }

        bool ok = string.Equals(ctx.Apn, apn, StringComparison.OrdinalIgnoreCase) && string.Equals(ctx.PdpType, pdpType, StringComparison.OrdinalIgnoreCase);
        return new CgdcontCheck(ok, ctx, ok
            ? $"context {cidText} is \"{ctx.PdpType}\",\"{ctx.Apn}\""
            : $"context {cidText} is \"{ctx.PdpType}\",\"{ctx.Apn}\", expected \"{pdpType}\",\"{apn}\"");
    }

    /// <summary>Splits a comma list, honouring double quotes (which are removed).</summary>
    private static List<string> SplitFields(string text)
    {
        var fields = new List<string>();
        var current = new System.Text.StringBuilder();
        bool quoted = false;
        foreach (char c in text)
        {
            if (c == '"')
            {
                quoted = !quoted;
            }
            else if (c == ',' && !quoted)
            {
                fields.Add(current.ToString().Trim());
                current.Clear();
            }
            else
            {
                current.Append(c);
            }
        }

        fields.Add(current.ToString().Trim());
        return fields;
    }

    private static string Printable(string s) => new([.. s.Select(c => char.IsControl(c) ? '?' : c)]);
}
