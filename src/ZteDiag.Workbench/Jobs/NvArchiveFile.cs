using System.Text.Json;
using ZteDiag.Workbench.Archive;

namespace ZteDiag.Workbench.Jobs;

/// <summary>
/// The NV part of a ZteDiag backup archive (its <c>nv.json</c>, written by <c>backup --nv</c>), read as an NV
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

    /// <summary>The archive's NV items; null when it holds none (made without <c>--nv</c>).</summary>
    /// <exception cref="NvFileException">The archive or its nv.json is damaged.</exception>
    public static async Task<NvBackupFile?> ReadAsync(BackupSource source, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        try
        {
            return await source.ReadNvJsonAsync(ct).ConfigureAwait(false) is { } json ? NvBackupFile.Parse(json) : null;
        }
        catch (Exception ex) when (ex is JsonException or IOException or InvalidDataException or ArchiveValidationException)
        {
            throw new NvFileException($"{source.SourcePath}: its NV items (nv.json) cannot be read: {ex.Message}");
        }
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
