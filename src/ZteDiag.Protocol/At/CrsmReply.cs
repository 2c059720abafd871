using System.Text;

namespace ZteDiag.Protocol.At;

/// <summary>
/// <c>+CRSM: &lt;sw1&gt;,&lt;sw2&gt;[,"&lt;hex&gt;"]</c>, the answer to restricted SIM access (27.007 §8.18). The ICCID
/// is read with <see cref="ReadIccidCommand"/> (READ BINARY of EF_ICCID, file 2FE2, 10 bytes).
/// </summary>
/// <param name="Sw1">Status word 1: 144 (0x90) is success.</param>
/// <param name="Sw2">Status word 2.</param>
/// <param name="Response">The response bytes, empty when none.</param>
public sealed record CrsmReply(int Sw1, int Sw2, byte[] Response)
{
    /// <summary>READ BINARY (176) of EF_ICCID (12258 = 0x2FE2), offset 0, 10 bytes.</summary>
    public const string ReadIccidCommand = "AT+CRSM=176,12258,0,0,10";

    /// <summary>True for status 90 00.</summary>
    public bool IsSuccess => Sw1 == 0x90 && Sw2 == 0;

    /// <summary>Parses the reply.</summary>
    public static AtParseStatus TryParse(AtReply? reply, out CrsmReply? value) => AtReader.FromReply(reply, "+CRSM", Parse, out value);

    /// <summary>
    /// The ICCID in EF_ICCID's swapped-nibble BCD (ETSI TS 102 221 §13.2): each byte holds two digits, the first in
    /// the low nibble; F pads an odd count. Null when a nibble is not a digit before the padding.
    /// </summary>
    public static string? DecodeIccid(ReadOnlySpan<byte> ef)
    {
        var digits = new StringBuilder(ef.Length * 2);
        bool padded = false;
        foreach (byte b in ef)
        {
            foreach (int nibble in (ReadOnlySpan<int>)[b & 0x0F, b >> 4])
            {
                if (nibble == 0x0F)
                {
                    padded = true;
                }
                else if (nibble > 9 || padded)
                {
                    return null;
                }
                else
                {
                    digits.Append((char)('0' + nibble));
                }
            }
        }

        return digits.Length is >= 18 and <= 20 ? digits.ToString() : null;
    }

    private static CrsmReply? Parse(string body)
    {
        var f = AtFields.Split(body);
        if (f.Count < 2 || f[0].AsInt() is not int sw1 || f[1].AsInt() is not int sw2)
        {
            return null;
        }

        string hex = f.Count > 2 ? f[2].Value : string.Empty;
        if (hex.Length % 2 != 0 || !hex.All(char.IsAsciiHexDigit))
        {
            return null;
        }

        return new CrsmReply(sw1, sw2, Convert.FromHexString(hex));
    }
}
