using System.Collections.ObjectModel;
using System.Globalization;
using Serilog;
using Terminal.Gui.App;
using Terminal.Gui.ViewBase;
using Terminal.Gui.Views;
using ZteDiag.Workbench.Checklists;

namespace ZteDiag.Tui;

/// <summary>
/// Checklist tab: the checklists (left), the steps of the selected one with this modem's saved run (right),
/// and the selected step's evidence, note and remedy (bottom right). F9 runs or resumes the checklist through
/// <see cref="ChecklistSession"/> (the CLI's runner), Shift+F9 forgets the saved run. The view only shows
/// what the runner reports and saves.
/// </summary>
public sealed class ChecklistView : View
{
    private readonly IApplication _app;
    private readonly ChecklistSession _session;
    private readonly IReadOnlyList<ChecklistDefinition> _checklists;
    private readonly List<string> _steps = [];
    private readonly ObservableCollection<string> _details = [];
    private readonly Label _header;
    private readonly Label _activity;
    private readonly CancellationTokenSource _life = new();
    private ChecklistRunState? _state;
    private string? _liveStep;
    private bool _identifying;

    /// <summary>Creates the view over <paramref name="checklists"/> (null = built-ins plus the user's checklists).</summary>
    public ChecklistView(IApplication app, ChecklistSession session, IReadOnlyList<ChecklistDefinition>? checklists = null)
    {
        _app = app ?? throw new ArgumentNullException(nameof(app));
        _session = session ?? throw new ArgumentNullException(nameof(session));
        CanFocus = true;
        Width = Dim.Fill();
        Height = Dim.Fill();
        string? loadError = null;
        if (checklists is null)
        {
            try
            {
                checklists = ChecklistLoader.LoadAll(ChecklistPaths.FromEnvironment().UserChecklistDirectory);
            }
            catch (ChecklistLoadException ex)
            {
                loadError = "User checklists not loaded: " + ex.Message;
                checklists = ChecklistLoader.LoadBuiltIn();
            }
        }

        _checklists = checklists;
        var left = new FrameView { Title = "Checklists", Width = Dim.Percent(30), Height = Dim.Fill(1) };
        List = new WrappedList(2) { Width = Dim.Fill(), Height = Dim.Fill() };
        List.SetItems(_checklists.Select(c => c.Title));
        List.SelectedIndexChanged += (_, _) => Reload();
        left.Add(List);
        var right = new FrameView { Title = "Steps", X = Pos.Right(left), Width = Dim.Fill(), Height = Dim.Percent(50) };
        // two rows: the device's run key, then the run's state and time (one row cut the time off at 100 columns)
        _header = new Label { Width = Dim.Fill(), Height = 2, HotKeySpecifier = EfsBrowserView.NoHotKey };
        Steps = new WrappedList(StepIndent) { Y = 2, Width = Dim.Fill(), Height = Dim.Fill() };
        Steps.SelectedIndexChanged += (_, _) => ShowDetails();
        right.Add(_header, Steps);
        var bottom = new FrameView { Title = "Evidence", X = Pos.Right(left), Y = Pos.Bottom(right), Width = Dim.Fill(), Height = Dim.Fill(1) };
        Details = new ListView { Width = Dim.Fill(), Height = Dim.Fill() };
        Details.SetSource(_details);
        bottom.Add(Details);
        _activity = new Label { Y = Pos.AnchorEnd(1), Width = Dim.Fill(), Height = 1, Text = loadError ?? Hint, HotKeySpecifier = EfsBrowserView.NoHotKey };
        Add(left, right, bottom, _activity);
        if (_checklists.Count > 0)
        {
            List.SelectedIndex = 0;
            Reload();
        }
    }

    // a step row is "> 3. [pending  ] Title…": its wrapped rows start under the title
    private const int StepIndent = 17;

    private const string Hint = "F9 run / resume the selected checklist   Shift+F9 reset its saved run";

    /// <summary>The checklist titles (wrapped at word boundaries).</summary>
    public WrappedList List { get; }

    /// <summary>The steps of the selected checklist with their saved state (wrapped at word boundaries).</summary>
    public WrappedList Steps { get; }

    /// <summary>The selected step's record (or the live evidence of the step being run).</summary>
    public ListView Details { get; }

    /// <summary>Step lines shown.</summary>
    public IReadOnlyList<string> StepLines => _steps;

    /// <summary>Detail lines shown.</summary>
    public IReadOnlyList<string> DetailLines => _details;

    /// <summary>The header line (device and run status).</summary>
    public string Header => _header.Text;

    /// <summary>The activity line: countdown, progress, the run's outcome, or the key hint.</summary>
    public string Activity => _activity.Text;

    /// <summary>The question open right now, if any (answer it with <see cref="ChecklistPromptDialog.Answer"/>).</summary>
    public ChecklistPromptDialog? ActivePrompt { get; internal set; }

    /// <summary>True while a run is in progress.</summary>
    public bool IsRunning { get; private set; }

    /// <summary>How the last run from this view ended (null before one ended, or when it ended with an error).</summary>
    public ChecklistRunResult? LastResult { get; private set; }

    /// <summary>The selected checklist.</summary>
    public ChecklistDefinition? Selected => List.SelectedIndex is int i && i >= 0 && i < _checklists.Count ? _checklists[i] : null;

    /// <summary>Selects the checklist with <paramref name="id"/>.</summary>
    public void Select(string id)
    {
        int i = _checklists.ToList().FindIndex(c => c.Id == id);
        if (i < 0) throw new ArgumentException($"no checklist '{id}'", nameof(id));
        List.SelectedIndex = i;
        Reload();
    }

    /// <summary>Called when the tab is shown: finds the connected modem's key (once) and shows its saved runs.</summary>
    public void Activate()
    {
        if (_session.DeviceKey is not null || _identifying || IsRunning)
        {
            Reload();
            return;
        }

        _identifying = true;
        _header.Text = "Reading the modem's identity…";
        CancellationToken token = _life.Token;
        _ = Task.Run(async () =>
        {
            string? problem = null;
            try
            {
                await _session.IdentifyAsync(token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                problem = Readable.Error(ex);
            }

            _app.Invoke(() =>
            {
                _identifying = false;
                Reload();
                if (problem is not null) _header.Text = "Identity not readable (" + problem + "): F9 starts a run that identifies the modem";
            });
        });
    }

    /// <summary>Runs or resumes the selected checklist (F9).</summary>
    public void RunSelected()
    {
        if (IsRunning || _identifying || Selected is not { } checklist) return;
        IsRunning = true;
        LastResult = null;
        _activity.Text = $"Running {checklist.Id}… (the other tabs have no modem until it ends)";
        var prompter = new TuiChecklistPrompter(_app, this);
        Log.Information("Checklist {Id:l} started", checklist.Id);
        CancellationToken token = _life.Token;
        _ = Task.Run(async () =>
        {
            ChecklistRunResult? result = null;
            string? error = null;
            try
            {
                result = await _session.RunAsync(checklist, prompter, token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                error = "Stopped; the run resumes at this step next time.";
            }
            catch (Exception ex)
            {
                error = Readable.Error(ex);
            }

            _app.Invoke(() => RunEnded(checklist, result, error));
        });
    }

    /// <summary>Forgets the saved run of the selected checklist after asking (Shift+F9).</summary>
    public void ResetSelected()
    {
        if (IsRunning || Selected is not { } checklist) return;
        using var dialog = new ChecklistPromptDialog("Reset checklist",
            $"Forget the saved run of \"{checklist.Title}\" on this modem? The next run starts at step 1. Nothing on the modem changes.",
            [("_Reset", PromptAnswer.Yes), ("_Cancel", PromptAnswer.No)], null, defaultIndex: 1);
        ActivePrompt = dialog;
        _app.Run(dialog);
        ActivePrompt = null;
        if (dialog.Answered != PromptAnswer.Yes) return;
        bool had = _session.Reset(checklist);
        _activity.Text = had ? $"Saved run of {checklist.Id} forgotten." : $"No saved run of {checklist.Id} on this modem.";
        Log.Information("Checklist {Id:l} reset", checklist.Id);
        Reload();
    }

    // ---- called by the prompter on the UI thread ----------------------------------------------

    internal void StepStarted(ChecklistStep step, int index, int count)
    {
        Reload();
        _liveStep = step.Id;
        Steps.SelectedIndex = index;
        _details.Clear();
        _details.Add($"Step {index + 1}/{count}: {step.Title}");
        foreach (string l in Readable.Wrap(step.Instruction, DetailWidth)) _details.Add(l);
        _activity.Text = $"Step {index + 1}/{count}: {step.Title}";
    }

    internal void AddEvidence(ChecklistStep step, IReadOnlyList<string> lines)
    {
        if (_liveStep != step.Id) return;
        foreach (string l in lines) _details.Add("  " + l);
        Details.SelectedItem = _details.Count - 1;
    }

    internal void SetActivity(string text) => _activity.Text = text;

    internal void StepFinished(ChecklistStep step)
    {
        _liveStep = null;
        Reload();
        if (Selected is { } c && c.IndexOf(step.Id) is var i and >= 0) Steps.SelectedIndex = i;
        ShowDetails();
    }

    // ---- rendering ------------------------------------------------------------------------------

    private void RunEnded(ChecklistDefinition checklist, ChecklistRunResult? result, string? error)
    {
        IsRunning = false;
        _liveStep = null;
        LastResult = result;
        if (result is null)
        {
            _activity.Text = error ?? "";
            Log.Warning("Checklist {Id:l}: {Message:l}", checklist.Id, error);
        }
        else
        {
            _activity.Text = result.Status switch
            {
                RunStatus.Completed => $"Checklist {checklist.Id} completed. Report: ztediag checklist report {checklist.Id}",
                RunStatus.Failed => $"FAILED at {result.StepId}: {result.Message}",
                _ => $"Paused at {result.StepId}{(result.Message is null ? "" : ": " + result.Message)}. F9 resumes.",
            };
            Log.Information("Checklist {Id:l}: {Status}", checklist.Id, result.Status);
        }

        Reload();
        if (result?.StepId is { } stepId && checklist.IndexOf(stepId) is var i and >= 0)
        {
            Steps.SelectedIndex = i;
            ShowDetails();
        }
    }

    private void Reload()
    {
        ChecklistDefinition? c = Selected;
        _steps.Clear();
        _state = null;
        if (c is null)
        {
            Steps.SetItems(_steps);
            return;
        }

        try
        {
            _state = _session.Load(c);
        }
        catch (InvalidDataException ex)
        {
            _header.Text = Readable.Error(ex);
        }

        if (_session.DeviceKey is null) _header.Text = _identifying ? "Reading the modem's identity…" : "Modem not identified yet";
        else if (_state is null) _header.Text = $"{_session.DeviceKey}: no saved run";
        else _header.Text = string.Create(CultureInfo.InvariantCulture,
            $"{_state.DeviceKey}:\n{StatusText(_state)}  (updated {Readable.Time(_state.UpdatedAt)})");

        for (int n = 0; n < c.Steps.Count; n++)
        {
            ChecklistStep s = c.Steps[n];
            StepRecord? rec = _state?.Step(s.Id);
            string mark = _state?.CurrentStep == s.Id && _state.Status != RunStatus.Completed ? ">" : " ";
            string status = (rec?.Status ?? StepStatus.Pending).ToString().ToLowerInvariant();
            _steps.Add($"{mark}{n + 1,2}. [{status,-9}] {s.Title}{(s.Optional ? " (optional)" : "")}  ({Kind(s.Kind)})");
        }

        Steps.SetItems(_steps);

        if (_liveStep is null) ShowDetails();
    }

    private void ShowDetails()
    {
        if (_liveStep is not null) return; // the running step's evidence is streaming in
        _details.Clear();
        if (Selected is not { } c || Steps.SelectedIndex is not int i || i < 0 || i >= c.Steps.Count)
        {
            if (Selected is { } sel) foreach (string l in Readable.Wrap(sel.Description, DetailWidth)) _details.Add(l);
            return;
        }

        ChecklistStep step = c.Steps[i];
        StepRecord? rec = _state?.Step(step.Id);
        _details.Add($"{step.Title}: {(rec?.Status ?? StepStatus.Pending).ToString().ToLowerInvariant()}"
            + (rec is { Attempts: > 1 } ? string.Create(CultureInfo.InvariantCulture, $" ({rec.Attempts} attempts)") : ""));
        if (rec is null || (rec.Status == StepStatus.Pending && rec.Evidence.Count == 0))
        {
            foreach (string l in Readable.Wrap(step.Instruction, DetailWidth)) _details.Add(l);
            if (rec?.Message is { } pending) _details.Add("Note: " + pending);
            return;
        }

        if (rec.ConfirmedBy is not null) _details.Add("Confirmed by " + rec.ConfirmedBy);
        if (rec.Message is not null) foreach (string l in Readable.Wrap((rec.Status == StepStatus.Failed ? "Why: " : "Note: ") + rec.Message, DetailWidth)) _details.Add(l);
        if (rec.Status == StepStatus.Failed && rec.Remedy is not null) foreach (string l in Readable.Wrap("What to do: " + rec.Remedy, DetailWidth)) _details.Add(l);
        foreach (string e in rec.Evidence) _details.Add("  " + e);
    }

    // the evidence pane's width (wrapped text must not be cut at its right edge)
    private int DetailWidth => Details.Viewport.Width > 1 ? Details.Viewport.Width - 1 : 60;

    private static string StatusText(ChecklistRunState s) => s.Status switch
    {
        RunStatus.Completed => "completed",
        RunStatus.Failed => $"failed at {s.CurrentStep}",
        RunStatus.NotStarted => "not started",
        RunStatus.Running => $"interrupted at {s.CurrentStep}",
        _ => $"paused at {s.CurrentStep}",
    };

    private static string Kind(StepKind k) => k switch
    {
        StepKind.Manual => "manual",
        StepKind.Check => "check",
        StepKind.Action => "action",
        _ => "wait for device",
    };

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _life.Cancel();
            _life.Dispose();
        }

        base.Dispose(disposing);
    }
}
