using System.Security.Cryptography;
using System.Text;

namespace ZteDiag.Workbench.Checklists;

/// <summary>Status of a run.</summary>
public enum RunStatus
{
    /// <summary>Created, no step finished yet.</summary>
    NotStarted,
    /// <summary>A runner is working on it (or was killed while working: resumes at <see cref="ChecklistRunState.CurrentStep"/>).</summary>
    Running,
    /// <summary>The user quit, declined a required action, or the run was cancelled (unplug, Ctrl-C).</summary>
    Paused,
    /// <summary>A check failed; the remedy is in the failed step's record.</summary>
    Failed,
    /// <summary>Every step is done.</summary>
    Completed,
}

/// <summary>Status of one step in a run.</summary>
public enum StepStatus
{
    /// <summary>Not done yet.</summary>
    Pending,
    /// <summary>Automatic checks passed (check / wait-for-device steps).</summary>
    Passed,
    /// <summary>The user confirmed a manual step.</summary>
    Confirmed,
    /// <summary>The action was performed and verified.</summary>
    Done,
    /// <summary>Optional step the user skipped.</summary>
    Skipped,
    /// <summary>A check or action failed (or timed out).</summary>
    Failed,
}

/// <summary>Persisted record of a step (state file and report).</summary>
public sealed class StepRecord
{
    /// <summary>Step id.</summary>
    public string StepId { get; set; } = "";

    /// <summary>Status.</summary>
    public StepStatus Status { get; set; }

    /// <summary>User who confirmed (manual steps, actions); null for automatic steps.</summary>
    public string? ConfirmedBy { get; set; }

    /// <summary>When the step was last started.</summary>
    public DateTimeOffset? StartedAt { get; set; }

    /// <summary>When the step finished (any outcome).</summary>
    public DateTimeOffset? FinishedAt { get; set; }

    /// <summary>How many times the step was attempted.</summary>
    public int Attempts { get; set; }

    /// <summary>Evidence lines of the last attempt.</summary>
    public List<string> Evidence { get; set; } = [];

    /// <summary>Failure reason (for <see cref="StepStatus.Failed"/>) or a note.</summary>
    public string? Message { get; set; }

    /// <summary>Remedy text shown on failure.</summary>
    public string? Remedy { get; set; }

    /// <summary>Wait-for-device steps with <c>expect_unplug</c>: the device has been seen gone.</summary>
    public bool UnplugSeen { get; set; }

    /// <summary>True once the step no longer needs doing.</summary>
    public bool IsFinished => Status is StepStatus.Passed or StepStatus.Confirmed or StepStatus.Done or StepStatus.Skipped;
}

/// <summary>Identity as kept in state and reports: IMEI masked, never in clear.</summary>
/// <param name="Manufacturer">Manufacturer.</param>
/// <param name="Model">Model.</param>
/// <param name="Revision">Firmware revision.</param>
/// <param name="ImeiMasked">IMEI with the middle digits masked.</param>
/// <param name="Version">Version summary.</param>
/// <param name="RecordedAt">When it was read.</param>
public sealed record IdentityRecord(string Manufacturer, string Model, string Revision, string ImeiMasked, string Version, DateTimeOffset RecordedAt)
{
    /// <summary>Record from a snapshot.</summary>
    public static IdentityRecord From(DeviceIdentitySnapshot s, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(s);
        return new IdentityRecord(s.Manufacturer, s.Model, s.Revision, MaskImei(s.Imei), s.Version, at);
    }

    /// <summary>Keeps the first 8 (TAC) and last 2 digits (<see cref="Protocol.Diag.Imei.Mask"/>).</summary>
    public static string MaskImei(string imei)
    {
        ArgumentNullException.ThrowIfNull(imei);
        return Protocol.Diag.Imei.Mask(imei);
    }
}

/// <summary>Persisted state of one checklist run on one device.</summary>
public sealed class ChecklistRunState
{
    /// <summary>State file format version.</summary>
    public int Version { get; set; } = 1;

    /// <summary>Checklist id.</summary>
    public string ChecklistId { get; set; } = "";

    /// <summary>Device key (<see cref="DeviceKeys"/>).</summary>
    public string DeviceKey { get; set; } = "";

    /// <summary>Run status.</summary>
    public RunStatus Status { get; set; }

    /// <summary>Id of the step to do next (or the failed one); null when completed.</summary>
    public string? CurrentStep { get; set; }

    /// <summary>User who started the run.</summary>
    public string StartedBy { get; set; } = "";

    /// <summary>Run start.</summary>
    public DateTimeOffset StartedAt { get; set; }

    /// <summary>Last save.</summary>
    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>Completion time.</summary>
    public DateTimeOffset? CompletedAt { get; set; }

    /// <summary>Identity before the procedure.</summary>
    public IdentityRecord? IdentityBefore { get; set; }

    /// <summary>Identity after the procedure.</summary>
    public IdentityRecord? IdentityAfter { get; set; }

    /// <summary>Backups made during the run.</summary>
    public List<BackupRecord> Backups { get; set; } = [];

    /// <summary>One record per checklist step, in checklist order.</summary>
    public List<StepRecord> Steps { get; set; } = [];

    /// <summary>Record of a step (null if the checklist changed and the step is new).</summary>
    public StepRecord? Step(string stepId) => Steps.Find(s => s.StepId == stepId);

    /// <summary>Fresh state for <paramref name="checklist"/>.</summary>
    public static ChecklistRunState Create(ChecklistDefinition checklist, string deviceKey, string user, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(checklist);
        return new ChecklistRunState
        {
            ChecklistId = checklist.Id,
            DeviceKey = deviceKey,
            Status = RunStatus.NotStarted,
            CurrentStep = checklist.Steps[0].Id,
            StartedBy = user,
            StartedAt = now,
            UpdatedAt = now,
            Steps = checklist.Steps.Select(s => new StepRecord { StepId = s.Id }).ToList(),
        };
    }

    /// <summary>Adds records for steps the checklist gained since the state was written, keeping order.</summary>
    public void AlignWith(ChecklistDefinition checklist)
    {
        ArgumentNullException.ThrowIfNull(checklist);
        Steps = checklist.Steps.Select(s => Step(s.Id) ?? new StepRecord { StepId = s.Id }).ToList();
    }
}

/// <summary>Device keys for state directories.</summary>
public static class DeviceKeys
{
    /// <summary>Prefix of provisional keys (identity not read yet).</summary>
    public const string ProvisionalPrefix = "provisional-";

    /// <summary>
    /// Stable key from the IMEI: <c>imei-</c> + the first 16 hex digits of SHA-256 over a fixed
    /// label and the IMEI digits (stable across runs so a run can be found again; the IMEI itself is
    /// not stored).
    /// </summary>
    public static string FromImei(string imei)
    {
        ArgumentNullException.ThrowIfNull(imei);
        string digits = new(imei.Where(char.IsAsciiDigit).ToArray());
        if (digits.Length == 0) throw new ArgumentException("IMEI has no digits", nameof(imei));
        byte[] hash = SHA256.HashData(Encoding.ASCII.GetBytes("ztediag-checklist-device:" + digits));
        return "imei-" + Convert.ToHexStringLower(hash.AsSpan(0, 8));
    }

    /// <summary>A provisional key for a run whose device identity is not known yet.</summary>
    public static string Provisional(string hint = "device")
    {
        ArgumentNullException.ThrowIfNull(hint);
        string clean = new(hint.Select(c => char.IsAsciiLetterOrDigit(c) ? char.ToLowerInvariant(c) : '-').ToArray());
        return ProvisionalPrefix + clean.Trim('-');
    }

    /// <summary>True for a key made by <see cref="Provisional"/>.</summary>
    public static bool IsProvisional(string key) => key?.StartsWith(ProvisionalPrefix, StringComparison.Ordinal) ?? false;
}
