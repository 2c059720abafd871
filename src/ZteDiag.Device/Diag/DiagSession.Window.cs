namespace ZteDiag.Device.Diag;

/// <summary>
/// Windowing (PROTOCOL.md §3.7): requests in flight, replies delivered in request order. The number in
/// flight is the smaller of the caller's window and the session's <see cref="CongestionWindow"/>, which
/// halves on a loss and grows back as replies arrive cleanly, so one lost reply costs about one round
/// trip (it is re-sent as soon as a later reply shows it missing) and the window recovers.
/// </summary>
public sealed partial class DiagSession
{
    /// <summary>
    /// Streams <paramref name="requests"/> (pulled lazily, so a caller can produce READ requests for
    /// successive offsets of a multi-MiB file) with up to <paramref name="window"/> in flight, and hands
    /// each reply to <paramref name="onResponse"/> in request order. Nothing is materialised beyond the window.
    /// </summary>
    /// <exception cref="DiagRejectedException">A request was rejected (the pipeline stops there).</exception>
    /// <exception cref="DiagTimeoutException">A request got no reply within its timeout (after its re-sends, if safe).</exception>
    /// <exception cref="DiagLinkException">The link failed; the session is broken.</exception>
    public async Task PipelineAsync(
        IEnumerable<PipelinedRequest> requests, int window, Func<byte[], ValueTask> onResponse, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(requests);
        ArgumentNullException.ThrowIfNull(onResponse);
        ArgumentOutOfRangeException.ThrowIfLessThan(window, 1);
        ThrowIfUnusable();

        var inFlight = new Queue<PendingRequest>();
        using IEnumerator<PipelinedRequest> source = requests.GetEnumerator();
        bool more = true;
        try
        {
            while (true)
            {
                // Refill only once every reply already received was handed over, so the free slots
                // of one read's worth of replies go out together, as one write.
                if (inFlight.Count == 0 || !inFlight.Peek().Completion.Task.IsCompleted)
                {
                    int limit = Math.Min(window, WindowSize);
                    List<PendingRequest>? batch = null;
                    while (more && inFlight.Count < limit)
                    {
                        if (!source.MoveNext())
                        {
                            more = false;
                            break;
                        }

                        PipelinedRequest next = source.Current;
                        if (next.Payload.IsEmpty)
                        {
                            throw new ArgumentException("a pipelined DIAG request is empty", nameof(requests));
                        }

                        PendingRequest p = Register(next.Payload, next.Options ?? DiagRequestOptions.Default);
                        inFlight.Enqueue(p);
                        (batch ??= []).Add(p);
                    }

                    if (batch is not null)
                    {
                        await SendBatchAsync(batch, cancellationToken).ConfigureAwait(false);
                    }
                }

                if (inFlight.Count == 0)
                {
                    return;
                }

                PendingRequest head = inFlight.Peek();
                byte[] reply = await AwaitReplyAsync(head, cancellationToken).ConfigureAwait(false);
                inFlight.Dequeue();
                Unregister(head);
                await onResponse(reply).ConfigureAwait(false);
            }
        }
        finally
        {
            foreach (PendingRequest p in inFlight)
            {
                Unregister(p);
            }
        }
    }

    /// <summary>Runs <paramref name="requests"/> with up to <paramref name="window"/> in flight and returns the replies in request order.</summary>
    public async Task<IReadOnlyList<byte[]>> PipelineAsync(
        IReadOnlyList<PipelinedRequest> requests, int window, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(requests);
        var replies = new List<byte[]>(requests.Count);
        await PipelineAsync(requests, window, r =>
        {
            replies.Add(r);
            return ValueTask.CompletedTask;
        }, cancellationToken).ConfigureAwait(false);
        return replies;
    }

    /// <summary>The congestion window now.</summary>
    private int WindowSize
    {
        get
        {
            lock (_lock)
            {
                return _window.Size;
            }
        }
    }
}
