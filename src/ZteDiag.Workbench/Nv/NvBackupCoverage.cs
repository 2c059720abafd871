using ZteDiag.Workbench.Archive;
using ZteDiag.Workbench.Safety;

namespace ZteDiag.Workbench.Nv;

/// <summary>
/// SAFETY.md promise 1 for NV writes: an EFS-only backup keeps no NV item, so an item overwritten
/// on its strength would be lost. The backup must carry NV items (nv.qcn / nv.json) with every item about to be written.
/// </summary>
public static class NvBackupCoverage
{
    /// <summary>Refuses unless <paramref name="backup"/> holds nv.json listing every id of <paramref name="ids"/>.</summary>
    /// <exception cref="SafetyException">No nv.json, an unreadable one, or ids it does not hold.</exception>
    public static async Task RequireAsync(VerifiedBackup backup, IEnumerable<int> ids, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(backup);
        ArgumentNullException.ThrowIfNull(ids);
        const string Fix = "take one with --take-backup (it includes NV) or name one made with `ztediag backup --nv`";
        if (!backup.Manifest.NvItems)
        {
            throw new SafetyException($"refusing to write NV items: the backup {backup.ArchivePath} has no NV items (no nv.qcn or nv.json), so their old values would be lost; {Fix}. Nothing was written");
        }

        NvBackupFile saved;
        try
        {
            BackupSource source = await BackupSource.OpenAsync(backup.ArchivePath, ct: ct).ConfigureAwait(false);
            saved = await NvArchiveFile.ReadAsync(source, ct).ConfigureAwait(false)
                ?? throw new SafetyException($"refusing to write NV items: the backup {backup.ArchivePath} has no NV items; {Fix}. Nothing was written");
        }
        catch (Exception ex) when (ex is NvFileException or IOException or InvalidDataException or ArchiveValidationException)
        {
            throw new SafetyException($"refusing to write NV items: the NV items of the backup {backup.ArchivePath} cannot be read ({ex.Message}). Nothing was written", ex);
        }

        var held = saved.Items.Select(i => i.Id).ToHashSet();
        var missing = ids.Where(id => !held.Contains(id)).Distinct().Order().ToList();
        if (missing.Count > 0)
        {
            throw new SafetyException(
                $"refusing to write NV items: the backup {backup.ArchivePath} does not hold the old value of NV {string.Join(", ", missing.Take(10))}" +
                $"{(missing.Count > 10 ? $" (+{missing.Count - 10} more)" : "")}; {Fix}. Nothing was written");
        }
    }
}
