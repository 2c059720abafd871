using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using ZteDiag.Device;
using ZteDiag.Device.At;
using ZteDiag.Device.Discovery;
using ZteDiag.Device.Efs;
using ZteDiag.Protocol.At;
using ZteDiag.Protocol.Efs;
using ZteDiag.Workbench.Archive;
using ZteDiag.Workbench.Backup;
using ZteDiag.Workbench.Connection;
using ZteDiag.Workbench.Jobs;
using ZteDiag.Workbench.Maintenance;
using ZteDiag.Workbench.Restore;
using ZteDiag.Workbench.Safety;

namespace ZteDiag.Workbench.Checklists;

/// <summary>Backup job handed to <see cref="ModemChecklistDevice"/> (default: <see cref="ModemChecklistDevice.JobBackupAsync"/>).</summary>
public delegate Task<BackupRecord> ChecklistBackupHandler(ConnectionOptions connection, BackupRequest request, IProgress<DeviceJobProgress> progress, CancellationToken ct);

/// <summary>Restore job handed to <see cref="ModemChecklistDevice"/> (default: <see cref="ModemChecklistDevice.JobRestoreAsync"/>).</summary>
public delegate Task<DeviceActionResult> ChecklistRestoreHandler(ConnectionOptions connection, RestoreRequest request, IProgress<DeviceJobProgress> progress, CancellationToken ct);

/// <summary>Settings of a <see cref="ModemChecklistDevice"/>.</summary>
public sealed record ModemChecklistDeviceOptions
{
    /// <summary>Where the default backup writes its archives (default: <c>./backups</c>).</summary>
    public string BackupDirectory { get; init; } = Path.Combine(Environment.CurrentDirectory, "backups");

    /// <summary>Backup job; null = <see cref="ModemChecklistDevice.JobBackupAsync"/> into <see cref="BackupDirectory"/>.</summary>
    public ChecklistBackupHandler? Backup { get; init; }

    /// <summary>Restore job; null = <see cref="ModemChecklistDevice.JobRestoreAsync"/>.</summary>
    public ChecklistRestoreHandler? Restore { get; init; }

    /// <summary>
    /// Where the default backup records verified archives, as <c>ztediag backup</c> and the TUI's F6 do, so the
    /// write commands find it later. Required so that no shell can leave it out by accident: pass the shell's
    /// registry, or null on purpose (a test with its own backup job).
    /// </summary>
    public required BackupRegistry? Registry { get; init; }
}

/// <summary>
/// The checklist engine's view of a real (or virtual) modem. Every operation resolves the ports afresh
/// through the <see cref="ConnectionOptions"/> factory and opens its own short-lived link, so a stick that
/// re-enumerates with new port paths (a re-plug, a reflash) is simply found again on the next step.
/// </summary>
public sealed class ModemChecklistDevice : IChecklistDevice
{
    private readonly Func<ConnectionOptions> _connection;
    private readonly ModemChecklistDeviceOptions _options;
    private readonly Dictionary<string, VerifiedBackup> _verified = new(StringComparer.Ordinal);

    /// <summary>Creates the adapter.</summary>
    /// <param name="connection">Called on every operation: explicit ports, TCP, or the discovery roots.</param>
    /// <param name="options">Backup/restore jobs and their settings (the backup registry among them).</param>
    public ModemChecklistDevice(Func<ConnectionOptions> connection, ModemChecklistDeviceOptions options)
    {
        _connection = connection ?? throw new ArgumentNullException(nameof(connection));
        _options = options ?? throw new ArgumentNullException(nameof(options));
    }

    /// <inheritdoc/>
    public Task<PortPresence> ProbeAsync(CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        ConnectionOptions o = _connection();
        if (o.Tcp is not null)
        {
            return Task.FromResult(new PortPresence(true, [$"{o.Tcp} DIAG (TCP)"]));
        }

        if (o.DiagPort is not null)
        {
            var lines = new List<string>();
            bool diag = File.Exists(o.DiagPort);
            lines.Add($"{o.DiagPort} DIAG{(diag ? "" : " (missing)")}");
            bool at = o.AtPort is null || File.Exists(o.AtPort);
            if (o.AtPort is not null) lines.Add($"{o.AtPort} AT{(at ? "" : " (missing)")}");
            return Task.FromResult(diag && at ? new PortPresence(true, lines) : new PortPresence(false, lines));
        }

        IReadOnlyList<DiscoveredModem> modems = new PortDiscovery(o.SysfsRoot, o.DevRoot).Discover();
        DiscoveredModem? m = modems.FirstOrDefault(x => x.DiagPort is { } d && File.Exists(d.DevicePath));
        if (m is null) return Task.FromResult(PortPresence.Absent);
        var ports = m.Ports.Select(p => $"{p.DevicePath} if{p.Interface:00} {RoleText(p.Role)}").ToList();
        ports.Insert(0, $"{m.UsbId} {m.Name} [{m.Personality}] usb {m.UsbPath}");
        return Task.FromResult(new PortPresence(true, ports));
    }

    /// <inheritdoc/>
    public async Task<DeviceIdentitySnapshot> ReadIdentityAsync(CancellationToken ct)
    {
        ConnectionOptions o = _connection();
        AtiInfo ati;
        await using (AtSession at = await OpenAtAsync(o, ct).ConfigureAwait(false))
        {
            ati = await at.GetInfoAsync(ct).ConfigureAwait(false);
        }

        string version = "";
        string imei = ati.Imei ?? "";
        if (o.DiagPort is not null || o.Tcp is not null || PortResolverHasDiag(o))
        {
            await using ModemConnection modem = await ModemConnection.OpenAsync(o, ct).ConfigureAwait(false);
            var id = await modem.Identity.ReadAsync(ct).ConfigureAwait(false);
            if (id.Version is { } v)
            {
                version = string.Create(CultureInfo.InvariantCulture, $"VERNO {v.VersionDirectory} {v.CompileDate} {v.CompileTime}").Trim();
            }

            if (id.Imei is { Length: > 0 } nvImei)
            {
                imei = nvImei; // NV 550 is the authoritative IMEI
            }
        }

        return new DeviceIdentitySnapshot(ati.Manufacturer ?? "", ati.Model ?? "", ati.Revision ?? "", imei, version);
    }

    /// <summary>
    /// The run-state key of a modem that is already open (the TUI's connection): the IMEI the runner itself
    /// reads (NV 550 first, then ATI) through <see cref="DeviceKeys.FromImei"/>; null when neither gives one.
    /// </summary>
    public static async Task<string?> DeviceKeyAsync(ModemConnection modem, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(modem);
        var id = await modem.Identity.ReadAsync(ct).ConfigureAwait(false);
        string? imei = id.Imei;
        if (string.IsNullOrEmpty(imei) && await modem.GetAtAsync(ct).ConfigureAwait(false) is { } at)
        {
            imei = (await at.GetInfoAsync(ct).ConfigureAwait(false)).Imei;
        }

        return imei is not null && imei.Any(char.IsAsciiDigit) ? DeviceKeys.FromImei(imei) : null;
    }

    /// <inheritdoc/>
    public async Task<AtResult> SendAtAsync(string command, CancellationToken ct)
    {
        await using AtSession at = await OpenAtAsync(_connection(), ct).ConfigureAwait(false);
        AtReply r = await at.SendAsync(command, null, false, ct).ConfigureAwait(false);
        return new AtResult(r.Lines, r.Final.ToString());
    }

    /// <inheritdoc/>
    public async Task<bool> EfsExistsAsync(string path, CancellationToken ct)
    {
        await using ModemConnection modem = await OpenDiagAsync(ct).ConfigureAwait(false);
        return await modem.Efs.ExistsAsync(path, ct).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public Task<BackupRecord> BackupAsync(BackupRequest request, IProgress<DeviceJobProgress> progress, CancellationToken ct)
    {
        ConnectionOptions o = _connection();
        return _options.Backup is { } job
            ? job(o, request, progress, ct)
            : JobBackupAsync(o, request, _options.BackupDirectory, progress, ct, _options.Registry);
    }

    /// <inheritdoc/>
    public Task<DeviceActionResult> RestoreAsync(RestoreRequest request, IProgress<DeviceJobProgress> progress, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        return (_options.Restore ?? JobRestoreAsync)(_connection(), request, progress, ct);
    }

    /// <inheritdoc/>
    /// <remarks>The same jobs as the CLI (<see cref="MaintenanceJob"/>): <c>autorun off</c> (AT+ZCDRUN=8), or <c>cd-emulation off</c> (the guarded delete).</remarks>
    public async Task<DeviceActionResult> CdEmulationOffAsync(CdEmulationMethod method, BackupRecord backup, CancellationToken ct)
    {
        // AT+ZCDRUN=8 is the autorun switch (the modem removes AUTORUN.FLG): `ztediag autorun off`; the flag
        // method deletes CD_STARTUP_FLAG over EFS: `ztediag cd-emulation off`.
        bool viaAt = method == CdEmulationMethod.ZcdRun;
        return await MaintenanceAsync(backup, (job, token) => viaAt
                ? job.AutorunAsync(false, token, new MaintenanceOptions { ViaEfs = false }, ct)
                : job.CdEmulationAsync(false, token, new MaintenanceOptions(), ct), viaAt, ct)
            .ConfigureAwait(false);
    }

    /// <inheritdoc/>
    /// <remarks>The same job as <c>ztediag autorun off --via-efs</c>: deletes /AUTORUN.FLG only when the backup holds it.</remarks>
    public Task<DeviceActionResult> AutorunOffAsync(BackupRecord backup, CancellationToken ct) =>
        MaintenanceAsync(backup, (job, token) => job.AutorunAsync(false, token, new MaintenanceOptions { ViaEfs = true }, ct), false, ct);

    /// <inheritdoc/>
    /// <remarks>
    /// The same job as <c>ztediag identifier swap</c> (<see cref="MaintenanceJob.ReplaceFileAsync"/> through
    /// <see cref="SafeEfsWriter"/>): temp name, read back, rename; a failed write leaves no temporary file.
    /// </remarks>
    public async Task<DeviceActionResult> IdentifierSwapAsync(string efsPath, string localFile, BackupRecord backup, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrEmpty(efsPath);
        byte[] wanted = await File.ReadAllBytesAsync(localFile, ct).ConfigureAwait(false);
        var evidence = new List<string>();
        await using ModemConnection modem = await OpenDiagAsync(ct).ConfigureAwait(false);
        VerifiedBackup token = await RequireBackupAsync(modem, backup, ct).ConfigureAwait(false);
        MaintenanceResult r = await new MaintenanceJob(modem).ReplaceFileAsync(efsPath, wanted, token, new MaintenanceOptions(), ct).ConfigureAwait(false);
        if (r.OldContent is { } old)
        {
            evidence.Add($"{efsPath} before: {Preview(Encoding.Latin1.GetBytes(old))}");
        }

        evidence.AddRange(r.Steps);
        if (r.NewContent is { } now)
        {
            evidence.Add($"{efsPath} now: {Preview(Encoding.Latin1.GetBytes(now))}");
        }

        evidence.Add("read back: " + (r.Verified ? "identical to " : "DIFFERS from ") + localFile);
        return new DeviceActionResult(r.Verified, evidence);
    }

    /// <inheritdoc/>
    /// <remarks>The same job as <c>ztediag download-mode exit</c>: AT+ZCDRUN=F, then NODOWNLOAD.FLG must be there.</remarks>
    public Task<DeviceActionResult> DownloadModeExitAsync(BackupRecord backup, CancellationToken ct) =>
        MaintenanceAsync(backup, (job, token) => job.ExitDownloadModeAsync(token, new MaintenanceOptions(), ct), false, ct);

    /// <summary>
    /// The checklist's backup: <see cref="BackupJob"/> (the same job as <c>ztediag backup</c>, with
    /// <c>--nv</c> when <see cref="BackupRequest.Nv"/>) into <paramref name="directory"/> under the
    /// default model/revision name. The job always copies the whole EFS (a superset of an NV-only
    /// request) and verifies the archive before it returns.
    /// </summary>
    public static async Task<BackupRecord> JobBackupAsync(ConnectionOptions connection, BackupRequest request, string directory,
        IProgress<DeviceJobProgress> progress, CancellationToken ct, BackupRegistry? registry = null)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(progress);
        Directory.CreateDirectory(directory);
        await using ModemConnection modem = await ModemConnection.OpenAsync(connection, ct).ConfigureAwait(false);
        ProbedDevice device = await DeviceProbe.ReadAsync(modem, ct).ConfigureAwait(false);
        string path = UniquePath(directory, BackupNaming.DefaultFileName(device.Identity.Model, device.Identity.Revision, DateTimeOffset.Now));
        BackupResult r = await new BackupJob(modem).RunAsync(
            new BackupPlan { OutputPath = path, IncludeNv = request.Nv, Registry = registry },
            new ProgressRelay(p => progress.Report(new DeviceJobProgress(p.Path ?? p.Phase, p.Done, p.Total))), ct).ConfigureAwait(false);
        string sha;
        await using (FileStream fs = File.OpenRead(r.ArchivePath))
        {
            sha = Convert.ToHexStringLower(await SHA256.HashDataAsync(fs, ct).ConfigureAwait(false));
        }

        int files = r.Manifest.Entries.Count(e => e.Kind is EntryKind.File or EntryKind.ItemFile);
        return new BackupRecord(r.ArchivePath, r.Verification.IsValid && r.Token is not null, files, r.NvItems, new FileInfo(r.ArchivePath).Length, sha);
    }

    /// <summary>
    /// The checklist's restore: <see cref="RestorePlanner"/> + <see cref="RestoreJob"/> (the same jobs as
    /// <c>ztediag restore</c>: journal, verified safety backup, read-back of every write). NV items are
    /// not restored from a checklist; the evidence says so and names the command that does it.
    /// </summary>
    public static async Task<DeviceActionResult> JobRestoreAsync(ConnectionOptions connection, RestoreRequest request,
        IProgress<DeviceJobProgress> progress, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(progress);
        if (!request.Efs)
        {
            throw new ChecklistActionException(
                $"restoring NV items from a checklist is not available: run `ztediag nv restore` in another terminal, then rerun this step");
        }

        BackupSource source = await BackupSource.OpenAsync(request.ArchivePath, ct: ct).ConfigureAwait(false);
        await using ModemConnection modem = await ModemConnection.OpenAsync(connection, ct).ConfigureAwait(false);
        await modem.EnsureEfsAsync(ct).ConfigureAwait(false);
        var options = new RestoreOptions();
        RestoreDeviceCheck device = await RestoreDeviceCheck.ReadAsync(modem, source.Manifest.Device, ct).ConfigureAwait(false);
        RestorePlan plan = await RestorePlanner.PlanAsync(modem.Efs, source, options, null, ct).ConfigureAwait(false);
        var evidence = new List<string>
        {
            $"device: {device.Verdict}",
            string.Create(CultureInfo.InvariantCulture,
                $"plan from {plan.SourcePath}: {plan.Count(RestoreAction.Create)} create, {plan.Count(RestoreAction.Replace)} replace, {plan.Count(RestoreAction.ModeChange)} mode, {plan.Count(RestoreAction.Delete)} delete, {plan.Count(RestoreAction.Skip)} skip, {plan.Count(RestoreAction.Unchanged)} unchanged"),
        };
        if (request.Nv)
        {
            evidence.Add("NV items are not restored from a checklist: use `ztediag nv restore` for them");
        }

        if (plan.IsEmpty)
        {
            evidence.Add("nothing to do: the device matches the backup");
            return new DeviceActionResult(true, evidence);
        }

        RestoreResult r = await RestoreJob.ApplyAsync(modem.Efs, source, plan, device, options,
            new ProgressRelay(p => progress.Report(new DeviceJobProgress(p.Path ?? p.Phase, p.Done, p.Total))), ct).ConfigureAwait(false);
        evidence.Add(string.Create(CultureInfo.InvariantCulture, $"restore complete: {r.Applied} steps applied, {r.AlreadyDone} already in place"));
        evidence.Add($"safety backup: {r.SafetyBackupPath}");
        evidence.Add($"journal: {r.JournalPath}");
        return new DeviceActionResult(true, evidence);
    }

    // ---- helpers -------------------------------------------------------------------------------

    /// <summary>
    /// Runs one <see cref="MaintenanceJob"/> step on a fresh link, after <see cref="RequireBackupAsync"/>; the evidence
    /// is the job's steps, the flags after it and, for an AT step, the modem's own AT+ZCDRUN=4 answer.
    /// </summary>
    private async Task<DeviceActionResult> MaintenanceAsync(
        BackupRecord backup, Func<MaintenanceJob, VerifiedBackup, Task<MaintenanceResult>> step, bool queryAutorun, CancellationToken ct)
    {
        await using ModemConnection modem = await OpenDiagAsync(ct).ConfigureAwait(false);
        VerifiedBackup token = await RequireBackupAsync(modem, backup, ct).ConfigureAwait(false);
        MaintenanceResult r = await step(new MaintenanceJob(modem), token).ConfigureAwait(false);
        var evidence = new List<string>(r.Steps);
        if (r.After is { } f)
        {
            evidence.Add($"after: CD_STARTUP_FLAG {Presence(f.CdStartupFlag)}, AUTORUN.FLG {Presence(f.AutorunFlag)}, NODOWNLOAD.FLG {Presence(f.NoDownloadFlag)}");
        }

        if (queryAutorun && await modem.GetAtAsync(ct).ConfigureAwait(false) is { } at)
        {
            await SendLoggedAsync(at, "AT+ZCDRUN=4", evidence, ct).ConfigureAwait(false);
        }

        evidence.Add(r.Verified ? "verified: the modem is in the intended state" : "NOT VERIFIED: the modem is not in the intended state");
        return new DeviceActionResult(r.Verified, evidence);
    }

    private static string Presence(bool present) => present ? "present" : "absent";

    /// <summary>
    /// The run's backup as the write jobs' token: <see cref="BackupGuard"/> re-checks every time that the modem on
    /// the link now is the one it was taken from (IMEI fingerprint); the archive itself is verified once per process.
    /// </summary>
    /// <exception cref="SafetyException">The archive does not verify, is of another modem, or is too old.</exception>
    private async Task<VerifiedBackup> RequireBackupAsync(ModemConnection modem, BackupRecord backup, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(backup);
        _verified.TryGetValue(backup.Path, out VerifiedBackup? known);
        VerifiedBackup token = await BackupGuard.RequireAsync(
            modem, new BackupRequirement { SessionBackup = known, BackupFile = backup.Path }, null, null, ct).ConfigureAwait(false);
        _verified[backup.Path] = token;
        return token;
    }

    private async Task<ModemConnection> OpenDiagAsync(CancellationToken ct)
    {
        ModemConnection modem = await ModemConnection.OpenAsync(_connection(), ct).ConfigureAwait(false);
        try
        {
            await modem.EnsureEfsAsync(ct).ConfigureAwait(false);
            return modem;
        }
        catch
        {
            await modem.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Opens the AT port (explicit or discovered) and switches numeric CME errors on.</summary>
    private static Task<AtSession> OpenAtAsync(ConnectionOptions o, CancellationToken ct) => AtConnector.OpenAsync(o, ct);

    private static async Task<AtReply> SendLoggedAsync(AtSession at, string command, List<string> evidence, CancellationToken ct)
    {
        AtReply r = await at.SendAsync(command, null, false, ct).ConfigureAwait(false);
        evidence.Add("> " + command);
        evidence.AddRange(r.Lines);
        evidence.Add(r.Final.ToString());
        return r;
    }

    private static bool PortResolverHasDiag(ConnectionOptions o)
    {
        try
        {
            PortResolver.Resolve(o);
            return true;
        }
        catch (PortException)
        {
            return false;
        }
    }

    private static string UniquePath(string directory, string name)
    {
        string path = Path.Combine(directory, name);
        string stem = name.EndsWith(".tar.gz", StringComparison.Ordinal) ? name[..^7] : Path.GetFileNameWithoutExtension(name);
        for (int i = 2; File.Exists(path); i++)
        {
            path = Path.Combine(directory, string.Create(CultureInfo.InvariantCulture, $"{stem}-{i}.tar.gz"));
        }

        return path;
    }

    private static string Preview(byte[] data)
    {
        string text = Encoding.Latin1.GetString(data.AsSpan(0, Math.Min(data.Length, 64)));
        bool printable = text.All(c => c >= ' ' && c < 0x7f);
        return printable ? $"\"{text}\" ({data.Length} bytes)" : $"{data.Length} bytes";
    }

    private static string RoleText(PortRole r) => r switch
    {
        PortRole.Diag => "DIAG",
        PortRole.AtSecondary => "AT",
        PortRole.Modem => "modem",
        _ => r.ToString(),
    };

    /// <summary>Forwards job progress synchronously (no SynchronizationContext hop).</summary>
    private sealed class ProgressRelay(Action<JobProgress> report) : IProgress<JobProgress>
    {
        public void Report(JobProgress value) => report(value);
    }
}

/// <summary>A checklist action that this build cannot carry out; the message says what to do instead (exit 1).</summary>
public sealed class ChecklistActionException(string message) : ZteDiagException(message, ZteDiagException.ExitDeviceRejected);
