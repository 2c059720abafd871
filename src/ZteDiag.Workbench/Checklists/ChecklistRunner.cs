using System.Globalization;
using ZteDiag.Device;

namespace ZteDiag.Workbench.Checklists;

/// <summary>Settings of a <see cref="ChecklistRunner"/>.</summary>
public sealed class ChecklistRunnerOptions
{
    /// <summary>Use this device key instead of deriving it from the IMEI (e.g. <c>--device</c> on the command line).</summary>
    public string? DeviceKey { get; init; }

    /// <summary>Who confirms steps (reports say "confirmed by …"). Default: <see cref="Environment.UserName"/>.</summary>
    public string UserName { get; init; } = Environment.UserName;

    /// <summary>How often wait-for-device polls discovery.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Hint for the provisional key when the identity cannot be read at the start.</summary>
    public string ProvisionalHint { get; init; } = "device";
}

/// <summary>How a call to <see cref="ChecklistRunner.RunAsync"/> ended.</summary>
/// <param name="Status">Run status after the call.</param>
/// <param name="StepId">Step where the run stopped (failed/paused), null when completed.</param>
/// <param name="Message">Why it stopped.</param>
/// <param name="Remedy">What to do (failed runs).</param>
/// <param name="State">The persisted run state.</param>
public sealed record ChecklistRunResult(RunStatus Status, string? StepId, string? Message, string? Remedy, ChecklistRunState State);

/// <summary>
/// Walks a checklist on one device: automatic checks run by themselves, manual steps wait for the
/// user, actions ask before writing, wait-for-device polls discovery with a countdown. State is saved
/// after every step, so a new runner for the same device and checklist resumes at the first
/// unfinished step; a failed check stops the run with the step's remedy and the next run retries it.
/// </summary>
public sealed class ChecklistRunner
{
    private readonly ChecklistDefinition _checklist;
    private readonly IChecklistDevice _device;
    private readonly IChecklistPrompter _prompter;
    private readonly ChecklistStateStore _store;
    private readonly TimeProvider _time;
    private readonly ChecklistRunnerOptions _options;
    private readonly ChecklistCheckInterpreter _checks;

    /// <summary>Creates a runner.</summary>
    public ChecklistRunner(ChecklistDefinition checklist, IChecklistDevice device, IChecklistPrompter prompter,
        ChecklistStateStore store, TimeProvider time, ChecklistRunnerOptions? options = null)
    {
        _checklist = checklist ?? throw new ArgumentNullException(nameof(checklist));
        _device = device ?? throw new ArgumentNullException(nameof(device));
        _prompter = prompter ?? throw new ArgumentNullException(nameof(prompter));
        _store = store ?? throw new ArgumentNullException(nameof(store));
        _time = time ?? throw new ArgumentNullException(nameof(time));
        _options = options ?? new ChecklistRunnerOptions();
        _checks = new ChecklistCheckInterpreter(device, time);
    }

    /// <summary>The run state once <see cref="OpenAsync"/> (or <see cref="RunAsync"/>) has run.</summary>
    public ChecklistRunState? State { get; private set; }

    /// <summary>
    /// Finds or creates the run state. Key: <see cref="ChecklistRunnerOptions.DeviceKey"/> if set; else
    /// the IMEI hash when the modem answers (a provisional run of this checklist is moved to it); else the
    /// most recent unfinished run of this checklist (the modem is unplugged mid-procedure); else a new
    /// run under a provisional key.
    /// </summary>
    public async Task<ChecklistRunState> OpenAsync(CancellationToken ct)
    {
        if (State is not null) return State;
        ChecklistRunState? state = null;
        if (_options.DeviceKey is { } explicitKey)
        {
            state = _store.Load(explicitKey, _checklist.Id) ?? New(explicitKey);
        }
        else if (await TryReadImeiKeyAsync(ct).ConfigureAwait(false) is { } imeiKey)
        {
            state = _store.Load(imeiKey, _checklist.Id);
            if (state is null)
            {
                ChecklistRunState? provisional = _store.FindLatestUnfinished(_checklist.Id);
                if (provisional is not null && DeviceKeys.IsProvisional(provisional.DeviceKey))
                {
                    _store.Rekey(provisional, imeiKey);
                    state = provisional;
                }
            }
            state ??= New(imeiKey);
        }
        else
        {
            state = _store.FindLatestUnfinished(_checklist.Id) ?? New(DeviceKeys.Provisional(_options.ProvisionalHint));
        }
        state.AlignWith(_checklist);
        State = state;
        return state;
    }

    /// <summary>Runs from the first unfinished step until the end, a failure, or the user stops.</summary>
    /// <exception cref="OperationCanceledException"><paramref name="ct"/> was cancelled; the state is saved as
    /// <see cref="RunStatus.Paused"/> at the current step first.</exception>
    public async Task<ChecklistRunResult> RunAsync(CancellationToken ct)
    {
        ChecklistRunState state = await OpenAsync(ct).ConfigureAwait(false);
        if (state.Status == RunStatus.Completed)
        {
            return new ChecklistRunResult(RunStatus.Completed, null, "already completed (reset to run again)", null, state);
        }
        if (ResumeNotice(_checklist, state) is { } notice)
        {
            _prompter.ShowResuming(notice);
        }

        state.Status = RunStatus.Running;
        Save(state);

        for (int i = 0; i < _checklist.Steps.Count; i++)
        {
            ChecklistStep step = _checklist.Steps[i];
            StepRecord rec = state.Step(step.Id)!;
            if (rec.IsFinished) continue;

            state.CurrentStep = step.Id;
            rec.Attempts++;
            rec.StartedAt = _time.GetUtcNow();
            rec.FinishedAt = null;
            rec.Evidence.Clear();
            rec.Message = null;
            rec.Remedy = null;
            rec.Status = StepStatus.Pending;
            Save(state);
            _prompter.ShowStep(step, i, _checklist.Steps.Count);

            Outcome outcome;
            try
            {
                outcome = await ExecuteAsync(state, step, rec, ct).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                rec.Message = "interrupted";
                state.Status = RunStatus.Paused;
                Save(state);
                throw;
            }
            catch (Exception ex) when (IsDeviceFailure(ex, ct))
            {
                rec.Evidence.Add("error: " + ex.Message);
                outcome = Outcome.Fail("the device did not answer as expected: " + ex.Message);
            }

            switch (outcome.Kind)
            {
                case OutcomeKind.Finished:
                    rec.FinishedAt = _time.GetUtcNow();
                    Save(state);
                    _prompter.ShowStepResult(step, rec);
                    break;
                case OutcomeKind.Failed:
                    rec.Status = StepStatus.Failed;
                    rec.Message = outcome.Message;
                    rec.Remedy = step.OnFailure;
                    rec.FinishedAt = _time.GetUtcNow();
                    state.Status = RunStatus.Failed;
                    Save(state);
                    _prompter.ShowStepResult(step, rec);
                    return new ChecklistRunResult(RunStatus.Failed, step.Id, outcome.Message, step.OnFailure, state);
                default:
                    rec.Status = StepStatus.Pending;
                    rec.Message = outcome.Message;
                    state.Status = RunStatus.Paused;
                    Save(state);
                    return new ChecklistRunResult(RunStatus.Paused, step.Id, outcome.Message, null, state);
            }
        }

        state.Status = RunStatus.Completed;
        state.CurrentStep = null;
        state.CompletedAt = _time.GetUtcNow();
        Save(state);
        return new ChecklistRunResult(RunStatus.Completed, null, null, null, state);
    }

    // ---- steps ---------------------------------------------------------------------------------

    private async Task<Outcome> ExecuteAsync(ChecklistRunState state, ChecklistStep step, StepRecord rec, CancellationToken ct)
    {
        switch (step.Kind)
        {
            case StepKind.Manual:
            {
                PromptAnswer a = await _prompter.ConfirmManualAsync(step, ct).ConfigureAwait(false);
                if (a != PromptAnswer.Yes) return Declined(step, rec, a, "not confirmed");
                rec.ConfirmedBy = _options.UserName;
                rec.Evidence.Add(string.Create(CultureInfo.InvariantCulture, $"confirmed by {_options.UserName} at {_time.GetUtcNow():u}"));
                return await ChecksAsync(state, step, rec, StepStatus.Confirmed, ct).ConfigureAwait(false);
            }
            case StepKind.Check:
            {
                if (step.Optional && await AskOptionalAsync(step, rec, "run this optional check", ct).ConfigureAwait(false) is { } d) return d;
                return await ChecksAsync(state, step, rec, StepStatus.Passed, ct).ConfigureAwait(false);
            }
            case StepKind.WaitForDevice:
            {
                if (step.Optional && await AskOptionalAsync(step, rec, "wait for the modem", ct).ConfigureAwait(false) is { } d) return d;
                Outcome waited = await WaitForDeviceAsync(state, step, rec, ct).ConfigureAwait(false);
                if (waited.Kind != OutcomeKind.Finished) return waited;
                return await ChecksAsync(state, step, rec, StepStatus.Passed, ct).ConfigureAwait(false);
            }
            default:
                return await ActionAsync(state, step, rec, ct).ConfigureAwait(false);
        }
    }

    private async Task<Outcome?> AskOptionalAsync(ChecklistStep step, StepRecord rec, string what, CancellationToken ct)
    {
        PromptAnswer a = await _prompter.ConfirmActionAsync(step, "Optional step: " + what + "?", ct).ConfigureAwait(false);
        return a == PromptAnswer.Yes ? null : Declined(step, rec, a, "declined");
    }

    private Outcome Declined(ChecklistStep step, StepRecord rec, PromptAnswer answer, string what)
    {
        if (answer == PromptAnswer.No && step.Optional)
        {
            rec.Status = StepStatus.Skipped;
            rec.ConfirmedBy = _options.UserName;
            rec.Evidence.Add(string.Create(CultureInfo.InvariantCulture, $"skipped by {_options.UserName} at {_time.GetUtcNow():u}"));
            return Outcome.Finished;
        }
        return Outcome.Pause(answer switch
        {
            PromptAnswer.Quit => "stopped by the user",
            PromptAnswer.EndOfInput => "no more answers: the input ended",
            _ => $"required step {what}; the run waits here",
        });
    }

    private async Task<Outcome> ActionAsync(ChecklistRunState state, ChecklistStep step, StepRecord rec, CancellationToken ct)
    {
        ActionSpec action = step.Action!;
        string? file = null;
        if (action.FilePrompt is not null)
        {
            (file, Outcome? declined) = await AskForFileAsync(step, rec, action.FilePrompt, ct).ConfigureAwait(false);
            if (declined is { } d) return d;
        }
        PromptAnswer a = await _prompter.ConfirmActionAsync(step, Describe(action, file), ct).ConfigureAwait(false);
        if (a != PromptAnswer.Yes) return Declined(step, rec, a, "was declined");
        rec.ConfirmedBy = _options.UserName;
        rec.Evidence.Add(string.Create(CultureInfo.InvariantCulture, $"approved by {_options.UserName} at {_time.GetUtcNow():u}"));

        // SAFETY.md promise 1, for built-in and user checklists alike: no write without a verified backup
        // (a restore takes and verifies its own safety backup first)
        BackupRecord? backup = state.Backups.LastOrDefault(b => b.Verified);
        if (backup is null && IsWrite(action.Type))
        {
            return Outcome.Fail("refusing to write: this run has no verified backup of the modem; add a `backup` step before this one");
        }

        DeviceActionResult result;
        switch (action.Type)
        {
            case ActionType.RecordIdentity:
            {
                DeviceIdentitySnapshot id = await _device.ReadIdentityAsync(ct).ConfigureAwait(false);
                var record = IdentityRecord.From(id, _time.GetUtcNow());
                List<string> lines = ChecklistEvidence.Identity(record);
                if (!string.IsNullOrWhiteSpace(id.Imei))
                {
                    string key = DeviceKeys.FromImei(id.Imei);
                    if (DeviceKeys.IsProvisional(state.DeviceKey))
                    {
                        _store.Rekey(state, key);
                        lines.Add("run state keyed to " + key);
                    }
                    else if (state.DeviceKey.StartsWith("imei-", StringComparison.Ordinal) && state.DeviceKey != key)
                    {
                        Show(step, rec, "identity", lines);
                        return Outcome.Fail("this is not the modem the run was started on (IMEI differs)");
                    }
                }
                if (action.Slot == IdentitySlot.Before) state.IdentityBefore = record;
                else state.IdentityAfter = record;
                result = new DeviceActionResult(true, lines);
                break;
            }
            case ActionType.Backup:
            {
                BackupRecord b = await _device.BackupAsync(new BackupRequest(action.Nv, action.Efs), new PromptProgress(_prompter, step), ct).ConfigureAwait(false);
                state.Backups.Add(b);
                result = new DeviceActionResult(b.Verified, ChecklistEvidence.Backup(b));
                break;
            }
            case ActionType.Restore:
                result = await _device.RestoreAsync(new RestoreRequest(file!, action.Nv, action.Efs), new PromptProgress(_prompter, step), ct).ConfigureAwait(false);
                break;
            case ActionType.CdEmulationOff:
                result = await _device.CdEmulationOffAsync(action.Method, backup!, ct).ConfigureAwait(false);
                break;
            case ActionType.AutorunOff:
                result = await _device.AutorunOffAsync(backup!, ct).ConfigureAwait(false);
                break;
            case ActionType.IdentifierSwap:
                result = await _device.IdentifierSwapAsync(action.Target!, file!, backup!, ct).ConfigureAwait(false);
                break;
            default:
                result = await _device.DownloadModeExitAsync(backup!, ct).ConfigureAwait(false);
                break;
        }
        Show(step, rec, "action", result.Evidence);
        if (!result.Succeeded) return Outcome.Fail("the device did not confirm the action");
        return await ChecksAsync(state, step, rec, StepStatus.Done, ct).ConfigureAwait(false);
    }

    /// <summary>Actions that change the modem on their own (a restore brings its own safety backup).</summary>
    private static bool IsWrite(ActionType t) =>
        t is ActionType.CdEmulationOff or ActionType.AutorunOff or ActionType.IdentifierSwap or ActionType.DownloadModeExit;

    /// <summary>Bad answers to a path question before the run pauses at the step.</summary>
    private const int FileAttempts = 3;

    /// <summary>
    /// Asks for a path until the answer names an existing file: an answer meant for another question
    /// (<c>y</c>, <c>n</c>) or a missing file is explained and asked again, never passed on to the action.
    /// </summary>
    private async Task<(string? File, Outcome? Declined)> AskForFileAsync(ChecklistStep step, StepRecord rec, string question, CancellationToken ct)
    {
        string ask = question;
        string? why = null;
        for (int attempt = 0; attempt < FileAttempts; attempt++)
        {
            string? answer = (await _prompter.AskForFileAsync(step, ask, ct).ConfigureAwait(false))?.Trim();
            if (string.IsNullOrEmpty(answer)) return (null, Declined(step, rec, PromptAnswer.No, "needs a file"));
            if (answer.ToUpperInvariant() is "Q" or "QUIT") return (null, Declined(step, rec, PromptAnswer.Quit, "needs a file"));
            why = LocalFiles.WhyNotAFile(answer, out string full);
            if (why is null) return (full, null);
            ask = $"{why}. {question} (empty = not now, q = quit)";
        }
        return (null, Outcome.Pause($"this step needs a file: {why}"));
    }

    /// <summary>
    /// "resuming run from 2026-12-02 14:29 UTC (step 3 of 10: Take the SIM out)", or null for a run that has
    /// not done anything yet.
    /// </summary>
    public static string? ResumeNotice(ChecklistDefinition checklist, ChecklistRunState state)
    {
        ArgumentNullException.ThrowIfNull(checklist);
        ArgumentNullException.ThrowIfNull(state);
        if (!state.Steps.Any(s => s.Attempts > 0 || s.IsFinished)) return null;
        int index = checklist.Steps.ToList().FindIndex(s => state.Step(s.Id) is { IsFinished: false });
        if (index < 0) return null;
        return string.Create(CultureInfo.InvariantCulture,
            $"resuming run from {state.StartedAt.ToUniversalTime():yyyy-MM-dd HH:mm} UTC (step {index + 1} of {checklist.Steps.Count}: {checklist.Steps[index].Title}), last saved {state.UpdatedAt.ToUniversalTime():yyyy-MM-dd HH:mm} UTC");
    }

    private static string Describe(ActionSpec a, string? file) => a.Type switch
    {
        ActionType.RecordIdentity => "Read the modem's identity (ATI, version, IMEI) — read only.",
        ActionType.Backup => $"Copy {(a.Efs && a.Nv ? "the whole EFS tree and the NV items" : a.Efs ? "the whole EFS tree" : "the NV items")} to a backup archive and verify it — reads only.",
        ActionType.Restore => $"WRITE the backup {file} back to the modem ({(a.Efs && a.Nv ? "EFS and NV" : a.Efs ? "EFS" : "NV")}).",
        ActionType.CdEmulationOff => a.Method == CdEmulationMethod.ZcdRun
            ? "Send AT+ZCDRUN=8 (CD autorun off; AT+ZCDRUN=9 turns it back on)."
            : "DELETE the file CD_STARTUP_FLAG from the modem's EFS (a copy is in the backup).",
        ActionType.AutorunOff => "Remove AUTORUN.FLG from the modem (autorun of the connection manager off).",
        ActionType.IdentifierSwap => $"REPLACE {a.Target} on the modem with {file} and read it back.",
        _ => "Send AT+ZCDRUN=F (leave download mode; re-creates NODOWNLOAD.FLG).",
    };

    private async Task<Outcome> WaitForDeviceAsync(ChecklistRunState state, ChecklistStep step, StepRecord rec, CancellationToken ct)
    {
        DateTimeOffset deadline = _time.GetUtcNow() + (step.Timeout ?? TimeSpan.FromMinutes(2));
        if (step.ExpectUnplug && !rec.UnplugSeen)
        {
            if (!await PollAsync(step, deadline, wantPresent: false, "the modem to be unplugged", ct).ConfigureAwait(false))
            {
                return Outcome.Fail($"the modem was not unplugged within {Seconds(step.Timeout)}");
            }
            rec.UnplugSeen = true;
            rec.Evidence.Add("modem gone");
            Save(state);
        }
        if (!await PollAsync(step, deadline, wantPresent: true, "the modem to come back", ct).ConfigureAwait(false))
        {
            return Outcome.Fail($"the modem did not come back within {Seconds(step.Timeout)}");
        }
        rec.Evidence.Add("modem back");
        return Outcome.Finished;
    }

    private async Task<bool> PollAsync(ChecklistStep step, DateTimeOffset deadline, bool wantPresent, string what, CancellationToken ct)
    {
        while (true)
        {
            bool present;
            try
            {
                present = (await _device.ProbeAsync(ct).ConfigureAwait(false)).Present;
            }
            catch (Exception ex) when (IsDeviceFailure(ex, ct))
            {
                present = false; // ports come and go while the stick re-enumerates
            }
            if (present == wantPresent) return true;
            TimeSpan left = deadline - _time.GetUtcNow();
            if (left <= TimeSpan.Zero)
            {
                _prompter.ShowCountdown(step, TimeSpan.Zero, what);
                return false;
            }
            _prompter.ShowCountdown(step, left, what);
            await Task.Delay(left < _options.PollInterval ? left : _options.PollInterval, _time, ct).ConfigureAwait(false);
        }
    }

    private static string Seconds(TimeSpan? t) => string.Create(CultureInfo.InvariantCulture, $"{(t ?? TimeSpan.FromMinutes(2)).TotalSeconds:0.##} s");

    // ---- checks --------------------------------------------------------------------------------

    private async Task<Outcome> ChecksAsync(ChecklistRunState state, ChecklistStep step, StepRecord rec, StepStatus success, CancellationToken ct)
    {
        foreach (CheckSpec check in step.Checks)
        {
            (bool ok, string title, List<string> lines, string why) = await _checks.EvaluateAsync(state, check, ct).ConfigureAwait(false);
            lines.Add(ok ? "→ pass" : "→ FAIL: " + why);
            Show(step, rec, title, lines);
            if (!ok) return Outcome.Fail(why);
        }
        rec.Status = success;
        return Outcome.Finished;
    }

    // ---- helpers -------------------------------------------------------------------------------

    private void Show(ChecklistStep step, StepRecord rec, string title, IReadOnlyList<string> lines)
    {
        rec.Evidence.Add("[" + title + "]");
        rec.Evidence.AddRange(lines);
        _prompter.ShowEvidence(step, title, lines);
    }

    private ChecklistRunState New(string key) => ChecklistRunState.Create(_checklist, key, _options.UserName, _time.GetUtcNow());

    private void Save(ChecklistRunState state)
    {
        state.UpdatedAt = _time.GetUtcNow();
        _store.Save(state);
    }

    private async Task<string?> TryReadImeiKeyAsync(CancellationToken ct)
    {
        try
        {
            if (!(await _device.ProbeAsync(ct).ConfigureAwait(false)).Present) return null;
            DeviceIdentitySnapshot id = await _device.ReadIdentityAsync(ct).ConfigureAwait(false);
            return id.Imei.Any(char.IsAsciiDigit) ? DeviceKeys.FromImei(id.Imei) : null;
        }
        catch (Exception ex) when (IsDeviceFailure(ex, ct))
        {
            return null;
        }
    }

    private static bool IsDeviceFailure(Exception ex, CancellationToken ct) =>
        ex is ZteDiagException or IOException or TimeoutException or UnauthorizedAccessException
        || (ex is OperationCanceledException && !ct.IsCancellationRequested);

    private enum OutcomeKind { Finished, Failed, Paused }

    private readonly record struct Outcome(OutcomeKind Kind, string? Message)
    {
        public static Outcome Finished => new(OutcomeKind.Finished, null);
        public static Outcome Fail(string why) => new(OutcomeKind.Failed, why);
        public static Outcome Pause(string why) => new(OutcomeKind.Paused, why);
    }

    private sealed class PromptProgress(IChecklistPrompter prompter, ChecklistStep step) : IProgress<DeviceJobProgress>
    {
        public void Report(DeviceJobProgress value) => prompter.ShowProgress(step, value);
    }
}
