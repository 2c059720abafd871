namespace ZteDiag.Device.Diag;

/// <summary>
/// Batches of independent requests, with one outcome per request. Unlike
/// <see cref="PipelineAsync(IEnumerable{PipelinedRequest}, int, Func{byte[], ValueTask}, CancellationToken)"/>
/// nothing is abandoned when one request fails: every request is waited for (with its own timeout and
/// re-sends), so a caller that opened several handles in one batch learns every handle it got.
/// </summary>
public sealed partial class DiagSession
{
    /// <summary>
    /// Sends <paramref name="requests"/> as consecutive frames and returns one outcome per request, in
    /// request order: its reply, or the exception it alone would have raised (rejection, timeout after its
    /// re-sends, link failure). While the link is clean the whole batch goes out in one write; after a
    /// loss, at most the congestion window is in flight until it has grown back.
    /// </summary>
    /// <remarks>
    /// Replies are matched like single requests (the oldest frame whose matcher accepts). When two
    /// requests of a batch cannot be told apart by their replies (same command, no echoed field), a lost
    /// reply shifts the later replies onto the earlier requests; <see cref="DiagExchange.Clean"/> is then
    /// false (a loss was seen, a request was re-sent, a timer ran out or a bad frame arrived during the
    /// batch) and the caller must not trust such replies.
    /// </remarks>
    /// <exception cref="OperationCanceledException">Cancelled; outcomes not yet known are lost.</exception>
    /// <exception cref="ObjectDisposedException">The session was closed.</exception>
    /// <exception cref="DiagLinkException">The session was already broken.</exception>
    public async Task<DiagExchange> ExchangeAsync(IReadOnlyList<PipelinedRequest> requests, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(requests);
        ThrowIfUnusable();
        if (requests.Any(r => r.Payload.IsEmpty))
        {
            throw new ArgumentException("a batched DIAG request is empty", nameof(requests));
        }

        var outcomes = new DiagOutcome[requests.Count];
        if (requests.Count == 0)
        {
            return new DiagExchange(outcomes, true);
        }

        (long, long, long, long) disturbances = Disturbances();
        var inFlight = new Queue<(int Index, PendingRequest Request)>();
        int next = 0;
        try
        {
            while (next < requests.Count || inFlight.Count > 0)
            {
                if (next < requests.Count && (inFlight.Count == 0 || !inFlight.Peek().Request.Completion.Task.IsCompleted))
                {
                    next = await SendNextAsync(requests, next, outcomes, inFlight, cancellationToken).ConfigureAwait(false);
                }

                if (inFlight.Count == 0)
                {
                    continue;
                }

                (int i, PendingRequest p) = inFlight.Dequeue();
                outcomes[i] = await AwaitOutcomeAsync(p, cancellationToken).ConfigureAwait(false);
            }

            return new DiagExchange(outcomes, Disturbances() == disturbances);
        }
        finally
        {
            foreach ((_, PendingRequest p) in inFlight)
            {
                Unregister(p);
            }
        }
    }

    /// <summary>Sends the next requests that fit the window; returns the index of the first one not sent.</summary>
    private async Task<int> SendNextAsync(
        IReadOnlyList<PipelinedRequest> requests, int next, DiagOutcome[] outcomes, Queue<(int, PendingRequest)> inFlight,
        CancellationToken cancellationToken)
    {
        int limit;
        lock (_lock)
        {
            limit = _window.IsFullyOpen ? requests.Count : _window.Size;
        }

        var batch = new List<(int Index, PendingRequest Request)>();
        try
        {
            for (; next < requests.Count && inFlight.Count + batch.Count < limit; next++)
            {
                batch.Add((next, Register(requests[next].Payload, requests[next].Options ?? DiagRequestOptions.Default)));
            }

            await SendBatchAsync([.. batch.Select(b => b.Request)], cancellationToken).ConfigureAwait(false);
            foreach ((int, PendingRequest) b in batch)
            {
                inFlight.Enqueue(b);
            }
        }
        catch (ZteDiagException ex)
        {
            // nothing (or nothing usable) left: this batch and every later request fail the same way
            foreach ((int i, PendingRequest p) in batch)
            {
                Unregister(p);
                outcomes[i] = new DiagOutcome(null, ex);
            }

            for (; next < requests.Count; next++)
            {
                outcomes[next] = new DiagOutcome(null, ex);
            }
        }

        return next;
    }

    /// <summary>Counters that make a batch unclean when they move.</summary>
    private (long, long, long, long) Disturbances() =>
        (Interlocked.Read(ref _badFrames), Interlocked.Read(ref _timeouts), Interlocked.Read(ref _lossesDetected), Interlocked.Read(ref _retries));

    /// <summary>Waits for one request of a batch like <see cref="RequestAsync(ReadOnlyMemory{byte}, DiagRequestOptions?, CancellationToken)"/> does.</summary>
    private async Task<DiagOutcome> AwaitOutcomeAsync(PendingRequest p, CancellationToken cancellationToken)
    {
        try
        {
            return new DiagOutcome(await AwaitReplyAsync(p, cancellationToken).ConfigureAwait(false), null);
        }
        catch (ZteDiagException ex)
        {
            return new DiagOutcome(null, ex);
        }
        finally
        {
            Unregister(p);
        }
    }
}

/// <summary>The outcome of one request of <see cref="DiagSession.ExchangeAsync"/>: a reply or the failure.</summary>
/// <param name="Reply">The reply payload, or null when the request failed.</param>
/// <param name="Error">Why the request failed, or null.</param>
public readonly record struct DiagOutcome(byte[]? Reply, ZteDiagException? Error)
{
    /// <summary>The reply, or the failure thrown.</summary>
    /// <exception cref="ZteDiagException">The request failed.</exception>
    public byte[] GetReply() => Reply ?? throw Error!;
}

/// <summary>The outcomes of a <see cref="DiagSession.ExchangeAsync"/> batch.</summary>
/// <param name="Outcomes">One per request, in request order.</param>
/// <param name="Clean">False when a loss was seen, a request re-sent, a timer ran out or a bad frame arrived during the batch (replies may be shifted).</param>
public sealed record DiagExchange(IReadOnlyList<DiagOutcome> Outcomes, bool Clean);
