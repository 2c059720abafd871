using System.Net.Sockets;

namespace ZteDiag.Device.Links;

/// <summary>
/// The one place that knows which .NET exceptions mean "the byte link failed under us" and turns them into
/// the link error of the failure model. System.IO.Ports raises IOException for a vanished tty,
/// InvalidOperationException once the port is closed (ObjectDisposedException after a concurrent close) and
/// TimeoutException from a write; sockets raise SocketException or an IOException around one. Links,
/// DiagSession and AtSession catch with <see cref="IsFailure"/> and wrap with <see cref="Failed"/>; nothing
/// else in Device catches I/O exceptions.
/// </summary>
public static class LinkIo
{
    /// <summary>True for an exception a link call raises when the port or connection failed (not a bug of ours).</summary>
    public static bool IsFailure(Exception ex) =>
        ex is IOException or SocketException or InvalidOperationException or TimeoutException;

    /// <summary>The link error for <paramref name="what"/> (e.g. "reading from /dev/ttyUSB0") failing with <paramref name="cause"/>.</summary>
    public static DiagLinkException Failed(string what, Exception cause, bool isTransient = false)
    {
        ArgumentNullException.ThrowIfNull(cause);
        return new DiagLinkException($"{what} failed: {cause.Message}", cause, isTransient);
    }
}
