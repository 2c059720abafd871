namespace ZteDiag.Device.Links;

/// <summary>
/// Moves bytes to and from a modem interface; nothing else. Framing, matching, timeouts and
/// retries belong to <see cref="Diag.DiagSession"/>. A read of 0 bytes means the peer closed.
/// Implementations translate OS failures into <see cref="PortException"/> / <see cref="DiagLinkException"/>.
/// </summary>
public interface IDiagLink : IAsyncDisposable
{
    /// <summary>Reads at least one byte (0 = end of stream); honours <paramref name="cancellationToken"/>.</summary>
    ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken);

    /// <summary>Writes all of <paramref name="buffer"/>.</summary>
    ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken);

    /// <summary>Where the link goes, e.g. "/dev/ttyUSB0" or "tcp 127.0.0.1:2500", for messages.</summary>
    string Description { get; }
}
