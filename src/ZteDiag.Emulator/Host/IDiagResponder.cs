namespace ZteDiag.Emulator.Host;

/// <summary>
/// The virtual modem's DIAG brain: turns one request payload into one response payload.
/// Called on the port server's thread, one request at a time, in arrival order.
/// </summary>
public interface IDiagResponder
{
    /// <summary>
    /// Answers <paramref name="request"/> (a deframed DIAG payload, CRC stripped).
    /// Returns the response payload (unframed), or null to send nothing.
    /// </summary>
    byte[]? Respond(ReadOnlySpan<byte> request);
}
