using ZteDiag.Workbench.Archive;
using ZteDiag.Workbench.Backup;

namespace ZteDiag.Workbench.Safety;

/// <summary>
/// Proof that a backup of the connected device exists and verified: the token every write path
/// (<see cref="SafeEfsWriter"/>) requires. Obtain one from <c>BackupGuard.RequireAsync</c>
/// (a backup from this session, <c>--backup FILE</c>, or <c>--take-backup</c>) or from
/// <c>BackupResult.Token</c>.
/// </summary>
/// <param name="ArchivePath">Full path of the verified archive.</param>
/// <param name="Manifest">Its manifest (device identity, entries).</param>
/// <param name="VerifiedUtc">When <see cref="ArchiveVerifier"/> last passed on it.</param>
public sealed record VerifiedBackup(string ArchivePath, BackupManifest Manifest, DateTimeOffset VerifiedUtc)
{
    /// <summary>The manifest entry for <paramref name="efsPath"/>, or null when the backup does not hold it.</summary>
    public ManifestEntry? Find(string efsPath) =>
        Manifest.Entries.FirstOrDefault(e => string.Equals(e.Path, efsPath, StringComparison.Ordinal));
}
