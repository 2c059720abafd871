namespace ZteDiag.Device.Diag;

/// <summary>Lifecycle of a <see cref="DiagSession"/>. Broken is final: reopen the port for a new session.</summary>
public enum SessionState
{
    /// <summary>Usable.</summary>
    Open,

    /// <summary>The link failed or the port is not a DIAG port; every call fails with the first reason.</summary>
    Broken,

    /// <summary>Disposed.</summary>
    Closed,
}

/// <summary>Direction of a traced frame.</summary>
public enum FrameDirection
{
    /// <summary>Host to modem (request payload, unframed).</summary>
    Out,

    /// <summary>Modem to host (deframed payload, CRC checked).</summary>
    In,
}

/// <summary>Receives a copy of a traced frame payload.</summary>
public delegate void FrameTraceHandler(FrameDirection direction, ReadOnlyMemory<byte> payload);

/// <summary>Session-wide settings.</summary>
public sealed record DiagSessionOptions
{
    /// <summary>
    /// Give-up limit for one request when it does not set one, counted from its first send (PROTOCOL.md §1.7:
    /// peers use 3–5 s). Not the retransmission timer: that one adapts to the measured round trips.
    /// </summary>
    public TimeSpan DefaultTimeout { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>Re-sends allowed per request marked SafeToRetry (after a detected loss or its retransmission timer).</summary>
    public int DefaultMaxRetries { get; init; } = 4;

    /// <summary>
    /// Floor of the adaptive retransmission timeout. A pty or a USB modem answers in a few milliseconds, but
    /// a loaded host stalls a process for tens of them and an EFS write may take a flash erase; below this a
    /// re-send would mostly be a duplicate.
    /// </summary>
    public TimeSpan MinRetransmitTimeout { get; init; } = TimeSpan.FromMilliseconds(50);

    /// <summary>Ceiling of the congestion window (a pipeline's own window caps it further).</summary>
    public int MaxWindow { get; init; } = 64;

    /// <summary>Send one 0x7E before the first request so the modem drops any AT junk (PROTOCOL.md §1.3).</summary>
    public bool LeadingFlushFlag { get; init; } = true;

    /// <summary>Clock for timeouts (tests may pass a fake one).</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;
}

/// <summary>A request for <see cref="DiagSession.PipelineAsync(IEnumerable{PipelinedRequest}, int, Func{byte[], ValueTask}, CancellationToken)"/>.</summary>
/// <param name="Payload">The unframed DIAG request.</param>
/// <param name="Options">Matching/timeout/retry; null = <see cref="DiagRequestOptions.Default"/>.</param>
public sealed record PipelinedRequest(ReadOnlyMemory<byte> Payload, DiagRequestOptions? Options = null);

/// <summary>Counters of one session (a snapshot).</summary>
/// <param name="FramesOut">Frames written.</param>
/// <param name="FramesIn">Good frames received.</param>
/// <param name="BadFrames">Frames dropped for bad CRC, bad escape, too short or too long.</param>
/// <param name="UnsolicitedSkipped">Log/message/event frames skipped.</param>
/// <param name="UnmatchedSkipped">Other frames no request wanted (strays).</param>
/// <param name="Timeouts">Retransmission timers (or give-up limits) that ran out.</param>
/// <param name="Retries">Requests re-sent, for any reason.</param>
/// <param name="WindowShrinks">Times the congestion window was halved.</param>
public readonly record struct DiagSessionStats(
    long FramesOut,
    long FramesIn,
    long BadFrames,
    long UnsolicitedSkipped,
    long UnmatchedSkipped,
    long Timeouts,
    long Retries,
    long WindowShrinks)
{
    /// <summary>Re-sent because a reply to a later request came first.</summary>
    public long ResentLaterReplyFirst { get; init; }

    /// <summary>Re-sent because a bad frame took the oldest outstanding reply.</summary>
    public long ResentBadFrame { get; init; }

    /// <summary>Re-sent because the retransmission timer ran out.</summary>
    public long ResentTimeout { get; init; }

    /// <summary>Second replies to re-sent requests, recognised and dropped.</summary>
    public long DuplicatesAbsorbed { get; init; }

    /// <summary>Losses seen (a skipped reply or a bad frame), whether re-sent or not.</summary>
    public long LossesDetected { get; init; }

    /// <summary>The congestion window now.</summary>
    public int Window { get; init; }

    /// <summary>Smoothed round-trip time, or null before the first measured reply.</summary>
    public TimeSpan? SmoothedRtt { get; init; }

    /// <summary>Round-trip time variation.</summary>
    public TimeSpan RttVariation { get; init; }

    /// <summary>The retransmission timeout now.</summary>
    public TimeSpan RetransmitTimeout { get; init; }
}
