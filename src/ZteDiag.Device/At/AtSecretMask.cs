using System.Text.RegularExpressions;
using ZteDiag.Protocol.Diag;

namespace ZteDiag.Device.At;

/// <summary>
/// Masks IMEIs (and IMSIs: any run of exactly 15 digits) in AT text with <see cref="Imei.Mask"/>, the
/// same format as the status bar and the logs, unless secrets are to be revealed.
/// </summary>
public static partial class AtSecretMask
{
    /// <summary>Returns <paramref name="line"/> with every 15-digit run masked, or unchanged when <paramref name="reveal"/>.</summary>
    public static string Mask(string line, bool reveal)
    {
        ArgumentNullException.ThrowIfNull(line);
        return reveal ? line : FifteenDigits().Replace(line, m => Imei.Mask(m.Value));
    }

    [GeneratedRegex(@"(?<![0-9])[0-9]{15}(?![0-9])", RegexOptions.CultureInvariant)]
    private static partial Regex FifteenDigits();
}
