using ZteDiag.Protocol.Diag;

namespace ZteDiag.Protocol.Efs;

/// <summary>EFS2 QUERY request: the header alone (exactly 4 bytes). PROTOCOL.md §3.4.</summary>
public sealed record EfsQueryRequest(byte Subsystem = EfsSubsystem.Standard) : IDiagPacket
{
    /// <inheritdoc/>
    public int Size => EfsWire.Body;

    /// <inheritdoc/>
    public int WriteTo(Span<byte> destination)
    {
        this.EnsureRoom(destination);
        _ = new EfsWriter(destination, Subsystem, EfsCommand.Query);
        return Size;
    }

    /// <summary>Parses a QUERY request; any size but 4 fails.</summary>
    public static DiagStatus TryParse(ReadOnlySpan<byte> src, out EfsQueryRequest? value)
    {
        value = null;
        DiagStatus s = EfsWire.CheckExactRequest(src, EfsCommand.Query, EfsWire.Body, out byte sub);
        if (s == DiagStatus.Ok)
        {
            value = new EfsQueryRequest(sub);
        }

        return s;
    }
}

/// <summary>EFS2 QUERY response (28 bytes): compile-time limits of the target file system.</summary>
public sealed record EfsQueryResponse(
    int MaxNameLength,
    int MaxPathLength,
    int MaxLinkDepth,
    int MaxFileSize,
    int MaxDirEntries,
    int MaxMounts,
    byte Subsystem = EfsSubsystem.Standard) : IDiagPacket
{
    /// <inheritdoc/>
    public int Size => EfsWire.Body + (6 * 4);

    /// <inheritdoc/>
    public int WriteTo(Span<byte> destination)
    {
        this.EnsureRoom(destination);
        var w = new EfsWriter(destination, Subsystem, EfsCommand.Query);
        w.I32(MaxNameLength);
        w.I32(MaxPathLength);
        w.I32(MaxLinkDepth);
        w.I32(MaxFileSize);
        w.I32(MaxDirEntries);
        w.I32(MaxMounts);
        return Size;
    }

    /// <summary>Parses a QUERY response (≥ 28 bytes).</summary>
    public static DiagStatus TryParse(ReadOnlySpan<byte> src, out EfsQueryResponse? value)
    {
        value = null;
        DiagStatus s = EfsWire.CheckResponse(src, EfsCommand.Query, EfsWire.Body + 24, out byte sub);
        if (s != DiagStatus.Ok)
        {
            return s;
        }

        value = new EfsQueryResponse(
            EfsWire.I32(src, 4), EfsWire.I32(src, 8), EfsWire.I32(src, 12), EfsWire.I32(src, 16), EfsWire.I32(src, 20), EfsWire.I32(src, 24), sub);
        return DiagStatus.Ok;
    }
}
