using System.Buffers;
using ZteDiag.Protocol.Diag;
using ZteDiag.Protocol.Hdlc;

namespace ZteDiag.Device.Diag;

/// <summary>
/// Pending requests and dispatch of received frames. A DIAG target answers in request order
/// (PROTOCOL.md §3.7), so the session keeps a log of the frames it wrote, in write order, and gives
/// each reply to the first logged frame whose matcher accepts it. That order is also the loss detector:
/// <list type="bullet">
/// <item>a reply that matches a later frame while earlier ones are still waiting means the earlier
/// requests (or their replies) were lost;</item>
/// <item>a frame dropped for a bad CRC or a bad escape means the oldest outstanding reply is gone.</item>
/// </list>
/// A lost request is re-sent at once when <see cref="ResendPolicy"/> and its caller allow it, without
/// waiting for its timer. A frame that was re-sent stays in the log after its request completed, so the
/// second reply (a re-send that was not needed after all) is absorbed as a duplicate, recognised by
/// being byte-identical to the first, instead of being taken for the reply to a later request.
/// </summary>
public sealed partial class DiagSession
{
    private const int SentLogLimit = 1024;
    private readonly List<PendingRequest> _pending = [];
    private readonly LinkedList<SentFrame> _sentLog = new();
    private readonly HdlcDeframer _deframer = new();
    private long _nextOrdinal;

    /// <summary>
    /// Sends <paramref name="requestPayload"/> (an unframed DIAG packet) and returns the matching reply payload.
    /// </summary>
    /// <exception cref="DiagRejectedException">The modem answered with a DIAG error reply echoing this request.</exception>
    /// <exception cref="DiagTimeoutException">No matching reply within the request's timeout (after re-sends, if it is safe to re-send).</exception>
    /// <exception cref="PortException">The port vanished, or it answered AT text or sent our requests back (<see cref="PortErrorKind.NotDiag"/>).</exception>
    /// <exception cref="DiagLinkException">The link failed or the session is broken.</exception>
    public async Task<byte[]> RequestAsync(ReadOnlyMemory<byte> requestPayload, DiagRequestOptions? options, CancellationToken cancellationToken)
    {
        if (requestPayload.IsEmpty)
        {
            throw new ArgumentException("a DIAG request needs at least the command byte", nameof(requestPayload));
        }

        ThrowIfUnusable();
        PendingRequest p = Register(requestPayload, options ?? DiagRequestOptions.Default);
        try
        {
            await SendBatchAsync([p], cancellationToken).ConfigureAwait(false);
            byte[] reply = await AwaitReplyAsync(p, cancellationToken).ConfigureAwait(false);
            await ProbeIfEchoAsync(p.Payload, reply, cancellationToken).ConfigureAwait(false);
            return reply;
        }
        finally
        {
            Unregister(p);
        }
    }

    /// <summary>Sends a request with default options.</summary>
    public Task<byte[]> RequestAsync(ReadOnlyMemory<byte> requestPayload, CancellationToken cancellationToken) =>
        RequestAsync(requestPayload, null, cancellationToken);

    private PendingRequest Register(ReadOnlyMemory<byte> payload, DiagRequestOptions options)
    {
        var p = new PendingRequest(
            payload.ToArray(),
            options,
            options.Matcher ?? DiagMatchers.Default,
            options.Timeout ?? _options.DefaultTimeout,
            options.MaxRetries ?? _options.DefaultMaxRetries,
            options.Name ?? DescribeRequest(payload.Span));
        lock (_lock)
        {
            if (_state != SessionState.Open)
            {
                ThrowIfUnusable();
            }

            _pending.Add(p);
        }

        return p;
    }

    /// <summary>The caller is done with <paramref name="p"/>; its logged frames stay to absorb late replies.</summary>
    private void Unregister(PendingRequest p)
    {
        lock (_lock)
        {
            _pending.Remove(p);
            p.Abandoned = true;
        }
    }

    /// <summary>Called by the writer, under the lock, for each frame just before it is written.</summary>
    private void LogSent(PendingRequest p, long now)
    {
        p.Attempts++;
        p.ResendQueued = false;
        p.LastSentAt = now;
        if (p.FirstSentAt == 0)
        {
            p.FirstSentAt = now;
        }

        p.LastOrdinal = ++_nextOrdinal;
        _sentLog.AddLast(new SentFrame(p, p.LastOrdinal, now));
        if (_sentLog.Count > SentLogLimit)
        {
            PruneLog();
        }
    }

    /// <summary>Drops the oldest frames of requests nobody waits for any more (late replies for them are then strays).</summary>
    private void PruneLog()
    {
        for (LinkedListNode<SentFrame>? n = _sentLog.First; n is not null && _sentLog.Count > SentLogLimit / 2;)
        {
            LinkedListNode<SentFrame>? next = n.Next;
            if (!n.Value.Request.IsWaiting)
            {
                _sentLog.Remove(n);
            }

            n = next;
        }
    }

    private void OnBytes(ReadOnlySpan<byte> chunk)
    {
        if (_probe.OnBytes(chunk) is { } notDiag)
        {
            Break(notDiag);
            return;
        }

        while (!chunk.IsEmpty)
        {
            OperationStatus status = _deframer.Read(chunk, out int consumed);
            chunk = chunk[consumed..];
            if (status == OperationStatus.Done)
            {
                Interlocked.Increment(ref _framesIn);
                Dispatch(_deframer.Payload.ToArray());
            }
            else if (status == OperationStatus.InvalidData)
            {
                Interlocked.Increment(ref _badFrames);
                OnBadFrame();
            }
        }
    }

    /// <summary>A frame was dropped: the oldest outstanding reply is gone (PROTOCOL.md §3.7, replies in request order).</summary>
    private void OnBadFrame()
    {
        PendingRequest? resend = null;
        lock (_lock)
        {
            foreach (SentFrame f in _sentLog)
            {
                if (f.Request.IsWaiting && !f.Skipped && !f.Suspected)
                {
                    f.Suspected = true; // the next bad frame blames the next one
                    resend = AfterLoss(f, isNewest: ReferenceEquals(_sentLog.Last?.Value, f));
                    break;
                }
            }
        }

        if (resend is not null)
        {
            QueueResend(resend, ResendReason.BadFrame);
        }
    }

    private void Dispatch(byte[] frame)
    {
        Trace(FrameDirection.In, frame);
        if (frame.Length == 0)
        {
            return;
        }

        if (_probe.OnFrame(frame) is { } echoing)
        {
            Break(echoing);
            return;
        }

        if (IsUnsolicited(frame[0]))
        {
            Interlocked.Increment(ref _unsolicited);
            return;
        }

        PendingRequest? target = null;
        Exception? error = null;
        List<PendingRequest>? resend = null;
        lock (_lock)
        {
            // in order first: the reply belongs to the oldest frame that accepts it, and every waiting
            // frame before that one was lost; then, for a target that answers out of order after all,
            // the frames already taken for lost
            LinkedListNode<SentFrame>? match = Find(frame, skipped: false, out error) ?? Find(frame, skipped: true, out error);
            if (match is null)
            {
                Interlocked.Increment(ref _unmatched);
                return;
            }

            if (!match.Value.Skipped)
            {
                resend = SkipBefore(match);
            }

            SentFrame sent = match.Value;
            if (!sent.Request.IsWaiting)
            {
                NoteRobbed(match, frame);
            }

            _sentLog.Remove(match);
            PendingRequest p = sent.Request;
            if (!p.IsWaiting)
            {
                Interlocked.Increment(ref _duplicates); // the second reply to a re-sent request, or a late one
            }
            else
            {
                target = p;
                p.Reply = frame;
                _pending.Remove(p);
                if (p.Attempts == 1)
                {
                    // Karn: only a request sent once tells which copy was answered
                    _rto.Sample(_options.TimeProvider.GetElapsedTime(sent.SentAt));
                    _window.OnCleanReply();
                }

                ForgetSkipped(p);
                SettleCopies(p);
            }
        }

        if (target is not null)
        {
            if (error is not null)
            {
                target.Completion.TrySetException(error);
            }
            else
            {
                target.Completion.TrySetResult(frame);
            }
        }

        foreach (PendingRequest p in resend ?? [])
        {
            QueueResend(p, ResendReason.LaterReplyFirst);
        }
    }

    /// <summary>The first logged frame (skipped or not, as asked) that <paramref name="frame"/> answers.</summary>
    private LinkedListNode<SentFrame>? Find(byte[] frame, bool skipped, out Exception? error)
    {
        error = null;
        bool isError = DiagReply.IsErrorCode(frame[0]);
        ReadOnlySpan<byte> echo = isError ? frame.AsSpan(1) : default;
        for (LinkedListNode<SentFrame>? n = _sentLog.First; n is not null; n = n.Next)
        {
            SentFrame f = n.Value;
            if (f.Skipped != skipped || (skipped && !f.Request.IsWaiting))
            {
                continue;
            }

            PendingRequest p = f.Request;
            if (p.Reply is { } first)
            {
                if (first.AsSpan().SequenceEqual(frame))
                {
                    return n; // the duplicate of a reply already handed over
                }

                continue;
            }

            if (p.Matcher(p.Payload, frame))
            {
                return n;
            }

            if (isError && (echo.IsEmpty ? p.IsWaiting : p.Payload.AsSpan().StartsWith(echo)))
            {
                error = new DiagRejectedException((DiagStatus)frame[0], p.Name, echo.ToArray());
                return n;
            }
        }

        return null;
    }

    /// <summary>Every frame before <paramref name="match"/> was lost; returns the requests to re-send at once.</summary>
    private List<PendingRequest>? SkipBefore(LinkedListNode<SentFrame> match)
    {
        List<PendingRequest>? resend = null;
        for (LinkedListNode<SentFrame>? n = _sentLog.First; n is not null && n != match;)
        {
            LinkedListNode<SentFrame>? next = n.Next;
            SentFrame f = n.Value;
            if (!f.Request.IsWaiting)
            {
                _sentLog.Remove(n); // its reply came already (or nobody waits for it): nothing more will come
            }
            else if (!f.Skipped)
            {
                f.Skipped = true;
                if (AfterLoss(f, isNewest: false) is { } p)
                {
                    (resend ??= []).Add(p);
                }
            }

            n = next;
        }

        return resend;
    }

    /// <summary>
    /// Books the loss of <paramref name="lost"/> (window, counters) and returns its request when it is to be
    /// re-sent at once: allowed by its caller and <see cref="ResendPolicy"/>, retries left, no copy of it
    /// still outstanding, and (for a memoized request) nothing sent after it. A request that is not re-sent at
    /// once and asked to give up on a loss (<see cref="DiagRequestOptions.GiveUpOnLoss"/>) fails here.
    /// </summary>
    private PendingRequest? AfterLoss(SentFrame lost, bool isNewest)
    {
        Interlocked.Increment(ref _lossesDetected);
        if (_window.OnLoss(lost.Ordinal, _nextOrdinal, _pending.Count))
        {
            Interlocked.Increment(ref _windowShrinks);
        }

        PendingRequest p = lost.Request;
        if (p.ResendQueued || HasLiveCopyAfter(lost))
        {
            return null; // another copy is on its way
        }

        PendingRequest? now = !p.MayResend ? null : p.Safety switch
        {
            ResendSafety.Idempotent => p,
            ResendSafety.Memoized when isNewest => p,
            _ => null, // its timer decides
        };
        if (now is null && p.Options.GiveUpOnLoss)
        {
            // its caller starts over rather than wait a timer for a re-send that would run it a second time
            p.Completion.TrySetException(new DiagReplyLostException($"{p.Name}: the reply from {Description} was lost"));
        }

        return now;
    }

    private bool HasLiveCopyAfter(SentFrame lost)
    {
        bool after = false;
        foreach (SentFrame f in _sentLog)
        {
            if (ReferenceEquals(f, lost))
            {
                after = true;
            }
            else if (after && ReferenceEquals(f.Request, lost.Request) && !f.Skipped && !f.Suspected)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// A copy of an answered request took <paramref name="frame"/> as its duplicate reply; when a waiting request
    /// sent after it accepts the same bytes, the frame may have been that request's reply instead (replies without
    /// an echoed field, e.g. two LSTATs of directories with the same mode and times, are byte-identical). It is
    /// booked on that request: when it completes, one copy fewer of it waits for a reply.
    /// </summary>
    private void NoteRobbed(LinkedListNode<SentFrame> absorber, byte[] frame)
    {
        for (LinkedListNode<SentFrame>? n = absorber.Next; n is not null; n = n.Next)
        {
            PendingRequest r = n.Value.Request;
            if (r.IsWaiting && !n.Value.Skipped && r.Matcher(r.Payload, frame))
            {
                r.Robbed++;
                return;
            }
        }
    }

    /// <summary>
    /// After <paramref name="p"/> got its reply, its other copies stay logged to absorb their own replies, but one
    /// fewer for each reply another copy may have taken from it (<see cref="NoteRobbed"/>): that reply answered one
    /// of its copies. Without this, a copy kept wrongly takes the next identical reply for a duplicate, that request
    /// needs a re-send and keeps a copy of its own: a cascade costing a retransmission timeout per request, and a
    /// give-up once a second loss adds a copy. (A copy blamed for a bad frame is kept: the bad frame may have been
    /// a log frame, not its reply.)
    /// </summary>
    private void SettleCopies(PendingRequest p)
    {
        int answeredElsewhere = p.Robbed;
        for (LinkedListNode<SentFrame>? n = _sentLog.First; n is not null && answeredElsewhere > 0;)
        {
            LinkedListNode<SentFrame>? next = n.Next;
            if (ReferenceEquals(n.Value.Request, p))
            {
                _sentLog.Remove(n);
                answeredElsewhere--;
            }

            n = next;
        }
    }

    /// <summary>Frames of <paramref name="p"/> already taken for lost will never be answered: drop them.</summary>
    private void ForgetSkipped(PendingRequest p)
    {
        for (LinkedListNode<SentFrame>? n = _sentLog.First; n is not null;)
        {
            LinkedListNode<SentFrame>? next = n.Next;
            if (ReferenceEquals(n.Value.Request, p) && n.Value.Skipped)
            {
                _sentLog.Remove(n);
            }

            n = next;
        }
    }

    /// <summary>Log (0x10), messages (0x1F, 0x79, 0x7E) and events (0x60) arrive without being asked for.</summary>
    private static bool IsUnsolicited(byte code) => code is
        (byte)DiagCommand.Log or (byte)DiagCommand.Msg or (byte)DiagCommand.ExtMsg
        or (byte)DiagCommand.ExtMsgTerse or (byte)DiagCommand.EventReport;

    private static string DescribeRequest(ReadOnlySpan<byte> payload)
    {
        byte code = payload[0];
        if (code is (byte)DiagCommand.SubsysCmd or (byte)DiagCommand.SubsysCmdV2 && payload.Length >= SubsysHeader.Size)
        {
            return $"DIAG subsystem {payload[1]} command {payload[2] | (payload[3] << 8)}";
        }

        return Enum.IsDefined((DiagCommand)code) ? $"DIAG {(DiagCommand)code}" : $"DIAG command 0x{code:X2}";
    }

    /// <summary>One request and its fate. Mutable fields are guarded by the session lock.</summary>
    private sealed class PendingRequest(
        byte[] payload, DiagRequestOptions options, DiagResponseMatcher matcher, TimeSpan timeout, int maxRetries, string name)
    {
        public byte[] Payload { get; } = payload;

        public DiagRequestOptions Options { get; } = options;

        public DiagResponseMatcher Matcher { get; } = matcher;

        /// <summary>The give-up limit, counted from the first send.</summary>
        public TimeSpan Timeout { get; } = timeout;

        public int MaxRetries { get; } = maxRetries;

        public string Name { get; } = name;

        public ResendSafety Safety { get; } = ResendPolicy.Classify(payload);

        /// <summary>Allowed by the caller and not forbidden by the table, with re-sends left.</summary>
        public bool MayResend => Options.SafeToRetry && Safety != ResendSafety.Never && Attempts <= MaxRetries;

        /// <summary>Frames written for it so far.</summary>
        public int Attempts { get; set; }

        public long FirstSentAt { get; set; }

        public long LastSentAt { get; set; }

        /// <summary>Write-order number of its newest frame.</summary>
        public long LastOrdinal { get; set; }

        /// <summary>Retransmission timer expiries (each doubles its RTO).</summary>
        public int Backoff { get; set; }

        /// <summary>A re-send is queued and not written yet.</summary>
        public bool ResendQueued { get; set; }

        /// <summary>The reply handed over (kept to recognise its duplicate).</summary>
        public byte[]? Reply { get; set; }

        /// <summary>Its caller stopped waiting (done, timed out or cancelled).</summary>
        public bool Abandoned { get; set; }

        public bool IsWaiting => Reply is null && !Abandoned;

        /// <summary>Frames a copy of another, answered request took as its duplicate although this one accepted them.</summary>
        public int Robbed { get; set; }

        public TaskCompletionSource<byte[]> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    /// <summary>One frame written, in write order.</summary>
    private sealed class SentFrame(PendingRequest request, long ordinal, long sentAt)
    {
        public PendingRequest Request { get; } = request;

        public long Ordinal { get; } = ordinal;

        public long SentAt { get; } = sentAt;

        /// <summary>A reply to a later frame came first: this one was lost.</summary>
        public bool Skipped { get; set; }

        /// <summary>A bad frame was blamed on this one.</summary>
        public bool Suspected { get; set; }
    }
}
