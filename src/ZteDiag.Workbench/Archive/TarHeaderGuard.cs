using System.Globalization;
using System.Text;

namespace ZteDiag.Workbench.Archive;

/// <summary>
/// Sits between the decompressed bytes and System.Formats.Tar and follows the tar block layout
/// (512-byte headers, data padded to 512) so that an extended header (PAX 'x'/'g', GNU long name
/// 'L' and long link 'K') announcing more than <see cref="ArchiveLimits.MaxExtendedHeaderBytes"/>
/// is refused before the reader buffers it whole. A PAX 'size' record is honoured for the next
/// entry, as the reader honours it, so the guard stays in step with it.
/// </summary>
internal sealed class TarHeaderGuard(Stream inner, long maxExtendedHeaderBytes) : ReadOnlyWrapperStream(inner)
{
    private const int Block = 512;
    private readonly byte[] _header = new byte[Block];
    private int _headerFill;
    private long _skip;              // data + padding bytes still to pass before the next header
    private MemoryStream? _pax;      // data of the current local PAX header ('x'), collected to find 'size'
    private long _paxLeft;
    private long? _nextSize;         // 'size' from the last PAX header, applies to the next entry

    public override int Read(Span<byte> buffer)
    {
        int n = Inner.Read(buffer);
        Follow(buffer[..n]);
        return n;
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        int n = await Inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        Follow(buffer.Span[..n]);
        return n;
    }

    private void Follow(ReadOnlySpan<byte> data)
    {
        while (!data.IsEmpty)
        {
            if (_skip > 0)
            {
                int take = (int)Math.Min(_skip, data.Length);
                if (_pax is not null && _paxLeft > 0)
                {
                    int keep = (int)Math.Min(_paxLeft, take);
                    _pax.Write(data[..keep]);
                    _paxLeft -= keep;
                    if (_paxLeft == 0) FinishPax();
                }
                _skip -= take;
                data = data[take..];
                continue;
            }

            int room = Math.Min(Block - _headerFill, data.Length);
            data[..room].CopyTo(_header.AsSpan(_headerFill));
            _headerFill += room;
            data = data[room..];
            if (_headerFill == Block)
            {
                _headerFill = 0;
                OnHeader();
            }
        }
    }

    private void OnHeader()
    {
        if (_header.AsSpan().IndexOfAnyExcept((byte)0) < 0) return; // end-of-archive blocks
        byte type = _header[156];
        long size = ParseSize(_header.AsSpan(124, 12));
        bool extended = type is (byte)'x' or (byte)'g' or (byte)'L' or (byte)'K';
        if (extended)
        {
            if (size > maxExtendedHeaderBytes)
            {
                string kind = type is (byte)'L' or (byte)'K' ? "GNU long-name" : "PAX extended";
                throw new ScanAbortedException(new(ArchiveProblemKind.TooLarge, "",
                    $"a {kind} header of {size} bytes, over the {maxExtendedHeaderBytes}-byte limit for extended headers"));
            }
            if (type == (byte)'x' && size > 0)
            {
                _pax = new MemoryStream((int)size);
                _paxLeft = size;
            }
        }
        else if (_nextSize is { } paxSize)
        {
            size = paxSize;
            _nextSize = null;
        }
        _skip = size < 0 ? 0 : (size + Block - 1) / Block * Block;
    }

    private void FinishPax()
    {
        // records are "LEN key=value\n" (POSIX pax format); only 'size' changes the block layout
        string text = Encoding.UTF8.GetString(_pax!.GetBuffer(), 0, (int)_pax.Length);
        _pax = null;
        foreach (string record in text.Split('\n'))
        {
            int space = record.IndexOf(' ', StringComparison.Ordinal);
            if (space < 0) continue;
            string kv = record[(space + 1)..];
            if (kv.StartsWith("size=", StringComparison.Ordinal)
                && long.TryParse(kv.AsSpan(5), NumberStyles.None, CultureInfo.InvariantCulture, out long s))
                _nextSize = s;
        }
    }

    /// <summary>Octal (NUL/space padded) or base-256 (high bit set) size field; -1 when unreadable (the reader reports that).</summary>
    private static long ParseSize(ReadOnlySpan<byte> field)
    {
        if ((field[0] & 0x80) != 0)
        {
            if (field[0] == 0xFF) return -1; // negative
            long v = field[0] & 0x7F;
            foreach (byte b in field[1..])
            {
                if (v > (long.MaxValue >> 8)) return long.MaxValue;
                v = (v << 8) | b;
            }
            return v;
        }
        long n = 0;
        bool any = false;
        foreach (byte b in field)
        {
            if (b is (byte)' ' or 0) { if (any) break; continue; }
            if (b is < (byte)'0' or > (byte)'7') return -1;
            n = (n << 3) + (b - '0');
            any = true;
        }
        return any ? n : 0;
    }
}
