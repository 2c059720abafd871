using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using ZteDiag.Protocol.Efs;

namespace ZteDiag.Emulator.State;

/// <summary>Metadata of one EFS entry (everything the host file system cannot hold for us).</summary>
internal sealed class EntryMeta
{
    public EfsEntryKind Kind { get; set; }
    public int Perm { get; set; }
    public uint Atime { get; set; }
    public uint Mtime { get; set; }
    public uint Ctime { get; set; }
    /// <summary>Symlink target (links are data, never host symlinks).</summary>
    public string? LinkTarget { get; set; }

    public EntryMeta Clone() => (EntryMeta)MemberwiseClone();

    public int TypeBits => Kind switch
    {
        EfsEntryKind.Directory => EfsMode.S_IFDIR,
        EfsEntryKind.Symlink => EfsMode.S_IFLNK,
        EfsEntryKind.Item => EfsMode.S_IFITM,
        _ => EfsMode.S_IFREG,
    };
}

/// <summary>One journal line. Op: "set" (full metadata of a path, plus inline content for item files
/// and links so the record alone can redo the change), "del", "mv", or "gen" (journal header).</summary>
internal sealed record JournalRecord
{
    [JsonPropertyName("op")] public required string Op { get; init; }
    [JsonPropertyName("p")] public string? Path { get; init; }
    [JsonPropertyName("n")] public string? NewPath { get; init; }
    [JsonPropertyName("k")] public EfsEntryKind Kind { get; init; }
    [JsonPropertyName("m")] public int Perm { get; init; }
    [JsonPropertyName("a")] public uint Atime { get; init; }
    [JsonPropertyName("t")] public uint Mtime { get; init; }
    [JsonPropertyName("c")] public uint Ctime { get; init; }
    [JsonPropertyName("l")] public string? LinkTarget { get; init; }
    [JsonPropertyName("d")] public byte[]? Data { get; init; }
    [JsonPropertyName("g")] public long Generation { get; init; }

    public static JournalRecord Set(string path, EntryMeta m, byte[]? data = null) => new()
    {
        Op = "set", Path = path, Kind = m.Kind, Perm = m.Perm, Atime = m.Atime, Mtime = m.Mtime, Ctime = m.Ctime,
        LinkTarget = m.LinkTarget, Data = data,
    };

    public EntryMeta ToMeta() => new()
    {
        Kind = Kind, Perm = Perm, Atime = Atime, Mtime = Mtime, Ctime = Ctime, LinkTarget = LinkTarget,
    };
}

internal sealed record MetaSnapshot
{
    [JsonPropertyName("covers")] public long Covers { get; init; }
    [JsonPropertyName("entries")] public List<JournalRecord> Entries { get; init; } = [];
}

/// <summary>
/// The metadata store: a snapshot (<c>efs.meta.json</c>, replaced by temp+rename) plus an append-only
/// journal (<c>efs.journal</c>, one JSON line per change). The journal starts with a header line
/// carrying its generation; the snapshot says which generation it already covers, so a crash
/// between "new snapshot renamed in" and "journal reset" never replays records twice. A torn last
/// line (process killed mid-append) fails to parse and is dropped, exactly like an unfinished EFS
/// transaction. Only durability against process death is promised (no fsync per record).
/// </summary>
internal sealed class EfsMetaJournal : IDisposable
{
    internal const string SnapshotName = "efs.meta.json";
    internal const string JournalName = "efs.journal";
    private static readonly JsonSerializerOptions Json = new()
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingDefault,
        Converters = { new JsonStringEnumConverter() },
    };

    private readonly string _stateDir;
    private FileStream? _journal;
    private long _generation;

    private EfsMetaJournal(string stateDir) => _stateDir = stateDir;

    public int RecordsSinceCheckpoint { get; private set; }

    /// <summary>Hook invoked at crash points (tests).</summary>
    public Action<EfsCrashPoint>? CrashHook { get; set; }

    /// <summary>Loads snapshot + journal. <paramref name="lastRecord"/> is the last journaled change not
    /// covered by the snapshot: the only one whose host-side effect may be missing (redo it).</summary>
    public static EfsMetaJournal Open(string stateDir, out Dictionary<string, EntryMeta> map, out JournalRecord? lastRecord)
    {
        var journal = new EfsMetaJournal(stateDir);
        map = new Dictionary<string, EntryMeta>(StringComparer.Ordinal);
        lastRecord = null;
        long covers = 0;
        string snapPath = Path.Combine(stateDir, SnapshotName);
        if (File.Exists(snapPath))
        {
            MetaSnapshot snap = JsonSerializer.Deserialize<MetaSnapshot>(File.ReadAllBytes(snapPath), Json)
                ?? new MetaSnapshot();
            covers = snap.Covers;
            foreach (JournalRecord r in snap.Entries)
            {
                map[r.Path!] = r.ToMeta();
            }
        }

        journal._generation = covers;
        string jPath = Path.Combine(stateDir, JournalName);
        if (File.Exists(jPath))
        {
            List<JournalRecord> records = ReadJournal(File.ReadAllBytes(jPath), out long gen);
            if (gen > covers)
            {
                journal._generation = gen;
                foreach (JournalRecord r in records)
                {
                    Apply(map, r);
                }

                lastRecord = records.Count > 0 ? records[^1] : null;
            }
        }

        return journal;
    }

    private static List<JournalRecord> ReadJournal(byte[] bytes, out long generation)
    {
        generation = 0;
        var list = new List<JournalRecord>();
        int start = 0;
        bool header = true;
        while (start < bytes.Length)
        {
            int nl = Array.IndexOf(bytes, (byte)'\n', start);
            if (nl < 0)
            {
                break; // torn tail: the append never finished
            }

            JournalRecord? r;
            try
            {
                r = JsonSerializer.Deserialize<JournalRecord>(bytes.AsSpan(start, nl - start), Json);
            }
            catch (JsonException)
            {
                break;
            }

            start = nl + 1;
            if (r is null)
            {
                break;
            }

            if (header)
            {
                header = false;
                if (r.Op != "gen")
                {
                    break;
                }

                generation = r.Generation;
                continue;
            }

            list.Add(r);
        }

        return list;
    }

    /// <summary>Applies one record to the in-memory map.</summary>
    public static void Apply(Dictionary<string, EntryMeta> map, JournalRecord r)
    {
        switch (r.Op)
        {
            case "set":
                map[r.Path!] = r.ToMeta();
                break;
            case "del":
                map.Remove(r.Path!);
                break;
            case "mv":
                Move(map, r.Path!, r.NewPath!);
                break;
        }
    }

    /// <summary>Re-keys <paramref name="from"/> and everything below it to <paramref name="to"/>.</summary>
    public static void Move(Dictionary<string, EntryMeta> map, string from, string to)
    {
        if (from == to)
        {
            return;
        }

        string prefix = from + "/";
        var moved = map.Where(kv => kv.Key == from || kv.Key.StartsWith(prefix, StringComparison.Ordinal)).ToList();
        string toPrefix = to + "/";
        foreach (string k in map.Keys.Where(k => k == to || k.StartsWith(toPrefix, StringComparison.Ordinal)).ToList())
        {
            map.Remove(k);
        }

        foreach (KeyValuePair<string, EntryMeta> kv in moved)
        {
            map.Remove(kv.Key);
        }

        foreach (KeyValuePair<string, EntryMeta> kv in moved)
        {
            map[to + kv.Key[from.Length..]] = kv.Value;
        }
    }

    /// <summary>Appends one record (the commit point of a metadata change).</summary>
    public void Append(JournalRecord record)
    {
        _journal ??= new FileStream(Path.Combine(_stateDir, JournalName), FileMode.Append, FileAccess.Write, FileShare.Read);
        byte[] line = JsonSerializer.SerializeToUtf8Bytes(record, Json);
        _journal.Write(line);
        _journal.WriteByte((byte)'\n');
        _journal.Flush();
        RecordsSinceCheckpoint++;
    }

    /// <summary>Writes a snapshot of <paramref name="map"/> and starts a fresh journal.</summary>
    public void Checkpoint(Dictionary<string, EntryMeta> map)
    {
        var snap = new MetaSnapshot
        {
            Covers = _generation,
            Entries = map.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => JournalRecord.Set(kv.Key, kv.Value)).ToList(),
        };
        AtomicFile.Write(Path.Combine(_stateDir, SnapshotName), JsonSerializer.SerializeToUtf8Bytes(snap, Json));
        CrashHook?.Invoke(EfsCrashPoint.MidCheckpoint);
        _journal?.Dispose();
        _journal = null;
        _generation++;
        byte[] header = JsonSerializer.SerializeToUtf8Bytes(new JournalRecord { Op = "gen", Generation = _generation }, Json);
        AtomicFile.Write(Path.Combine(_stateDir, JournalName), [.. header, (byte)'\n']);
        RecordsSinceCheckpoint = 0;
    }

    public void Dispose()
    {
        _journal?.Dispose();
        _journal = null;
    }
}

/// <summary>Whole-file replacement by temp file + rename (never leaves a half-written file under the real name).</summary>
internal static class AtomicFile
{
    public static void Write(string path, ReadOnlySpan<byte> content)
    {
        string tmp = path + ".tmp";
        using (var fs = new FileStream(tmp, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            fs.Write(content);
            fs.Flush(); // process-death safety needs no fsync (see EfsMetaJournal remarks)
        }

        File.Move(tmp, path, overwrite: true);
    }

    public static void WriteText(string path, string text) => Write(path, Encoding.UTF8.GetBytes(text));
}
