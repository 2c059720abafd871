namespace ZteDiag.Device.Diag;

/// <summary>
/// How many requests the session keeps in flight: halved on a loss (once per window of requests, so
/// the several losses of one overflow count once), grown back by one per window of clean replies
/// (additive increase) up to the ceiling, never below one. A target that discards requests when its
/// receive queue is full shows up here as losses, so the window settles below its queue size.
/// Not thread-safe: the session calls it under its lock.
/// </summary>
public sealed class CongestionWindow
{
    private readonly int _ceiling;
    private double _size;
    private long _recoveryPoint = -1;

    /// <summary>Creates a window open to <paramref name="ceiling"/>.</summary>
    public CongestionWindow(int ceiling)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(ceiling, 1);
        _ceiling = ceiling;
        _size = ceiling;
    }

    /// <summary>Requests allowed in flight now (at least 1).</summary>
    public int Size => Math.Max(1, (int)_size);

    /// <summary>The ceiling the window grows back to.</summary>
    public int Ceiling => _ceiling;

    /// <summary>True when the window is open to its ceiling.</summary>
    public bool IsFullyOpen => _size >= _ceiling;

    /// <summary>Times the window was halved.</summary>
    public long Halvings { get; private set; }

    /// <summary>
    /// A request sent as frame <paramref name="lostOrdinal"/> was lost, while <paramref name="inFlight"/>
    /// were outstanding and the newest frame sent was <paramref name="newestOrdinal"/>. Losses of frames
    /// sent before the last halving's newest frame belong to the same event and do not halve again.
    /// </summary>
    /// <returns>True when this loss halved the window.</returns>
    public bool OnLoss(long lostOrdinal, long newestOrdinal, int inFlight)
    {
        if (lostOrdinal <= _recoveryPoint)
        {
            return false;
        }

        _recoveryPoint = newestOrdinal;
        double basis = Math.Min(_size, Math.Max(1, inFlight));
        _size = Math.Max(1, basis / 2);
        Halvings++;
        return true;
    }

    /// <summary>A reply arrived for a request sent once: grow by 1/size (one per window of replies).</summary>
    public void OnCleanReply()
    {
        if (_size < _ceiling)
        {
            _size = Math.Min(_ceiling, _size + (1 / _size));
        }
    }
}
