using System.Text;
using ZteDiag.Device;
using ZteDiag.Device.At;
using ZteDiag.Protocol.At;
using ZteDiag.Workbench.Archive;
using ZteDiag.Workbench.Connection;

namespace ZteDiag.Workbench.Jobs;

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

    /// <summary>Change flag files over EFS even when an AT port is known.</summary>
    public bool ViaEfs { get; init; }
}

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
    /// CD emulation off: AT+ZCDRUN=8 when an AT port is known, else (or <see cref="MaintenanceOptions.ViaEfs"/>)
    /// delete /CD_STARTUP_FLAG. On: AT+ZCDRUN=9, or via EFS restore /CD_STARTUP_FLAG from the backup.
    /// </summary>
    public Task<MaintenanceResult> CdEmulationAsync(bool on, VerifiedBackup? backup, MaintenanceOptions options, CancellationToken ct) =>
        FlagAsync($"cd-emulation {(on ? "on" : "off")}", on, CdStartupFlagPath, backup, options, ct);

    /// <summary>Autorun off/on: AT+ZCDRUN=8/9, or via EFS delete / restore /AUTORUN.FLG from the backup.</summary>
    public Task<MaintenanceResult> AutorunAsync(bool on, VerifiedBackup? backup, MaintenanceOptions options, CancellationToken ct) =>
        FlagAsync($"autorun {(on ? "on" : "off")}", on, AutorunFlagPath, backup, options, ct);

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
        return new MaintenanceResult("download-mode exit", steps, false, before, after, after.NoDownloadFlag);
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
            OldContent = oldText,
            NewContent = now is null ? null : Encoding.Latin1.GetString(now),
        };
    }

    private async Task<MaintenanceResult> FlagAsync(string operation, bool on, string efsFlag, VerifiedBackup? backup, MaintenanceOptions options, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(options);
        FlagStatus before = await StatusAsync(ct).ConfigureAwait(false);
        AtSession? at = options.ViaEfs ? null : await _modem.GetAtAsync(ct).ConfigureAwait(false);
        var steps = new List<string>();
        string checkedFlag = at is not null ? AutorunFlagPath : efsFlag;
        if (at is not null)
        {
            steps.Add(on ? "send AT+ZCDRUN=9 (re-creates AUTORUN.FLG)" : "send AT+ZCDRUN=8 (deletes AUTORUN.FLG)");
            steps.Add($"check {AutorunFlagPath} is {(on ? "present" : "absent")} and AT+ZCDRUN=4 says {(on ? 1 : 0)}");
        }
        else
        {
            steps.Add(on ? $"restore {efsFlag} from the backup (temp name, read back, rename)" : $"delete {efsFlag} (the backup holds a copy)");
            steps.Add($"check {efsFlag} is {(on ? "present" : "absent")}");
        }

        if (options.DryRun)
        {
            return new MaintenanceResult(operation, steps, true, before, null, false);
        }

        var writer = new SafeEfsWriter(backup);
        if (at is not null)
        {
            await writer.ZcdrunAsync(at, on ? ZcdrunOperation.OpenAutorun : ZcdrunOperation.CloseAutorun, ct).ConfigureAwait(false);
        }
        else if (on)
        {
            await RestoreFromBackupAsync(writer, efsFlag, ct).ConfigureAwait(false);
        }
        else
        {
            await writer.DeleteAsync(_modem.Efs, efsFlag, ct).ConfigureAwait(false);
        }

        FlagStatus after = await StatusAsync(ct).ConfigureAwait(false);
        bool present = checkedFlag switch
        {
            AutorunFlagPath => after.AutorunFlag,
            CdStartupFlagPath => after.CdStartupFlag,
            _ => after.NoDownloadFlag,
        };
        bool verified = present == on && (at is null || after.ZcdrunAutorun is null || after.ZcdrunAutorun == on);
        return new MaintenanceResult(operation, steps, false, before, after, verified);
    }

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
