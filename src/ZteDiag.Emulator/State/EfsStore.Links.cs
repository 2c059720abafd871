using System.Text;

namespace ZteDiag.Emulator.State;

/// <summary>Symbolic links: stored as data (a body staged and renamed in), never as host symlinks.</summary>
public sealed partial class EfsStore
{
    /// <summary>SYMLINK: creates <paramref name="linkPath"/> pointing at <paramref name="target"/>. The link
    /// is data (never a host symlink); an existing link at <paramref name="linkPath"/> counts as success.</summary>
    public EfsStoreError Symlink(string target, string linkPath)
    {
        lock (_lock)
        {
            if (string.IsNullOrEmpty(target) || target.Contains('\0', StringComparison.Ordinal))
            {
                return EfsStoreError.InvalidPath;
            }

            if (target.Length > PathMax)
            {
                return EfsStoreError.NameTooLong;
            }

            EfsStoreError e = Resolve(linkPath, followFinal: false, out string p);
            if (e != EfsStoreError.None)
            {
                return e;
            }

            if (Find(p) is { } existing)
            {
                return existing.Kind == EfsEntryKind.Symlink ? EfsStoreError.None : EfsStoreError.Exists;
            }

            e = CheckParent(p);
            if (e != EfsStoreError.None)
            {
                return e;
            }

            EntryMeta m = NewMeta(EfsEntryKind.Symlink, 0x1FF, linkTarget: target);
            PutBody(p, m, Encoding.UTF8.GetBytes(target), journalData: null);
            return EfsStoreError.None;
        }
    }

    /// <summary>READLINK: the stored target text.</summary>
    public EfsStoreError Readlink(string path, out string target)
    {
        lock (_lock)
        {
            target = "";
            if (!TryLookup(path, followFinal: false, out _, out EntryMeta? m, out EfsStoreError e))
            {
                return e;
            }

            if (m.Kind != EfsEntryKind.Symlink)
            {
                return EfsStoreError.Invalid;
            }

            target = m.LinkTarget ?? "";
            return EfsStoreError.None;
        }
    }
}
