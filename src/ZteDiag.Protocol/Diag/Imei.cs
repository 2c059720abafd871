namespace ZteDiag.Protocol.Diag;

/// <summary>Why an IMEI could not be encoded or decoded.</summary>
public enum ImeiError
{
    /// <summary>No error.</summary>
    None = 0,
    /// <summary>The text is not exactly 15 characters.</summary>
    WrongLength,
    /// <summary>The text contains a character other than 0-9.</summary>
    NonDigit,
    /// <summary>The NV data is shorter than 9 bytes.</summary>
    Truncated,
    /// <summary>The NV length byte is not 8.</summary>
    BadLengthByte,
    /// <summary>The low nibble of the first BCD byte is not 0xA.</summary>
    BadTypeNibble,
    /// <summary>A BCD nibble is above 9.</summary>
    BadNibble,
}

/// <summary>
/// IMEI ↔ NV 550 (NV_UE_IMEI_I) codec. The 9-byte form is <c>08</c> (length), then
/// <c>(d1 &lt;&lt; 4) | 0xA</c>, then digits 2..15 as nibble-swapped BCD pairs
/// (low nibble first). DEVICES.md §6; PROTOCOL.md §2.5.
/// </summary>
public static class Imei
{
    /// <summary>Digits in an IMEI.</summary>
    public const int DigitCount = 15;

    /// <summary>Bytes of the NV 550 form.</summary>
    public const int NvLength = 9;

    /// <summary>Encodes a 15-digit IMEI into <paramref name="nv"/> (≥9 bytes).</summary>
    public static ImeiError TryEncode(string? imei, Span<byte> nv)
    {
        ImeiError e = Validate(imei);
        if (e != ImeiError.None)
        {
            return e;
        }

        if (nv.Length < NvLength)
        {
            return ImeiError.Truncated;
        }

        nv[0] = 0x08;
        nv[1] = (byte)((Digit(imei!, 0) << 4) | 0xA);
        for (int i = 0; i < 7; i++)
        {
            nv[2 + i] = (byte)(Digit(imei!, 1 + (2 * i)) | (Digit(imei!, 2 + (2 * i)) << 4));
        }

        return ImeiError.None;
    }

    /// <summary>Encodes a 15-digit IMEI to its 9-byte NV 550 form.</summary>
    /// <exception cref="ArgumentException">Not 15 ASCII digits.</exception>
    public static byte[] Encode(string imei)
    {
        var nv = new byte[NvLength];
        ImeiError e = TryEncode(imei, nv);
        return e == ImeiError.None ? nv : throw new ArgumentException($"not an IMEI: {e}", nameof(imei));
    }

    /// <summary>Decodes the NV 550 form (the first 9 bytes of <paramref name="nv"/>; NV data is 128 bytes, the rest is ignored).</summary>
    public static ImeiError TryDecode(ReadOnlySpan<byte> nv, out string? imei)
    {
        imei = null;
        if (nv.Length < NvLength)
        {
            return ImeiError.Truncated;
        }

        if (nv[0] != 0x08)
        {
            return ImeiError.BadLengthByte;
        }

        if ((nv[1] & 0x0F) != 0xA)
        {
            return ImeiError.BadTypeNibble;
        }

        Span<char> digits = stackalloc char[DigitCount];
        int n = 0;
        if (!TryDigit(nv[1] >> 4, digits, ref n))
        {
            return ImeiError.BadNibble;
        }

        for (int i = 2; i < NvLength; i++)
        {
            if (!TryDigit(nv[i] & 0x0F, digits, ref n) || !TryDigit(nv[i] >> 4, digits, ref n))
            {
                return ImeiError.BadNibble;
            }
        }

        imei = new string(digits);
        return ImeiError.None;
    }

    /// <summary>Checks shape only: 15 ASCII digits.</summary>
    public static ImeiError Validate(string? imei)
    {
        if (imei is null || imei.Length != DigitCount)
        {
            return ImeiError.WrongLength;
        }

        return imei.All(char.IsAsciiDigit) ? ImeiError.None : ImeiError.NonDigit;
    }

    /// <summary>True when <paramref name="digits"/> (all ASCII digits, at least 2) passes the Luhn check.</summary>
    public static bool IsLuhnValid(string? digits)
    {
        if (digits is null || digits.Length < 2 || !digits.All(char.IsAsciiDigit))
        {
            return false;
        }

        return LuhnSum(digits.AsSpan(0, digits.Length - 1)) is int sum && (10 - (sum % 10)) % 10 == digits[^1] - '0';
    }

    /// <summary>The Luhn check digit to append to <paramref name="payload"/> (e.g. the first 14 IMEI digits).</summary>
    /// <exception cref="ArgumentException"><paramref name="payload"/> is empty or has a non-digit.</exception>
    public static int LuhnCheckDigit(string payload)
    {
        ArgumentNullException.ThrowIfNull(payload);
        if (payload.Length == 0 || !payload.All(char.IsAsciiDigit))
        {
            throw new ArgumentException("digits 0-9 expected", nameof(payload));
        }

        return (10 - (LuhnSum(payload) % 10)) % 10;
    }

    /// <summary>
    /// The one IMEI mask of every screen, log and archive: the first 8 digits (the TAC, the model) and the
    /// last 2 stay, the rest become '*', e.g. <c>35461302*****42</c>. Input of 10 characters or fewer is
    /// masked whole; null or empty gives "".
    /// </summary>
    public static string Mask(string? imei)
    {
        string digits = (imei ?? "").Trim();
        if (digits.Length <= 10)
        {
            return new string('*', digits.Length);
        }

        return string.Concat(digits.AsSpan(0, 8), new string('*', digits.Length - 10), digits.AsSpan(digits.Length - 2));
    }

    // Sum over the payload, doubling every second digit counted from the right end (the check digit's neighbour first).
    private static int LuhnSum(ReadOnlySpan<char> payload)
    {
        int sum = 0;
        bool dbl = true;
        for (int i = payload.Length - 1; i >= 0; i--)
        {
            int d = payload[i] - '0';
            if (dbl)
            {
                d *= 2;
                if (d > 9)
                {
                    d -= 9;
                }
            }

            sum += d;
            dbl = !dbl;
        }

        return sum;
    }

    private static int Digit(string s, int i) => s[i] - '0';

    private static bool TryDigit(int nibble, Span<char> digits, ref int n)
    {
        if (nibble > 9)
        {
            return false;
        }

        digits[n++] = (char)('0' + nibble);
        return true;
    }
}
