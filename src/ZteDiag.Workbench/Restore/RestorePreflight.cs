using ZteDiag.Device;
using ZteDiag.Device.Efs;
using ZteDiag.Protocol.Efs;
using ZteDiag.Workbench.Archive;
using ZteDiag.Workbench.Safety;

namespace ZteDiag.Workbench.Restore;

/// <summary>
/// What planning checks so that a restore cannot fail half-way for a reason known up front
/// (issues 18.2, 19.5, 19.6): every path it creates, and the temporary name each file is written
/// under, against the modem's own QUERY limits (max_path, max_name); and the space the writes take
/// at their peak against STATFS, keeping a margin free (SAFETY.md: a full EFS is a brick risk).
/// </summary>
internal static class RestorePreflight
{
    /// <summary>Least free space left after the restore: this many bytes, or 1/32 of the EFS if more.</summary>
    public const long MinimumMarginBytes = 64 * 1024;

    /// <summary>Returns every reason the plan must not be applied (empty when it fits).</summary>
    public static async Task<IReadOnlyList<string>> CheckAsync(
        EfsClient efs, IReadOnlyList<RestoreStep> steps, IReadOnlyDictionary<string, long> deviceSizes, CancellationToken ct)
    {
        var blockers = new List<string>();
        var writes = steps.Where(s => s.Action is RestoreAction.Create or RestoreAction.Replace).ToList();
        if (writes.Count == 0)
        {
            return blockers;
        }

        int maxPath = efs.QueryInfo?.MaxPathLength is > 0 and int p ? p : ArchivePaths.MaxPathLength;
        int maxName = efs.QueryInfo?.MaxNameLength is > 0 and int n ? n : 255;
        foreach (RestoreStep s in writes)
        {
            if (LimitProblem(s, maxPath, maxName) is { } problem)
            {
                blockers.Add(problem);
            }
        }

        blockers.AddRange(await MissingParentsAsync(efs, steps, writes, ct).ConfigureAwait(false));
        if (await SpaceProblemAsync(efs, writes, deviceSizes, ct).ConfigureAwait(false) is { } space)
        {
            blockers.Add(space);
        }

        return blockers;
    }

    /// <summary>Path and name lengths in bytes (EFS names are Latin-1 bytes on the wire: one char, one byte).</summary>
    private static string? LimitProblem(RestoreStep s, int maxPath, int maxName)
    {
        string limits = $"the modem's limits (QUERY) are {maxPath} bytes per path and {maxName} per name";
        if (s.Path.Length > maxPath)
        {
            return $"'{Short(s.Path)}' is {s.Path.Length} bytes long; {limits}";
        }

        string name = s.Path[(s.Path.LastIndexOf('/') + 1)..];
        if (name.Length > maxName)
        {
            return $"'{Short(s.Path)}' has a {name.Length}-byte name; {limits}";
        }

        if (s.Kind == EntryKind.Symlink && s.LinkTarget is { } target && target.Length > maxPath)
        {
            return $"the symlink '{Short(s.Path)}' has a {target.Length}-byte target; {limits}";
        }

        if (s.Kind is EntryKind.File or EntryKind.ItemFile)
        {
            // written under this name first, then renamed (SafeEfsWriter): it must fit as well
            string temp = SafeEfsWriter.TempPathFor(s.Path);
            string tempName = temp[(temp.LastIndexOf('/') + 1)..];
            if (tempName.Length > maxName || temp.Length > maxPath)
            {
                return $"'{Short(s.Path)}' fits, but its temporary name '{Short(tempName)}' ({tempName.Length} bytes, path {temp.Length}) does not; " +
                       $"{limits}. Shorten the name in the backup by {Math.Max(tempName.Length - maxName, temp.Length - maxPath)} bytes, or leave it out with --only";
            }
        }

        return null;
    }

    /// <summary>
    /// Each write whose directory is neither one the plan keeps or creates nor a directory on the modem: its OPEN would
    /// fail with ENOENT half-way (an archive can list a file without its directory). Checked on the modem once per directory.
    /// </summary>
    private static async Task<List<string>> MissingParentsAsync(EfsClient efs, IReadOnlyList<RestoreStep> steps, List<RestoreStep> writes, CancellationToken ct)
    {
        var planned = new HashSet<string>(
            steps.Where(s => s.Kind == EntryKind.Directory && s.Action is not (RestoreAction.Skip or RestoreAction.Delete)).Select(s => s.Path), StringComparer.Ordinal);
        var problems = new List<string>();
        var onModem = new Dictionary<string, bool>(StringComparer.Ordinal);
        foreach (RestoreStep s in writes)
        {
            string parent = EfsPath.Parent(s.Path);
            if (parent == "/" || planned.Contains(parent))
            {
                continue;
            }

            if (!onModem.TryGetValue(parent, out bool isDir))
            {
                isDir = onModem[parent] = await RestorePlanner.TryLstatAsync(efs, parent, ct).ConfigureAwait(false) is { IsDirectory: true };
            }

            if (!isDir)
            {
                problems.Add($"'{Short(s.Path)}' has no directory to go in: '{Short(parent)}' is neither in the backup nor a directory on the modem");
            }
        }

        return problems;
    }

    private static async Task<string?> SpaceProblemAsync(
        EfsClient efs, IReadOnlyList<RestoreStep> writes, IReadOnlyDictionary<string, long> deviceSizes, CancellationToken ct)
    {
        EfsSpace space;
        try
        {
            space = await efs.StatfsAsync(cancellationToken: ct).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is EfsException or DiagRejectedException)
        {
            return null; // the modem keeps its space to itself: nothing to compare with
        }

        long block = Math.Max(1, space.BlockSize);
        long Round(long bytes) => (bytes + block - 1) / block * block;

        // In order, as the job writes: a new file adds its size; a replaced one needs the new size
        // while the old still exists (temp + rename), then frees the old.
        long used = 0, peak = 0;
        foreach (RestoreStep s in writes.Where(s => s.Kind is EntryKind.File or EntryKind.ItemFile))
        {
            long add = Round(s.Size);
            peak = Math.Max(peak, used + add);
            used += add - (s.Action == RestoreAction.Replace && deviceSizes.TryGetValue(s.Path, out long old) ? Round(old) : 0);
        }

        long available = space.AvailableBytes > 0 ? space.AvailableBytes : space.FreeBytes;
        long margin = Math.Max(MinimumMarginBytes, space.TotalBytes / 32);
        if (peak + margin <= available)
        {
            return null;
        }

        return $"the restore needs up to {peak} bytes on the EFS while it writes, and the modem has {available} free (STATFS); " +
               $"ZteDiag keeps at least {margin} bytes free, since a full EFS can keep the firmware from saving its own state. " +
               "Free space on the modem first, or restore less with --only";
    }

    private static string Short(string s) => s.Length <= 80 ? ArchivePaths.Printable(s) : ArchivePaths.Printable(s[..40]) + "…" + ArchivePaths.Printable(s[^30..]);
}
