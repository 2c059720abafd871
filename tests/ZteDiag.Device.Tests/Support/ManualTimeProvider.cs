namespace ZteDiag.Device.Tests.Support;

/// <summary>
/// A clock that moves only when the test says so. Timers fire inside <see cref="Advance"/>; tests wait
/// for the code under test to arm a timer (<see cref="WaitForTimerAsync"/>) instead of sleeping.
/// </summary>
internal sealed class ManualTimeProvider : TimeProvider
{
    private readonly Lock _lock = new();
    private readonly List<Timer> _timers = [];
    private DateTimeOffset _now = new(2026, 12, 2, 14, 29, 0, TimeSpan.Zero);
    private TaskCompletionSource _armed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public override DateTimeOffset GetUtcNow()
    {
        lock (_lock)
        {
            return _now;
        }
    }

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override long GetTimestamp() => GetUtcNow().UtcTicks;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var t = new Timer(this, callback, state);
        t.Change(dueTime, period);
        return t;
    }

    /// <summary>Waits until a live timer armed for exactly <paramref name="due"/> from its start exists.</summary>
    public Task WaitForTimerAsync(TimeSpan due, CancellationToken ct) => WaitForTimersAsync(due, 1, ct);

    /// <summary>Waits until <paramref name="count"/> live timers armed for exactly <paramref name="due"/> exist.</summary>
    public async Task WaitForTimersAsync(TimeSpan due, int count, CancellationToken ct)
    {
        while (true)
        {
            Task armed;
            lock (_lock)
            {
                if (_timers.Count(t => t.Duration == due) >= count)
                {
                    return;
                }

                armed = _armed.Task;
            }

            await armed.WaitAsync(ct);
        }
    }

    /// <summary>Waits until some timer is live and returns how far the clock must move for the first one to fire.</summary>
    public async Task<TimeSpan> WaitForNextTimerAsync(CancellationToken ct)
    {
        while (true)
        {
            Task armed;
            lock (_lock)
            {
                if (_timers.Count > 0)
                {
                    return _timers.Min(t => t.DueAt) - _now;
                }

                armed = _armed.Task;
            }

            await armed.WaitAsync(ct);
        }
    }

    /// <summary>Moves the clock and fires the timers that fall due.</summary>
    public void Advance(TimeSpan by)
    {
        List<Timer> due;
        lock (_lock)
        {
            _now += by;
            due = _timers.Where(t => t.DueAt <= _now).ToList();
            foreach (Timer t in due)
            {
                _timers.Remove(t);
            }
        }

        foreach (Timer t in due)
        {
            t.Fire();
        }
    }

    private void Arm(Timer t, TimeSpan due)
    {
        TaskCompletionSource signal;
        lock (_lock)
        {
            _timers.Remove(t);
            if (due == Timeout.InfiniteTimeSpan)
            {
                return;
            }

            t.Duration = due;
            t.DueAt = _now + due;
            _timers.Add(t);
            signal = _armed;
            _armed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        signal.TrySetResult();
    }

    private void Disarm(Timer t)
    {
        lock (_lock)
        {
            _timers.Remove(t);
        }
    }

    private sealed class Timer(ManualTimeProvider owner, TimerCallback callback, object? state) : ITimer
    {
        public TimeSpan Duration { get; set; }

        public DateTimeOffset DueAt { get; set; }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            owner.Arm(this, dueTime); // periodic timers are not needed by the code under test
            return true;
        }

        public void Fire() => callback(state);

        public void Dispose() => owner.Disarm(this);

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
