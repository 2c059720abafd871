using System.Diagnostics;
using System.Globalization;
using Terminal.Gui.App;
using Terminal.Gui.Input;
using Terminal.Gui.ViewBase;
using Terminal.Gui.Views;
using ZteDiag.Workbench.Jobs;

namespace ZteDiag.Tui;

/// <summary>How a job ended.</summary>
/// <param name="Succeeded">True when the job completed.</param>
/// <param name="Cancelled">True when the technician cancelled it.</param>
/// <param name="Message">Summary or readable error.</param>
public sealed record JobOutcome(bool Succeeded, bool Cancelled, string Message);

/// <summary>
/// Modal progress for a job that runs off the UI thread: phase, path, bytes, files, rate, ETA and a
/// Cancel button (Esc cancels too). Closes itself when the job ends.
/// </summary>
public sealed class JobProgressDialog : Dialog
{
    private readonly IApplication _app;
    private readonly Label _phase = new() { X = 1, Y = 0, Width = Dim.Fill(1), Height = 1 };
    private readonly Label _path = new() { X = 1, Y = 1, Width = Dim.Fill(1), Height = 1, HotKeySpecifier = EfsBrowserView.NoHotKey };
    private readonly Label _bytes = new() { X = 1, Y = 2, Width = Dim.Fill(1), Height = 1 };
    private readonly Label _rate = new() { X = 1, Y = 3, Width = Dim.Fill(1), Height = 1 };
    private readonly ProgressBar _bar = new() { X = 1, Y = 4, Width = Dim.Fill(1), Height = 1 };
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly CancellationTokenSource _cts = new();
    private readonly Lock _gate = new();
    private JobProgress? _latest;
    private bool _updateQueued;
    private bool _running;

    /// <summary>Creates the dialog.</summary>
    public JobProgressDialog(IApplication app, string title)
    {
        _app = app;
        Title = title;
        Width = Dim.Percent(80);
        Height = 9;
        Add(_phase, _path, _bytes, _rate, _bar);
        var cancel = new Button { Text = "_Cancel" };
        cancel.Accepting += (_, e) =>
        {
            RequestCancel();
            e.Handled = true;
        };
        AddButton(cancel);
        KeyDown += (_, key) =>
        {
            if (key == Key.Esc)
            {
                RequestCancel();
                key.Handled = true;
            }
        };
        _phase.Text = "starting…";
    }

    /// <summary>Every progress value shown, in order (for tests and the log).</summary>
    public List<JobProgress> Shown { get; } = [];

    /// <summary>The job's outcome once it ended.</summary>
    public JobOutcome? Outcome { get; private set; }

    /// <summary>Cancels the job (the dialog closes when the job has stopped).</summary>
    public void RequestCancel()
    {
        if (!_cts.IsCancellationRequested)
        {
            _phase.Text = "cancelling…";
            _cts.Cancel();
        }
    }

    /// <summary>Runs <paramref name="job"/> on the thread pool with this dialog shown modally; returns how it ended.</summary>
    public JobOutcome Run(Func<IProgress<JobProgress>, CancellationToken, Task<string>> job)
    {
        ArgumentNullException.ThrowIfNull(job);
        var progress = new Reporter(this);
        _ = Task.Run(async () =>
        {
            JobOutcome outcome;
            try
            {
                string summary = await job(progress, _cts.Token).ConfigureAwait(false);
                outcome = new JobOutcome(true, false, summary);
            }
            catch (OperationCanceledException)
            {
                outcome = new JobOutcome(false, true, "Cancelled. Nothing was kept.");
            }
            catch (Exception ex)
            {
                outcome = new JobOutcome(false, false, Readable.Error(ex));
            }

            _app.Invoke(() =>
            {
                Update();
                Outcome = outcome;
                if (_running)
                {
                    RequestStop();
                }
            });
        });
        while (Outcome is null)
        {
            // Closed before the job ended (e.g. by the Quit key): cancel, and stay until the job has stopped.
            _running = true;
            _app.Run(this);
            _running = false;
            if (Outcome is null)
            {
                RequestCancel();
            }
        }

        return Outcome;
    }

    private void Report(JobProgress p)
    {
        lock (_gate)
        {
            _latest = p;
            if (_updateQueued)
            {
                return;
            }

            _updateQueued = true;
        }

        _app.Invoke(Update);
    }

    private void Update()
    {
        JobProgress? p;
        lock (_gate)
        {
            p = _latest;
            _updateQueued = false;
        }

        if (p is null)
        {
            return;
        }

        Shown.Add(p);
        if (!_cts.IsCancellationRequested)
        {
            _phase.Text = p.Phase;
        }

        _path.Text = p.Path ?? "";
        _bytes.Text = string.Create(CultureInfo.InvariantCulture,
            $"{Readable.Bytes(p.Done)} of {Readable.Bytes(p.Total)}   files {p.Files} of {p.FilesTotal}");
        double secs = Math.Max(0.001, _clock.Elapsed.TotalSeconds);
        double rate = p.Done / secs;
        string eta = rate > 0 && p.Total > p.Done ? TimeSpan.FromSeconds((p.Total - p.Done) / rate).ToString(@"m\:ss", CultureInfo.InvariantCulture) : "-";
        _rate.Text = $"{Readable.Bytes((long)rate)}/s   ETA {eta}";
        _bar.Fraction = p.Total > 0 ? (float)Math.Clamp((double)p.Done / p.Total, 0, 1) : 0f;
    }

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _cts.Dispose();
        }

        base.Dispose(disposing);
    }

    private sealed class Reporter(JobProgressDialog owner) : IProgress<JobProgress>
    {
        public void Report(JobProgress value) => owner.Report(value);
    }
}
