using ZteDiag.Protocol.Efs;

namespace ZteDiag.Emulator.State;

/// <summary>Item files (PUT/GET): small bodies written whole and atomically, as EFS2 stores NV items.</summary>
public sealed partial class EfsStore
{
    /// <summary>
    /// PUT: writes an item file atomically (≤ <see cref="ItemMax"/> bytes, else Invalid). Flags: O_CREAT to
    /// create, O_EXCL to refuse an existing entry, O_AUTODIR to create parents. Replaces a regular file.
    /// </summary>
    public EfsStoreError PutItem(string path, ReadOnlySpan<byte> data, EfsOpenFlags flags, int mode = 0x1B6)
    {
        lock (_lock)
        {
            if (data.Length > ItemMax)
            {
                return EfsStoreError.Invalid;
            }

            EfsStoreError e = Resolve(path, followFinal: true, out string p);
            if (e == EfsStoreError.NotFound && (flags & EfsOpenFlags.AutoDir) != 0)
            {
                e = Resolve(path, followFinal: false, out p, allowMissing: true);
            }

            if (e != EfsStoreError.None)
            {
                return e;
            }

            EntryMeta? existing = Find(p);
            if (existing is null)
            {
                if ((flags & EfsOpenFlags.Create) == 0)
                {
                    return EfsStoreError.NotFound;
                }

                if ((flags & EfsOpenFlags.AutoDir) != 0)
                {
                    e = MakeParents(p);
                    if (e != EfsStoreError.None)
                    {
                        return e;
                    }
                }

                e = CheckParent(p);
                if (e != EfsStoreError.None)
                {
                    return e;
                }
            }
            else if (IsCreateExclusive(flags))
            {
                return EfsStoreError.Exists;
            }
            else if (existing.Kind == EfsEntryKind.Directory)
            {
                return EfsStoreError.IsDirectory;
            }

            long oldSize = existing is null ? 0 : new FileInfo(Host(p)).Length;
            if (Fit(oldSize, 0, data.Length) < data.Length)
            {
                return EfsStoreError.NoSpace;
            }

            byte[] body = data.ToArray();
            PutBody(p, NewMeta(EfsEntryKind.Item, mode & EfsMode.PermissionMask), body, journalData: body);
            _usedBytes += body.Length - oldSize;
            SpendFillBudget(body.Length);
            return EfsStoreError.None;
        }
    }

    /// <summary>GET: content of an item file; a regular file gives NotItemFile.</summary>
    public EfsStoreError GetItem(string path, out byte[] data)
    {
        lock (_lock)
        {
            data = [];
            if (!TryLookupNonDirectory(path, followFinal: true, out string p, out EntryMeta? m, out EfsStoreError e))
            {
                return e;
            }

            if (m.Kind != EfsEntryKind.Item)
            {
                return EfsStoreError.NotItemFile;
            }

            data = File.ReadAllBytes(Host(p));
            return EfsStoreError.None;
        }
    }
}
