namespace ZteDiag.Protocol.Diag;

/// <summary>
/// A DIAG error reply: the error code followed by the first ≤16 bytes of the request.
/// PROTOCOL.md §2.2.
/// </summary>
/// <param name="Code">0x13, 0x14, 0x15, 0x16, 0x18, 0x42, 0x47 or 0x95.</param>
/// <param name="Echo">Echoed request prefix (at most <see cref="MaxEcho"/> bytes).</param>
public sealed record DiagErrorResponse(DiagCommand Code, byte[] Echo) : IDiagPacket
{
    /// <summary>Most request bytes a target echoes (DIAGPKT_MAX_ERR).</summary>
    public const int MaxEcho = 16;

    /// <summary>The status the code stands for.</summary>
    public DiagStatus Status => (DiagStatus)(byte)Code;

    /// <inheritdoc/>
    public int Size => 1 + Echo.Length;

    /// <summary>Builds the reply a target sends for <paramref name="request"/>.</summary>
    public static DiagErrorResponse For(DiagCommand code, ReadOnlySpan<byte> request) =>
        new(code, request[..Math.Min(MaxEcho, request.Length)].ToArray());

    /// <inheritdoc/>
    public int WriteTo(Span<byte> destination)
    {
        this.EnsureRoom(destination);
        destination[0] = (byte)Code;
        Echo.CopyTo(destination[1..]);
        return Size;
    }

    /// <summary>Parses an error reply; <see cref="DiagStatus.WrongCommand"/> if the packet is not one.</summary>
    public static DiagStatus TryParse(ReadOnlySpan<byte> src, out DiagErrorResponse? value)
    {
        value = null;
        if (src.IsEmpty)
        {
            return DiagStatus.Empty;
        }

        if (!DiagReply.IsErrorCode(src[0]))
        {
            return DiagStatus.WrongCommand;
        }

        if (src.Length > 1 + MaxEcho)
        {
            return DiagStatus.Malformed;
        }

        value = new DiagErrorResponse((DiagCommand)src[0], src[1..].ToArray());
        return DiagStatus.Ok;
    }
}
