using System.Security.Cryptography;
using ZteDiag.Device;
using ZteDiag.Device.Efs;
using ZteDiag.Protocol.Efs;

namespace ZteDiag.Workbench.Safety;

/// <summary>
/// The one way an EFS file is replaced (or created): never half-way. The bytes go to a temporary name in the
/// same directory (item files by PUT, others by OPEN/WRITE), are read back and compared (SHA-256), and only
/// then renamed over the real name, which is read back once more. A failure at any step (a refusal such as
/// ENOSPC, the link, a cancellation) removes the temporary file and leaves the real name as it was.
/// It takes no backup: <see cref="SafeEfsWriter"/> is this plus the verified-backup guard.
/// </summary>
public static class EfsReplacer
{
    /// <summary>Suffix of temporary names: <c>/dir/.name.ztediag-tmp</c>.</summary>
    public const string TempSuffix = ".ztediag-tmp";

    /// <summary>Temporary name used for <paramref name="path"/>: <c>.&lt;name&gt;.ztediag-tmp</c> in the same directory.</summary>
    public static string TempPathFor(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        int slash = path.LastIndexOf('/');
        string dir = slash <= 0 ? "/" : path[..slash];
        string name = path[(slash + 1)..];
        return (dir == "/" ? "/" : dir + "/") + "." + name + TempSuffix;
    }

    /// <summary>
    /// Replaces (or creates) <paramref name="path"/> with <paramref name="data"/>: removes a stale temporary
    /// file (a cut run's leftover), writes the temporary file, reads it back and compares SHA-256, renames it
    /// over <paramref name="path"/>, reads the real name back. A cut at any moment leaves the old file or the
    /// new one under the real name, never a half file.
    /// </summary>
    /// <param name="efs">Connected EFS client.</param>
    /// <param name="path">EFS file to create or replace.</param>
    /// <param name="data">The new content.</param>
    /// <param name="mode">st_mode of the new file; S_IFITM makes an item file (PUT).</param>
    /// <param name="progress">Bytes written to the temporary file so far.</param>
    /// <param name="ct">Cancels the copy; the real name stays as it was.</param>
    /// <exception cref="ReadBackMismatchException">A read-back differed.</exception>
    /// <exception cref="EfsException">The modem refused a step.</exception>
    public static async Task ReplaceAsync(EfsClient efs, string path, ReadOnlyMemory<byte> data, int mode, IProgress<long>? progress, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(efs);
        EfsPath.Validate(path, nameof(path));
        string p = EfsPath.Normalize(path);
        string temp = TempPathFor(p);
        bool item = EfsMode.IsItemFile(mode);
        byte[] want = SHA256.HashData(data.Span);

        await efs.UnlinkAsync(temp, ct).ConfigureAwait(false); // missing is success
        byte[] back;
        try
        {
            if (item)
            {
                await efs.PutItemAsync(temp, data, createParents: false, ct).ConfigureAwait(false);
                progress?.Report(data.Length);
            }
            else
            {
                using var ms = new MemoryStream(data.ToArray(), writable: false);
                await efs.WriteFileAsync(temp, ms, data.Length, 0, mode, progress, ct).ConfigureAwait(false);
            }

            back = await efs.ReadContentBytesAsync(temp, item, ct).ConfigureAwait(false);
            if (!CryptographicOperations.FixedTimeEquals(SHA256.HashData(back), want))
            {
                throw new ReadBackMismatchException(
                    $"'{p}': the temporary copy read back as {back.Length} bytes that differ from the {data.Length} written; the original was not touched");
            }

            await efs.RenameAsync(temp, p, ct).ConfigureAwait(false);
        }
        catch (Exception)
        {
            // A partial temporary file (after ENOSPC it also keeps the EFS full) must not stay behind,
            // whatever stopped the write, a cancellation included.
            await TryUnlinkAsync(efs, temp).ConfigureAwait(false);
            throw;
        }

        byte[] final = await efs.ReadContentBytesAsync(p, item, ct).ConfigureAwait(false);
        if (!CryptographicOperations.FixedTimeEquals(SHA256.HashData(final), want))
        {
            throw new ReadBackMismatchException($"'{p}': after the rename the file reads back different from what was written");
        }
    }

    /// <summary>Best-effort cleanup after a failed step: the caller rethrows the original error, so a failing UNLINK (the link is gone, say) must not replace it.</summary>
    private static async Task TryUnlinkAsync(EfsClient efs, string temp)
    {
        try
        {
            await efs.UnlinkAsync(temp, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is ZteDiagException or IOException or TimeoutException or OperationCanceledException or ObjectDisposedException)
        {
        }
    }
}
