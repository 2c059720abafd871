using ZteDiag.Device.Efs;
using ZteDiag.Protocol.Efs;
using ZteDiag.Workbench.Jobs;
using ZteDiag.Workbench.Safety;

namespace ZteDiag.Tui;

/// <summary>
/// Download/upload between the EFS and local files, through the same Workbench jobs as <c>efs get</c> and
/// <c>efs put</c> (<see cref="EfsDownload"/>, <see cref="EfsReplacer"/>), one EFS operation at a time
/// (<see cref="WorkbenchContext.WithModemAsync{T}"/>).
/// </summary>
public static class EfsTransfers
{
    /// <summary>
    /// Copies a file or a whole directory from the modem to <paramref name="localPath"/>. Each file goes to a
    /// temporary name beside its target and is renamed over it only when complete, so an existing local file
    /// is never emptied or left half written.
    /// </summary>
    public static Task<string> DownloadAsync(WorkbenchContext ctx, EfsDirEntry entry, string localPath, IProgress<JobProgress> progress, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(progress);
        return ctx.WithModemAsync(async modem =>
        {
            await modem.EnsureEfsAsync(ct).ConfigureAwait(false);
            EfsClient efs = modem.Efs;
            List<EfsDirEntry> files = entry.IsDirectory
                ? [.. (await efs.ListTreeAsync(entry.Path, null, ct).ConfigureAwait(false)).Where(e => !e.IsDirectory && e.Kind != EfsFileKind.Symlink)]
                : [entry];

            long total = files.Sum(f => f.Size);
            long done = 0;
            int n = 0;
            foreach (EfsDirEntry f in files)
            {
                string rel = entry.IsDirectory ? f.Path[entry.Path.Length..].TrimStart('/') : "";
                string target = rel.Length == 0 ? localPath : Path.Combine(localPath, rel.Replace('/', Path.DirectorySeparatorChar));
                Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(target))!);
                long before = done;
                EfsDownloadResult r = await EfsDownload.ToFileAsync(efs, f.Path, target,
                    new LongProgress(p => progress.Report(new JobProgress("downloading", f.Path, before + p, total, n, files.Count))), ct).ConfigureAwait(false);
                done += r.Bytes;
                n++;
                progress.Report(new JobProgress("downloading", f.Path, done, Math.Max(done, total), n, files.Count));
            }

            return $"Downloaded {n} file(s), {Readable.Bytes(done)} to {localPath}";
        }, ct);
    }

    /// <summary>Writes a local file to <paramref name="remotePath"/> atomically (<see cref="EfsReplacer"/>: temp name, read back, rename; SAFETY.md).</summary>
    public static async Task<string> UploadAsync(WorkbenchContext ctx, string localPath, string remotePath, IProgress<JobProgress> progress, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        ArgumentNullException.ThrowIfNull(progress);
        byte[] data = await File.ReadAllBytesAsync(localPath, ct).ConfigureAwait(false);
        long length = data.Length;
        await ctx.WithModemAsync(async modem =>
        {
            await modem.EnsureEfsAsync(ct).ConfigureAwait(false);
            await EfsReplacer.ReplaceAsync(modem.Efs, remotePath, data, EfsClient.DefaultFileMode,
                new LongProgress(p => progress.Report(new JobProgress("uploading", remotePath, p, length, 0, 1))), ct).ConfigureAwait(false);
            return true;
        }, ct).ConfigureAwait(false);
        progress.Report(new JobProgress("uploading", remotePath, length, length, 1, 1));
        return $"Uploaded {localPath} to {remotePath} ({Readable.Bytes(length)})";
    }

    private sealed class LongProgress(Action<long> report) : IProgress<long>
    {
        public void Report(long value) => report(value);
    }
}
