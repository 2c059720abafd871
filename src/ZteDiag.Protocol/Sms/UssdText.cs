using System.Globalization;
using System.Text;

namespace ZteDiag.Protocol.Sms;

/// <summary>
/// Turns the string of a <c>+CUSD:</c> answer into text. ZTE firmware sends either the decoded text,
/// or hex: packed GSM 7-bit septets (dcs 15) or UCS2 code units (dcs 72), depending on firmware.
/// </summary>
public static class UssdText
{
    /// <summary>Decodes <paramref name="raw"/> as sent with data coding scheme <paramref name="dcs"/>.</summary>
    /// <param name="raw">The quoted string of the <c>+CUSD:</c> line.</param>
    /// <param name="dcs">Its data coding scheme; null reads as 15 (GSM 7-bit).</param>
    /// <param name="hex">True when the modem is known to send hex (<c>AT+CSCS="HEX"</c>/<c>"UCS2"</c>), false when it
    /// sends text; null guesses: all-hex strings whose decoding is printable text are taken as hex.</param>
    /// <returns>The text; <paramref name="raw"/> itself when it is not hex of the scheme's alphabet.</returns>
    public static string Decode(string raw, int? dcs, bool? hex = null)
    {
        ArgumentNullException.ThrowIfNull(raw);
        if (hex == false || !TryHex(raw, out byte[] octets))
        {
            return raw;
        }

        SmsAlphabet alphabet = DataCodingScheme.UssdAlphabet(dcs ?? 15);
        string? text = alphabet switch
        {
            SmsAlphabet.Ucs2 => DecodeUcs2(dcs == 0x11 && octets.Length >= 2 ? octets.AsSpan(2) : octets),
            SmsAlphabet.EightBit => Encoding.Latin1.GetString(octets),
            _ => DecodePackedGsm7(octets, dcs == 0x10),
        };

        // Plain text that happens to be all hex digits mostly decodes to control noise: keep it.
        return text is not null && (hex == true || Printable(text)) ? text : raw;
    }

    /// <summary>Packs text for a USSD request in GSM 7-bit as 23.038 §6.1.2.3 asks (CR padding).</summary>
    public static byte[] PackGsm7(string text)
    {
        if (!Gsm7Alphabet.TryEncode(text, out byte[] septets))
        {
            throw new ArgumentException("The USSD text has characters outside the GSM 7-bit alphabet.", nameof(text));
        }

        // 8n-1 characters leave 7 spare bits, which a receiver would read as '@': pad with CR.
        if (septets.Length % 8 == 7)
        {
            septets = [.. septets, 0x0D];
        }

        return Gsm7Packing.Pack(septets);
    }

    /// <summary>Decodes UTF-16BE code units; null when the length is odd.</summary>
    public static string? DecodeUcs2(ReadOnlySpan<byte> octets) =>
        octets.Length % 2 == 0 ? Encoding.BigEndianUnicode.GetString(octets) : null;

    private static string? DecodePackedGsm7(byte[] octets, bool languagePrefix)
    {
        int count = Gsm7Packing.SeptetsIn(octets.Length);
        if (!Gsm7Packing.TryUnpack(octets, count, 0, out byte[] septets))
        {
            return null;
        }

        // 7 spare bits at the end carry a CR pad (23.038 §6.1.2.3.1), not text.
        if (octets.Length * 8 % 7 == 0 && septets.Length > 0 && septets[^1] == 0x0D)
        {
            septets = septets[..^1];
        }

        string text = Gsm7Alphabet.Decode(septets);
        // dcs 0x10: two letters of ISO 639 language and a CR precede the message.
        return languagePrefix && text.Length >= 3 && text[2] == '\r' ? text[3..] : text;
    }

    private static bool TryHex(string raw, out byte[] octets)
    {
        octets = [];
        if (raw.Length < 2 || raw.Length % 2 != 0 || !raw.All(Uri.IsHexDigit))
        {
            return false;
        }

        octets = Convert.FromHexString(raw);
        return true;
    }

    private static bool Printable(string text) =>
        text.All(c => c is '\n' or '\r' or '\f' || !char.IsControl(c)) &&
        text.Any(c => char.IsLetterOrDigit(c) || char.IsPunctuation(c) || char.IsSymbol(c) || char.GetUnicodeCategory(c) == UnicodeCategory.SpaceSeparator);
}
