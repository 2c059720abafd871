using ZteDiag.Protocol.Diag;

namespace ZteDiag.Protocol.Efs;

/// <summary>
/// EFS2 GET request (item file, in-order): @4 u32 data_length (≤ 1024), @8 u32 path_length (ignored by
/// the target), @12 u16 sequence_number, @14 path\0. PROTOCOL.md §3.4.
/// </summary>
public sealed record EfsGetRequest(uint DataLength, uint PathLength, ushort SequenceNumber, string Path, byte Subsystem = EfsSubsystem.Standard) : IDiagPacket
{
    /// <summary>Largest data_length the target accepts (larger → BAD_LEN).</summary>
    public const uint MaxDataLength = 1024;

    /// <summary>Size of the fixed part before the path.</summary>
    public const int HeaderSize = EfsWire.Body + 10;

    /// <summary>A request with path_length set to the path's wire length (bytes incl. NUL).</summary>
    public static EfsGetRequest For(string path, ushort sequenceNumber, uint dataLength = MaxDataLength, byte subsystem = EfsSubsystem.Standard)
    {
        EfsPath.Validate(path);
        return new(dataLength, (uint)EfsWire.PathSize(path), sequenceNumber, path, subsystem);
    }

    /// <inheritdoc/>
    public int Size => HeaderSize + EfsWire.PathSize(Path);

    /// <inheritdoc/>
    public int WriteTo(Span<byte> destination)
    {
        this.EnsureRoom(destination);
        var w = new EfsWriter(destination, Subsystem, EfsCommand.Get);
        w.U32(DataLength);
        w.U32(PathLength);
        w.U16(SequenceNumber);
        w.CString(Path);
        return Size;
    }

    /// <summary>
    /// Parses a GET request; data_length &gt; 1024 is <see cref="DiagStatus.BadLength"/> (the target's BAD_LEN),
    /// a path without NUL <see cref="DiagStatus.Malformed"/>.
    /// </summary>
    public static DiagStatus TryParse(ReadOnlySpan<byte> src, out EfsGetRequest? value)
    {
        value = null;
        DiagStatus s = EfsWire.CheckRequest(src, EfsCommand.Get, HeaderSize, out byte sub);
        if (s != DiagStatus.Ok)
        {
            return s;
        }

        uint n = EfsWire.U32(src, 4);
        if (n > MaxDataLength)
        {
            return DiagStatus.BadLength;
        }

        if (!EfsWire.TryReadCString(src[HeaderSize..], out string path, out _))
        {
            return DiagStatus.Malformed;
        }

        value = new EfsGetRequest(n, EfsWire.U32(src, 8), EfsWire.U16(src, 12), path, sub);
        return DiagStatus.Ok;
    }
}

/// <summary>EFS2 GET response: @4 i32 num_bytes (−1 on error), @8 i32 errno, @12 u16 sequence_number, @14 data[num_bytes].</summary>
public sealed record EfsGetResponse(int ByteCount, EfsErrno Errno, ushort SequenceNumber, byte[] Data, byte Subsystem = EfsSubsystem.Standard) : IDiagPacket
{
    /// <summary>Size of the fixed part before the data.</summary>
    public const int HeaderSize = EfsWire.Body + 10;

    /// <inheritdoc/>
    public int Size => HeaderSize + Data.Length;

    /// <inheritdoc/>
    public int WriteTo(Span<byte> destination)
    {
        this.EnsureRoom(destination);
        var w = new EfsWriter(destination, Subsystem, EfsCommand.Get);
        w.I32(ByteCount);
        w.Errno(Errno);
        w.U16(SequenceNumber);
        w.Bytes(Data);
        return Size;
    }

    /// <summary>
    /// Parses a GET response (≥ 12 bytes; the sequence number may be missing after an errno). With errno 0
    /// a num_bytes larger than the data present is <see cref="DiagStatus.Malformed"/>.
    /// </summary>
    public static DiagStatus TryParse(ReadOnlySpan<byte> src, out EfsGetResponse? value)
    {
        value = null;
        DiagStatus s = EfsWire.CheckResponse(src, EfsCommand.Get, 12, out byte sub);
        if (s != DiagStatus.Ok)
        {
            return s;
        }

        int n = EfsWire.I32(src, 4);
        EfsErrno errno = EfsWire.Errno(src, 8);
        if (errno == EfsErrno.ENOERR && src.Length < HeaderSize)
        {
            return DiagStatus.Truncated;
        }

        byte[] data = [];
        if (n > 0)
        {
            if (src.Length >= HeaderSize && n <= src.Length - HeaderSize)
            {
                data = src.Slice(HeaderSize, n).ToArray();
            }
            else if (errno == EfsErrno.ENOERR)
            {
                return DiagStatus.Malformed;
            }
        }

        value = new EfsGetResponse(n, errno, EfsWire.U16(src, 12), data, sub);
        return DiagStatus.Ok;
    }
}
