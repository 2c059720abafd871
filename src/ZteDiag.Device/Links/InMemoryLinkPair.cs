using System.Threading.Channels;

namespace ZteDiag.Device.Links;

/// <summary>
/// Two connected in-memory <see cref="IDiagLink"/> ends, for unit tests: what one end writes the
/// other reads, chunk by chunk. Disposing an end makes the other end read 0 (peer closed).
/// </summary>
public sealed class InMemoryLinkPair
{
    /// <summary>Creates a connected pair.</summary>
    public InMemoryLinkPair()
    {
        var aToB = Channel.CreateUnbounded<byte[]>(new UnboundedChannelOptions { SingleReader = true });
        var bToA = Channel.CreateUnbounded<byte[]>(new UnboundedChannelOptions { SingleReader = true });
        Host = new End("in-memory host", bToA.Reader, aToB.Writer);
        Device = new End("in-memory device", aToB.Reader, bToA.Writer);
    }

    /// <summary>The client (host) end, given to the session.</summary>
    public IDiagLink Host { get; }

    /// <summary>The peer (device) end, driven by the test.</summary>
    public IDiagLink Device { get; }

    private sealed class End(string description, ChannelReader<byte[]> reader, ChannelWriter<byte[]> writer) : IDiagLink
    {
        private ReadOnlyMemory<byte> _leftover;

        public string Description { get; } = description;

        public async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken)
        {
            while (_leftover.IsEmpty)
            {
                if (!await reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    return 0;
                }

                if (reader.TryRead(out byte[]? chunk))
                {
                    _leftover = chunk;
                }
            }

            int n = Math.Min(buffer.Length, _leftover.Length);
            _leftover.Span[..n].CopyTo(buffer.Span);
            _leftover = _leftover[n..];
            return n;
        }

        public ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken)
        {
            if (!writer.TryWrite(buffer.ToArray()))
            {
                throw new DiagLinkException($"{Description}: the other end is closed");
            }

            return ValueTask.CompletedTask;
        }

        public ValueTask DisposeAsync()
        {
            writer.TryComplete();
            return ValueTask.CompletedTask;
        }
    }
}
