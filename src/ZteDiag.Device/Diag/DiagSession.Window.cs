namespace ZteDiag.Device.Diag;

/// <summary>
/// Windowing (PROTOCOL.md §3.7): up to N requests in flight, replies delivered in request order.
/// The window falls back to 1 (stop-and-wait) for the rest of the pipeline as soon as a reply times
/// out or a frame is dropped; a timed-out request is re-sent only when it is marked safe to retry.
/// </summary>
public sealed partial class DiagSession
{
    /// <summary>
    /// Streams <paramref name="requests"/> (pulled lazily, so a caller can produce READ requests for
    /// successive offsets of a multi-MiB file) with up to <paramref name="window"/> in flight, and hands
    /// each reply to <paramref name="onResponse"/> in request order. Nothing is materialised beyond the window.
    /// </summary>
    /// <exception cref="DiagRejectedException">A request was rejected (the pipeline stops there).</exception>
    /// <exception cref="DiagTimeoutException">A request timed out and may not (or may no more) be retried.</exception>
    /// <exception cref="DiagLinkException">The link failed; the session is broken.</exception>
    public async Task PipelineAsync(
        IEnumerable<PipelinedRequest> requests, int window, Func<byte[], ValueTask> onResponse, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(requests);
        ArgumentNullException.ThrowIfNull(onResponse);
        ArgumentOutOfRangeException.ThrowIfLessThan(window, 1);
        ThrowIfUnusable();

        TimeProvider clock = _options.TimeProvider;
        var inFlight = new Queue<(PendingRequest Request, long SentAt)>();
        long badFramesAtStart = Interlocked.Read(ref _badFrames);
        int currentWindow = window;
        using IEnumerator<PipelinedRequest> source = requests.GetEnumerator();
        bool more = true;
        try
        {
            while (true)
            {
                // Refill only once every reply already received was handed over, so the free slots
                // of one read's worth of replies go out together, as one write.
                if (inFlight.Count == 0 || !inFlight.Peek().Request.Completion.Task.IsCompleted)
                {
                    List<byte[]>? batch = null;
                    while (more && inFlight.Count < currentWindow)
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
                        p.Attempts++;
                        inFlight.Enqueue((p, clock.GetTimestamp()));
                        (batch ??= []).Add(p.Payload);
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

                (PendingRequest head, long sentAt) = inFlight.Peek();
                TimeSpan left = head.Timeout - clock.GetElapsedTime(sentAt);
                byte[] reply;
                try
                {
                    reply = await head.Completion.Task
                        .WaitAsync(left > TimeSpan.Zero ? left : TimeSpan.Zero, clock, cancellationToken)
                        .ConfigureAwait(false);
                }
                catch (TimeoutException)
                {
                    ShrinkWindow(ref currentWindow);
                    await OnAttemptTimedOutAsync(head, cancellationToken).ConfigureAwait(false);

                    // re-queue the head with a fresh deadline, keeping its place in the order
                    var rest = inFlight.ToArray();
                    inFlight.Clear();
                    inFlight.Enqueue((head, clock.GetTimestamp()));
                    for (int i = 1; i < rest.Length; i++)
                    {
                        inFlight.Enqueue(rest[i]);
                    }

                    continue;
                }

                inFlight.Dequeue();
                if (Interlocked.Read(ref _badFrames) != badFramesAtStart)
                {
                    ShrinkWindow(ref currentWindow);
                }

                await onResponse(reply).ConfigureAwait(false);
            }
        }
        finally
        {
            foreach ((PendingRequest p, _) in inFlight)
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

    private void ShrinkWindow(ref int currentWindow)
    {
        if (currentWindow > 1)
        {
            currentWindow = 1;
            Interlocked.Increment(ref _windowShrinks);
        }
    }
}
