using System.Runtime.CompilerServices;
using ZteDiag.Workbench.Local;

namespace ZteDiag.Workbench.Archive;

/// <summary>Where a <see cref="BackupSource"/> came from.</summary>
public enum SourceOrigin
{
    /// <summary>A ZteDiag .tar.gz with manifest.json.</summary>
    Archive,

    /// <summary>A plain folder (e.g. QPST "Copy from Phone"): entries derived from the folder; item files cannot be told from files.</summary>
    Folder,
}

/// <summary>One file or item file of a validated source, with its content.</summary>
/// <param name="Entry">The manifest entry.</param>
/// <param name="Content">
/// Content stream; valid until the enumeration moves on. It re-checks size and SHA-256 while it is
/// read and throws <see cref="ArchiveValidationException"/> at end of data on a mismatch.
/// </param>
public sealed record BackupContent(ManifestEntry Entry, Stream Content);

/// <summary>The NV part of a backup: its nv.json and nv.qcn bytes, null where the backup has none.</summary>
/// <param name="Json">nv.json.</param>
/// <param name="Qcn">nv.qcn.</param>
public sealed record NvParts(byte[]? Json, byte[]? Qcn);

/// <summary>
/// A backup to restore from: a ZteDiag .tar.gz or a plain folder. <see cref="OpenAsync"/> reads the
/// whole source once and validates everything as untrusted input before returning; nothing is
/// written and no device is touched until then. Content is then read in a second pass and re-checked
/// while it streams.
/// </summary>
public abstract class BackupSource
{
    private protected BackupSource(string path, BackupManifest manifest, ArchiveLimits limits, long contentBytes)
    {
        SourcePath = path;
        Manifest = manifest;
        Limits = limits;
        ContentBytes = contentBytes;
    }

    /// <summary>Full path of the archive file or folder.</summary>
    public string SourcePath { get; }

    /// <summary>The validated manifest (synthesised for folders).</summary>
    public BackupManifest Manifest { get; }

    /// <summary>Archive or folder.</summary>
    public abstract SourceOrigin Origin { get; }

    /// <summary>Total bytes of file content.</summary>
    public long ContentBytes { get; }

    /// <summary>Limits the source was validated against.</summary>
    public ArchiveLimits Limits { get; }

    /// <summary>
    /// Opens and fully validates <paramref name="path"/>: a directory is read as a plain folder,
    /// anything else as a .tar.gz backup.
    /// </summary>
    /// <exception cref="ArchiveValidationException">The source failed validation (every problem listed).</exception>
    /// <exception cref="FileNotFoundException">No such file or folder.</exception>
    public static async Task<BackupSource> OpenAsync(string path, ArchiveLimits? limits = null, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        limits ??= ArchiveLimits.Default;
        string full = Path.GetFullPath(path);
        if (LocalFile.KindOf(full, followLinks: true) is not (LocalFileKind.Missing or LocalFileKind.Regular or LocalFileKind.Directory))
            LocalPaths.CheckInput(full, long.MaxValue, allowDirectory: true); // refuses a FIFO, device or socket before it is opened
        if (Directory.Exists(full))
        {
            var folder = await FolderScanner.ScanAsync(full, limits, ct).ConfigureAwait(false);
            if (folder.Problems.Count > 0) throw new ArchiveValidationException(full, folder.Problems);
            return new FolderBackupSource(full, folder.Manifest!, limits, folder.ContentBytes);
        }
        if (!File.Exists(full)) throw new FileNotFoundException($"no backup at '{full}'", full);
        var scan = await ArchiveScanner.ScanAsync(full, limits, ct).ConfigureAwait(false);
        if (scan.Problems.Count > 0 || scan.Manifest is null) throw new ArchiveValidationException(full, scan.Problems);
        return new TarBackupSource(full, scan.Manifest, limits, scan.ContentBytes);
    }

    /// <summary>Files and item files with content, in archive order (parents before children).</summary>
    public abstract IAsyncEnumerable<BackupContent> ReadFilesAsync(CancellationToken ct = default);

    /// <summary>nv.json, checked against the manifest, or null when the backup has none.</summary>
    public async Task<byte[]?> ReadNvJsonAsync(CancellationToken ct = default) => (await ReadNvPartsAsync(ct).ConfigureAwait(false)).Json;

    /// <summary>nv.qcn (the NV image as a QCN), checked against the manifest, or null when the backup has none.</summary>
    public async Task<byte[]?> ReadNvQcnAsync(CancellationToken ct = default) => (await ReadNvPartsAsync(ct).ConfigureAwait(false)).Qcn;

    /// <summary>nv.json and nv.qcn in one pass over the source, each checked against the manifest (null where absent).</summary>
    public abstract Task<NvParts> ReadNvPartsAsync(CancellationToken ct = default);

    /// <summary>
    /// Writes the tree below <paramref name="directory"/> (created if needed): directories and the
    /// content of files and item files at their EFS paths. Never writes outside it: an existing
    /// symlink or non-directory on the way, or an existing file at a target, stops extraction with an
    /// <see cref="IOException"/>. Symlinks are not created on disk (their targets are EFS paths) and
    /// unreadable entries have no content; both stay in <see cref="Manifest"/>.
    /// </summary>
    public async Task ExtractToDirectoryAsync(string directory, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        string root = Path.GetFullPath(directory);
        Directory.CreateDirectory(root);
        foreach (var e in Manifest.Entries)
        {
            if (e.Kind == EntryKind.Directory && !e.Unreadable) SafeFileSystem.EnsureDirectory(root, e.Path);
        }
        await foreach (var item in ReadFilesAsync(ct).ConfigureAwait(false))
        {
            string target = SafeFileSystem.EnsureParentAndGetPath(root, item.Entry.Path);
            var fs = new FileStream(target, FileMode.CreateNew, FileAccess.Write, FileShare.None, 64 * 1024, FileOptions.Asynchronous);
            try
            {
                await using (fs.ConfigureAwait(false))
                    await item.Content.CopyToAsync(fs, ct).ConfigureAwait(false);
            }
            catch
            {
                File.Delete(target);
                throw;
            }
        }
    }

    private protected static async IAsyncEnumerable<BackupContent> YieldVerified(ManifestEntry entry, VerifyingStream stream,
        [EnumeratorCancellation] CancellationToken ct)
    {
        try
        {
            yield return new BackupContent(entry, stream);
            await stream.FinishAsync(ct).ConfigureAwait(false);
        }
        finally
        {
            await stream.DisposeAsync().ConfigureAwait(false);
        }
    }
}

/// <summary>Writes below a root directory without ever following a link out of it.</summary>
internal static class SafeFileSystem
{
    /// <summary>Creates root/efsPath segment by segment, refusing existing links or files on the way.</summary>
    public static string EnsureDirectory(string root, string efsPath)
    {
        string current = root;
        foreach (string seg in efsPath.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            current = Child(root, current, seg);
            var info = new DirectoryInfo(current);
            if (info.Exists || File.Exists(current) || info.LinkTarget is not null)
            {
                if (info.LinkTarget is not null || (info.Attributes & FileAttributes.ReparsePoint) != 0)
                    throw new IOException($"refusing to write through '{current}': it is a symbolic link");
                if (!info.Exists) throw new IOException($"'{current}' exists and is not a directory");
            }
            else
            {
                Directory.CreateDirectory(current);
            }
        }
        return current;
    }

    /// <summary>Ensures the parent directory of efsPath and returns the (not yet existing) file path.</summary>
    public static string EnsureParentAndGetPath(string root, string efsPath)
    {
        string parent = EnsureDirectory(root, ArchivePaths.Parent(efsPath));
        string name = efsPath[(efsPath.LastIndexOf('/') + 1)..];
        string target = Child(root, parent, name);
        if (File.Exists(target) || Directory.Exists(target) || new FileInfo(target).LinkTarget is not null)
            throw new IOException($"refusing to overwrite existing '{target}'");
        return target;
    }

    private static string Child(string root, string parent, string segment)
    {
        string child = Path.GetFullPath(Path.Combine(parent, segment));
        string rootWithSep = Path.EndsInDirectorySeparator(root) ? root : root + Path.DirectorySeparatorChar;
        if (!child.StartsWith(rootWithSep, StringComparison.Ordinal) || Path.GetFileName(child) != segment)
            throw new IOException($"'{segment}' would be written outside '{root}'");
        return child;
    }
}
