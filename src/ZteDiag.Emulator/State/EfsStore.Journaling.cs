using System.Runtime.InteropServices;
using System.Text;

namespace ZteDiag.Emulator.State;

/// <summary>
/// Write-ahead steps (journal record first, then one atomic host change, then the map) and recovery
/// (redo the last record, reconcile the host tree with the map). See the remarks on <see cref="EfsStore"/>.
/// </summary>
public sealed partial class EfsStore
{
    [LibraryImport("libc", EntryPoint = "rename", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int NativeRename(string oldPath, string newPath);

    /// <summary>Journals a change (its commit point), then checkpoints now and then.</summary>
    private void Commit(JournalRecord record)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        _journal.Append(record);
        _journal.CrashHook?.Invoke(EfsCrashPoint.AfterJournal);
        if (_journal.RecordsSinceCheckpoint >= CheckpointEvery)
        {
            _pendingCheckpoint = true;
        }
    }

    private bool _pendingCheckpoint;

    /// <summary>Creates an empty file, item file or directory: journal, then create or mkdir, then the map.
    /// An existing empty directory is kept (mkdir of it succeeds) and takes the new metadata.</summary>
    private void CreateEntry(string canonical, EntryMeta meta)
    {
        string host = Host(canonical);
        Commit(JournalRecord.Set(canonical, meta));
        if (meta.Kind == EfsEntryKind.Directory)
        {
            Directory.CreateDirectory(host);
        }
        else
        {
            using (File.Create(host)) { }
        }

        _map[canonical] = meta;
    }

    /// <summary>Removes a file, item file, link or empty directory: journal, then unlink or rmdir, then the map.</summary>
    private void DeleteEntry(string canonical, EntryMeta meta)
    {
        string host = Host(canonical);
        Commit(new JournalRecord { Op = "del", Path = canonical });
        if (meta.Kind == EfsEntryKind.Directory)
        {
            Directory.Delete(host);
        }
        else
        {
            File.Delete(host);
        }

        _map.Remove(canonical);
    }

    /// <summary>Stages <paramref name="body"/> in the temp dir, journals, renames it into place.</summary>
    private void PutBody(string canonical, EntryMeta m, byte[] body, byte[]? journalData)
    {
        string tmp = Path.Combine(_tempDir, $"put-{Environment.ProcessId}-{++_tempCounter}");
        File.WriteAllBytes(tmp, body);
        _journal.CrashHook?.Invoke(EfsCrashPoint.AfterStaging);
        Commit(JournalRecord.Set(canonical, m, journalData));
        HostRename(tmp, Host(canonical));
        _map[canonical] = m;
        CheckpointIfDue();
    }

    private void CheckpointIfDue()
    {
        if (_pendingCheckpoint)
        {
            _pendingCheckpoint = false;
            _journal.Checkpoint(_map);
        }
    }

    private static void HostRename(string from, string to)
    {
        // rename(2): atomic, replaces a file or an empty directory, keeps open handles valid.
        if (NativeRename(from, to) != 0)
        {
            int errno = Marshal.GetLastPInvokeError();
            throw new IOException($"rename('{from}', '{to}') failed, errno {errno}.");
        }
    }

    /// <summary>Re-applies the host side of the last journaled change (idempotent).</summary>
    private void Redo(JournalRecord r)
    {
        string host = Host(r.Path!);
        switch (r.Op)
        {
            case "set" when r.Kind == EfsEntryKind.Directory:
                if (!File.Exists(host))
                {
                    Directory.CreateDirectory(host);
                }

                break;
            case "set" when r.Kind == EfsEntryKind.Symlink || (r.Kind == EfsEntryKind.Item && r.Data is not null):
                byte[] body = r.Kind == EfsEntryKind.Symlink ? Encoding.UTF8.GetBytes(r.LinkTarget ?? "") : r.Data!;
                if (!Directory.Exists(host) && (!File.Exists(host) || !File.ReadAllBytes(host).AsSpan().SequenceEqual(body)))
                {
                    string tmp = Path.Combine(_tempDir, "redo");
                    File.WriteAllBytes(tmp, body);
                    HostRename(tmp, host);
                }

                break;
            case "set":
                if (!File.Exists(host) && !Directory.Exists(host) && Directory.Exists(Path.GetDirectoryName(host)))
                {
                    using (File.Create(host)) { }
                }

                break;
            case "del":
                if (File.Exists(host))
                {
                    File.Delete(host);
                }
                else if (Directory.Exists(host) && !Directory.EnumerateFileSystemEntries(host).Any())
                {
                    Directory.Delete(host);
                }

                break;
            case "mv":
                string to = Host(r.NewPath!);
                if ((File.Exists(host) || Directory.Exists(host)) && host != to)
                {
                    HostRename(host, to);
                }

                break;
        }
    }

    /// <summary>Makes the map and the host tree agree, and recomputes <see cref="_usedBytes"/>.</summary>
    private void Reconcile()
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        _usedBytes = 0;
        var stack = new Stack<(string Host, string Efs)>();
        stack.Push((_root, "/"));
        while (stack.Count > 0)
        {
            (string hostDir, string efsDir) = stack.Pop();
            foreach (string entry in Directory.EnumerateFileSystemEntries(hostDir))
            {
                string name = Path.GetFileName(entry);
                string efs = Join(efsDir, name);
                seen.Add(efs);
                var info = new FileInfo(entry);
                bool isDir = info.Attributes.HasFlag(FileAttributes.Directory);
                if (info.LinkTarget is not null)
                {
                    // A host symlink never belongs here (we store links as data): drop it.
                    File.Delete(entry);
                    seen.Remove(efs);
                    continue;
                }

                uint t = (uint)Math.Max(0, new DateTimeOffset(info.LastWriteTimeUtc).ToUnixTimeSeconds());
                EntryMeta? m = _map.GetValueOrDefault(efs);
                if (m is null || (m.Kind == EfsEntryKind.Directory) != isDir)
                {
                    _map[efs] = new EntryMeta
                    {
                        Kind = isDir ? EfsEntryKind.Directory : EfsEntryKind.File,
                        Perm = isDir ? 0x1FF : 0x1B6, Atime = t, Mtime = t, Ctime = t,
                    };
                }

                if (isDir)
                {
                    stack.Push((entry, efs));
                }
                else
                {
                    _usedBytes += info.Length;
                }
            }
        }

        foreach (string key in _map.Keys.Where(k => !seen.Contains(k)).ToList())
        {
            _map.Remove(key);
        }
    }
}
