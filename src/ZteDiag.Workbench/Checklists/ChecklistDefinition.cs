namespace ZteDiag.Workbench.Checklists;

/// <summary>A guided procedure loaded from a checklist file (built-in or user-supplied).</summary>
/// <param name="Id">Name used on the command line (<c>ztediag checklist run ID</c>), e.g. <c>mf627-unlock-globe</c>.</param>
/// <param name="Title">One-line title.</param>
/// <param name="Description">What the procedure achieves and for which device.</param>
/// <param name="Devices">Models the procedure is written for (informational).</param>
/// <param name="Sources">Where the facts come from (write-ups, design notes).</param>
/// <param name="Steps">Steps in order; ids are unique.</param>
/// <param name="Origin">File or resource the checklist was loaded from.</param>
public sealed record ChecklistDefinition(
    string Id,
    string Title,
    string Description,
    IReadOnlyList<string> Devices,
    IReadOnlyList<string> Sources,
    IReadOnlyList<ChecklistStep> Steps,
    string Origin)
{
    /// <summary>Index of the step with <paramref name="stepId"/>, or -1.</summary>
    public int IndexOf(string stepId)
    {
        for (int i = 0; i < Steps.Count; i++)
        {
            if (Steps[i].Id == stepId) return i;
        }
        return -1;
    }
}

/// <summary>How a step is carried out.</summary>
public enum StepKind
{
    /// <summary>The user does something off-device and confirms it (<c>"manual"</c>).</summary>
    Manual,
    /// <summary>The tool checks the device by itself (<c>"check"</c>).</summary>
    Check,
    /// <summary>The tool performs something on the device after asking (<c>"action"</c>).</summary>
    Action,
    /// <summary>The tool waits for the modem to (re)appear, with a countdown (<c>"wait-for-device"</c>).</summary>
    WaitForDevice,
}

/// <summary>One step of a checklist.</summary>
/// <param name="Id">Unique id within the checklist (state and reports refer to it).</param>
/// <param name="Title">Short title.</param>
/// <param name="Instruction">What to do / what happens, shown to the user.</param>
/// <param name="Kind">How the step is carried out.</param>
/// <param name="Optional">The user may skip the step.</param>
/// <param name="OnFailure">Remedy shown when a check fails or the step cannot be completed.</param>
/// <param name="Checks">Automatic checks; for <see cref="StepKind.Action"/> they verify the action,
/// for <see cref="StepKind.WaitForDevice"/> they run once the device is back.</param>
/// <param name="Action">What the tool performs (only for <see cref="StepKind.Action"/>).</param>
/// <param name="Warnings">Warnings shown with the step.</param>
/// <param name="ExpectedDuration">How long the step usually takes, when known.</param>
/// <param name="Timeout">Time limit for <see cref="StepKind.WaitForDevice"/>.</param>
/// <param name="ExpectUnplug">For <see cref="StepKind.WaitForDevice"/>: wait for the device to go away first, then to come back.</param>
/// <param name="Line">Line of the step in its file (1-based), for messages.</param>
public sealed record ChecklistStep(
    string Id,
    string Title,
    string Instruction,
    StepKind Kind,
    bool Optional,
    string OnFailure,
    IReadOnlyList<CheckSpec> Checks,
    ActionSpec? Action,
    IReadOnlyList<StepWarning> Warnings,
    DurationRange? ExpectedDuration,
    TimeSpan? Timeout,
    bool ExpectUnplug,
    int Line);

/// <summary>A warning attached to a step.</summary>
/// <param name="Text">Warning text.</param>
/// <param name="CommonAdvice">True when the advice is common practice with no documented source.</param>
public sealed record StepWarning(string Text, bool CommonAdvice);

/// <summary>Expected duration range of a step.</summary>
/// <param name="Min">Lower bound.</param>
/// <param name="Max">Upper bound.</param>
public sealed record DurationRange(TimeSpan Min, TimeSpan Max)
{
    /// <summary>"15–25 min" style text.</summary>
    public override string ToString() =>
        Min == Max ? $"{Min.TotalMinutes:0.#} min" : $"{Min.TotalMinutes:0.#}–{Max.TotalMinutes:0.#} min";
}

/// <summary>Kinds of automatic check.</summary>
public enum CheckType
{
    /// <summary>Send an AT command and match the reply (<c>"at"</c>).</summary>
    At,
    /// <summary>Read the identity (ATI) and match model / revision (<c>"ati"</c>).</summary>
    Ati,
    /// <summary>An EFS path must not exist (<c>"efs-absent"</c>).</summary>
    EfsAbsent,
    /// <summary>An EFS path must exist (<c>"efs-present"</c>).</summary>
    EfsPresent,
    /// <summary>The modem's serial ports are present (<c>"ports-present"</c>).</summary>
    PortsPresent,
    /// <summary>The run has recorded the identity (<c>"identity-recorded"</c>).</summary>
    IdentityRecorded,
    /// <summary>The run's latest backup is verified (<c>"backup-verified"</c>).</summary>
    BackupVerified,
}

/// <summary>An automatic check.</summary>
/// <param name="Type">Check type.</param>
/// <param name="Command">AT command (<see cref="CheckType.At"/>).</param>
/// <param name="Path">EFS path (<see cref="CheckType.EfsAbsent"/>, <see cref="CheckType.EfsPresent"/>).</param>
/// <param name="Expect">Expected outcome (<see cref="CheckType.At"/>, <see cref="CheckType.Ati"/>).</param>
/// <param name="Slot">Identity slot for <see cref="CheckType.IdentityRecorded"/> (<c>before</c> or <c>after</c>).</param>
public sealed record CheckSpec(CheckType Type, string? Command, string? Path, CheckExpectation Expect, IdentitySlot Slot);

/// <summary>Expected outcome of a check; every given field must match.</summary>
/// <param name="Contains">Some reply line (or the final result) contains this text.</param>
/// <param name="NotContains">No reply line (nor the final result) contains this text.</param>
/// <param name="FinalOk">The command ends with OK (true) or with an error (false).</param>
/// <param name="Model">ATI model equals this (case-insensitive).</param>
/// <param name="RevisionPrefix">ATI revision starts with this.</param>
public sealed record CheckExpectation(string? Contains, string? NotContains, bool? FinalOk, string? Model, string? RevisionPrefix)
{
    /// <summary>No expectation.</summary>
    public static CheckExpectation None { get; } = new(null, null, null, null, null);
}

/// <summary>Which identity record of a run.</summary>
public enum IdentitySlot
{
    /// <summary>Identity before the procedure.</summary>
    Before,
    /// <summary>Identity after the procedure.</summary>
    After,
}

/// <summary>Kinds of action the tool performs.</summary>
public enum ActionType
{
    /// <summary>Read and store the identity (<c>"record-identity"</c>).</summary>
    RecordIdentity,
    /// <summary>Full EFS (and NV) backup (<c>"backup"</c>).</summary>
    Backup,
    /// <summary>Turn CD emulation off (<c>"cd-emulation-off"</c>).</summary>
    CdEmulationOff,
    /// <summary>Remove AUTORUN.FLG (<c>"autorun-off"</c>).</summary>
    AutorunOff,
    /// <summary>Replace the firmware identifier file (<c>"identifier-swap"</c>).</summary>
    IdentifierSwap,
    /// <summary>Leave download mode (AT+ZCDRUN=F) (<c>"download-mode-exit"</c>).</summary>
    DownloadModeExit,
    /// <summary>Write a backup back to the device (<c>"restore"</c>).</summary>
    Restore,
}

/// <summary>How CD emulation is switched off.</summary>
public enum CdEmulationMethod
{
    /// <summary><c>AT+ZCDRUN=8</c> (documented, reversible with <c>=9</c>).</summary>
    ZcdRun,
    /// <summary>Delete the CD_STARTUP_FLAG file from EFS (field write-up; effect undocumented).</summary>
    DeleteCdStartupFlag,
}

/// <summary>An action the tool performs.</summary>
/// <param name="Type">Action type.</param>
/// <param name="Nv">Backup/restore: include NV items.</param>
/// <param name="Efs">Backup/restore: include the EFS tree.</param>
/// <param name="Target">Identifier swap: EFS path to replace (e.g. <c>/PCUI.VN</c>).</param>
/// <param name="FilePrompt">Identifier swap/restore: question asking the user for the local file.</param>
/// <param name="Method">CD emulation: how to switch it off.</param>
/// <param name="Slot">Record identity: which slot to fill.</param>
public sealed record ActionSpec(ActionType Type, bool Nv, bool Efs, string? Target, string? FilePrompt, CdEmulationMethod Method, IdentitySlot Slot);
