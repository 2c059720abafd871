namespace ZteDiag.Protocol.Sms;

/// <summary>
/// Packs and unpacks 7-bit septets into octets, least significant bit first (3GPP TS 23.038 §6.1.2.1).
/// A user data header in front of the text shifts the first septet by fill bits (TS 23.040 §9.2.3.24).
/// </summary>
public static class Gsm7Packing
{
    /// <summary>Packs septets into octets, after <paramref name="fillBits"/> zero bits (0…6).</summary>
    public static byte[] Pack(ReadOnlySpan<byte> septets, int fillBits = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(fillBits);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(fillBits, 6);
        int bits = fillBits + (septets.Length * 7);
        var octets = new byte[(bits + 7) / 8];
        for (int i = 0; i < septets.Length; i++)
        {
            int bit = fillBits + (i * 7);
            int value = (septets[i] & 0x7F) << (bit % 8);
            octets[bit / 8] |= (byte)value;
            if ((bit % 8) > 1)
            {
                octets[(bit / 8) + 1] |= (byte)(value >> 8);
            }
        }

        return octets;
    }

    /// <summary>
    /// Unpacks <paramref name="count"/> septets starting <paramref name="fillBits"/> bits into
    /// <paramref name="octets"/>. Returns false when the octets are too few for that many septets.
    /// </summary>
    public static bool TryUnpack(ReadOnlySpan<byte> octets, int count, int fillBits, out byte[] septets)
    {
        septets = [];
        if (count < 0 || fillBits is < 0 or > 7 || (long)fillBits + ((long)count * 7) > (long)octets.Length * 8)
        {
            return false;
        }

        var result = new byte[count];
        for (int i = 0; i < count; i++)
        {
            int bit = fillBits + (i * 7);
            int value = octets[bit / 8] >> (bit % 8);
            if ((bit % 8) > 1)
            {
                value |= octets[(bit / 8) + 1] << (8 - (bit % 8));
            }

            result[i] = (byte)(value & 0x7F);
        }

        septets = result;
        return true;
    }

    /// <summary>How many whole septets <paramref name="octetCount"/> octets hold.</summary>
    public static int SeptetsIn(int octetCount) => octetCount * 8 / 7;
}
