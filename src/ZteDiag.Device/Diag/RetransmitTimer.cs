namespace ZteDiag.Device.Diag;

/// <summary>
/// The retransmission timeout of one session, RFC 6298 style: SRTT and RTTVAR from round trips of
/// requests sent once (Karn: a re-sent request's reply could answer either copy), RTO = SRTT +
/// max(granularity, 4·RTTVAR) clamped to [floor, ceiling], doubled on every timer expiry until the
/// next clean sample. Not thread-safe: the session calls it under its lock.
/// </summary>
public sealed class RetransmitTimer
{
    private static readonly TimeSpan Granularity = TimeSpan.FromMilliseconds(1);
    private readonly TimeSpan _floor;
    private readonly TimeSpan _ceiling;
    private TimeSpan _rto;
    private int _backoff;

    /// <summary>Creates the timer.</summary>
    /// <param name="floor">Lowest RTO (a pty answers in well under a millisecond, but a loaded host stalls for tens).</param>
    /// <param name="ceiling">Highest RTO (the give-up limit of one request).</param>
    /// <param name="initial">RTO before the first sample.</param>
    public RetransmitTimer(TimeSpan floor, TimeSpan ceiling, TimeSpan initial)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(floor, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(ceiling, floor);
        _floor = floor;
        _ceiling = ceiling;
        _rto = Clamp(initial);
    }

    /// <summary>Smoothed round-trip time, or null before the first sample.</summary>
    public TimeSpan? SmoothedRtt { get; private set; }

    /// <summary>Round-trip time variation (RTTVAR).</summary>
    public TimeSpan RttVariation { get; private set; }

    /// <summary>Round trips measured so far.</summary>
    public long Samples { get; private set; }

    /// <summary>The current RTO, including the backoff.</summary>
    public TimeSpan Current => Clamp(_rto * Math.Pow(2, _backoff));

    /// <summary>Feeds the round trip of a request that was sent once; ends any backoff.</summary>
    public void Sample(TimeSpan rtt)
    {
        if (rtt < TimeSpan.Zero)
        {
            return;
        }

        if (SmoothedRtt is not { } srtt)
        {
            SmoothedRtt = rtt;
            RttVariation = rtt / 2;
        }
        else
        {
            TimeSpan delta = (srtt - rtt).Duration();
            RttVariation = (RttVariation * 3 / 4) + (delta / 4);
            SmoothedRtt = (srtt * 7 / 8) + (rtt / 8);
        }

        Samples++;
        _backoff = 0;
        TimeSpan spread = RttVariation * 4;
        _rto = Clamp(SmoothedRtt.Value + (spread > Granularity ? spread : Granularity));
    }

    /// <summary>A retransmission timer ran out: double the RTO (up to the ceiling) until the next sample.</summary>
    public void Expired()
    {
        if (Current < _ceiling)
        {
            _backoff++;
        }
    }

    private TimeSpan Clamp(TimeSpan t) => t < _floor ? _floor : t > _ceiling ? _ceiling : t;
}
