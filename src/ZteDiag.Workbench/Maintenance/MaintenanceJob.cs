using System.Text;
using ZteDiag.Device;
using ZteDiag.Device.At;
using ZteDiag.Protocol.At;
using ZteDiag.Workbench.Archive;
using ZteDiag.Workbench.Connection;
using ZteDiag.Workbench.Safety;

namespace ZteDiag.Workbench.Maintenance;

/// <summary>The ZTE flag files and the modem's own autorun answer.</summary>
/// <param name="CdStartupFlag">/CD_STARTUP_FLAG present.</param>
/// <param name="AutorunFlag">/AUTORUN.FLG present.</param>
/// <param name="NoDownloadFlag">/NODOWNLOAD.FLG present (absent = download mode).</param>
/// <param name="ZcdrunAutorun">AT+ZCDRUN=4 answer, or null without an AT port.</param>
public sealed record FlagStatus(bool CdStartupFlag, bool AutorunFlag, bool NoDownloadFlag, bool? ZcdrunAutorun);

/// <summary>Options of a maintenance step.</summary>
public sealed record MaintenanceOptions
{
    /// <summary>Only say what would be done.</summary>
    public bool DryRun { get; init; }

    /// <summary>Change flag files over EFS even when an AT port is known (autorun, download mode).</summary>
    public bool ViaEfs { get; init; }

    /// <summary>cd-emulation: also send AT+ZCDRUN=8/9 (autorun) besides the EFS change of CD_STARTUP_FLAG.</summary>
    public bool ViaAt { get; init; }
}

/// <summary>One after-check of a maintenance step: what was read back and whether it is as intended.</summary>
/// <param name="What">e.g. "/CD_STARTUP_FLAG absent (read back over EFS)".</param>
/// <param name="Ok">True when the read-back matches.</param>
public sealed record MaintenanceCheck(string What, bool Ok);

/// <summary>What a maintenance step did (or would do).</summary>
/// <param name="Operation">e.g. "cd-emulation off".</param>
/// <param name="Steps">The steps, in order, as a technician reads them.</param>
/// <param name="DryRun">True when nothing was written.</param>
/// <param name="Before">Flag state before.</param>
/// <param name="After">Flag state after (null on a dry run).</param>
/// <param name="Verified">True when the after-check confirmed the intended state.</param>
public sealed record MaintenanceResult(string Operation, IReadOnlyList<string> Steps, bool DryRun, FlagStatus Before, FlagStatus? After, bool Verified)
{
    /// <summary>Old PCUI.VN content (identifier swap).</summary>
    public string? OldContent { get; init; }

    /// <summary>New PCUI.VN content (identifier swap).</summary>
    public string? NewContent { get; init; }

    /// <summary>Each thing read back after the write; <see cref="Verified"/> covers exactly these.</summary>
    public IReadOnlyList<MaintenanceCheck> Checks { get; init; } = [];
}

/// <summary>
/// CD emulation, autorun, download mode and the PCUI.VN identifier. Every write goes through
/// <see cref="SafeEfsWriter"/> (which needs a verified backup) and is checked afterwards.
/// </summary>
public sealed class MaintenanceJob
{
    /// <summary>/CD_STARTUP_FLAG.</summary>
    public const string CdStartupFlagPath = "/CD_STARTUP_FLAG";

    /// <summary>/AUTORUN.FLG.</summary>
    public const string AutorunFlagPath = "/AUTORUN.FLG";

    /// <summary>/NODOWNLOAD.FLG.</summary>
    public const string NoDownloadFlagPath = "/NODOWNLOAD.FLG";

    /// <summary>/PCUI.VN.</summary>
    public const string IdentifierPath = "/PCUI.VN";

    private readonly ModemConnection _modem;

    /// <summary>Creates the job for one open modem.</summary>
    public MaintenanceJob(ModemConnection modem)
    {
        ArgumentNullException.ThrowIfNull(modem);
        _modem = modem;
    }

    /// <summary>Reads the flag files over EFS and AT+ZCDRUN=4 when an AT port is known.</summary>
    public async Task<FlagStatus> StatusAsync(CancellationToken ct)
    {
        await _modem.EnsureEfsAsync(ct).ConfigureAwait(false);
        bool cd = await _modem.Efs.ExistsAsync(CdStartupFlagPath, ct).ConfigureAwait(false);
        bool autorun = await _modem.Efs.ExistsAsync(AutorunFlagPath, ct).ConfigureAwait(false);
        bool nodl = await _modem.Efs.ExistsAsync(NoDownloadFlagPath, ct).ConfigureAwait(false);
        bool? query = null;
        AtSession? at = await _modem.GetAtAsync(ct).ConfigureAwait(false);
        if (at is not null)
        {
            var reply = await at.SendAsync(ZcdrunReply.CommandFor(ZcdrunOperation.QueryAutorun), null, false, ct).ConfigureAwait(false);
            if (ZcdrunReply.TryParse(reply, out ZcdrunReply? r) == AtParseStatus.Ok)
            {
                query = r!.Result;
            }
        }

        return new FlagStatus(cd, autorun, nodl, query);
    }

    /// <summary>
    /// CD emulation off: delete /CD_STARTUP_FLAG over EFS (the field write-up's step; the backup holds a copy).
    /// On: restore it from the backup. With <see cref="MaintenanceOptions.ViaAt"/> also AT+ZCDRUN=8/9 (autorun).
    /// Each effect is read back.
    /// </summary>
    public Task<MaintenanceResult> CdEmulationAsync(bool on, VerifiedBackup? backup, MaintenanceOptions options, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(options);
        return FlagAsync($"cd-emulation {(on ? "on" : "off")}", on, CdStartupFlagPath, useEfs: true, useAt: options.ViaAt, backup, options, ct);
    }

    /// <summary>
    /// Autorun off/on: AT+ZCDRUN=8/9 when an AT port is known, else (or <see cref="MaintenanceOptions.ViaEfs"/>)
    /// delete / restore /AUTORUN.FLG over EFS. Each effect is read back.
    /// </summary>
    public Task<MaintenanceResult> AutorunAsync(bool on, VerifiedBackup? backup, MaintenanceOptions options, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(options);
        return FlagAsync($"autorun {(on ? "on" : "off")}", on, AutorunFlagPath, useEfs: options.ViaEfs, useAt: !options.ViaEfs, backup, options, ct);
    }

    /// <summary>Leaves download mode: AT+ZCDRUN=F (or via EFS: restore /NODOWNLOAD.FLG from the backup); checks NODOWNLOAD.FLG is present after.</summary>
    public async Task<MaintenanceResult> ExitDownloadModeAsync(VerifiedBackup? backup, MaintenanceOptions options, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(options);
        FlagStatus before = await StatusAsync(ct).ConfigureAwait(false);
        AtSession? at = options.ViaEfs ? null : await _modem.GetAtAsync(ct).ConfigureAwait(false);
        var steps = new List<string>();
        if (at is not null)
        {
            steps.Add("send AT+ZCDRUN=F (re-creates NODOWNLOAD.FLG)");
        }
        else
        {
            steps.Add($"restore {NoDownloadFlagPath} from the backup (temp name, read back, rename)");
        }

        steps.Add($"check {NoDownloadFlagPath} is present");
        if (options.DryRun)
        {
            return new MaintenanceResult("download-mode exit", steps, true, before, null, false);
        }

        var writer = new SafeEfsWriter(backup);
        if (at is not null)
        {
            await writer.ZcdrunAsync(at, ZcdrunOperation.ExitDownload, ct).ConfigureAwait(false);
        }
        else
        {
            await RestoreFromBackupAsync(writer, NoDownloadFlagPath, ct).ConfigureAwait(false);
        }

        FlagStatus after = await StatusAsync(ct).ConfigureAwait(false);
        return new MaintenanceResult("download-mode exit", steps, false, before, after, after.NoDownloadFlag)
        {
            Checks = [new MaintenanceCheck($"{NoDownloadFlagPath} present (read back over EFS)", after.NoDownloadFlag)],
        };
    }

    /// <summary>PCUI.VN content (Latin-1), or null when the file does not exist.</summary>
    public Task<byte[]?> ReadIdentifierAsync(CancellationToken ct) => ReadIfPresentAsync(IdentifierPath, ct);

    /// <summary>The content of <paramref name="path"/> (GET for an item file), or null when it does not exist.</summary>
    public async Task<byte[]?> ReadIfPresentAsync(string path, CancellationToken ct)
    {
        await _modem.EnsureEfsAsync(ct).ConfigureAwait(false);
        using var ms = new MemoryStream();
        try
        {
            await _modem.Efs.ReadContentAsync(path, ms, null, ct).ConfigureAwait(false);
        }
        catch (ZteDiag.Device.EfsException ex) when (ex.Errno is ZteDiag.Protocol.Efs.EfsErrno.ENOENT or ZteDiag.Protocol.Efs.EfsErrno.ENOTDIR)
        {
            return null;
        }

        return ms.ToArray();
    }

    /// <summary>
    /// Replaces /PCUI.VN with <paramref name="content"/> atomically (see <see cref="ReplaceFileAsync"/>).
    /// </summary>
    public Task<MaintenanceResult> SwapIdentifierAsync(ReadOnlyMemory<byte> content, VerifiedBackup? backup, MaintenanceOptions options, CancellationToken ct) =>
        ReplaceFileAsync(IdentifierPath, content, backup, options, ct);

    /// <summary>
    /// Replaces the EFS file <paramref name="path"/> with <paramref name="content"/> through
    /// <see cref="SafeEfsWriter.WriteFileAtomicAsync"/> (verified backup required; temp name, read back, rename; a
    /// failed write leaves no temporary file) keeping its mode, and reads it back; old and new contents are in the result.
    /// </summary>
    public async Task<MaintenanceResult> ReplaceFileAsync(string path, ReadOnlyMemory<byte> content, VerifiedBackup? backup, MaintenanceOptions options, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(options);
        FlagStatus before = await StatusAsync(ct).ConfigureAwait(false);
        byte[]? old = await ReadIfPresentAsync(path, ct).ConfigureAwait(false);
        var steps = new List<string>
        {
            $"write {content.Length} bytes to {SafeEfsWriter.TempPathFor(path)}",
            "read it back and compare SHA-256",
            $"rename it over {path} and read {path} back",
        };
        string? oldText = old is null ? null : Encoding.Latin1.GetString(old);
        string newText = Encoding.Latin1.GetString(content.Span);
        string operation = path == IdentifierPath ? "identifier swap" : $"replace {path}";
        if (options.DryRun)
        {
            return new MaintenanceResult(operation, steps, true, before, null, false) { OldContent = oldText, NewContent = newText };
        }

        var writer = new SafeEfsWriter(backup);
        int mode = ZteDiag.Device.Efs.EfsClient.DefaultFileMode;
        if (old is not null)
        {
            mode = (await _modem.Efs.StatAsync(path, ct).ConfigureAwait(false)).Mode;
        }

        await writer.WriteFileAtomicAsync(_modem.Efs, path, content, mode, ct).ConfigureAwait(false);
        byte[]? now = await ReadIfPresentAsync(path, ct).ConfigureAwait(false);
        FlagStatus after = await StatusAsync(ct).ConfigureAwait(false);
        bool ok = now is not null && now.AsSpan().SequenceEqual(content.Span);
        return new MaintenanceResult(operation, steps, false, before, after, ok)
        {
            Checks = [new MaintenanceCheck($"{IdentifierPath} holds the new bytes (read back over EFS)", ok)],
            OldContent = oldText,
            NewContent = now is null ? null : Encoding.Latin1.GetString(now),
        };
    }

    /// <summary>
    /// Changes <paramref name="efsFlag"/> over EFS (<paramref name="useEfs"/>) and/or autorun with AT+ZCDRUN=8/9
    /// (<paramref name="useAt"/>; without an AT port it falls back to EFS), then reads back each effect.
    /// </summary>
    private async Task<MaintenanceResult> FlagAsync(
        string operation, bool on, string efsFlag, bool useEfs, bool useAt, VerifiedBackup? backup, MaintenanceOptions options, CancellationToken ct)
    {
        FlagStatus before = await StatusAsync(ct).ConfigureAwait(false);
        AtSession? at = useAt ? await _modem.GetAtAsync(ct).ConfigureAwait(false) : null;
        if (useAt && at is null && !useEfs)
        {
            useEfs = true; // no AT port: the flag file itself
        }

        if (useAt && at is null && efsFlag != AutorunFlagPath)
        {
            throw new SafetyException($"{operation} --via-at needs an AT port (--at-port); nothing was changed");
        }

        string state = on ? "present" : "absent";
        var steps = new List<string>();
        if (useEfs)
        {
            steps.Add(on ? $"restore {efsFlag} from the backup (temp name, read back, rename)" : $"delete {efsFlag} over EFS (the backup holds a copy)");
        }

        if (at is not null)
        {
            steps.Add(on ? "send AT+ZCDRUN=9 (re-creates AUTORUN.FLG)" : "send AT+ZCDRUN=8 (deletes AUTORUN.FLG)");
        }

        if (useEfs)
        {
            steps.Add($"read back: {efsFlag} {state}");
        }

        if (at is not null)
        {
            steps.Add($"read back: {AutorunFlagPath} {state} and AT+ZCDRUN=4 answers {(on ? 1 : 0)}");
        }

        if (options.DryRun)
        {
            return new MaintenanceResult(operation, steps, true, before, null, false);
        }

        var writer = new SafeEfsWriter(backup);
        if (useEfs)
        {
            if (on)
            {
                await RestoreFromBackupAsync(writer, efsFlag, ct).ConfigureAwait(false);
            }
            else
            {
                await writer.DeleteAsync(_modem.Efs, efsFlag, ct).ConfigureAwait(false);
            }
        }

        if (at is not null)
        {
            await writer.ZcdrunAsync(at, on ? ZcdrunOperation.OpenAutorun : ZcdrunOperation.CloseAutorun, ct).ConfigureAwait(false);
        }

        FlagStatus after = await StatusAsync(ct).ConfigureAwait(false);
        var checks = new List<MaintenanceCheck>();
        if (useEfs)
        {
            checks.Add(new MaintenanceCheck($"{efsFlag} {state} (read back over EFS)", Present(after, efsFlag) == on));
        }

        if (at is not null)
        {
            if (!useEfs || efsFlag != AutorunFlagPath)
            {
                checks.Add(new MaintenanceCheck($"{AutorunFlagPath} {state} (read back over EFS)", after.AutorunFlag == on));
            }

            checks.Add(after.ZcdrunAutorun is bool z
                ? new MaintenanceCheck($"AT+ZCDRUN=4 answers {(on ? 1 : 0)}", z == on)
                : new MaintenanceCheck("AT+ZCDRUN=4 gave no readable answer", false));
        }

        return new MaintenanceResult(operation, steps, false, before, after, checks.Count > 0 && checks.All(c => c.Ok)) { Checks = checks };
    }

    private static bool Present(FlagStatus s, string flag) => flag switch
    {
        AutorunFlagPath => s.AutorunFlag,
        CdStartupFlagPath => s.CdStartupFlag,
        _ => s.NoDownloadFlag,
    };

    private async Task RestoreFromBackupAsync(SafeEfsWriter writer, string efsPath, CancellationToken ct)
    {
        ManifestEntry entry = writer.Backup.Find(efsPath) is { Unreadable: false, Kind: EntryKind.File or EntryKind.ItemFile } e
            ? e
            : throw new SafetyException($"the backup {writer.Backup.ArchivePath} holds no readable copy of {efsPath}; cannot restore it over EFS (use the AT port instead)");
        byte[]? data = null;
        BackupSource source = await BackupSource.OpenAsync(writer.Backup.ArchivePath, null, ct).ConfigureAwait(false);
        await foreach (BackupContent c in source.ReadFilesAsync(ct).ConfigureAwait(false))
        {
            if (c.Entry.Path == efsPath)
            {
                using var ms = new MemoryStream();
                await c.Content.CopyToAsync(ms, ct).ConfigureAwait(false);
                data = ms.ToArray();
                break;
            }
        }

        if (data is null)
        {
            throw new SafetyException($"{efsPath} is listed in the manifest of {writer.Backup.ArchivePath} but its content was not found");
        }

        await writer.WriteFileAtomicAsync(_modem.Efs, efsPath, data, entry.Mode, ct).ConfigureAwait(false);
    }
}
