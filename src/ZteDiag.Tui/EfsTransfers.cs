using ZteDiag.Device.Efs;
using ZteDiag.Workbench.Jobs;

namespace ZteDiag.Tui;

/// <summary>Download/upload between the EFS and local files (thin wrappers over <see cref="EfsClient"/>).</summary>
public static class EfsTransfers
{
    /// <summary>Copies a file or a whole directory from the modem to <paramref name="localPath"/>.</summary>
    public static async Task<string> DownloadAsync(WorkbenchContext ctx, EfsDirEntry entry, string localPath, IProgress<JobProgress> progress, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(progress);
        await ctx.EnsureEfsAsync(ct).ConfigureAwait(false);
        var files = new List<EfsDirEntry>();
        if (entry.IsDirectory)
        {
            await foreach (EfsDirEntry e in ctx.Modem.Efs.WalkAsync(entry.Path, false, ct).ConfigureAwait(false))
            {
                if (!e.IsDirectory && e.Kind != Protocol.Efs.EfsFileKind.Symlink)
                {
                    files.Add(e);
                }
            }
        }
        else
        {
            files.Add(entry);
        }

        long total = files.Sum(f => f.Size);
        long done = 0;
        int n = 0;
        foreach (EfsDirEntry f in files)
        {
            string rel = entry.IsDirectory ? f.Path[entry.Path.Length..].TrimStart('/') : "";
            string target = rel.Length == 0 ? localPath : Path.Combine(localPath, rel.Replace('/', Path.DirectorySeparatorChar));
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(target))!);
            await using (var fs = new FileStream(target, FileMode.Create, FileAccess.Write))
            {
                long before = done;
                done += await ctx.Modem.Efs.ReadFileAsync(f.Path, fs,
                    new LongProgress(p => progress.Report(new JobProgress("downloading", f.Path, before + p, total, n, files.Count))), ct).ConfigureAwait(false);
            }

            n++;
            progress.Report(new JobProgress("downloading", f.Path, done, Math.Max(done, total), n, files.Count));
        }

        return $"Downloaded {n} file(s), {Readable.Bytes(done)} to {localPath}";
    }

    /// <summary>Writes a local file to <paramref name="remotePath"/> atomically (temp name, read back, rename; SAFETY.md).</summary>
    public static async Task<string> UploadAsync(WorkbenchContext ctx, string localPath, string remotePath, IProgress<JobProgress> progress, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        ArgumentNullException.ThrowIfNull(progress);
        byte[] data = await File.ReadAllBytesAsync(localPath, ct).ConfigureAwait(false);
        await ctx.EnsureEfsAsync(ct).ConfigureAwait(false);
        long length = data.Length;
        await EfsAtomicPut.PutAsync(ctx.Modem.Efs, remotePath, data, EfsClient.DefaultFileMode,
            new LongProgress(p => progress.Report(new JobProgress("uploading", remotePath, p, length, 0, 1))), ct).ConfigureAwait(false);
        progress.Report(new JobProgress("uploading", remotePath, length, length, 1, 1));
        return $"Uploaded {localPath} to {remotePath} ({Readable.Bytes(length)})";
    }

    private sealed class LongProgress(Action<long> report) : IProgress<long>
    {
        public void Report(long value) => report(value);
    }
}
