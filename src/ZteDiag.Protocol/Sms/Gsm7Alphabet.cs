using System.Text;

namespace ZteDiag.Protocol.Sms;

/// <summary>
/// The GSM 7-bit default alphabet and its extension table (3GPP TS 23.038 §6.2.1 and §6.2.1.1).
/// Septet values map to characters; the extension table is reached through the escape septet 0x1B.
/// </summary>
public static class Gsm7Alphabet
{
    /// <summary>The escape septet that selects the extension table for the next septet.</summary>
    public const byte Escape = 0x1B;

    // Index = septet value. 0x1B is the escape and never stands for itself; it decodes as a space
    // when nothing follows it (23.038: a receiver shows a space for an unknown extension).
    private const string Basic =
        "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ\u001bÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?" +
        "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";

    private static readonly Dictionary<byte, char> ExtensionToChar = new()
    {
        [0x0A] = '\f', [0x14] = '^', [0x28] = '{', [0x29] = '}', [0x2F] = '\\',
        [0x3C] = '[', [0x3D] = '~', [0x3E] = ']', [0x40] = '|', [0x65] = '€',
    };

    private static readonly Dictionary<char, byte> CharToBasic = BuildBasicIndex();
    private static readonly Dictionary<char, byte> CharToExtension = ExtensionToChar.ToDictionary(p => p.Value, p => p.Key);

    /// <summary>Decodes unpacked septets (values 0…127) to text, resolving escapes.</summary>
    public static string Decode(ReadOnlySpan<byte> septets)
    {
        var text = new StringBuilder(septets.Length);
        for (int i = 0; i < septets.Length; i++)
        {
            byte s = (byte)(septets[i] & 0x7F);
            if (s != Escape)
            {
                text.Append(Basic[s]);
                continue;
            }

            if (i + 1 >= septets.Length)
            {
                text.Append(' ');
                break;
            }

            byte next = (byte)(septets[++i] & 0x7F);
            // An unknown extension shows as the basic character (23.038 §6.2.1.1 note).
            text.Append(ExtensionToChar.TryGetValue(next, out char ext) ? ext : Basic[next]);
        }

        return text.ToString();
    }

    /// <summary>
    /// Encodes text as septets (extension characters take two). Returns false when a character has
    /// no GSM 7-bit form, so the caller can fall back to UCS2.
    /// </summary>
    public static bool TryEncode(string text, out byte[] septets)
    {
        ArgumentNullException.ThrowIfNull(text);
        var list = new List<byte>(text.Length);
        foreach (char c in text)
        {
            if (CharToBasic.TryGetValue(c, out byte b))
            {
                list.Add(b);
            }
            else if (CharToExtension.TryGetValue(c, out byte e))
            {
                list.Add(Escape);
                list.Add(e);
            }
            else
            {
                septets = [];
                return false;
            }
        }

        septets = [.. list];
        return true;
    }

    /// <summary>True when every character of <paramref name="text"/> has a GSM 7-bit form.</summary>
    public static bool CanEncode(string text) => TryEncode(text, out _);

    private static Dictionary<char, byte> BuildBasicIndex()
    {
        var index = new Dictionary<char, byte>();
        for (int i = 0; i < Basic.Length; i++)
        {
            if (i != Escape)
            {
                index.TryAdd(Basic[i], (byte)i);
            }
        }

        return index;
    }
}
