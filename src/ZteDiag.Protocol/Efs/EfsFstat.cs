using ZteDiag.Protocol.Diag;

namespace ZteDiag.Protocol.Efs;

/// <summary>EFS2 FSTAT request: @4 i32 fd (8 bytes). PROTOCOL.md §3.4.</summary>
public sealed record EfsFstatRequest(int Fd, byte Subsystem = EfsSubsystem.Standard) : IDiagPacket
{
    /// <inheritdoc/>
    public int Size => EfsWire.Body + 4 /* fd */;

    /// <inheritdoc/>
    public int WriteTo(Span<byte> destination)
    {
        this.EnsureRoom(destination);
        var w = new EfsWriter(destination, Subsystem, EfsCommand.Fstat);
        w.I32(Fd);
        return Size;
    }

    /// <summary>Parses an FSTAT request (≥ 8 bytes).</summary>
    public static DiagStatus TryParse(ReadOnlySpan<byte> src, out EfsFstatRequest? value)
    {
        value = null;
        DiagStatus s = EfsWire.CheckRequest(src, EfsCommand.Fstat, 8, out byte sub);
        if (s == DiagStatus.Ok)
        {
            value = new EfsFstatRequest(EfsWire.I32(src, 4), sub);
        }

        return s;
    }
}

/// <summary>EFS2 FSTAT response (32 bytes): the STAT layout under command 17.</summary>
public sealed record EfsFstatResponse(EfsErrno Errno, int Mode, int FileSize, int LinkCount, uint AccessTime, uint ModifyTime, uint ChangeTime, byte Subsystem = EfsSubsystem.Standard) : IDiagPacket
{
    /// <summary>The file kind named by <see cref="Mode"/>.</summary>
    public EfsFileKind Kind => EfsMode.KindOf(Mode);

    /// <inheritdoc/>
    public int Size => EfsStatResponse.PacketSize;

    /// <inheritdoc/>
    public int WriteTo(Span<byte> destination)
    {
        this.EnsureRoom(destination);
        var w = new EfsWriter(destination, Subsystem, EfsCommand.Fstat);
        EfsStatLayout.Write(ref w, Errno, Mode, FileSize, LinkCount, AccessTime, ModifyTime, ChangeTime);
        return Size;
    }

    /// <summary>Parses an FSTAT response; with an errno the later fields may be missing (zero).</summary>
    public static DiagStatus TryParse(ReadOnlySpan<byte> src, out EfsFstatResponse? value)
    {
        value = null;
        DiagStatus s = EfsStatLayout.TryParse(src, EfsCommand.Fstat, out EfsStatResponse? st);
        if (st is not null)
        {
            value = new EfsFstatResponse(st.Errno, st.Mode, st.FileSize, st.LinkCount, st.AccessTime, st.ModifyTime, st.ChangeTime, st.Subsystem);
        }

        return s;
    }
}
