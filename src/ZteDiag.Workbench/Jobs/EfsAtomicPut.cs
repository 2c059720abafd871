using System.Security.Cryptography;
using ZteDiag.Device;
using ZteDiag.Device.Efs;
using ZteDiag.Protocol.Efs;

namespace ZteDiag.Workbench.Jobs;

/// <summary>
/// Replaces an EFS file without a backup but never half-way: the bytes go to a temporary name in
/// the same directory, are read back and compared, and only then renamed over the target. Any
/// failure leaves the target as it was and removes the temporary file.
/// </summary>
public static class EfsAtomicPut
{
    /// <summary>Writes <paramref name="data"/> to <paramref name="path"/> atomically (temp, read back, compare, rename).</summary>
    /// <param name="efs">Connected EFS client.</param>
    /// <param name="path">EFS file to create or replace.</param>
    /// <param name="data">The new content.</param>
    /// <param name="mode">st_mode of the new file.</param>
    /// <param name="progress">Bytes written to the temporary file so far.</param>
    /// <param name="ct">Cancels the copy; the target stays as it was.</param>
    /// <exception cref="DiagLinkException">The copy read back differs.</exception>
    /// <exception cref="EfsException">The modem refused a step.</exception>
    public static async Task PutAsync(EfsClient efs, string path, byte[] data, int mode, IProgress<long>? progress, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(efs);
        ArgumentNullException.ThrowIfNull(data);
        string tmp = EfsPath.Join(EfsPath.Parent(path), $".zd{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4))}.tmp");
        bool renamed = false;
        try
        {
            using (var source = new MemoryStream(data, writable: false))
            {
                await efs.WriteFileAsync(tmp, source, data.Length, 0, mode, progress, ct).ConfigureAwait(false);
            }

            byte[] back = await efs.ReadAllBytesAsync(tmp, ct).ConfigureAwait(false);
            if (!back.AsSpan().SequenceEqual(data))
            {
                throw new DiagLinkException($"EFS put {path}: the copy read back from {tmp} differs; {path} was left as it was");
            }

            await efs.RenameAsync(tmp, path, ct).ConfigureAwait(false);
            renamed = true;
        }
        finally
        {
            if (!renamed)
            {
                await RemoveTempAsync(efs, tmp).ConfigureAwait(false);
            }
        }
    }

    private static async Task RemoveTempAsync(EfsClient efs, string tmp)
    {
        try
        {
            // the caller's token may be what failed: give the clean-up its own short budget
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await efs.UnlinkAsync(tmp, cts.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is ZteDiagException or OperationCanceledException)
        {
            // it does not exist (the write failed at open) or the link is gone: nothing more to do here
        }
    }
}
