namespace ZteDiag.Workbench.Checklists;

/// <summary>
/// The user side of a run. The CLI implements it on the terminal, the TUI on its Checklist tab;
/// the runner holds all the logic. <c>Show…</c> calls are notifications and must not block.
/// </summary>
public interface IChecklistPrompter
{
    /// <summary>A step begins (title, instruction, warnings, expected duration are in <paramref name="step"/>).</summary>
    void ShowStep(ChecklistStep step, int index, int count);

    /// <summary>A manual step: the user confirms it is done, skips it (optional steps only) or quits.</summary>
    Task<PromptAnswer> ConfirmManualAsync(ChecklistStep step, CancellationToken ct);

    /// <summary>Before an action writes to the device (or, for an optional step, before doing it at all).</summary>
    /// <param name="step">The step.</param>
    /// <param name="description">What exactly the tool will do.</param>
    /// <param name="ct">Cancellation.</param>
    Task<PromptAnswer> ConfirmActionAsync(ChecklistStep step, string description, CancellationToken ct);

    /// <summary>A saved run is picked up again: <paramref name="notice"/> says from when and at which step.</summary>
    void ShowResuming(string notice);

    /// <summary>
    /// Asks for a local file (identifier file, backup archive); null = the user declined. The runner
    /// validates the answer and asks again, with the reason in <paramref name="question"/>, when it is not a file.
    /// </summary>
    Task<string?> AskForFileAsync(ChecklistStep step, string question, CancellationToken ct);

    /// <summary>Evidence of a check or action (reply lines, file state), as it happens.</summary>
    void ShowEvidence(ChecklistStep step, string title, IReadOnlyList<string> lines);

    /// <summary>Waiting for the device: time left until the step's timeout.</summary>
    void ShowCountdown(ChecklistStep step, TimeSpan remaining, string waitingFor);

    /// <summary>Backup/restore progress.</summary>
    void ShowProgress(ChecklistStep step, DeviceJobProgress progress);

    /// <summary>A step finished (passed, confirmed, skipped or failed with its remedy).</summary>
    void ShowStepResult(ChecklistStep step, StepRecord record);
}

/// <summary>The user's answer to a prompt.</summary>
public enum PromptAnswer
{
    /// <summary>Confirmed / go ahead.</summary>
    Yes,
    /// <summary>Skip this (only honoured for optional steps; otherwise the run pauses here).</summary>
    No,
    /// <summary>Stop the run here; it resumes at this step next time.</summary>
    Quit,
    /// <summary>
    /// No answer can come any more (a script's input ended): the run pauses here like <see cref="Quit"/>,
    /// but its state says so instead of claiming the user stopped it.
    /// </summary>
    EndOfInput,
}
