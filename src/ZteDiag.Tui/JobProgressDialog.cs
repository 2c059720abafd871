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
public sealed record JobOutcome(bool Succeeded, bool Cancelled, string Message)
{
    /// <summary>True when the progress view was hidden and the job runs on: its end is announced later.</summary>
    public bool InBackground { get; init; }
}

/// <summary>
/// The progress of a <see cref="BackgroundJob"/>: phase, path, bytes, files, rate, ETA, a Cancel button (Esc cancels
/// too) and, for a long job, Hide: the view closes and the job runs on. Closes itself when told the job ended.
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
    private readonly Lock _gate = new();
    private bool _updateQueued;
    private bool _running;
    private bool _hidden;

    /// <summary>Creates the view of <paramref name="job"/>.</summary>
    public JobProgressDialog(IApplication app, BackgroundJob job)
    {
        ArgumentNullException.ThrowIfNull(job);
        _app = app;
        Job = job;
        Title = job.Stick is null ? job.Title : $"{job.Title} on {job.Stick}";
        Width = Dim.Percent(80);
        Height = 9;
        Add(_phase, _path, _bytes, _rate, _bar);
        var cancel = new Button { Text = "_Cancel" };
        cancel.Accepting += (_, e) =>
        {
            RequestCancel();
            e.Handled = true;
        };
        if (job.CanHide)
        {
            var hide = new Button { Text = "_Hide (runs on)" };
            hide.Accepting += (_, e) =>
            {
                Hide();
                e.Handled = true;
            };
            AddButton(hide);
            AddButton(cancel);
            ButtonRule.Apply(this, [hide, cancel], 0); // Enter hides: a stray Enter never cancels a long job
        }
        else
        {
            AddButton(cancel);
        }
        KeyDown += (_, key) =>
        {
            if (key == Key.Esc)
            {
                RequestCancel();
                key.Handled = true;
            }
        };
        _phase.Text = job.IsCancellationRequested ? "cancelling…" : "starting…";
    }

    /// <summary>Runs <paramref name="job"/> (work that is no stick's job: an AT exchange) with a view that cannot be hidden; returns how it ended.</summary>
    public static JobOutcome RunModal(IApplication app, string title, Func<IProgress<JobProgress>, CancellationToken, Task<string>> job)
    {
        ArgumentNullException.ThrowIfNull(app);
        var running = new BackgroundJob(title, null, canHide: false);
        using var dialog = new JobProgressDialog(app, running);
        running.Start(job, _ =>
        {
            app.Invoke(dialog.Finish);
            return Task.CompletedTask;
        });
        return dialog.Run()!;
    }

    /// <summary>The job shown.</summary>
    public BackgroundJob Job { get; }

    /// <summary>Every progress value shown, in order (for tests and the log).</summary>
    public List<JobProgress> Shown { get; } = [];

    /// <summary>The job's outcome once it ended.</summary>
    public JobOutcome? Outcome { get; private set; }

    /// <summary>Cancels the job (the view closes when the job has stopped).</summary>
    public void RequestCancel()
    {
        if (Outcome is null)
        {
            _phase.Text = "cancelling…";
            Job.Cancel();
        }
    }

    /// <summary>Closes the view and lets the job run on (only a job that <see cref="BackgroundJob.CanHide"/>).</summary>
    public void Hide()
    {
        if (Outcome is null && Job.CanHide && !_hidden)
        {
            _hidden = true;
            if (_running)
            {
                RequestStop();
            }
        }
    }

    /// <summary>The job ended: show its last progress and close (UI thread).</summary>
    public void Finish()
    {
        Update();
        Outcome = Job.Outcome;
        if (_running)
        {
            RequestStop();
        }
    }

    /// <summary>Shows the view modally until the job ends (its outcome) or the view is hidden (null: the job runs on).</summary>
    public JobOutcome? Run()
    {
        Job.Progressed += OnProgress;
        try
        {
            Update();
            while (Outcome is null && !_hidden)
            {
                // closed another way (the Quit key): a long job runs on, a short one is cancelled and waited for
                _running = true;
                _app.Run(this);
                _running = false;
                if (Outcome is null && !_hidden)
                {
                    if (Job.CanHide)
                    {
                        _hidden = true;
                    }
                    else
                    {
                        RequestCancel();
                    }
                }
            }
        }
        finally
        {
            Job.Progressed -= OnProgress;
        }

        return Outcome;
    }

    private void OnProgress(object? sender, EventArgs e)
    {
        lock (_gate)
        {
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
        lock (_gate)
        {
            _updateQueued = false;
        }

        if (Job.Latest is not { } p || (Shown.Count > 0 && ReferenceEquals(Shown[^1], p)))
        {
            return;
        }

        Shown.Add(p);
        if (!Job.IsCancellationRequested)
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
}
