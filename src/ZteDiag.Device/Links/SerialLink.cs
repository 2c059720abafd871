using System.IO.Ports;

namespace ZteDiag.Device.Links;

/// <summary>
/// A raw 8N1 serial link over System.IO.Ports (ECOSYSTEM.md §2b): Handshake.None, DTR/RTS off at
/// open then DTR on where the port supports it, binary I/O through <see cref="SerialPort.BaseStream"/>
/// with cancellation tokens (ReadTimeout does not apply to async reads). After the first
/// ObjectDisposedException/IOException the port is abandoned with <c>BaseStream.Dispose()</c> +
/// <c>Close()</c> (Close alone can spin forever) and every call fails with
/// <see cref="PortErrorKind.Vanished"/>.
/// </summary>
public sealed class SerialLink : IDiagLink
{
    private readonly SerialPort _port;
    private readonly Stream _stream;
    private readonly PortLock? _lock;
    private int _state; // 0 open, 1 vanished, 2 disposed
    private Exception? _vanishCause;

    private SerialLink(SerialPort port, string path, PortLock? portLock)
    {
        _port = port;
        _lock = portLock;
        _stream = port.BaseStream;
        Path = path;
    }

    /// <summary>The port path as given.</summary>
    public string Path { get; }

    /// <inheritdoc/>
    public string Description => Path;

    /// <summary>Opens <paramref name="path"/> (any tty path or symlink) at <paramref name="baudRate"/>.</summary>
    /// <remarks>Takes the <see cref="PortLock"/> first: a port another process holds fails with Busy naming it.</remarks>
    /// <exception cref="PortException">NotFound, Busy, AccessDenied or Other, with the OS cause in the message.</exception>
    public static SerialLink Open(string path, int baudRate = 115200)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(baudRate);
        PortLock? portLock = PortLock.TryAcquire(path);
        var port = new SerialPort(path, baudRate, Parity.None, 8, StopBits.One)
        {
            Handshake = Handshake.None,
            DtrEnable = false, // set before Open on a pty, Open itself throws
            RtsEnable = false,
            ReadBufferSize = 64 * 1024,
            WriteTimeout = 5000,
        };
        try
        {
            port.Open();
        }
        catch (Exception ex) when (ex is UnauthorizedAccessException or IOException or InvalidOperationException or ArgumentException)
        {
            port.Dispose();
            portLock?.Dispose();
            throw MapOpenFailure(path, ex);
        }

        try
        {
            port.DtrEnable = true; // real modems want DTR; a pty has no modem lines
        }
        catch (IOException)
        {
            // no modem-control lines (pty): fine
        }

        return new SerialLink(port, path, portLock);
    }

    /// <summary>Turns a SerialPort.Open failure into a <see cref="PortException"/> (the real cause is in InnerException).</summary>
    internal static PortException MapOpenFailure(string path, Exception ex)
    {
        Exception cause = ex.InnerException ?? ex;
        string why = cause.Message;
        if ((!File.Exists(path) && !Directory.Exists(path))
            || why.Contains("No such file", StringComparison.OrdinalIgnoreCase)
            || cause is FileNotFoundException or DirectoryNotFoundException)
        {
            return new PortException(PortErrorKind.NotFound, path,
                $"{path} does not exist ({why}); is the modem plugged in and switched out of storage mode?", ex);
        }

        if (why.Contains("busy", StringComparison.OrdinalIgnoreCase) || why.Contains("EBUSY", StringComparison.Ordinal)
            || why.Contains("in use", StringComparison.OrdinalIgnoreCase))
        {
            return new PortException(PortErrorKind.Busy, path,
                $"{path} is busy ({why}): another program (often ModemManager) holds it open. Close that program first.", ex);
        }

        if (why.Contains("Permission denied", StringComparison.OrdinalIgnoreCase))
        {
            return new PortException(PortErrorKind.AccessDenied, path,
                $"no permission to open {path} ({why}). Add yourself to the dialout group (`sudo usermod -aG dialout $USER`, " +
                "then log in again) or install `sudo ztediag udev-rules --install`.", ex);
        }

        return new PortException(PortErrorKind.Other, path, $"cannot open {path} as a serial port: {why}", ex);
    }

    /// <inheritdoc/>
    public async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken)
    {
        ThrowIfUnusable();
        try
        {
            return await _stream.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (LinkIo.IsFailure(ex))
        {
            throw Vanish(ex);
        }
    }

    /// <inheritdoc/>
    public async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken)
    {
        ThrowIfUnusable();
        try
        {
            await _stream.WriteAsync(buffer, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (LinkIo.IsFailure(ex))
        {
            throw Vanish(ex);
        }
    }

    /// <inheritdoc/>
    public ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _state, 2) != 2)
        {
            Abandon();
        }

        return ValueTask.CompletedTask;
    }

    private void ThrowIfUnusable()
    {
        switch (Volatile.Read(ref _state))
        {
            case 1:
                throw VanishedException(_vanishCause);
            case 2:
                throw new ObjectDisposedException(nameof(SerialLink), $"{Path} was closed");
        }
    }

    private PortException Vanish(Exception cause)
    {
        if (Volatile.Read(ref _state) == 2)
        {
            return new PortException(PortErrorKind.Vanished, Path, $"{Path} was closed", cause);
        }

        _vanishCause ??= cause;
        if (Interlocked.CompareExchange(ref _state, 1, 0) == 0)
        {
            Abandon();
        }

        return VanishedException(cause);
    }

    private PortException VanishedException(Exception? cause) =>
        new(PortErrorKind.Vanished, Path,
            $"{Path} went away while in use ({cause?.Message ?? "closed"}); was the modem unplugged or did it re-enumerate?", cause);

    private void Abandon()
    {
        try
        {
            _stream.Dispose();
        }
        catch (Exception ex) when (LinkIo.IsFailure(ex))
        {
            // already dead
        }

        try
        {
            _port.Close();
        }
        catch (Exception ex) when (LinkIo.IsFailure(ex))
        {
            // already dead
        }

        _port.Dispose();
        _lock?.Dispose(); // after the port: the lock covers the whole time the tty is open
    }
}
