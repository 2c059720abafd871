using System.Globalization;

namespace ZteDiag.Emulator.Host;

/// <summary>
/// The target's DIAG task as a queue: requests wait in a receive queue and are served one at a time,
/// each taking <see cref="ServiceTime"/> (± <see cref="Jitter"/>, seeded). With <see cref="RxQueue"/> set, a
/// request that arrives while that many are already pending (waiting or being served) is discarded
/// unanswered, the way a real DIAG receive buffer overflows when a host floods it. A reply leaves when
/// its request's service ends, then crosses the <see cref="LinkModel"/>. Not thread-safe: one per port server.
/// </summary>
public sealed class DiagTaskModel
{
    private readonly Queue<TimeSpan> _serviceEnds = new();
    private readonly Random _random;
    private TimeSpan _lastEnd;

    /// <summary>Creates the model.</summary>
    /// <param name="rxQueue">Pending requests the target holds; null = unlimited.</param>
    /// <param name="serviceTime">Time the task spends per request.</param>
    /// <param name="jitter">Service time varies uniformly by up to this much either way.</param>
    /// <param name="seed">Seed of the jitter draws.</param>
    public DiagTaskModel(int? rxQueue, TimeSpan serviceTime, TimeSpan jitter, int seed = 1)
    {
        if (rxQueue is < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(rxQueue), "the receive queue holds at least one request");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(serviceTime, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(jitter, TimeSpan.Zero);
        RxQueue = rxQueue;
        ServiceTime = serviceTime;
        Jitter = jitter;
        _random = new Random(seed);
    }

    /// <summary>No queue limit, no service time: every request is answered at once (the default).</summary>
    public static DiagTaskModel Instant => new(null, TimeSpan.Zero, TimeSpan.Zero);

    /// <summary>The <c>--service-time</c> syntax, for <c>--help</c>.</summary>
    public const string ServiceTimeSyntax = "MS[:JITTER], e.g. 2 or 2:1 (milliseconds per request, varying by up to JITTER either way)";

    /// <summary>Pending requests the target holds before it discards new ones; null = unlimited.</summary>
    public int? RxQueue { get; }

    /// <summary>Time per request.</summary>
    public TimeSpan ServiceTime { get; }

    /// <summary>Maximum deviation of the service time.</summary>
    public TimeSpan Jitter { get; }

    /// <summary>Requests discarded because the receive queue was full.</summary>
    public long Discarded { get; private set; }

    /// <summary>Parses <see cref="ServiceTimeSyntax"/>.</summary>
    /// <exception cref="FormatException">Not MS or MS:JITTER with non-negative numbers.</exception>
    public static (TimeSpan Service, TimeSpan Jitter) ParseServiceTime(string spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        string[] parts = spec.Split(':', 2, StringSplitOptions.TrimEntries);
        return (Ms(parts[0]), parts.Length == 2 ? Ms(parts[1]) : TimeSpan.Zero);

        TimeSpan Ms(string v) =>
            double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out double d) && d >= 0 && double.IsFinite(d)
                ? TimeSpan.FromMilliseconds(d)
                : throw new FormatException($"'{spec}' is not {ServiceTimeSyntax}");
    }

    /// <summary>
    /// A request arrives at <paramref name="arrival"/>: returns when its service ends, or null when the
    /// receive queue is full and it is discarded.
    /// </summary>
    public TimeSpan? Admit(TimeSpan arrival)
    {
        while (_serviceEnds.Count > 0 && _serviceEnds.Peek() <= arrival)
        {
            _serviceEnds.Dequeue();
        }

        if (RxQueue is { } limit && _serviceEnds.Count >= limit)
        {
            Discarded++;
            return null;
        }

        TimeSpan start = arrival > _lastEnd ? arrival : _lastEnd;
        TimeSpan service = ServiceTime;
        if (Jitter > TimeSpan.Zero)
        {
            service += Jitter * ((_random.NextDouble() * 2) - 1);
            service = service < TimeSpan.Zero ? TimeSpan.Zero : service;
        }

        _lastEnd = start + service;
        _serviceEnds.Enqueue(_lastEnd);
        return _lastEnd;
    }
}
