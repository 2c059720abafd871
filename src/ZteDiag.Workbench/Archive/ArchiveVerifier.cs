namespace ZteDiag.Workbench.Archive;

/// <summary>Outcome of <see cref="ArchiveVerifier.VerifyAsync"/>.</summary>
/// <param name="Path">Full path of the archive.</param>
/// <param name="Problems">Every problem found, each naming its entry; empty when the archive is good.</param>
/// <param name="Manifest">The manifest, when it could be read and validated.</param>
/// <param name="Files">Readable regular files.</param>
/// <param name="ItemFiles">Readable item files.</param>
/// <param name="Directories">Directories (readable ones; every entry is counted once, unreadable ones under <paramref name="Unreadable"/>).</param>
/// <param name="Symlinks">Readable symlinks.</param>
/// <param name="Unreadable">Entries the modem refused to read at backup time.</param>
/// <param name="TotalBytes">Bytes of file content in the archive.</param>
public sealed record ArchiveVerificationResult(
    string Path, IReadOnlyList<ArchiveProblem> Problems, BackupManifest? Manifest,
    int Files, int ItemFiles, int Directories, int Symlinks, int Unreadable, long TotalBytes)
{
    /// <summary>True when no problem was found.</summary>
    public bool IsValid => Problems.Count == 0 && Manifest is not null;
}

/// <summary>Checks a backup archive against its manifest (for <c>ztediag verify FILE</c>).</summary>
public static class ArchiveVerifier
{
    /// <summary>
    /// Reads the whole archive once, as untrusted input, and reports every problem instead of
    /// throwing: structure, names, links, limits, and each entry's size and SHA-256 against the
    /// manifest. A folder path is accepted too (it is derived, so only structure can fail).
    /// </summary>
    /// <exception cref="FileNotFoundException">No such file or folder.</exception>
    public static async Task<ArchiveVerificationResult> VerifyAsync(string path, CancellationToken ct, ArchiveLimits? limits = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        limits ??= ArchiveLimits.Default;
        string full = System.IO.Path.GetFullPath(path);
        ScanResult scan;
        if (Local.LocalFile.KindOf(full, followLinks: true) is not (Local.LocalFileKind.Missing or Local.LocalFileKind.Regular or Local.LocalFileKind.Directory))
            Local.LocalPaths.CheckInput(full, long.MaxValue, allowDirectory: true); // a FIFO would block the read, a device never end
        if (Directory.Exists(full)) scan = await FolderScanner.ScanAsync(full, limits, ct).ConfigureAwait(false);
        else if (File.Exists(full)) scan = await ArchiveScanner.ScanAsync(full, limits, ct).ConfigureAwait(false);
        else throw new FileNotFoundException($"no backup at '{full}'", full);

        var entries = scan.Manifest?.Entries ?? [];
        int Count(Func<ManifestEntry, bool> f) => entries.Count(f);
        return new ArchiveVerificationResult(
            full, scan.Problems, scan.Problems.Count == 0 ? scan.Manifest : null,
            Files: Count(e => e.Kind == EntryKind.File && !e.Unreadable),
            ItemFiles: Count(e => e.Kind == EntryKind.ItemFile && !e.Unreadable),
            Directories: Count(e => e.Kind == EntryKind.Directory && !e.Unreadable),
            Symlinks: Count(e => e.Kind == EntryKind.Symlink && !e.Unreadable),
            Unreadable: Count(e => e.Unreadable),
            TotalBytes: scan.ContentBytes);
    }
}
