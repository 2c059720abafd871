using System.Globalization;
using System.Net.Sockets;

namespace ZteDiag.Device.Links;

/// <summary>A DIAG link over TCP (e.g. an emulator or a remote serial bridge), NoDelay on.</summary>
public sealed class TcpLink : IDiagLink
{
    private readonly TcpClient _client;
    private readonly NetworkStream _stream;

    private TcpLink(TcpClient client, string description)
    {
        _client = client;
        _stream = client.GetStream();
        Description = description;
    }

    /// <inheritdoc/>
    public string Description { get; }

    /// <summary>Parses "HOST:PORT" ("[::1]:2500" for IPv6).</summary>
    /// <exception cref="ArgumentException">Not HOST:PORT, or the port is not 1–65535.</exception>
    public static (string Host, int Port) ParseEndpoint(string hostPort)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(hostPort);
        string s = hostPort.Trim();
        string host;
        string portText;
        if (s.StartsWith('['))
        {
            int close = s.IndexOf(']', StringComparison.Ordinal);
            if (close < 0 || close + 1 >= s.Length || s[close + 1] != ':')
            {
                throw new ArgumentException($"'{hostPort}' is not [IPV6]:PORT", nameof(hostPort));
            }

            host = s[1..close];
            portText = s[(close + 2)..];
        }
        else
        {
            int colon = s.LastIndexOf(':');
            if (colon <= 0 || colon == s.Length - 1 || s.IndexOf(':', StringComparison.Ordinal) != colon)
            {
                throw new ArgumentException($"'{hostPort}' is not HOST:PORT (for example 127.0.0.1:2500)", nameof(hostPort));
            }

            host = s[..colon];
            portText = s[(colon + 1)..];
        }

        if (host.Length == 0)
        {
            throw new ArgumentException($"'{hostPort}' has no host", nameof(hostPort));
        }

        if (!int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out int port) || port is < 1 or > 65535)
        {
            throw new ArgumentException($"'{portText}' in '{hostPort}' is not a TCP port (1–65535)", nameof(hostPort));
        }

        return (host, port);
    }

    /// <summary>Connects to "HOST:PORT".</summary>
    /// <exception cref="ArgumentException">Malformed endpoint.</exception>
    /// <exception cref="PortException">Connection refused or host not found.</exception>
    public static async Task<TcpLink> ConnectAsync(string hostPort, CancellationToken cancellationToken)
    {
        (string host, int port) = ParseEndpoint(hostPort);
        var client = new TcpClient { NoDelay = true };
        try
        {
            await client.ConnectAsync(host, port, cancellationToken).ConfigureAwait(false);
        }
        catch (SocketException ex)
        {
            client.Dispose();
            throw new PortException(PortErrorKind.NotFound, hostPort, $"cannot connect to {hostPort}: {ex.Message}", ex);
        }
        catch
        {
            client.Dispose();
            throw;
        }

        return new TcpLink(client, $"tcp {host}:{port}");
    }

    /// <inheritdoc/>
    public async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken)
    {
        try
        {
            return await _stream.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (LinkIo.IsFailure(ex))
        {
            throw LinkIo.Failed($"{Description}: the connection", ex, isTransient: true);
        }
    }

    /// <inheritdoc/>
    public async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken)
    {
        try
        {
            await _stream.WriteAsync(buffer, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (LinkIo.IsFailure(ex))
        {
            throw LinkIo.Failed($"{Description}: the connection", ex, isTransient: true);
        }
    }

    /// <inheritdoc/>
    public ValueTask DisposeAsync()
    {
        _stream.Dispose();
        _client.Dispose();
        return ValueTask.CompletedTask;
    }
}
