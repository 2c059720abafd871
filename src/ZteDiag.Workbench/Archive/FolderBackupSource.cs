using System.Runtime.CompilerServices;
using ZteDiag.Workbench.Local;

namespace ZteDiag.Workbench.Archive;

/// <summary>
/// A plain folder used as a backup (QPST "Copy from Phone" and similar). There is no manifest:
/// entries are derived from the folder. Item files cannot be recognised and count as files;
/// modes are S_IFDIR|0777 / S_IFREG|0777 and times come from the host file system.
/// </summary>
internal sealed class FolderBackupSource(string path, BackupManifest manifest, ArchiveLimits limits, long contentBytes)
    : BackupSource(path, manifest, limits, contentBytes)
{
    public override SourceOrigin Origin => SourceOrigin.Folder;

    public override async IAsyncEnumerable<BackupContent> ReadFilesAsync([EnumeratorCancellation] CancellationToken ct = default)
    {
        foreach (var entry in Manifest.Entries)
        {
            if (entry.Kind is not (EntryKind.File or EntryKind.ItemFile)) continue;
            string local = FolderScanner.LocalPath(SourcePath, entry.Path);
            if (new FileInfo(local).LinkTarget is not null)
                throw new ArchiveValidationException(SourcePath, new ArchiveProblem(ArchiveProblemKind.ThroughSymlink, entry.Path, "became a symbolic link since validation"));
            if (LocalFile.KindOf(local, followLinks: false) is var kind && kind != LocalFileKind.Regular)
                throw new ArchiveValidationException(SourcePath, new ArchiveProblem(ArchiveProblemKind.UnsupportedEntryType, entry.Path, $"became {LocalFile.Describe(kind)} since validation"));
            var fs = new FileStream(local, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024, FileOptions.Asynchronous | FileOptions.SequentialScan);
            var stream = new VerifyingStream(fs, SourcePath, entry, ownsInner: true);
            await foreach (var c in YieldVerified(entry, stream, ct).ConfigureAwait(false)) yield return c;
        }
    }

    public override Task<NvParts> ReadNvPartsAsync(CancellationToken ct = default) => Task.FromResult(new NvParts(null, null));
}

/// <summary>Walks a folder source, never following links, and synthesises its manifest.</summary>
internal static class FolderScanner
{
    public static string LocalPath(string root, string efsPath) =>
        Path.Combine(root, efsPath.TrimStart('/').Replace('/', Path.DirectorySeparatorChar));

    public static async Task<ScanResult> ScanAsync(string root, ArchiveLimits limits, CancellationToken ct)
    {
        var result = new ScanResult();
        var entries = new List<ManifestEntry>();
        var pending = new Stack<(string Local, string Efs)>();
        pending.Push((root, ""));
        while (pending.Count > 0)
        {
            var (dir, efsDir) = pending.Pop();
            var children = new DirectoryInfo(dir).EnumerateFileSystemInfos().OrderBy(i => i.Name, StringComparer.Ordinal).ToList();
            var subdirs = new List<(string, string)>();
            foreach (var info in children)
            {
                ct.ThrowIfCancellationRequested();
                string efsPath = efsDir + "/" + info.Name;
                if (ArchivePaths.CheckEfsPath(efsPath) is { } p) { result.Add(p); continue; }
                if (entries.Count >= limits.MaxEntries)
                {
                    result.Add(ArchiveProblemKind.TooManyEntries, "", $"more than {limits.MaxEntries} entries");
                    return result;
                }
                uint mtime = Seconds(info.LastWriteTimeUtc), atime = Seconds(info.LastAccessTimeUtc);
                if (info.LinkTarget is { } target)
                {
                    if (ArchivePaths.ResolveLink(efsPath, target, absoluteIsInside: false) is null)
                    { result.Add(ArchiveProblemKind.LinkEscapes, efsPath, $"symlink target '{ArchivePaths.Printable(target)}' leaves the folder"); continue; }
                    entries.Add(new ManifestEntry { Path = efsPath, Kind = EntryKind.Symlink, Mode = EntryModes.Symlink | 0x1FF, LinkTarget = target, Mtime = mtime, Atime = atime, Ctime = mtime });
                }
                else if (info is DirectoryInfo)
                {
                    entries.Add(new ManifestEntry { Path = efsPath, Kind = EntryKind.Directory, Mode = EntryModes.Directory | 0x1FF, Mtime = mtime, Atime = atime, Ctime = mtime });
                    subdirs.Add((info.FullName, efsPath));
                }
                else if (info is FileInfo special && LocalFile.KindOf(special.FullName, followLinks: false) is var kind && kind != LocalFileKind.Regular)
                {
                    // a FIFO would block the scan, a device read without end, a socket fail to open
                    result.Add(ArchiveProblemKind.UnsupportedEntryType, efsPath, $"{LocalFile.Describe(kind)}, not a regular file, folder or symlink (nothing is read from it)");
                }
                else if (info is FileInfo fi)
                {
                    if (fi.Length > limits.MaxFileBytes) { result.Add(ArchiveProblemKind.TooLarge, efsPath, $"{fi.Length} bytes, over the {limits.MaxFileBytes}-byte file limit"); continue; }
                    result.ContentBytes += fi.Length;
                    if (result.ContentBytes > limits.MaxTotalBytes)
                    {
                        result.Add(ArchiveProblemKind.TooLarge, efsPath, $"folder content passes the {limits.MaxTotalBytes}-byte total limit");
                        return result;
                    }
                    var fs = new FileStream(fi.FullName, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024, FileOptions.Asynchronous | FileOptions.SequentialScan);
                    (long size, string sha) hashed;
                    await using (fs.ConfigureAwait(false))
                        hashed = await ArchiveScanner.HashAsync(fs, ct).ConfigureAwait(false);
                    entries.Add(new ManifestEntry { Path = efsPath, Kind = EntryKind.File, Mode = EntryModes.Regular | 0x1FF, Size = hashed.size, Sha256 = hashed.sha, Mtime = mtime, Atime = atime, Ctime = mtime });
                }
            }
            for (int i = subdirs.Count - 1; i >= 0; i--) pending.Push(subdirs[i]); // keep depth-first, name order
        }
        result.Manifest = new BackupManifest
        {
            ToolVersion = "folder",
            CreatedUtc = Directory.GetLastWriteTimeUtc(root),
            Entries = entries,
        };
        return result;
    }

    private static uint Seconds(DateTime utc)
    {
        long s = new DateTimeOffset(utc, TimeSpan.Zero).ToUnixTimeSeconds();
        return (uint)Math.Clamp(s, 0, uint.MaxValue);
    }
}
