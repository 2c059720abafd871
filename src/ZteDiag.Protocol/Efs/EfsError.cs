using ZteDiag.Protocol.Diag;

namespace ZteDiag.Protocol.Efs;

/// <summary>
/// EFS2_DIAG_ERROR response (command 28): @4 i32 errno, @8 up to 32 bytes of the request echoed.
/// May arrive instead of the expected EFS2 response. PROTOCOL.md §3.3.
/// </summary>
public sealed record EfsErrorResponse(EfsErrno Errno, byte[] Echo, byte Subsystem = EfsSubsystem.Standard) : IDiagPacket
{
    /// <summary>Most request bytes echoed.</summary>
    public const int MaxEcho = 32;

    /// <summary>Builds the error reply for <paramref name="request"/> (echo truncated to 32 bytes).</summary>
    public static EfsErrorResponse For(EfsErrno errno, ReadOnlySpan<byte> request, byte subsystem = EfsSubsystem.Standard) =>
        new(errno, request[..Math.Min(MaxEcho, request.Length)].ToArray(), subsystem);

    /// <inheritdoc/>
    public int Size => EfsWire.Body + 4 /* errno */ + Echo.Length;

    /// <inheritdoc/>
    public int WriteTo(Span<byte> destination)
    {
        if (Echo.Length > MaxEcho)
        {
            throw new ArgumentException($"echo is limited to {MaxEcho} bytes", nameof(destination));
        }

        this.EnsureRoom(destination);
        var w = new EfsWriter(destination, Subsystem, EfsCommand.Error);
        w.Errno(Errno);
        w.Bytes(Echo);
        return Size;
    }

    /// <summary>Parses an EFS2 error response; more than 32 echo bytes is <see cref="DiagStatus.Malformed"/>.</summary>
    public static DiagStatus TryParse(ReadOnlySpan<byte> src, out EfsErrorResponse? value)
    {
        value = null;
        DiagStatus s = EfsWire.CheckResponse(src, EfsCommand.Error, 8, out byte sub);
        if (s != DiagStatus.Ok)
        {
            return s;
        }

        if (src.Length - 8 > MaxEcho)
        {
            return DiagStatus.Malformed;
        }

        value = new EfsErrorResponse(EfsWire.Errno(src, 4), src[8..].ToArray(), sub);
        return DiagStatus.Ok;
    }
}
