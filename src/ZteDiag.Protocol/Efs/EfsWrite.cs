using ZteDiag.Protocol.Diag;

namespace ZteDiag.Protocol.Efs;

/// <summary>EFS2 WRITE request: @4 i32 fd, @8 u32 offset, @12 data (length = packet − 12). PROTOCOL.md §3.4.</summary>
public sealed record EfsWriteRequest(int Fd, uint Offset, byte[] Data, byte Subsystem = EfsSubsystem.Standard) : IDiagPacket
{
    /// <summary>Size of the fixed part before the data.</summary>
    public const int HeaderSize = EfsWire.Body + 8;

    /// <summary>Conservative chunk size for 2008-era targets (PROTOCOL.md §3.9).</summary>
    public const int RecommendedChunk = 1024;

    /// <inheritdoc/>
    public int Size => HeaderSize + Data.Length;

    /// <inheritdoc/>
    public int WriteTo(Span<byte> destination)
    {
        this.EnsureRoom(destination);
        var w = new EfsWriter(destination, Subsystem, EfsCommand.Write);
        w.I32(Fd);
        w.U32(Offset);
        w.Bytes(Data);
        return Size;
    }

    /// <summary>Parses a WRITE request (≥ 12 bytes; zero data bytes allowed).</summary>
    public static DiagStatus TryParse(ReadOnlySpan<byte> src, out EfsWriteRequest? value)
    {
        value = null;
        DiagStatus s = EfsWire.CheckRequest(src, EfsCommand.Write, HeaderSize, out byte sub);
        if (s == DiagStatus.Ok)
        {
            value = new EfsWriteRequest(EfsWire.I32(src, 4), EfsWire.U32(src, 8), src[HeaderSize..].ToArray(), sub);
        }

        return s;
    }
}

/// <summary>EFS2 WRITE response (20 bytes): @4 i32 fd, @8 u32 offset, @12 i32 bytes_written, @16 i32 errno.</summary>
public sealed record EfsWriteResponse(int Fd, uint Offset, int BytesWritten, EfsErrno Errno, byte Subsystem = EfsSubsystem.Standard) : IDiagPacket
{
    /// <inheritdoc/>
    public int Size => EfsWire.Body + 16;

    /// <inheritdoc/>
    public int WriteTo(Span<byte> destination)
    {
        this.EnsureRoom(destination);
        var w = new EfsWriter(destination, Subsystem, EfsCommand.Write);
        w.I32(Fd);
        w.U32(Offset);
        w.I32(BytesWritten);
        w.Errno(Errno);
        return Size;
    }

    /// <summary>Parses a WRITE response (≥ 20 bytes).</summary>
    public static DiagStatus TryParse(ReadOnlySpan<byte> src, out EfsWriteResponse? value)
    {
        value = null;
        DiagStatus s = EfsWire.CheckResponse(src, EfsCommand.Write, 20, out byte sub);
        if (s == DiagStatus.Ok)
        {
            value = new EfsWriteResponse(EfsWire.I32(src, 4), EfsWire.U32(src, 8), EfsWire.I32(src, 12), EfsWire.Errno(src, 16), sub);
        }

        return s;
    }
}
