using ZteDiag.Device.Efs;
using ZteDiag.Protocol.Efs;
using ZteDiag.Workbench.Archive;

namespace ZteDiag.Workbench.Restore;

/// <summary>
/// LSTATs the directories above a backup path that the backup itself does not list: LSTAT of the
/// path only declines to follow its last component, so a device symlink higher up would make a
/// "missing" file be created through the link, somewhere the backup never named (issue 18.1).
/// Results are cached: siblings share their parents.
/// </summary>
internal sealed class DeviceParentCheck(EfsClient efs, IReadOnlySet<string> listed)
{
    private readonly Dictionary<string, EfsFileKind?> _kinds = new(StringComparer.Ordinal);

    /// <summary>Why nothing may be written at <paramref name="path"/>, or null when every unlisted parent is a directory or missing.</summary>
    public async Task<string?> BlockerAsync(string path, CancellationToken ct)
    {
        foreach (string parent in ArchivePaths.Ancestors(path))
        {
            if (listed.Contains(parent))
            {
                continue; // compared as a backup entry: a symlink or file there already skips everything below it
            }

            if (!_kinds.TryGetValue(parent, out EfsFileKind? kind))
            {
                kind = (await RestorePlanner.TryLstatAsync(efs, parent, ct).ConfigureAwait(false))?.Kind;
                _kinds[parent] = kind;
            }

            switch (kind)
            {
                case null:
                    return null; // missing: nothing below it exists either, and it is created as a directory
                case EfsFileKind.Directory:
                    continue;
                case EfsFileKind.Symlink:
                    return $"conflict: '{parent}' is a symlink on the device; ZteDiag never writes through a device symlink";
                default:
                    return $"conflict: '{parent}' is a {RestorePlanner.Describe(RestorePlanner.KindOf(kind.Value))} on the device, not a directory";
            }
        }

        return null;
    }
}
