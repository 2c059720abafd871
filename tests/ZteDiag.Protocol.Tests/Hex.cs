using System.Globalization;
using System.Text.RegularExpressions;

namespace ZteDiag.Protocol.Tests;

/// <summary>Hex helpers for byte-vector tests: spaces, newlines and "[00 x N]" runs allowed.</summary>
internal static partial class Hex
{
    public static byte[] Bytes(string hex)
    {
        hex = RepeatRun().Replace(hex, m =>
            string.Concat(Enumerable.Repeat(m.Groups[1].Value, int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture))));
        string clean = new(hex.Where(Uri.IsHexDigit).ToArray());
        return Convert.FromHexString(clean);
    }

    public static string Of(ReadOnlySpan<byte> bytes) => Convert.ToHexString(bytes).ToLowerInvariant();

    [GeneratedRegex(@"\[([0-9a-fA-F]{2}) x (\d+)\]")]
    private static partial Regex RepeatRun();
}
