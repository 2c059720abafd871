using ZteDiag.Device;
using ZteDiag.Device.Efs;
using ZteDiag.Workbench.Archive;
using ZteDiag.Workbench.Connection;
using ZteDiag.Workbench.Jobs;

namespace ZteDiag.Tui;

/// <summary>
/// Stand-in for the Workbench jobs until they land: a simple EFS backup (walk + BackupArchiveWriter),
/// everything else points the technician at the CLI.
/// </summary>
public sealed class ProvisionalWorkbenchJobs : IWorkbenchJobs
{
    /// <inheritdoc/>
    public async Task<string> BackupAsync(ModemConnection modem, string outputPath, IProgress<JobProgress> progress, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(modem);
        ArgumentNullException.ThrowIfNull(progress);
        await modem.EnsureEfsAsync(ct).ConfigureAwait(false);
        progress.Report(new JobProgress("scanning", "/", 0, 0, 0, 0));
        var entries = new List<EfsDirEntry>();
        long total = 0;
        int files = 0;
        await foreach (EfsDirEntry e in modem.Efs.WalkAsync("/", readLinks: true, ct).ConfigureAwait(false))
        {
            entries.Add(e);
            if (!e.IsDirectory && e.LinkTarget is null)
            {
                total += e.Size;
                files++;
            }

            progress.Report(new JobProgress("scanning", e.Path, 0, total, 0, files));
        }

        var header = new BackupHeader("ztediag-tui", DateTimeOffset.UtcNow, null, modem.Efs.Subsystem);
        await using BackupArchiveWriter writer = BackupArchiveWriter.Create(outputPath, header);
        long done = 0;
        int filesDone = 0;
        foreach (EfsDirEntry e in entries)
        {
            ct.ThrowIfCancellationRequested();
            var info = new EfsEntryInfo(e.Path, e.Mode, e.Size, e.AccessTime, e.ModifyTime, e.ChangeTime);
            if (e.IsDirectory)
            {
                writer.AddDirectory(info);
                continue;
            }

            if (e.LinkTarget is not null)
            {
                writer.AddSymlink(info, e.LinkTarget);
                continue;
            }

            using var buffer = new MemoryStream();
            try
            {
                long before = done;
                await modem.Efs.ReadFileAsync(e.Path, buffer, new Progress(p => progress.Report(
                    new JobProgress("reading", e.Path, before + p, total, filesDone, files))), ct).ConfigureAwait(false);
            }
            catch (EfsException ex)
            {
                writer.AddUnreadable(info, ex.Errno.ToString());
                filesDone++;
                continue;
            }

            buffer.Position = 0;
            await writer.AddFileAsync(info with { Size = buffer.Length }, buffer, ct).ConfigureAwait(false);
            done += buffer.Length;
            filesDone++;
            progress.Report(new JobProgress("reading", e.Path, done, Math.Max(total, done), filesDone, files));
        }

        BackupManifest manifest = await writer.CompleteAsync(ct).ConfigureAwait(false);
        progress.Report(new JobProgress("done", outputPath, done, Math.Max(total, done), filesDone, files));
        return $"Backup written: {outputPath} ({manifest.Entries.Count} entries, {done} bytes)";
    }

    /// <inheritdoc/>
    public Task<string> VerifyAsync(ModemConnection modem, string archivePath, IProgress<JobProgress> progress, CancellationToken ct) =>
        throw new JobUnavailableException($"ztediag verify {archivePath}");

    /// <inheritdoc/>
    public Task<string> PlanRestoreAsync(ModemConnection modem, string archivePath, CancellationToken ct) =>
        throw new JobUnavailableException($"ztediag restore {archivePath} --dry-run");

    /// <inheritdoc/>
    public Task<string> RestoreAsync(ModemConnection modem, string archivePath, IProgress<JobProgress> progress, CancellationToken ct) =>
        throw new JobUnavailableException($"ztediag restore {archivePath}");

    /// <inheritdoc/>
    public Task<string> SetCdEmulationAsync(ModemConnection modem, bool enabled, CancellationToken ct) =>
        throw new JobUnavailableException($"ztediag cd {(enabled ? "on" : "off")}");

    /// <inheritdoc/>
    public Task<string> SetAutorunAsync(ModemConnection modem, bool enabled, CancellationToken ct) =>
        throw new JobUnavailableException($"ztediag autorun {(enabled ? "on" : "off")}");

    /// <inheritdoc/>
    public Task<string> SwapIdentifierAsync(ModemConnection modem, string newImei, CancellationToken ct) =>
        throw new JobUnavailableException("ztediag identity set --imei NEW");

    private sealed class Progress(Action<long> report) : IProgress<long>
    {
        public void Report(long value) => report(value);
    }
}
