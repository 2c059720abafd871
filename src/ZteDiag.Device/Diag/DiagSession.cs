using ZteDiag.Device.Links;
using ZteDiag.Protocol.Hdlc;

namespace ZteDiag.Device.Diag;

/// <summary>
/// The one DIAG request stream of a port. Owns the link, frames requests, runs a background reader
/// that deframes and dispatches replies to pending requests in request order, detects lost replies
/// from that order and re-sends at once what is safe to re-send (<see cref="ResendPolicy"/>), times
/// the rest with an adaptive retransmission timer (<see cref="RetransmitTimer"/>) under each request's
/// give-up limit, skips unsolicited frames, detects a port that answers AT text or sends our own
/// requests back (<see cref="DiagPortProbe"/>), and can keep several requests in flight under a
/// window that adapts to losses (<see cref="CongestionWindow"/>) (<see cref="PipelineAsync(IEnumerable{PipelinedRequest}, int, Func{byte[], ValueTask}, CancellationToken)"/>).
/// Once broken (link failure, not a DIAG port) it stays broken and every call fails with the first reason.
/// </summary>
public sealed partial class DiagSession : IAsyncDisposable
{
    private readonly IDiagLink _link;
    private readonly DiagSessionOptions _options;
    private readonly CancellationTokenSource _readerCts = new();
    private readonly Task _reader;
    private readonly Lock _lock = new();
    private ZteDiagException? _breakReason;
    private SessionState _state = SessionState.Open;
    private readonly DiagPortProbe _probe;
    private readonly RetransmitTimer _rto;
    private readonly CongestionWindow _window;
    private long _framesOut, _framesIn, _badFrames, _unsolicited, _unmatched, _timeouts, _retries, _windowShrinks;

    /// <summary>Starts a session over <paramref name="link"/>; the session owns and disposes it.</summary>
    public DiagSession(IDiagLink link, DiagSessionOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(link);
        _link = link;
        _options = options ?? new DiagSessionOptions();
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(_options.DefaultTimeout, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfNegative(_options.DefaultMaxRetries);
        _probe = new DiagPortProbe(link.Description);
        TimeSpan floor = _options.MinRetransmitTimeout;
        TimeSpan ceiling = _options.DefaultTimeout > floor ? _options.DefaultTimeout : floor;
        _rto = new RetransmitTimer(floor, ceiling, _options.DefaultTimeout / 4);
        _window = new CongestionWindow(_options.MaxWindow);
        _reader = Task.Run(() => ReadLoopAsync(_readerCts.Token));
    }

    /// <summary>
    /// Raised with a copy of every request payload (Out) and every good received payload (In).
    /// Costs nothing while nobody subscribes. Handlers run on the sending or reader thread and must be quick.
    /// </summary>
    public event FrameTraceHandler? FrameTraced;

    /// <summary>Open, Broken or Closed.</summary>
    public SessionState State
    {
        get
        {
            lock (_lock)
            {
                return _state;
            }
        }
    }

    /// <summary>Why the session broke (null while open).</summary>
    public ZteDiagException? BreakReason
    {
        get
        {
            lock (_lock)
            {
                return _breakReason;
            }
        }
    }

    /// <summary>Where the session's link goes.</summary>
    public string Description => _link.Description;

    /// <summary>A snapshot of the counters and of the adaptive state (window, RTT, RTO).</summary>
    public DiagSessionStats Stats
    {
        get
        {
            int window;
            TimeSpan? srtt;
            TimeSpan rttvar, rto;
            lock (_lock)
            {
                window = _window.Size;
                srtt = _rto.SmoothedRtt;
                rttvar = _rto.RttVariation;
                rto = _rto.Current;
            }

            return new DiagSessionStats(
                Interlocked.Read(ref _framesOut),
                Interlocked.Read(ref _framesIn),
                Interlocked.Read(ref _badFrames),
                Interlocked.Read(ref _unsolicited),
                Interlocked.Read(ref _unmatched),
                Interlocked.Read(ref _timeouts),
                Interlocked.Read(ref _retries),
                Interlocked.Read(ref _windowShrinks))
            {
                ResentLaterReplyFirst = Interlocked.Read(ref _resentLaterReply),
                ResentBadFrame = Interlocked.Read(ref _resentBadFrame),
                ResentTimeout = Interlocked.Read(ref _resentTimeout),
                DuplicatesAbsorbed = Interlocked.Read(ref _duplicates),
                LossesDetected = Interlocked.Read(ref _lossesDetected),
                Window = window,
                SmoothedRtt = srtt,
                RttVariation = rttvar,
                RetransmitTimeout = rto,
            };
        }
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        PendingRequest[] orphans;
        lock (_lock)
        {
            if (_state == SessionState.Closed)
            {
                return;
            }

            _state = SessionState.Closed;
            orphans = [.. _pending];
            _pending.Clear();
        }

        var closed = new DiagLinkException($"the DIAG session on {Description} was closed");
        foreach (PendingRequest p in orphans)
        {
            p.Completion.TrySetException(closed);
        }

        await _readerCts.CancelAsync().ConfigureAwait(false);
        await _link.DisposeAsync().ConfigureAwait(false);
        try
        {
            await _reader.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // expected
        }

        _readerCts.Dispose();
    }

    /// <summary>
    /// The one route for "this session can no longer be used": sets Broken once, keeps the first
    /// reason, fails every pending request with it, stops the reader, and returns the first reason so
    /// call sites read <c>throw Break(...)</c>.
    /// </summary>
    /// <summary>
    /// Ends the session because a reply it matched to <paramref name="what"/> cannot be read: the modem no
    /// longer answers in the layouts this client knows, or the stream lost its sync, so no later reply can be
    /// trusted either. Every waiting request fails with the same reason; returns it for the caller to throw.
    /// </summary>
    public ZteDiagException BreakOnUnreadableReply(string what, string? detail = null) =>
        Break(new DiagLinkException(
            $"{what}: the modem's reply could not be read{(detail is null ? "" : $" ({detail})")}; the DIAG session on {Description} is closed, since later replies cannot be trusted either"));

    private ZteDiagException Break(ZteDiagException reason)
    {
        PendingRequest[] failed;
        lock (_lock)
        {
            if (_breakReason is not null)
            {
                return _breakReason;
            }

            if (_state == SessionState.Closed)
            {
                return reason;
            }

            _breakReason = reason;
            _state = SessionState.Broken;
            failed = [.. _pending];
            _pending.Clear();
        }

        foreach (PendingRequest p in failed)
        {
            p.Completion.TrySetException(reason);
        }

        try
        {
            _readerCts.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // closing concurrently
        }

        return reason;
    }

    private void ThrowIfUnusable()
    {
        lock (_lock)
        {
            switch (_state)
            {
                case SessionState.Closed:
                    throw new ObjectDisposedException(nameof(DiagSession), $"the DIAG session on {Description} was closed");
                case SessionState.Broken:
                    throw new DiagLinkException($"the DIAG session on {Description} is broken: {_breakReason!.Message}", _breakReason);
            }
        }
    }

    private async Task ReadLoopAsync(CancellationToken cancellationToken)
    {
        var buffer = new byte[16 * 1024];
        try
        {
            while (true)
            {
                int n = await _link.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
                if (n == 0)
                {
                    Break(new DiagLinkException($"{Description} closed the connection", null, isTransient: true));
                    return;
                }

                OnBytes(buffer.AsSpan(0, n));
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // disposed or broken
        }
        catch (ZteDiagException ex)
        {
            Break(ex);
        }
        catch (Exception ex) when (LinkIo.IsFailure(ex))
        {
            Break(LinkIo.Failed($"reading from {Description}", ex));
        }
    }

    private void Trace(FrameDirection direction, ReadOnlySpan<byte> payload)
    {
        FrameTraceHandler? handler = FrameTraced;
        handler?.Invoke(direction, payload.ToArray());
    }
}
