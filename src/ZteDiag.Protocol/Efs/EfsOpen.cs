using ZteDiag.Protocol.Diag;

namespace ZteDiag.Protocol.Efs;

/// <summary>EFS2 OPEN request: @4 i32 oflag, @8 i32 mode (used with O_CREAT), @12 path\0. PROTOCOL.md §3.4.</summary>
public sealed record EfsOpenRequest(EfsOpenFlags Flags, int Mode, string Path, byte Subsystem = EfsSubsystem.Standard) : IDiagPacket
{
    /// <inheritdoc/>
    public int Size => EfsWire.Body + 4 /* oflag */ + 4 /* mode */ + EfsWire.PathSize(Path);

    /// <inheritdoc/>
    public int WriteTo(Span<byte> destination)
    {
        this.EnsureRoom(destination);
        var w = new EfsWriter(destination, Subsystem, EfsCommand.Open);
        w.I32((int)Flags);
        w.I32(Mode);
        w.CString(Path);
        return Size;
    }

    /// <summary>Parses an OPEN request; a path without NUL is <see cref="DiagStatus.Malformed"/>.</summary>
    public static DiagStatus TryParse(ReadOnlySpan<byte> src, out EfsOpenRequest? value)
    {
        value = null;
        DiagStatus s = EfsWire.CheckRequest(src, EfsCommand.Open, 12, out byte sub);
        if (s != DiagStatus.Ok)
        {
            return s;
        }

        if (!EfsWire.TryReadCString(src[12..], out string path, out _))
        {
            return DiagStatus.Malformed;
        }

        value = new EfsOpenRequest((EfsOpenFlags)EfsWire.I32(src, 4), EfsWire.I32(src, 8), path, sub);
        return DiagStatus.Ok;
    }
}

/// <summary>EFS2 OPEN response (12 bytes): @4 i32 fd (−1 on error), @8 i32 errno.</summary>
public sealed record EfsOpenResponse(int Fd, EfsErrno Errno, byte Subsystem = EfsSubsystem.Standard) : IDiagPacket
{
    /// <inheritdoc/>
    public int Size => EfsWire.Body + 4 /* fd */ + 4 /* errno */;

    /// <inheritdoc/>
    public int WriteTo(Span<byte> destination)
    {
        this.EnsureRoom(destination);
        var w = new EfsWriter(destination, Subsystem, EfsCommand.Open);
        w.I32(Fd);
        w.Errno(Errno);
        return Size;
    }

    /// <summary>Parses an OPEN response (≥ 12 bytes).</summary>
    public static DiagStatus TryParse(ReadOnlySpan<byte> src, out EfsOpenResponse? value)
    {
        value = null;
        DiagStatus s = EfsWire.CheckResponse(src, EfsCommand.Open, 12, out byte sub);
        if (s == DiagStatus.Ok)
        {
            value = new EfsOpenResponse(EfsWire.I32(src, 4), EfsWire.Errno(src, 8), sub);
        }

        return s;
    }
}
