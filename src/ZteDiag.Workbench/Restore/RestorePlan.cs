using ZteDiag.Workbench.Archive;

namespace ZteDiag.Workbench.Restore;

/// <summary>What a restore does to one path.</summary>
public enum RestoreAction
{
    /// <summary>The device already matches the backup (kind, size, SHA-256, mode).</summary>
    Unchanged,

    /// <summary>The path is missing on the device and is created.</summary>
    Create,

    /// <summary>The device has different content (or a different link target / file kind) and it is replaced.</summary>
    Replace,

    /// <summary>Only the permission bits differ; CHMOD.</summary>
    ModeChange,

    /// <summary>On the device but not in the backup; removed (only with delete-extra).</summary>
    Delete,

    /// <summary>Not restorable (unreadable at backup time, or a file/directory conflict); left alone.</summary>
    Skip,
}

/// <summary>Journal state of a step.</summary>
public enum RestoreStepState
{
    /// <summary>Not yet applied (or not yet known to be applied).</summary>
    Pending,

    /// <summary>Applied and verified.</summary>
    Done,
}

/// <summary>One planned change, as kept in the journal.</summary>
/// <param name="Action">What is done.</param>
/// <param name="Path">Absolute EFS path.</param>
/// <param name="Kind">Kind of the backup entry (for deletes: of the device entry).</param>
/// <param name="Mode">st_mode to restore (for deletes: the device's).</param>
/// <param name="Size">Size of the content to write (files and item files).</param>
/// <param name="Sha256">Lower-case hex SHA-256 of the content to write (files and item files).</param>
/// <param name="LinkTarget">Symlink target to create.</param>
/// <param name="Reason">Why (human text: what differs, or why skipped).</param>
/// <param name="State">Pending until the device is known to match this step, then done.</param>
public sealed record RestoreStep(
    RestoreAction Action, string Path, EntryKind Kind, int Mode, long Size, string? Sha256, string? LinkTarget, string? Reason,
    RestoreStepState State = RestoreStepState.Pending)
{
    /// <summary>True for steps that change the device.</summary>
    public bool IsChange => Action is RestoreAction.Create or RestoreAction.Replace or RestoreAction.ModeChange or RestoreAction.Delete;
}

/// <summary>The comparison of a backup with the device, in the order the steps are applied.</summary>
/// <param name="SourcePath">Full path of the backup archive or folder.</param>
/// <param name="Origin">Archive or folder.</param>
/// <param name="Steps">Every compared path: directories, then files in backup order, symlinks, mode changes, deletes.</param>
public sealed record RestorePlan(string SourcePath, SourceOrigin Origin, IReadOnlyList<RestoreStep> Steps)
{
    /// <summary>Steps that change the device.</summary>
    public IEnumerable<RestoreStep> Changes => Steps.Where(s => s.IsChange);

    /// <summary>Number of steps with <paramref name="action"/>.</summary>
    public int Count(RestoreAction action) => Steps.Count(s => s.Action == action);

    /// <summary>True when nothing needs to change.</summary>
    public bool IsEmpty => !Changes.Any();

    /// <summary>
    /// Why this plan must not be applied, found in planning before anything is written (paths over
    /// the modem's QUERY limits, not enough free space by STATFS); empty when it may be applied.
    /// </summary>
    public IReadOnlyList<string> Blockers { get; init; } = [];

    /// <summary>Refuses a plan with <see cref="Blockers"/>, before the journal, the safety backup or any write.</summary>
    /// <exception cref="RestoreException">The plan does not fit this modem.</exception>
    public void EnsureApplicable()
    {
        if (Blockers.Count > 0)
        {
            string more = Blockers.Count > 1 ? $" ({Blockers.Count - 1} more problem(s) in the plan)" : "";
            throw new RestoreException($"refusing to restore: {Blockers[0]}{more}. Nothing was written.");
        }
    }
}

/// <summary>Settings of a restore.</summary>
public sealed record RestoreOptions
{
    /// <summary>Restrict the restore to these EFS paths and everything below them; empty = all.</summary>
    public IReadOnlyList<string> Only { get; init; } = [];

    /// <summary>Delete device entries below the backup's tree that the backup does not have.</summary>
    public bool DeleteExtra { get; init; }

    /// <summary>Restore a backup whose IMEI differs from the modem's (the technician confirmed it is meant).</summary>
    public bool AllowOtherDevice { get; init; }

    /// <summary>Where journals and safety backups go; null = <see cref="RestoreJournalStore.DefaultDirectory"/>.</summary>
    public string? JournalDirectory { get; init; }

    /// <summary>Limits for (re)validating the backup on resume; null = defaults.</summary>
    public ArchiveLimits? Limits { get; init; }

    /// <summary>Clock for journal names and the safety backup header.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;
}

/// <summary>Outcome of an applied restore.</summary>
/// <param name="JournalPath">The journal (complete).</param>
/// <param name="SafetyBackupPath">The verified backup of everything the restore touched.</param>
/// <param name="Applied">Steps executed in this run.</param>
/// <param name="AlreadyDone">Steps found already matching (resume).</param>
public sealed record RestoreResult(string JournalPath, string SafetyBackupPath, int Applied, int AlreadyDone)
{
    /// <summary>Steps left undone because the safety backup holds no readable copy of their path (as Skip, with the reason).</summary>
    public IReadOnlyList<RestoreStep> Refused { get; init; } = [];
}

/// <summary>A restore step could not be verified, or the journal/backup do not fit together.</summary>
/// <remarks>ZteDiag refused to go on: exit 5 (<see cref="ZteDiag.Device.FailureKind.Refused"/>).</remarks>
public sealed class RestoreException : ZteDiag.Device.ZteDiagException
{
    /// <summary>Creates the exception.</summary>
    public RestoreException(string message) : base(message, ZteDiag.Device.FailureKind.Refused) { }

    /// <summary>Creates the exception with a cause.</summary>
    public RestoreException(string message, Exception innerException) : base(message, ZteDiag.Device.FailureKind.Refused, innerException) { }

    /// <summary>Parameterless constructor (analyzer CA1032).</summary>
    public RestoreException() : this("the restore was refused") { }
}
