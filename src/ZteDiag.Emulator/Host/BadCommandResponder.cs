using ZteDiag.Protocol.Diag;

namespace ZteDiag.Emulator.Host;

/// <summary>
/// Placeholder responder: answers every request with BAD_CMD (0x13) followed by the first
/// ≤16 request bytes, which is what a real target says to a command it does not know.
/// </summary>
public sealed class BadCommandResponder : IDiagResponder
{
    /// <summary>Shared instance (stateless).</summary>
    public static BadCommandResponder Instance { get; } = new();

    /// <inheritdoc/>
    public byte[]? Respond(ReadOnlySpan<byte> request) =>
        request.IsEmpty ? null : DiagErrorResponse.For(DiagCommand.BadCommand, request).ToArray();
}
