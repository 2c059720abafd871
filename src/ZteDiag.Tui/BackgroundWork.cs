namespace ZteDiag.Tui;

/// <summary>
/// The token source of one piece of background work: cancelled from the UI thread when the work is replaced
/// (its callbacks then run on the pool, never inline on the UI thread), disposed by the work's own task when
/// it ends. A cancel that comes after the end finds nothing to do.
/// </summary>
internal sealed class BackgroundWork : IDisposable
{
    private readonly CancellationTokenSource _cts = new();
    private volatile bool _cancelled;

    public BackgroundWork() => Token = _cts.Token;

    /// <summary>The work's token (taken before the source can be disposed).</summary>
    public CancellationToken Token { get; }

    /// <summary>True once <see cref="Cancel"/> was called.</summary>
    public bool IsCancelled => _cancelled;

    /// <summary>Asks the work to stop; harmless after it ended.</summary>
    public void Cancel()
    {
        _cancelled = true;
        try
        {
            _ = _cts.CancelAsync();
        }
        catch (ObjectDisposedException)
        {
            // the work ended and released its source already
        }
    }

    /// <summary>Releases the token source (only the work's task calls this, once, when it ends).</summary>
    public void Dispose() => _cts.Dispose();
}
