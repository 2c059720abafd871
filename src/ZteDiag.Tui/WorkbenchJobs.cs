using System.Globalization;
using System.Text;
using ZteDiag.Workbench.Archive;
using ZteDiag.Workbench.Backup;
using ZteDiag.Workbench.Connection;
using ZteDiag.Protocol.Diag;
using ZteDiag.Workbench.Jobs;
using ZteDiag.Workbench.Maintenance;
using ZteDiag.Workbench.Nv;
using ZteDiag.Workbench.Restore;
using ZteDiag.Workbench.Safety;
using ZteDiag.Workbench.Verify;

namespace ZteDiag.Tui;

/// <summary>
/// The TUI's jobs over the Workbench ones (the same the CLI runs): <see cref="BackupJob"/>,
/// <see cref="VerifyJob"/>, <see cref="RestorePlanner"/> + <see cref="RestoreJob"/> and
/// <see cref="MaintenanceJob"/>. A verified backup taken here (F6) is kept as the session backup
/// that <see cref="BackupGuard"/> accepts for the write jobs of the same device.
/// </summary>
public sealed class WorkbenchJobs : IWorkbenchJobs
{
    private readonly BackupRegistry? _registry;
    private readonly string? _journalDirectory;
    private VerifiedBackup? _sessionBackup;

    /// <summary>Creates the jobs.</summary>
    /// <param name="registry">Where verified backups are recorded (null: not recorded).</param>
    /// <param name="journalDirectory">Restore journals and safety backups (null: the default directory).</param>
    public WorkbenchJobs(BackupRegistry? registry = null, string? journalDirectory = null)
    {
        _registry = registry;
        _journalDirectory = journalDirectory;
    }

    /// <inheritdoc/>
    public BackupRegistry? Registry => _registry;

    /// <summary>The verified backup taken in this session, if any.</summary>
    public VerifiedBackup? SessionBackup => _sessionBackup;

    /// <inheritdoc/>
    public async Task<string> BackupAsync(ModemConnection modem, string outputPath, IProgress<JobProgress> progress, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(modem);
        BackupResult r = await new BackupJob(modem).RunAsync(
            new BackupPlan { OutputPath = outputPath, Registry = _registry }, progress, ct).ConfigureAwait(false);
        if (r.Token is { } token)
        {
            _sessionBackup = token;
        }

        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"Backup written: {r.ArchivePath} ({r.Manifest.Entries.Count} entries, {r.ContentBytes} bytes");
        sb.Append(r.NvItems > 0 ? string.Create(CultureInfo.InvariantCulture, $", {r.NvItems} NV items)") : ")");
        sb.AppendLine();
        sb.Append(r.Verification.IsValid
            ? "Verified: the archive matches its manifest."
            : string.Create(CultureInfo.InvariantCulture, $"NOT VERIFIED: {r.Verification.Problems.Count} problem(s), first: {r.Verification.Problems.FirstOrDefault()?.Message}"));
        if (r.Unreadable.Count > 0)
        {
            sb.AppendLine().Append(CultureInfo.InvariantCulture, $"{r.Unreadable.Count} entr{(r.Unreadable.Count == 1 ? "y" : "ies")} the modem refused to read (recorded as unreadable).");
        }

        foreach (string w in r.Warnings)
        {
            sb.AppendLine().Append("Warning: ").Append(w);
        }

        return sb.ToString();
    }

    /// <inheritdoc/>
    public async Task<string> VerifyAsync(ModemConnection modem, string archivePath, IProgress<JobProgress> progress, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(modem);
        DeviceComparison c = await new VerifyJob(modem).AgainstDeviceAsync(archivePath, progress, ct).ConfigureAwait(false);
        var sb = new StringBuilder();
        if (!c.Archive.IsValid)
        {
            sb.Append(CultureInfo.InvariantCulture, $"The archive {c.Archive.Path} does not verify ({c.Archive.Problems.Count} problem(s)):");
            foreach (ArchiveProblem p in c.Archive.Problems.Take(10))
            {
                sb.AppendLine().Append("  ").Append(p.Message);
            }

            return sb.ToString();
        }

        sb.Append(CultureInfo.InvariantCulture, $"Archive {c.Archive.Path}: valid. Compared {c.Compared} entries with the modem: ");
        if (c.Differences.Count == 0)
        {
            sb.Append("no differences.");
            return sb.ToString();
        }

        sb.Append(CultureInfo.InvariantCulture,
            $"{c.Differences.Count} difference(s) ({Count(c, DifferenceKind.Missing)} missing on the modem, {Count(c, DifferenceKind.Extra)} extra, {Count(c, DifferenceKind.Changed)} changed).");
        foreach (Difference d in c.Differences.Take(50))
        {
            sb.AppendLine().Append(CultureInfo.InvariantCulture, $"  {d.Kind.ToString().ToLowerInvariant(),-8} {d.Path}  {d.Detail}");
        }

        if (c.Differences.Count > 50)
        {
            sb.AppendLine().Append(CultureInfo.InvariantCulture, $"  … and {c.Differences.Count - 50} more");
        }

        return sb.ToString();
    }

    /// <inheritdoc/>
    public async Task<string> PlanRestoreAsync(ModemConnection modem, string archivePath, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(modem);
        BackupSource source = await BackupSource.OpenAsync(archivePath, ct: ct).ConfigureAwait(false);
        await modem.EnsureEfsAsync(ct).ConfigureAwait(false);
        RestoreDeviceCheck device = await RestoreDeviceCheck.ReadAsync(modem, source.Manifest.Device, ct).ConfigureAwait(false);
        RestorePlan plan = await RestorePlanner.PlanAsync(modem.Efs, source, Options(), null, ct).ConfigureAwait(false);
        return $"Device: {device.Verdict}\n" + DescribePlan(plan);
    }

    /// <inheritdoc/>
    /// <remarks>
    /// <see cref="RestoreJob.ApplyAsync"/> takes and verifies its own safety backup of everything it
    /// replaces or deletes before the first write, so no session backup is required here.
    /// </remarks>
    public async Task<string> RestoreAsync(ModemConnection modem, string archivePath, IProgress<JobProgress> progress, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(modem);
        BackupSource source = await BackupSource.OpenAsync(archivePath, ct: ct).ConfigureAwait(false);
        await modem.EnsureEfsAsync(ct).ConfigureAwait(false);
        RestoreOptions options = Options();
        RestoreDeviceCheck device = await RestoreDeviceCheck.ReadAsync(modem, source.Manifest.Device, ct).ConfigureAwait(false);
        RestorePlan plan = await RestorePlanner.PlanAsync(modem.Efs, source, options, null, ct).ConfigureAwait(false);
        if (plan.IsEmpty)
        {
            return "Nothing to do: the modem matches the backup.";
        }

        // a backup not known to be this modem's is refused here (the TUI has no --other-device); only "neither has an IMEI" passes on the confirmed plan
        RestoreResult r = await RestoreJob.ApplyAsync(modem.Efs, source, plan, device, options, progress, ct).ConfigureAwait(false);
        return $"Restore complete: {r.Applied} steps applied, {r.AlreadyDone} already in place.\n"
            + $"Safety backup of what was replaced: {r.SafetyBackupPath}\nJournal: {r.JournalPath}";
    }

    /// <inheritdoc/>
    public async Task<string> SetCdEmulationAsync(ModemConnection modem, bool enabled, CancellationToken ct)
    {
        VerifiedBackup backup = await RequireSessionBackupAsync(modem, ct).ConfigureAwait(false);
        MaintenanceResult r = await new MaintenanceJob(modem).CdEmulationAsync(enabled, backup, new MaintenanceOptions(), ct).ConfigureAwait(false);
        return Describe(r, backup);
    }

    /// <inheritdoc/>
    public async Task<string> NvBackupAsync(ModemConnection modem, string outputPath, string? spc, IProgress<JobProgress> progress, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(modem);
        ProbedDevice device = await DeviceProbe.ReadAsync(modem, ct).ConfigureAwait(false);
        NvBackupFile file = await new NvJob(modem).BackupAsync(NvJob.DefaultLastItem, device.Identity, progress, ct, spc, itemFiles: true).ConfigureAwait(false);
        NvFileFormat format = NvFiles.FormatOf(outputPath);
        await NvFiles.SaveAsync(file, outputPath, format, device.Identity.Revision ?? "", ct).ConfigureAwait(false);
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"NV backup written: {outputPath} ({format.ToString().ToUpperInvariant()}, {file.Items.Count} items, {file.ItemFiles?.Count ?? 0} item files).");
        if (file.NotSaved is { Count: > 0 } notSaved)
        {
            sb.AppendLine().Append(CultureInfo.InvariantCulture,
                $"NOT saved ({notSaved.Count}, the modem wants the SPC; run again with it): {string.Join(", ", notSaved.Select(i => $"{i} {NvItems.Name((ushort)i)}"))}");
        }

        if (file.Unreadable is { Count: > 0 } unreadable)
        {
            sb.AppendLine().Append(CultureInfo.InvariantCulture,
                $"Unreadable by design (stock firmware never gives them out): {string.Join(", ", unreadable.Select(i => $"{i} {NvItems.Name((ushort)i)}"))}");
        }

        sb.AppendLine().Append("The file holds the IMEI (NV 550): keep it private.");
        return sb.ToString();
    }

    /// <summary>How the NV restore plan starts when there is nothing to write.</summary>
    public const string NothingToWrite = "Nothing to write:";

    /// <inheritdoc/>
    public async Task<string> PlanNvRestoreAsync(ModemConnection modem, string filePath, string spc, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(modem);
        var (_, _, plan) = await NvRestorePrepareAsync(modem, filePath, spc, ct).ConfigureAwait(false);
        return DescribeNvPlan(plan, filePath);
    }

    /// <inheritdoc/>
    public async Task<string> NvRestoreAsync(ModemConnection modem, string filePath, string spc, IProgress<JobProgress> progress, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(modem);
        var (file, device, plan) = await NvRestorePrepareAsync(modem, filePath, spc, ct).ConfigureAwait(false);
        if (plan.Changes.Count == 0)
        {
            return DescribeNvPlan(plan, filePath);
        }

        // the same steps as `ztediag restore --nv`: the old values into a verified safety backup, then the journalled restore
        string dir = NvRestoreJournalStore.DirectoryFor(_journalDirectory);
        VerifiedBackup safety = await NvSafetyBackup.WriteAsync(plan, device.Identity, NvSafetyBackup.PathIn(dir, DateTimeOffset.UtcNow), null, ct).ConfigureAwait(false);
        var options = new NvRestoreOptions { Spc = spc, SourcePath = filePath, JournalDirectory = dir, DeviceImei = device.Imei };
        NvRestoreResult r = await new NvJob(modem).RestoreAsync(file, new SafeEfsWriter(safety), options, progress, ct).ConfigureAwait(false);
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"NV restore complete: {r.Written} item(s) written and read back.");
        sb.AppendLine().Append("Safety backup of the old values: ").Append(safety.ArchivePath);
        if (r.JournalPath is not null)
        {
            sb.AppendLine().Append("Journal: ").Append(r.JournalPath).Append(" (after an unplug: ztediag nv restore --resume)");
        }

        return sb.ToString();
    }

    /// <summary>The NV restore plan as the technician reads it before confirming.</summary>
    public static string DescribeNvPlan(NvRestorePlan plan, string filePath)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var sb = new StringBuilder();
        if (plan.Changes.Count == 0)
        {
            sb.Append(NothingToWrite).Append(" the modem already holds every item of ").Append(filePath).Append('.');
        }
        else
        {
            sb.Append(CultureInfo.InvariantCulture, $"NV restore plan from {filePath}: {plan.Changes.Count} item(s) to write.");
            foreach (NvChange c in plan.Changes.Take(30))
            {
                string old = c.OldHex ?? (c.Category == NvPlanCategory.NeedsSpc ? "(protected, not compared)" : "(not active on the modem)");
                sb.AppendLine().Append(CultureInfo.InvariantCulture, $"  {c.Id,5} {c.Name}: {Short(old)} → {Short(c.NewHex)}");
            }

            if (plan.Changes.Count > 30)
            {
                sb.AppendLine().Append(CultureInfo.InvariantCulture, $"  … and {plan.Changes.Count - 30} more");
            }
        }

        sb.AppendLine().Append(CultureInfo.InvariantCulture,
            $"{plan.Count(NvPlanCategory.Changed)} changed, {plan.Count(NvPlanCategory.Unchanged)} unchanged, {plan.Count(NvPlanCategory.NotActive)} not active on the modem, " +
            $"{plan.Count(NvPlanCategory.NeedsSpc)} need the SPC, {plan.Count(NvPlanCategory.Unreadable)} unreadable by design and {plan.Count(NvPlanCategory.Unwritable)} unwritable (both skipped)");
        return sb.ToString();

        static string Short(string hex) => hex.Length <= 24 ? hex : hex[..24] + "…";
    }

    /// <summary>Reads the file (hostile or damaged: refused before any modem I/O), checks it is this modem's, and plans.</summary>
    private static async Task<(NvBackupFile File, ProbedDevice Device, NvRestorePlan Plan)> NvRestorePrepareAsync(
        ModemConnection modem, string filePath, string spc, CancellationToken ct)
    {
        NvBackupFile file = NvArchiveFile.IsArchive(filePath) ? await NvArchiveFile.LoadAsync(filePath, ct).ConfigureAwait(false) : NvFiles.Load(filePath);
        ProbedDevice device = await DeviceProbe.ReadAsync(modem, ct).ConfigureAwait(false);
        NvFileDeviceCheck.Enforce(file, device, filePath, allowOtherDevice: false); // the TUI has no --other-device
        NvRestorePlan plan = await new NvJob(modem).PlanRestoreAsync(file, ct, spc).ConfigureAwait(false);
        return (file, device, plan);
    }

    /// <inheritdoc/>
    public async Task<string> SetAutorunAsync(ModemConnection modem, bool enabled, CancellationToken ct)
    {
        VerifiedBackup backup = await RequireSessionBackupAsync(modem, ct).ConfigureAwait(false);
        MaintenanceResult r = await new MaintenanceJob(modem).AutorunAsync(enabled, backup, new MaintenanceOptions(), ct).ConfigureAwait(false);
        return Describe(r, backup);
    }

    /// <inheritdoc/>
    public async Task<string> SwapIdentifierAsync(ModemConnection modem, string identifierFilePath, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(identifierFilePath);
        if (!File.Exists(identifierFilePath))
        {
            throw new FileNotFoundException($"No such file: {identifierFilePath} (give a local file with the new {MaintenanceJob.IdentifierPath} content).", identifierFilePath);
        }

        byte[] content = await File.ReadAllBytesAsync(identifierFilePath, ct).ConfigureAwait(false);
        VerifiedBackup backup = await RequireSessionBackupAsync(modem, ct).ConfigureAwait(false);
        MaintenanceResult r = await new MaintenanceJob(modem).SwapIdentifierAsync(content, backup, new MaintenanceOptions(), ct).ConfigureAwait(false);
        return Describe(r, backup);
    }

    /// <summary>The restore plan as the technician reads it before confirming.</summary>
    public static string DescribePlan(RestorePlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"Restore plan from {plan.SourcePath} ({plan.Origin.ToString().ToLowerInvariant()}):");
        List<RestoreStep> shown = plan.Steps.Where(s => s.Action != RestoreAction.Unchanged).ToList();
        foreach (RestoreStep s in shown.Take(40))
        {
            sb.AppendLine().Append(CultureInfo.InvariantCulture,
                $"  {Word(s.Action),-8} {RestorePlanner.Describe(s.Kind),-9} {s.Path}{(s.Reason is null ? "" : "  (" + s.Reason + ")")}");
        }

        if (shown.Count > 40)
        {
            sb.AppendLine().Append(CultureInfo.InvariantCulture, $"  … and {shown.Count - 40} more");
        }

        sb.AppendLine().Append(CultureInfo.InvariantCulture,
            $"{plan.Count(RestoreAction.Create)} create, {plan.Count(RestoreAction.Replace)} replace, {plan.Count(RestoreAction.ModeChange)} mode, {plan.Count(RestoreAction.Delete)} delete, {plan.Count(RestoreAction.Skip)} skip, {plan.Count(RestoreAction.Unchanged)} unchanged");
        if (plan.IsEmpty)
        {
            sb.AppendLine().Append("Nothing to do: the modem matches the backup.");
        }

        return sb.ToString();
    }

    private RestoreOptions Options() => new() { JournalDirectory = _journalDirectory };

    private async Task<VerifiedBackup> RequireSessionBackupAsync(ModemConnection modem, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(modem);
        if (_sessionBackup is null)
        {
            throw new SafetyException("No verified backup of this modem in this session: run Backup (F6) first.");
        }

        try
        {
            return await BackupGuard.RequireAsync(modem, new BackupRequirement { SessionBackup = _sessionBackup, Registry = _registry }, null, null, ct)
                .ConfigureAwait(false);
        }
        catch (SafetyException ex)
        {
            throw new SafetyException("The session backup is not of this modem: run Backup (F6) first. (" + ex.Message + ")", ex);
        }
    }

    private static int Count(DeviceComparison c, DifferenceKind kind) => c.Differences.Count(d => d.Kind == kind);

    private static string Describe(MaintenanceResult r, VerifiedBackup backup)
    {
        var sb = new StringBuilder();
        sb.Append(r.Operation).Append(':');
        foreach (string s in r.Steps)
        {
            sb.AppendLine().Append("  ").Append(s);
        }

        sb.AppendLine().Append(r.Verified ? "Verified: the modem is in the intended state." : "NOT VERIFIED: the modem is not in the intended state.");
        sb.AppendLine().Append("Backup on file: ").Append(backup.ArchivePath);
        return sb.ToString();
    }

    private static string Word(RestoreAction a) => a switch
    {
        RestoreAction.ModeChange => "mode",
        _ => a.ToString().ToLowerInvariant(),
    };
}
