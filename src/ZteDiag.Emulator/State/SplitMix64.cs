using System.Buffers.Binary;

namespace ZteDiag.Emulator.State;

/// <summary>SplitMix64 (public-domain algorithm by S. Vigna), our own small implementation.</summary>
internal sealed class SplitMix64(ulong seed)
{
    private ulong _state = seed;

    public ulong Next()
    {
        ulong z = _state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    public int NextInt(int bound) => (int)(Next() % (ulong)bound);

    public byte[] NextBytes(int count)
    {
        var b = new byte[count];
        Fill(b);
        return b;
    }

    public void Fill(Span<byte> span)
    {
        int i = 0;
        for (; i + 8 <= span.Length; i += 8)
        {
            BinaryPrimitives.WriteUInt64LittleEndian(span[i..], Next());
        }

        if (i < span.Length)
        {
            Span<byte> tail = stackalloc byte[8];
            BinaryPrimitives.WriteUInt64LittleEndian(tail, Next());
            tail[..(span.Length - i)].CopyTo(span[i..]);
        }
    }
}
