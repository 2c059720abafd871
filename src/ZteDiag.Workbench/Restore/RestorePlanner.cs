using System.Security.Cryptography;
using ZteDiag.Device;
using ZteDiag.Device.Efs;
using ZteDiag.Protocol.Efs;
using ZteDiag.Workbench.Archive;
using ZteDiag.Workbench.Jobs;
using ArchiveEfsMode = ZteDiag.Workbench.Archive.EntryModes;

namespace ZteDiag.Workbench.Restore;

/// <summary>Compares a validated backup with the device and produces a <see cref="RestorePlan"/>. Reads only.</summary>
public static class RestorePlanner
{
    /// <summary>Permission bits compared and restored (07777).</summary>
    internal const int PermissionMask = 0xFFF;

    /// <summary>
    /// Plans a restore: for every backup entry (limited by <see cref="RestoreOptions.Only"/>, plus the
    /// directories above those paths) LSTAT the device and compare kind, size, SHA-256 of the content
    /// (the device file is read and hashed) and permission bits; with
    /// <see cref="RestoreOptions.DeleteExtra"/>, walk the backup's tree on the device for entries the
    /// backup lacks. Folder sources carry no real modes, so modes are neither compared nor restored.
    /// </summary>
    public static async Task<RestorePlan> PlanAsync(
        EfsClient efs, BackupSource source, RestoreOptions options, IProgress<JobProgress>? progress = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(efs);
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(options);
        IReadOnlyList<string> only = NormalizeOnly(options.Only);
        bool modes = source.Origin == SourceOrigin.Archive;
        var entries = source.Manifest.Entries.Where(e => Selected(e.Path, only, includeAncestors: true)).ToList();

        var dirs = new List<RestoreStep>();
        var files = new List<RestoreStep>();
        var links = new List<RestoreStep>();
        int n = 0;
        // Parents before children, so a skipped entry is known before anything below it is looked at:
        // writing below a conflict would fail mid-apply (a file there) or go through a device symlink.
        var steps = new Dictionary<string, RestoreStep>(StringComparer.Ordinal);
        var skipped = new List<string>();
        var parents = new DeviceParentCheck(efs, entries.Select(e => e.Path).ToHashSet(StringComparer.Ordinal));
        var deviceSizes = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (ManifestEntry e in entries.OrderBy(e => e.Path.Count(c => c == '/')))
        {
            ct.ThrowIfCancellationRequested();
            progress?.Report(new JobProgress("plan", e.Path, n, entries.Count, n, entries.Count));
            n++;
            string? blocker = skipped.FirstOrDefault(s => IsAtOrBelow(e.Path, s) && e.Path != s);
            string? parentConflict = blocker is null ? await parents.BlockerAsync(e.Path, ct).ConfigureAwait(false) : null;
            RestoreStep step = blocker is not null
                ? new RestoreStep(RestoreAction.Skip, e.Path, e.Kind, e.Mode, e.Size, e.Sha256, e.LinkTarget, $"below '{blocker}', which is skipped")
                : parentConflict is not null
                ? new RestoreStep(RestoreAction.Skip, e.Path, e.Kind, e.Mode, e.Size, e.Sha256, e.LinkTarget, parentConflict)
                : await CompareAsync(efs, e, modes, deviceSizes, ct).ConfigureAwait(false);
            if (step.Action == RestoreAction.Skip)
            {
                skipped.Add(e.Path);
            }

            steps[e.Path] = step;
        }

        foreach (ManifestEntry e in entries)
        {
            (e.Kind switch { EntryKind.Directory => dirs, EntryKind.Symlink => links, _ => files }).Add(steps[e.Path]);
        }

        var deletes = new List<RestoreStep>();
        var skips = new List<RestoreStep>();
        if (options.DeleteExtra)
        {
            var known = new HashSet<string>(source.Manifest.Entries.Select(e => e.Path), StringComparer.Ordinal);
            var leftOut = (source.Manifest.RefusedNames ?? []).ToDictionary(r => EfsPath.Join(r.Directory, r.Name), r => r.Reason, StringComparer.Ordinal);
            IEnumerable<string> roots = only.Count > 0 ? only : [DeleteExtraRoot(source)];
            foreach (string root in roots)
            {
                EfsStat? st = await TryLstatAsync(efs, root, ct).ConfigureAwait(false);
                if (st is null)
                {
                    continue;
                }

                if (root != "/" && !known.Contains(root) && only.Count > 0)
                {
                    deletes.Add(DeleteStep(root, st.Mode));
                }

                if (st.Kind != EfsFileKind.Directory)
                {
                    continue;
                }

                await foreach (EfsDirEntry d in efs.WalkAsync(root, false, ct).ConfigureAwait(false))
                {
                    if (LeftOut(leftOut, d.Path) is { } why)
                    {
                        skips.Add(new RestoreStep(RestoreAction.Skip, d.Path, ArchiveEfsMode.KindOf(d.Mode), d.Mode, 0, null, null, why));
                    }
                    else if (!known.Contains(d.Path) && !deletes.Any(x => x.Path == d.Path))
                    {
                        deletes.Add(DeleteStep(d.Path, d.Mode));
                    }
                }
            }
        }

        // files (and symlinks, items) before directories, deepest first
        var orderedDeletes = deletes.Where(d => d.Kind != EntryKind.Directory)
            .Concat(deletes.Where(d => d.Kind == EntryKind.Directory).OrderByDescending(d => d.Path.Count(c => c == '/')).ThenByDescending(d => d.Path, StringComparer.Ordinal));
        progress?.Report(new JobProgress("plan", null, entries.Count, entries.Count, entries.Count, entries.Count));
        RestoreStep[] all = [.. dirs, .. files, .. links, .. skips, .. orderedDeletes];
        return new RestorePlan(source.SourcePath, source.Origin, all)
        {
            Blockers = await RestorePreflight.CheckAsync(efs, all, deviceSizes, ct).ConfigureAwait(false),
        };
    }

    /// <summary>Normalizes --only paths: absolute, no trailing '/'.</summary>
    /// <exception cref="ArgumentException">A relative or otherwise invalid path.</exception>
    public static IReadOnlyList<string> NormalizeOnly(IEnumerable<string> only)
    {
        ArgumentNullException.ThrowIfNull(only);
        var list = new List<string>();
        foreach (string raw in only)
        {
            string p = raw.Length > 1 ? raw.TrimEnd('/') : raw;
            if (p != "/" && ArchivePaths.CheckEfsPath(p) is { } problem)
            {
                throw new ArgumentException($"--only '{raw}': {problem.Message}", nameof(only));
            }

            list.Add(p);
        }

        return list;
    }

    /// <summary>True when <paramref name="path"/> is at or below <paramref name="root"/>.</summary>
    internal static bool IsAtOrBelow(string path, string root) =>
        root == "/" || path == root || path.StartsWith(root + "/", StringComparison.Ordinal);

    internal static bool Selected(string path, IReadOnlyList<string> only, bool includeAncestors) =>
        only.Count == 0 || only.Any(o => IsAtOrBelow(path, o) || (includeAncestors && IsAtOrBelow(o, path)));

    internal static string Sha256Hex(ReadOnlySpan<byte> data) => Convert.ToHexStringLower(SHA256.HashData(data));

    internal static EntryKind KindOf(EfsFileKind kind) => kind switch
    {
        EfsFileKind.Directory => EntryKind.Directory,
        EfsFileKind.Symlink => EntryKind.Symlink,
        EfsFileKind.ItemFile => EntryKind.ItemFile,
        _ => EntryKind.File,
    };

    internal static async Task<EfsStat?> TryLstatAsync(EfsClient efs, string path, CancellationToken ct)
    {
        try
        {
            return await efs.LstatAsync(path, ct).ConfigureAwait(false);
        }
        catch (EfsException ex) when (ex.Errno is EfsErrno.ENOENT or EfsErrno.ENOTDIR)
        {
            return null;
        }
    }

    /// <summary>Content of a device file or item file (item files by GET).</summary>
    internal static Task<byte[]> ReadContentAsync(EfsClient efs, string path, EfsFileKind kind, CancellationToken ct) =>
        efs.ReadContentBytesAsync(path, kind == EfsFileKind.ItemFile, ct);

    private static async Task<RestoreStep> CompareAsync(EfsClient efs, ManifestEntry e, bool modes, Dictionary<string, long> deviceSizes, CancellationToken ct)
    {
        RestoreStep Step(RestoreAction a, string? reason) => new(a, e.Path, e.Kind, e.Mode, e.Size, e.Sha256, e.LinkTarget, reason);
        if (e.Unreadable)
        {
            return Step(RestoreAction.Skip, $"unreadable at backup time ({e.UnreadableReason})");
        }

        EfsStat? st;
        try
        {
            st = await efs.LstatAsync(e.Path, ct).ConfigureAwait(false);
        }
        catch (EfsException ex) when (ex.Errno == EfsErrno.ENOENT)
        {
            st = null;
        }
        catch (EfsException ex) when (ex.Errno == EfsErrno.ENOTDIR)
        {
            return Step(RestoreAction.Skip, "conflict: a directory above it is not a directory on the device");
        }

        if (st is null)
        {
            return Step(RestoreAction.Create, "missing on the device");
        }

        EntryKind have = KindOf(st.Kind);
        bool modeDiffers = modes && (st.Mode & PermissionMask) != (e.Mode & PermissionMask);
        string modeText = $"mode {Octal(st.Mode)} -> {Octal(e.Mode)}";
        switch (e.Kind)
        {
            case EntryKind.Directory:
                if (have != EntryKind.Directory)
                {
                    return Step(RestoreAction.Skip, $"conflict: the device has a {Describe(have)} where the backup has a directory");
                }

                return modeDiffers ? Step(RestoreAction.ModeChange, modeText) : Step(RestoreAction.Unchanged, null);

            case EntryKind.Symlink:
                if (have == EntryKind.Directory)
                {
                    return Step(RestoreAction.Skip, "conflict: the device has a directory where the backup has a symlink");
                }

                if (have == EntryKind.Symlink)
                {
                    string target = await efs.ReadlinkAsync(e.Path, ct).ConfigureAwait(false);
                    if (target == e.LinkTarget)
                    {
                        return Step(RestoreAction.Unchanged, null);
                    }

                    return Step(RestoreAction.Replace, $"link target '{target}' -> '{e.LinkTarget}'");
                }

                return Step(RestoreAction.Replace, $"the device has a {Describe(have)}");

            default:
                if (have == EntryKind.Directory)
                {
                    return Step(RestoreAction.Skip, $"conflict: the device has a directory where the backup has a {Describe(e.Kind)}");
                }

                if (have != e.Kind)
                {
                    return Step(RestoreAction.Replace, $"the device has a {Describe(have)}, the backup a {Describe(e.Kind)}");
                }

                EfsStat full = await efs.StatAsync(e.Path, ct).ConfigureAwait(false);
                deviceSizes[e.Path] = full.Size; // what a replace frees (RestorePreflight's space estimate)
                if (full.Size != e.Size)
                {
                    return Step(RestoreAction.Replace, $"size {full.Size} -> {e.Size}");
                }

                byte[] content = await ReadContentAsync(efs, e.Path, st.Kind, ct).ConfigureAwait(false);
                if (!string.Equals(Sha256Hex(content), e.Sha256, StringComparison.Ordinal))
                {
                    return Step(RestoreAction.Replace, "content differs (SHA-256)");
                }

                return modeDiffers ? Step(RestoreAction.ModeChange, modeText) : Step(RestoreAction.Unchanged, null);
        }
    }

    /// <summary>
    /// Why --delete-extra keeps <paramref name="path"/>: the backup left it (or a directory above it) out on purpose, a
    /// name it could not hold (<see cref="BackupManifest.RefusedNames"/>), so its absence says nothing; null otherwise.
    /// </summary>
    private static string? LeftOut(Dictionary<string, string> leftOut, string path)
    {
        for (string p = path; ; p = EfsPath.Parent(p))
        {
            if (leftOut.TryGetValue(p, out string? reason))
            {
                return $"left out of the backup ({reason}), so never deleted";
            }

            if (p == "/")
            {
                return null;
            }
        }
    }

    private static RestoreStep DeleteStep(string path, int mode)
    {
        EntryKind kind = ArchiveEfsMode.KindOf(mode);
        return new RestoreStep(RestoreAction.Delete, path, kind, mode, 0, null, null, "not in the backup");
    }

    /// <summary>
    /// The root --delete-extra cleans without --only. Refused when it would be wider than what the
    /// backup holds: an empty source would make it "/" (the whole EFS), and a backup whose top entry
    /// is a file would make it that file's parent (its siblings).
    /// </summary>
    /// <exception cref="RestoreException">The source gives no directory to clean; name one with --only.</exception>
    private static string DeleteExtraRoot(BackupSource source)
    {
        IReadOnlyList<ManifestEntry> entries = source.Manifest.Entries;
        if (entries.Count == 0)
        {
            throw new RestoreException($"refusing --delete-extra: '{source.SourcePath}' holds no entries, so everything on the EFS would count as extra; name the directory to clean with --only");
        }

        string root = CommonAncestor(entries);
        if (root != "/" && !entries.Any(e => e.Path == root && e.Kind == EntryKind.Directory))
        {
            throw new RestoreException($"refusing --delete-extra: the top entry '{root}' of '{source.SourcePath}' is not a directory of the backup, so entries next to it would be deleted; name the directory to clean with --only");
        }

        return root;
    }

    /// <summary>The deepest common ancestor of all backup paths (the paths themselves count).</summary>
    private static string CommonAncestor(IReadOnlyList<ManifestEntry> entries)
    {
        string common = entries[0].Path;
        foreach (ManifestEntry e in entries)
        {
            while (!IsAtOrBelow(e.Path, common))
            {
                common = ArchivePaths.Parent(common);
            }
        }

        return common;
    }

    /// <summary>Human name of an entry kind: file, item file, directory, symlink.</summary>
    public static string Describe(EntryKind kind) => kind switch
    {
        EntryKind.ItemFile => "item file",
        EntryKind.Directory => "directory",
        EntryKind.Symlink => "symlink",
        _ => "file",
    };

    internal static string Octal(int mode) => "0" + Convert.ToString(mode & PermissionMask, 8);
}
