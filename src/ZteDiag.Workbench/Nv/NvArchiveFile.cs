using System.Text.Json;
using ZteDiag.Protocol.Diag;
using ZteDiag.Protocol.Qcn;
using ZteDiag.Workbench.Archive;

namespace ZteDiag.Workbench.Nv;

/// <summary>
/// The NV part of a ZteDiag backup archive (its <c>nv.qcn</c> and <c>nv.json</c>, written by <c>backup --nv</c>), read as an NV
/// backup so that <c>nv restore BACKUP.tar.gz</c>, <c>nv show</c> and the restore plan can use it.
/// </summary>
public static class NvArchiveFile
{
    /// <summary>True when <paramref name="path"/> starts with the gzip signature (a .tar.gz backup).</summary>
    public static bool IsArchive(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path))
        {
            return false;
        }

        Span<byte> magic = stackalloc byte[2];
        using FileStream f = File.OpenRead(path);
        return f.ReadAtLeast(magic, 2, throwOnEndOfStream: false) == 2 && magic[0] == 0x1F && magic[1] == 0x8B;
    }

    /// <summary>
    /// The archive's NV items; null when it holds none (made without <c>--nv</c>). The items and item files come from
    /// nv.qcn when the archive has one (<c>backup --nv</c> writes it since issue 13), checked against nv.json beside it;
    /// nv.json adds what a QCN cannot say (device, scan range, items not saved, items read with another status).
    /// Older archives carry nv.json only and are read from it.
    /// </summary>
    /// <exception cref="NvFileException">The archive, its nv.json or its nv.qcn is damaged, or the two disagree.</exception>
    public static async Task<NvBackupFile?> ReadAsync(BackupSource source, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        NvParts parts;
        NvBackupFile? json;
        try
        {
            parts = await source.ReadNvPartsAsync(ct).ConfigureAwait(false);
            json = parts.Json is { } bytes ? NvBackupFile.Parse(bytes) : null;
        }
        catch (Exception ex) when (ex is JsonException or IOException or InvalidDataException or ArchiveValidationException)
        {
            throw new NvFileException($"{source.SourcePath}: its NV items (nv.json) cannot be read: {ex.Message}");
        }

        if (parts.Qcn is not { } qcn)
        {
            return json;
        }

        if (QcnFile.TryRead(qcn, out QcnDocument? doc) is { } problem)
        {
            throw new NvFileException($"{source.SourcePath}: its NV image (nv.qcn) cannot be read: {problem.Detail}");
        }

        NvBackupFile image = NvFiles.FromQcn(doc!);
        if (json is null)
        {
            return image with { CreatedUtc = source.Manifest.CreatedUtc, Device = source.Manifest.Device, Scanned = "nv.qcn of the backup" };
        }

        if (NvFiles.Differences(json, doc!) is { Count: > 0 } diffs)
        {
            throw new NvFileException($"{source.SourcePath}: its nv.qcn and nv.json do not hold the same NV items ({string.Join(", ", diffs.Take(5))})");
        }

        string done = NvJob.StatusName(NvStatus.Done);
        return json with
        {
            Items = [.. image.Items.Concat(json.Items.Where(i => i.Status != done)).OrderBy(i => i.Id)],
            ItemFiles = json.ItemFiles is null ? null : image.ItemFiles, // equal to json's (checked above); null: none were read
        };
    }

    /// <summary>Opens the archive at <paramref name="path"/> (validated whole) and reads its NV items.</summary>
    /// <exception cref="NvFileException">Damaged, or holds no NV items.</exception>
    public static async Task<NvBackupFile> LoadAsync(string path, CancellationToken ct = default)
    {
        BackupSource source;
        try
        {
            source = await BackupSource.OpenAsync(path, ct: ct).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or InvalidDataException or ArchiveValidationException)
        {
            throw new NvFileException($"{path}: not a readable backup archive: {ex.Message}");
        }

        return await ReadAsync(source, ct).ConfigureAwait(false)
            ?? throw new NvFileException($"{path}: this backup holds no NV items (it was made without --nv)");
    }
}
