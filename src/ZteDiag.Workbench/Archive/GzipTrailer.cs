using System.Buffers.Binary;

namespace ZteDiag.Workbench.Archive;

/// <summary>
/// CRC-32 (IEEE 802.3, reflected, as in the gzip trailer, RFC 1952 §8) and a count of the bytes
/// read through it: the decompressed side of the gzip layer.
/// </summary>
internal sealed class Crc32Stream(Stream inner) : ReadOnlyWrapperStream(inner)
{
    private static readonly uint[] Table = BuildTable();
    private uint _crc = 0xFFFFFFFFu;

    /// <summary>CRC-32 of everything read so far.</summary>
    public uint Crc => ~_crc;

    /// <summary>Bytes read so far.</summary>
    public long Count { get; private set; }

    public override int Read(Span<byte> buffer)
    {
        int n = Inner.Read(buffer);
        Append(buffer[..n]);
        return n;
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        int n = await Inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        Append(buffer.Span[..n]);
        return n;
    }

    private void Append(ReadOnlySpan<byte> data)
    {
        uint c = _crc;
        foreach (byte b in data) c = Table[(c ^ b) & 0xFF] ^ (c >> 8);
        _crc = c;
        Count += data.Length;
    }

    private static uint[] BuildTable()
    {
        var t = new uint[256];
        for (uint i = 0; i < 256; i++)
        {
            uint c = i;
            for (int k = 0; k < 8; k++) c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            t[i] = c;
        }
        return t;
    }
}

/// <summary>
/// Checks the 8-byte gzip trailer (CRC-32, then ISIZE = length mod 2^32, little-endian) at the end
/// of the file against what was decompressed. GZipStream ends quietly when the input stops before
/// the trailer, so a cut archive would otherwise read as complete. ZteDiag writes one gzip member;
/// anything after it, or a second member, fails this check too (the archive is not what we wrote).
/// </summary>
internal static class GzipTrailer
{
    public static async Task<ArchiveProblem?> CheckAsync(FileStream file, uint crc, long count, CancellationToken ct)
    {
        const int header = 10;
        if (file.Length < header + 8) return Damaged("the file is too short to hold a gzip header and trailer");
        byte[] trailer = new byte[8];
        file.Position = file.Length - 8;
        await file.ReadExactlyAsync(trailer, ct).ConfigureAwait(false);
        uint wantCrc = BinaryPrimitives.ReadUInt32LittleEndian(trailer);
        uint wantSize = BinaryPrimitives.ReadUInt32LittleEndian(trailer.AsSpan(4));
        if (wantCrc != crc || wantSize != unchecked((uint)count))
            return Damaged($"the gzip trailer is missing or wrong (it says CRC-32 {wantCrc:x8} and {wantSize} bytes; the data has {crc:x8} and {unchecked((uint)count)})");
        return null;
    }

    private static ArchiveProblem Damaged(string why) =>
        new(ArchiveProblemKind.Corrupt, "", $"archive is truncated or damaged: {why}");
}
