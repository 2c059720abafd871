using System.Globalization;
using System.Text;
using Terminal.Gui.App;
using ZteDiag.Workbench.Checklists;

namespace ZteDiag.Tui;

/// <summary>
/// The checklist runner's user in the TUI. The runner calls from a pool thread; every call is handed to the
/// UI thread: questions become <see cref="ChecklistPromptDialog"/>s (the runner waits for the answer),
/// evidence, countdown and progress go to the <see cref="ChecklistView"/>.
/// </summary>
internal sealed class TuiChecklistPrompter(IApplication app, ChecklistView view) : IChecklistPrompter
{
    private static readonly (string, PromptAnswer)[] ManualRequired = [("_Done", PromptAnswer.Yes), ("_Not yet", PromptAnswer.No), ("_Quit", PromptAnswer.Quit)];
    private static readonly (string, PromptAnswer)[] ManualOptional = [("_Done", PromptAnswer.Yes), ("_Skip", PromptAnswer.No), ("_Quit", PromptAnswer.Quit)];
    private static readonly (string, PromptAnswer)[] ActionRequired = [("_Go ahead", PromptAnswer.Yes), ("_Not now", PromptAnswer.No), ("_Quit", PromptAnswer.Quit)];
    private static readonly (string, PromptAnswer)[] ActionOptional = [("_Go ahead", PromptAnswer.Yes), ("_Skip", PromptAnswer.No), ("_Quit", PromptAnswer.Quit)];
    private static readonly (string, PromptAnswer)[] FileButtons = [("_OK", PromptAnswer.Yes), ("_Cancel", PromptAnswer.No)];

    private int _progressQueued;

    public void ShowStep(ChecklistStep step, int index, int count) => app.Invoke(() => view.StepStarted(step, index, count));

    public async Task<PromptAnswer> ConfirmManualAsync(ChecklistStep step, CancellationToken ct) =>
        (await AskAsync(step, "Manual step", Describe(step, null), step.Optional ? ManualOptional : ManualRequired, false, 0, ct).ConfigureAwait(false)).Answer;

    public async Task<PromptAnswer> ConfirmActionAsync(ChecklistStep step, string description, CancellationToken ct) =>
        (await AskAsync(step, "Confirm", Describe(step, "About to: " + description), step.Optional ? ActionOptional : ActionRequired, false,
            WritesToModem(step) ? 1 : 0, ct).ConfigureAwait(false)).Answer;

    /// <summary>True for an action that changes the modem (these questions mark "Not now" / "Skip", so Enter alone never writes).</summary>
    internal static bool WritesToModem(ChecklistStep step) => step.Action?.Type is ActionType.CdEmulationOff or ActionType.AutorunOff
        or ActionType.IdentifierSwap or ActionType.Restore;

    public async Task<string?> AskForFileAsync(ChecklistStep step, string question, CancellationToken ct)
    {
        (PromptAnswer answer, string? text) = await AskAsync(step, "File", Describe(step, question), FileButtons, true, 0, ct).ConfigureAwait(false);
        return answer == PromptAnswer.Yes ? text : null;
    }

    public void ShowResuming(string notice)
    {
        Serilog.Log.Information("Checklist: {Notice:l}", notice);
        app.Invoke(() => view.SetActivity(notice));
    }

    public void ShowEvidence(ChecklistStep step, string title, IReadOnlyList<string> lines)
    {
        string[] copy = ["[" + title + "]", .. lines];
        app.Invoke(() => view.AddEvidence(step, copy));
    }

    public void ShowCountdown(ChecklistStep step, TimeSpan remaining, string waitingFor)
    {
        string text = string.Create(CultureInfo.InvariantCulture, $"Waiting for {waitingFor}: {Math.Ceiling(remaining.TotalSeconds):0} s left");
        app.Invoke(() => view.SetActivity(text));
    }

    public void ShowProgress(ChecklistStep step, DeviceJobProgress progress)
    {
        // a backup reports per block: keep at most one update queued for the UI thread
        if (Interlocked.Exchange(ref _progressQueued, 1) == 1) return;
        string text = progress.Total > 0
            ? string.Create(CultureInfo.InvariantCulture, $"{step.Title}: {progress.Done} of {progress.Total}  {progress.Path}")
            : string.Create(CultureInfo.InvariantCulture, $"{step.Title}: {progress.Done}  {progress.Path}");
        app.Invoke(() =>
        {
            Volatile.Write(ref _progressQueued, 0);
            view.SetActivity(text);
        });
    }

    public void ShowStepResult(ChecklistStep step, StepRecord record) => app.Invoke(() => view.StepFinished(step));

    private Task<(PromptAnswer Answer, string? Text)> AskAsync(ChecklistStep step, string title, string text,
        IReadOnlyList<(string, PromptAnswer)> buttons, bool askText, int defaultIndex, CancellationToken ct)
    {
        var answer = new TaskCompletionSource<(PromptAnswer, string?)>(TaskCreationOptions.RunContinuationsAsynchronously);
        app.Invoke(() =>
        {
            if (ct.IsCancellationRequested)
            {
                answer.TrySetCanceled(ct);
                return;
            }

            using var dialog = new ChecklistPromptDialog($"{title}: {step.Title}", text, buttons, step.Id, askText, defaultIndex);
            using CancellationTokenRegistration stop = ct.Register(() => app.Invoke(() => dialog.RequestStop()));
            view.ActivePrompt = dialog;
            app.Run(dialog);
            view.ActivePrompt = null;
            if (ct.IsCancellationRequested) answer.TrySetCanceled(ct);
            else answer.TrySetResult((dialog.Answered ?? PromptAnswer.Quit, dialog.Typed));
        });
        return answer.Task;
    }

    private static string Describe(ChecklistStep step, string? question)
    {
        var sb = new StringBuilder(step.Instruction.Trim());
        foreach (StepWarning w in step.Warnings)
        {
            sb.Append("\nWARNING").Append(w.CommonAdvice ? " (common advice)" : "").Append(": ").Append(w.Text);
        }

        if (step.ExpectedDuration is { } d) sb.Append("\nUsually takes ").Append(d).Append('.');
        if (question is not null) sb.Append("\n\n").Append(question);
        return sb.ToString();
    }
}
