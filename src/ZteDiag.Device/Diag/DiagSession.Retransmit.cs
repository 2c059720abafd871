namespace ZteDiag.Device.Diag;

/// <summary>Why a request was sent again.</summary>
public enum ResendReason
{
    /// <summary>A reply to a later request arrived first (replies come in request order).</summary>
    LaterReplyFirst,

    /// <summary>A frame was dropped for a bad CRC or escape: the oldest outstanding reply.</summary>
    BadFrame,

    /// <summary>Its retransmission timer (the adaptive RTO) ran out.</summary>
    Timeout,
}

/// <summary>A request the session sent again (raised for --trace).</summary>
/// <param name="Name">The request's name ("EFS read /nv/item_files/…").</param>
/// <param name="Reason">Why.</param>
/// <param name="Attempt">Which send this is (2 = the first re-send).</param>
public readonly record struct DiagResend(string Name, ResendReason Reason, int Attempt);

/// <summary>
/// Waiting for one reply: the adaptive retransmission timer (<see cref="RetransmitTimer"/>) re-sends a
/// request that is safe to re-send when its reply is overdue; the request's own timeout (the CLI's
/// <c>--timeout</c>) is the give-up limit, counted from its first send. Losses seen by the reader
/// re-send at once (<see cref="DiagSession"/>.Matching), without waiting for the timer.
/// </summary>
public sealed partial class DiagSession
{
    private long _resentLaterReply, _resentBadFrame, _resentTimeout, _duplicates, _lossesDetected;
    private long _lastBackoffAt; // timestamp of the last RTO doubling (guarded by _lock)

    /// <summary>Raised (on the reader or a pool thread) for every re-sent request. Handlers must be quick.</summary>
    public event Action<DiagResend>? Resent;

    /// <summary>Waits for the reply of a request already sent, re-sending it on its timer when allowed.</summary>
    private async Task<byte[]> AwaitReplyAsync(PendingRequest p, CancellationToken cancellationToken)
    {
        TimeProvider clock = _options.TimeProvider;
        while (true)
        {
            TimeSpan giveUpIn, resendIn;
            lock (_lock)
            {
                giveUpIn = p.Timeout - clock.GetElapsedTime(p.FirstSentAt);

                // A re-send the reader queued is about to go out: its own timer starts then, so wait one RTO
                // from now, not the give-up limit (that copy may be lost too).
                resendIn = !p.MayResend ? giveUpIn
                    : p.ResendQueued ? RetransmitTimeout(p)
                    : RetransmitTimeout(p) - clock.GetElapsedTime(p.LastSentAt);
            }

            TimeSpan wait = resendIn < giveUpIn ? resendIn : giveUpIn;
            try
            {
                return await p.Completion.Task.WaitAsync(wait > TimeSpan.Zero ? wait : TimeSpan.Zero, clock, cancellationToken)
                    .ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                // below
            }

            if (p.Completion.Task.IsCompleted)
            {
                continue; // raced with the reply
            }

            Interlocked.Increment(ref _timeouts);
            if (_probe.AtTimeout() is { } notDiag)
            {
                throw Break(notDiag);
            }

            lock (_lock)
            {
                if (clock.GetElapsedTime(p.FirstSentAt) >= p.Timeout)
                {
                    string tries = p.Attempts == 1 ? "" : $" ({p.Attempts} attempts)";
                    throw new DiagTimeoutException(
                        $"{p.Name}: no reply from {Description} within {p.Timeout.TotalSeconds:0.###} s{tries}", p.Timeout, p.Attempts);
                }

                if (!p.MayResend || p.ResendQueued || clock.GetElapsedTime(p.LastSentAt) < RetransmitTimeout(p))
                {
                    continue; // a re-send went out meanwhile, or there is nothing to do but wait
                }

                p.Backoff++;

                // One backoff per loss episode, as with one timer per connection: when a stall makes every
                // request in flight expire at once, doubling once per request would push the RTO to the
                // give-up limit and the next lost reply would get no re-send at all.
                long now = clock.GetTimestamp();
                if (_lastBackoffAt == 0 || clock.GetElapsedTime(_lastBackoffAt, now) >= _rto.Current)
                {
                    _rto.Expired();
                    _lastBackoffAt = now;
                }
                if (_window.OnLoss(p.LastOrdinal, _nextOrdinal, _pending.Count))
                {
                    Interlocked.Increment(ref _windowShrinks);
                }

                p.ResendQueued = true;
            }

            await ResendAsync(p, ResendReason.Timeout, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// The RTO for <paramref name="p"/>: the session's, doubled per expiry of its own timer, at most a third of
    /// its give-up limit, so a request that may be re-sent is re-sent at least twice before it is given up.
    /// </summary>
    private TimeSpan RetransmitTimeout(PendingRequest p)
    {
        TimeSpan rto = _rto.Current * Math.Pow(2, Math.Min(p.Backoff, 16));
        TimeSpan cap = p.Timeout / 3;
        return rto < cap ? rto : cap;
    }

    /// <summary>Re-sends from the reader's side (without blocking the reader); a failed write breaks the session itself.</summary>
    private void QueueResend(PendingRequest p, ResendReason reason)
    {
        lock (_lock)
        {
            if (!p.IsWaiting || p.ResendQueued)
            {
                return;
            }

            p.ResendQueued = true;
        }

        _ = Task.Run(async () =>
        {
            try
            {
                await ResendAsync(p, reason, CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is ZteDiagException or ObjectDisposedException or OperationCanceledException)
            {
                // the session broke or closed: every waiter learns it from there
            }
        });
    }

    private async Task ResendAsync(PendingRequest p, ResendReason reason, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _retries);
        switch (reason)
        {
            case ResendReason.LaterReplyFirst:
                Interlocked.Increment(ref _resentLaterReply);
                break;
            case ResendReason.BadFrame:
                Interlocked.Increment(ref _resentBadFrame);
                break;
            default:
                Interlocked.Increment(ref _resentTimeout);
                break;
        }

        Resent?.Invoke(new DiagResend(p.Name, reason, p.Attempts + 1));
        try
        {
            await SendBatchAsync([p], cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            lock (_lock)
            {
                p.ResendQueued = false;
            }
        }
    }
}
