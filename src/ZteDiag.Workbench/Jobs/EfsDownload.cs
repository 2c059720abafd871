using ZteDiag.Device.Efs;

namespace ZteDiag.Workbench.Jobs;

/// <summary>What <see cref="EfsDownload.ToFileAsync"/> copied.</summary>
/// <param name="Remote">The EFS path (normalised).</param>
/// <param name="Local">The full local path written.</param>
/// <param name="Bytes">Bytes copied.</param>
/// <param name="Sha256">SHA-256 of the bytes, lower-case hex.</param>
public sealed record EfsDownloadResult(string Remote, string Local, long Bytes, string Sha256);

/// <summary>
/// Copies one EFS file to a local file without ever leaving the local file half written or emptied: the
/// bytes go to a temporary name beside it (created new), are flushed to the disk, and only then renamed over
/// the target. A failure at any moment (the link, a full local disk, a cancellation) removes the temporary
/// file and leaves an existing target as it was. The content is read by <see cref="EfsClient.ReadContentAsync(string, Stream, IProgress{long}?, CancellationToken)"/>
/// (GET for item files). What <c>efs get</c> and the TUI download both promise.
/// </summary>
public static class EfsDownload
{
    /// <summary>Copies <paramref name="remote"/> to <paramref name="localFile"/> (temp name, fsync, rename, SHA-256).</summary>
    /// <param name="efs">Connected EFS client.</param>
    /// <param name="remote">EFS file or item file.</param>
    /// <param name="localFile">Local file to create or replace; its directory must exist.</param>
    /// <param name="progress">Bytes copied so far.</param>
    /// <param name="ct">Cancels the copy; the target stays as it was.</param>
    /// <exception cref="EfsException">The modem refused (ENOENT, EISDIR…).</exception>
    /// <exception cref="IOException">The local disk refused (full, read-only…).</exception>
    public static async Task<EfsDownloadResult> ToFileAsync(EfsClient efs, string remote, string localFile, IProgress<long>? progress, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(efs);
        EfsStat st = await efs.StatAsync(remote, ct).ConfigureAwait(false);
        return await ToFileAsync(efs, st, localFile, progress, ct).ConfigureAwait(false);
    }

    /// <summary>Copies the file <paramref name="remote"/> describes (STAT already done, e.g. to show its size) to <paramref name="localFile"/>.</summary>
    /// <exception cref="EfsException">The modem refused (EISDIR…).</exception>
    /// <exception cref="IOException">The local disk refused (full, read-only…).</exception>
    public static async Task<EfsDownloadResult> ToFileAsync(EfsClient efs, EfsStat remote, string localFile, IProgress<long>? progress, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(efs);
        ArgumentNullException.ThrowIfNull(remote);
        ArgumentException.ThrowIfNullOrEmpty(localFile);
        string full = Path.GetFullPath(localFile);
        string dir = Path.GetDirectoryName(full)!;
        string tmp = Path.Combine(dir, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.part");
        bool done = false;
        try
        {
            long bytes;
            byte[] hash;
            await using (var fs = new FileStream(tmp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 65536, useAsync: true))
            {
                using var hashing = new Sha256WriteStream(fs);
                bytes = await efs.ReadContentAsync(remote, hashing, progress, ct).ConfigureAwait(false);
                hash = hashing.Hash();
                await fs.FlushAsync(ct).ConfigureAwait(false);
                fs.Flush(flushToDisk: true);
            }

            File.Move(tmp, full, overwrite: true);
            done = true;
            return new EfsDownloadResult(remote.Path, full, bytes, Convert.ToHexStringLower(hash));
        }
        finally
        {
            if (!done)
            {
                TryDelete(tmp);
            }
        }
    }

    private static void TryDelete(string tmp)
    {
        try
        {
            File.Delete(tmp);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // the original failure is the one worth reporting
        }
    }
}
