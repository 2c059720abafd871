using System.Globalization;
using ZteDiag.Workbench.Jobs;

namespace ZteDiag.Tui;

/// <summary>
/// One job running on the thread pool for one stick: its latest progress, its cancellation and, once it ended, its
/// outcome. The progress view only watches it, so closing the view leaves the job running (see <see cref="CanHide"/>).
/// </summary>
public sealed class BackgroundJob
{
    private readonly CancellationTokenSource _cts = new();
    private readonly Lock _gate = new();
    private JobProgress? _latest;
    private JobOutcome? _outcome;

    internal BackgroundJob(string title, string? stick, bool canHide)
    {
        Title = title;
        Stick = stick;
        CanHide = canHide;
    }

    /// <summary>Raised on the job's thread after each progress report.</summary>
    public event EventHandler? Progressed;

    /// <summary>What the job is ("Backup").</summary>
    public string Title { get; }

    /// <summary>The stick it runs on (its name), or null for work that is not one stick's (switching sticks).</summary>
    public string? Stick { get; }

    /// <summary>True when the technician may close the progress view and let the job run on (the long jobs).</summary>
    public bool CanHide { get; }

    /// <summary>The last progress reported, or null before the first.</summary>
    public JobProgress? Latest
    {
        get
        {
            lock (_gate)
            {
                return _latest;
            }
        }
    }

    /// <summary>How the job ended, or null while it runs.</summary>
    public JobOutcome? Outcome
    {
        get
        {
            lock (_gate)
            {
                return _outcome;
            }
        }
    }

    /// <summary>True once <see cref="Cancel"/> was called.</summary>
    public bool IsCancellationRequested => _cts.IsCancellationRequested;

    /// <summary>Ends when the job has ended (never faults).</summary>
    public Task Completion { get; private set; } = Task.CompletedTask;

    /// <summary>The panel's word for it: "backup 42%", or the phase while the size is unknown.</summary>
    public string Status
    {
        get
        {
            JobProgress? p = Latest;
            string what = Title.ToLower(CultureInfo.InvariantCulture);
            if (IsCancellationRequested && Outcome is null)
            {
                return what + " cancelling";
            }

            return p is { Total: > 0 }
                ? string.Create(CultureInfo.InvariantCulture, $"{what} {Math.Clamp(p.Done * 100 / p.Total, 0, 100)}%")
                : p is null ? what : what + " " + p.Phase;
        }
    }

    /// <summary>Asks the job to stop; it ends (as cancelled) at its next check.</summary>
    public void Cancel() => _cts.Cancel();

    /// <summary>Starts <paramref name="work"/> on the pool; <paramref name="ended"/> runs once it ended, before <see cref="Completion"/> ends.</summary>
    internal void Start(Func<IProgress<JobProgress>, CancellationToken, Task<string>> work, Func<BackgroundJob, Task> ended)
    {
        var progress = new Reporter(this);
        Completion = Task.Run(async () =>
        {
            JobOutcome outcome;
            try
            {
                string summary = await work(progress, _cts.Token).ConfigureAwait(false);
                outcome = new JobOutcome(true, false, summary);
            }
            catch (OperationCanceledException) when (_cts.IsCancellationRequested)
            {
                outcome = new JobOutcome(false, true, "Cancelled. Nothing was kept.");
            }
            catch (Exception ex)
            {
                outcome = new JobOutcome(false, false, Readable.Error(ex));
            }

            lock (_gate)
            {
                _outcome = outcome;
            }

            await ended(this).ConfigureAwait(false);
        });
    }

    private void Report(JobProgress p)
    {
        lock (_gate)
        {
            _latest = p;
        }

        Progressed?.Invoke(this, EventArgs.Empty);
    }

    private sealed class Reporter(BackgroundJob owner) : IProgress<JobProgress>
    {
        public void Report(JobProgress value) => owner.Report(value);
    }
}
