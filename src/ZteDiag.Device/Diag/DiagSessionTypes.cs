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
public enum TraceDirection
{
    /// <summary>Host to modem (request payload, unframed).</summary>
    Out,

    /// <summary>Modem to host (deframed payload, CRC checked).</summary>
    In,
}

/// <summary>Receives a copy of a traced frame payload.</summary>
public delegate void FrameTraceHandler(TraceDirection direction, ReadOnlyMemory<byte> payload);

/// <summary>Session-wide settings.</summary>
public sealed record DiagSessionOptions
{
    /// <summary>Per-attempt reply timeout when a request does not set one (PROTOCOL.md §1.7: peers use 3–5 s).</summary>
    public TimeSpan DefaultTimeout { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>Re-sends after a timeout for requests marked SafeToRetry.</summary>
    public int DefaultMaxRetries { get; init; } = 2;

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
/// <param name="UnmatchedSkipped">Other frames no pending request wanted (late duplicates, strays).</param>
/// <param name="Timeouts">Attempts that timed out.</param>
/// <param name="Retries">Re-sends after a timeout.</param>
/// <param name="WindowShrinks">Times a pipeline fell back to stop-and-wait.</param>
public readonly record struct DiagSessionStats(
    long FramesOut,
    long FramesIn,
    long BadFrames,
    long UnsolicitedSkipped,
    long UnmatchedSkipped,
    long Timeouts,
    long Retries,
    long WindowShrinks);
