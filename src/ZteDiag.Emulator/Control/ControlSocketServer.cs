using System.Net.Sockets;
using System.Text;

namespace ZteDiag.Emulator.Control;

/// <summary>
/// A Unix-domain stream socket taking one text command per line and answering one line per command
/// (<see cref="RehearsalControl"/>). Several clients may connect, one after another or at once; the
/// socket file is removed on dispose.
/// </summary>
public sealed class ControlSocketServer : IAsyncDisposable
{
    private readonly Socket _listener;
    private readonly Func<string, string> _handler;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;

    /// <summary>Binds <paramref name="path"/> (a stale socket file there is replaced) and starts accepting.</summary>
    /// <exception cref="IOException">The path exists and is not a socket, or cannot be bound.</exception>
    public ControlSocketServer(string path, Func<string, string> handler)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        _handler = handler ?? throw new ArgumentNullException(nameof(handler));
        Path = System.IO.Path.GetFullPath(path);
        RemoveStaleSocket(Path);

        _listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            _listener.Bind(new UnixDomainSocketEndPoint(Path));
            _listener.Listen(4);
        }
        catch (SocketException ex)
        {
            _listener.Dispose();
            throw new IOException($"cannot listen on {Path}: {ex.Message}", ex);
        }

        _accepting = Task.Run(AcceptLoopAsync);
    }

    /// <summary>Absolute path of the socket.</summary>
    public string Path { get; }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        _listener.Dispose();
        try
        {
            await _accepting.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }

        File.Delete(Path);
        _stop.Dispose();
    }

    /// <summary>
    /// A socket file left by an emulator that died is replaced; anything else there (a file with data, a
    /// folder, a socket someone still listens on) is refused, so nothing is lost.
    /// </summary>
    private static void RemoveStaleSocket(string path)
    {
        if (Directory.Exists(path) || (File.Exists(path) && new FileInfo(path).Length > 0))
        {
            throw new IOException($"{path} exists and is not a socket; choose another --control path");
        }

        if (!File.Exists(path))
        {
            return;
        }

        using var probe = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            probe.Connect(new UnixDomainSocketEndPoint(path));
        }
        catch (SocketException)
        {
            File.Delete(path); // nobody listens: stale
            return;
        }

        throw new IOException($"{path} is in use by another control socket; choose another --control path");
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _listener.AcceptAsync(_stop.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is SocketException or ObjectDisposedException or OperationCanceledException)
            {
                return;
            }

            _ = Task.Run(() => ServeAsync(client));
        }
    }

    private async Task ServeAsync(Socket client)
    {
        using (client)
        {
            var stream = new NetworkStream(client, ownsSocket: false);
            await using (stream.ConfigureAwait(false))
            {
                using var reader = new StreamReader(stream, Encoding.UTF8);
                var writer = new StreamWriter(stream, new UTF8Encoding(false)) { AutoFlush = true, NewLine = "\n" };
                await using (writer.ConfigureAwait(false))
                {
                    try
                    {
                        while (await reader.ReadLineAsync(_stop.Token).ConfigureAwait(false) is { } line)
                        {
                            if (line.Trim().Length == 0)
                            {
                                continue;
                            }

                            await writer.WriteLineAsync(_handler(line)).ConfigureAwait(false);
                        }
                    }
                    catch (Exception ex) when (ex is IOException or OperationCanceledException or ObjectDisposedException)
                    {
                        // the client went away or we are shutting down
                    }
                }
            }
        }
    }
}
