using ZteDiag.Device;
using ZteDiag.Device.At;
using ZteDiag.Device.Efs;
using ZteDiag.Device.Nv;
using ZteDiag.Protocol.At;
using ZteDiag.Protocol.Diag;
using ZteDiag.Protocol.Efs;

namespace ZteDiag.Workbench.Safety;

/// <summary>
/// The guarded write path of jobs (SAFETY.md promises 1–3): it needs a <see cref="VerifiedBackup"/>
/// of the device to exist, then replaces files through <see cref="EfsReplacer"/> (temporary name,
/// read back and compare SHA-256, rename). Deletes are allowed only for paths the backup holds (so they can be restored)
/// or that are absent there by design (temporary names of this writer).
/// </summary>
public sealed class SafeEfsWriter
{
    /// <summary>Suffix of temporary names (see <see cref="EfsReplacer.TempSuffix"/>).</summary>
    public const string TempSuffix = EfsReplacer.TempSuffix;

    /// <summary>Creates a writer bound to a verified backup of the device it writes to.</summary>
    /// <exception cref="SafetyException">No backup was given.</exception>
    public SafeEfsWriter(VerifiedBackup? backup)
    {
        Backup = backup ?? throw new SafetyException("refusing to write: no verified backup of this device (take one with `ztediag backup`, name one with --backup FILE, or add --take-backup)");
    }

    /// <summary>The backup this writer relies on.</summary>
    public VerifiedBackup Backup { get; }

    /// <summary>Temporary name used for <paramref name="path"/> (see <see cref="EfsReplacer.TempPathFor"/>).</summary>
    public static string TempPathFor(string path) => EfsReplacer.TempPathFor(path);

    /// <summary>
    /// Replaces (or creates) <paramref name="path"/> with <paramref name="data"/> through <see cref="EfsReplacer"/>
    /// (temp name, read back, rename, read back); this writer only adds that a verified backup exists.
    /// </summary>
    /// <exception cref="ReadBackMismatchException">A read-back differed (after the rename: restore the file from <see cref="Backup"/>).</exception>
    /// <exception cref="EfsException">The modem refused a step.</exception>
    public Task WriteFileAtomicAsync(EfsClient efs, string path, ReadOnlyMemory<byte> data, int mode, CancellationToken ct) =>
        EfsReplacer.ReplaceAsync(efs, path, data, mode, null, ct);

    /// <summary>
    /// Deletes <paramref name="path"/> when the backup holds its content (or its link target), then
    /// checks that it is gone. A path the modem does not have is fine.
    /// </summary>
    /// <exception cref="SafetyException">The backup does not hold this path readable, or it is still there afterwards.</exception>
    public async Task DeleteAsync(EfsClient efs, string path, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(efs);
        EfsPath.Validate(path, nameof(path));
        string p = EfsPath.Normalize(path);
        if (!await LexistsAsync(efs, p, ct).ConfigureAwait(false))
        {
            return;
        }

        var entry = Backup.Find(p);
        if (entry is null || entry.Unreadable || entry.Kind == Archive.EntryKind.Directory)
        {
            throw new SafetyException($"refusing to delete '{p}': the backup {Backup.ArchivePath} does not hold a readable copy of it");
        }

        await efs.UnlinkAsync(p, ct).ConfigureAwait(false);
        if (await LexistsAsync(efs, p, ct).ConfigureAwait(false))
        {
            throw new SafetyException($"'{p}' is still there after UNLINK");
        }
    }

    /// <summary>
    /// Writes one NV item and reads it back. The SPC is sent only when the modem answers the write
    /// with BAD_SPC_MODE (SAFETY.md promise 7), then the write is repeated once.
    /// </summary>
    /// <returns>True when the SPC was sent.</returns>
    /// <exception cref="SafetyException">The SPC was rejected, or the read-back differs.</exception>
    public async Task<bool> WriteNvAsync(NvClient nv, ushort item, ReadOnlyMemory<byte> data, string spc, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(nv);
        bool spcSent = false;
        try
        {
            await nv.WriteAsync(item, data, ct).ConfigureAwait(false);
        }
        catch (DiagRejectedException ex) when (ex.Status == DiagStatus.SpcLocked)
        {
            spcSent = true;
            if (!await nv.SendSpcAsync(spc, ct).ConfigureAwait(false))
            {
                throw new SafetyException($"NV {item}: the modem asked for the SPC and rejected the one given; nothing was written. Do not retry blindly: a wrong code can power the modem down");
            }

            await nv.WriteAsync(item, data, ct).ConfigureAwait(false);
        }

        NvItem back = await nv.ReadAsync(item, tolerateInactive: false, ct).ConfigureAwait(false);
        if (back.Data.Length < data.Length || !back.Data.Span[..data.Length].SequenceEqual(data.Span))
        {
            throw new ReadBackMismatchException($"NV {item}: read back differs from what was written; restore it from {Backup.ArchivePath}");
        }

        return spcSent;
    }

    /// <summary>
    /// Sends <c>AT+ZCDRUN=x</c> for a flag change (8/9 autorun, E/F download mode) and checks the
    /// ZTE result line says SUCCESS.
    /// </summary>
    /// <exception cref="SafetyException">The reply is missing, an error, or says FAIL.</exception>
    public async Task<ZcdrunReply> ZcdrunAsync(AtSession at, ZcdrunOperation operation, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(at);
        string command = ZcdrunReply.CommandFor(operation);
        var reply = await at.SendAsync(command, null, false, ct).ConfigureAwait(false);
        if (ZcdrunReply.TryParse(reply, out ZcdrunReply? parsed) != AtParseStatus.Ok || parsed is null)
        {
            throw new SafetyException($"{command}: unexpected reply ({string.Join(" | ", reply.Lines.Append(reply.Final.ToString() ?? ""))})");
        }

        if (operation != ZcdrunOperation.QueryAutorun && !parsed.Result)
        {
            throw new SafetyException($"{command}: the modem answered '{parsed}'");
        }

        return parsed;
    }

    private static async Task<bool> LexistsAsync(EfsClient efs, string path, CancellationToken ct)
    {
        try
        {
            await efs.LstatAsync(path, ct).ConfigureAwait(false);
            return true;
        }
        catch (EfsException ex) when (ex.Errno is EfsErrno.ENOENT or EfsErrno.ENOTDIR)
        {
            return false;
        }
    }
}
