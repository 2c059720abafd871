namespace ZteDiag.Device.Diag;

/// <summary>
/// Batches of independent requests sent in one link write, with one outcome per request. Unlike
/// <see cref="PipelineAsync(IEnumerable{PipelinedRequest}, int, Func{byte[], ValueTask}, CancellationToken)"/>
/// nothing is abandoned when one request fails: every request is waited for (with its own timeout and
/// retries), so a caller that opened several handles in one batch learns every handle it got.
/// </summary>
public sealed partial class DiagSession
{
    /// <summary>
    /// Sends <paramref name="requests"/> as consecutive frames in one write and returns one outcome per
    /// request, in request order: its reply, or the exception it alone would have raised (rejection,
    /// timeout after its retries, link failure).
    /// </summary>
    /// <remarks>
    /// Replies are matched like single requests (first pending request whose matcher accepts). When two
    /// requests of a batch cannot be told apart by their replies (same command, no echoed field), a lost
    /// reply shifts the later replies onto the earlier requests; <see cref="DiagExchange.Clean"/> is then
    /// false (some attempt timed out or a bad frame arrived during the batch) and the caller must not trust
    /// such replies.
    /// </remarks>
    /// <exception cref="OperationCanceledException">Cancelled; outcomes not yet known are lost.</exception>
    /// <exception cref="ObjectDisposedException">The session was closed.</exception>
    /// <exception cref="DiagLinkException">The session was already broken.</exception>
    public async Task<DiagExchange> ExchangeAsync(IReadOnlyList<PipelinedRequest> requests, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(requests);
        ThrowIfUnusable();
        var pending = new List<PendingRequest>(requests.Count);
        long badFramesAtStart = Interlocked.Read(ref _badFrames);
        long timeoutsAtStart = Interlocked.Read(ref _timeouts);
        try
        {
            foreach (PipelinedRequest r in requests)
            {
                if (r.Payload.IsEmpty)
                {
                    throw new ArgumentException("a batched DIAG request is empty", nameof(requests));
                }

                PendingRequest p = Register(r.Payload, r.Options ?? DiagRequestOptions.Default);
                p.Attempts++;
                pending.Add(p);
            }

            var outcomes = new DiagOutcome[pending.Count];
            if (pending.Count == 0)
            {
                return new DiagExchange(outcomes, true);
            }

            byte[][] payloads = [.. pending.Select(p => p.Payload)];
            ZteDiagException? sendFailure = null;
            try
            {
                await SendBatchAsync(payloads, cancellationToken).ConfigureAwait(false);
            }
            catch (ZteDiagException ex)
            {
                sendFailure = ex; // nothing (or nothing usable) left: every request fails the same way
            }

            for (int i = 0; i < pending.Count; i++)
            {
                outcomes[i] = sendFailure is null
                    ? await AwaitOutcomeAsync(pending[i], cancellationToken).ConfigureAwait(false)
                    : new DiagOutcome(null, sendFailure);
            }

            bool clean = Interlocked.Read(ref _badFrames) == badFramesAtStart && Interlocked.Read(ref _timeouts) == timeoutsAtStart;
            return new DiagExchange(outcomes, clean);
        }
        finally
        {
            foreach (PendingRequest p in pending)
            {
                Unregister(p);
            }
        }
    }

    /// <summary>Waits for one request of a batch like <see cref="RequestAsync(ReadOnlyMemory{byte}, DiagRequestOptions?, CancellationToken)"/> does.</summary>
    private async Task<DiagOutcome> AwaitOutcomeAsync(PendingRequest p, CancellationToken cancellationToken)
    {
        try
        {
            while (true)
            {
                try
                {
                    byte[] reply = await p.Completion.Task.WaitAsync(p.Timeout, _options.TimeProvider, cancellationToken).ConfigureAwait(false);
                    return new DiagOutcome(reply, null);
                }
                catch (TimeoutException)
                {
                    await OnAttemptTimedOutAsync(p, cancellationToken).ConfigureAwait(false);
                }
            }
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
/// <param name="Clean">False when an attempt timed out or a bad frame arrived during the batch (replies may be shifted).</param>
public sealed record DiagExchange(IReadOnlyList<DiagOutcome> Outcomes, bool Clean);
