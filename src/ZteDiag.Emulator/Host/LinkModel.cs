namespace ZteDiag.Emulator.Host;

/// <summary>
/// Timing of the emulated USB link for DIAG responses. A response to a request that arrived at
/// time <c>a</c> is written at <c>max(a + Latency, previousSendEnd) + bytes / Bandwidth</c>:
/// responses form a queue, so pipelined requests overlap their latency (throughput is then
/// bandwidth-bound) while a stop-and-wait client pays the latency on every request.
/// </summary>
/// <param name="Latency">One-way delay added to every response.</param>
/// <param name="BandwidthBytesPerSecond">Wire speed for responses; 0 = unlimited.</param>
public sealed record LinkModel(TimeSpan Latency, long BandwidthBytesPerSecond)
{
    /// <summary>No delay at all (the default).</summary>
    public static LinkModel None { get; } = new(TimeSpan.Zero, 0);

    /// <summary>True when the model adds no delay.</summary>
    public bool IsNone => Latency <= TimeSpan.Zero && BandwidthBytesPerSecond <= 0;

    /// <summary>Time the wire needs to carry <paramref name="bytes"/> bytes.</summary>
    public TimeSpan TransferTime(int bytes) =>
        BandwidthBytesPerSecond <= 0 ? TimeSpan.Zero : TimeSpan.FromSeconds((double)bytes / BandwidthBytesPerSecond);

    /// <summary>
    /// The moment a response of <paramref name="bytes"/> bytes is fully sent, given when its request
    /// arrived, extra (fault) delay, and when the previous response finished.
    /// </summary>
    public TimeSpan SendEnd(TimeSpan arrival, TimeSpan extraDelay, TimeSpan previousSendEnd, int bytes)
    {
        TimeSpan start = arrival + (Latency > TimeSpan.Zero ? Latency : TimeSpan.Zero) + extraDelay;
        if (previousSendEnd > start)
        {
            start = previousSendEnd;
        }

        return start + TransferTime(bytes);
    }
}
