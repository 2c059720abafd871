using ZteDiag.Device.Efs;
using ZteDiag.Emulator;
using ZteDiag.Emulator.Host;
using ZteDiag.Emulator.State;
using ZteDiag.Workbench.Archive;
using ZteDiag.Workbench.Connection;
using ZteDiag.Workbench.Restore;
using ZteDiag.Workbench.Tests.Archive;
using StoreStat = ZteDiag.Emulator.State.StoredStat;

namespace ZteDiag.Workbench.Tests.Restore;

/// <summary>What one EFS entry looks like in the emulator's store.</summary>
internal sealed record EntrySnapshot(EfsEntryKind Kind, int Perm, byte[]? Content, string? Link)
{
    public bool SameAs(EntrySnapshot o) =>
        Kind == o.Kind && Perm == o.Perm && Link == o.Link
        && (Content is null ? o.Content is null : o.Content is not null && Content.AsSpan().SequenceEqual(o.Content));
}

/// <summary>
/// A virtual modem with a small /rt tree (a dozen files incl. a ~20 KB one, an item file and a
/// symlink), a backup of it, and then changes on the device that a restore has to undo.
/// </summary>
internal static class RestoreTestBed
{
    public const string Root = "/rt";

    public static VirtualModem Start(string stateDir, bool reuse = false, long? powerLossAfter = null) =>
        VirtualModem.Start(new VirtualModemStartOptions
        {
            StateDirectory = stateDir,
            ReuseState = reuse,
            NagInterval = null,
            Faults = powerLossAfter is { } n ? FaultPlan.Parse($"power-loss-after-requests={n}") : null,
        });

    /// <param name="timeout">Per-request timeout (default 5 s). Tests that count requests pass one: then it is also
    /// the shortest retransmission timer, since a re-send after a stall of a loaded machine would shift every later
    /// request number.</param>
    public static async Task<ModemConnection> ConnectAsync(VirtualModem modem, CancellationToken ct, TimeSpan? timeout = null)
    {
        var c = await ModemConnection.OpenAsync(new ConnectionOptions
        {
            DiagPort = modem.DiagPath,
            AtPort = modem.AtPath,
            Timeout = timeout ?? TimeSpan.FromSeconds(5), // room for a stall of a loaded 2-core machine
            RetransmitFloor = timeout,
        }, ct).ConfigureAwait(false);
        await c.EnsureEfsAsync(ct).ConfigureAwait(false);
        return c;
    }

    /// <summary>The restore's device check of <paramref name="source"/> against the modem (its IMEI read over DIAG).</summary>
    public static Task<RestoreDeviceCheck> CheckAsync(ModemConnection c, BackupSource source, CancellationToken ct) =>
        RestoreDeviceCheck.ReadAsync(c, source.Manifest.Device, ct);

    public static byte[] Bytes(int seed, int length)
    {
        var b = new byte[length];
        new Random(seed).NextBytes(b);
        return b;
    }

    /// <summary>Creates the original /rt tree through the client.</summary>
    public static async Task SeedAsync(EfsClient efs, CancellationToken ct)
    {
        await efs.MkdirAsync("/rt/a/b", 0x1ED, parents: true, ct).ConfigureAwait(false);
        await efs.MkdirAsync("/rt/c", 0x1C0, parents: true, ct).ConfigureAwait(false);
        await efs.WriteAllBytesAsync("/rt/big.bin", Bytes(1, 20 * 1024 + 37), ct).ConfigureAwait(false);
        for (int i = 1; i <= 9; i++)
        {
            string dir = i % 3 == 0 ? "/rt/a/b" : i % 3 == 1 ? "/rt/a" : "/rt/c";
            await efs.WriteAllBytesAsync($"{dir}/f{i}.cfg", Bytes(100 + i, 50 + (i * 211)), ct).ConfigureAwait(false);
        }

        await efs.WriteAllBytesAsync("/rt/empty", Array.Empty<byte>(), ct).ConfigureAwait(false);
        await efs.ChmodAsync("/rt/c/f2.cfg", 0x1A4, ct).ConfigureAwait(false);
        await efs.PutItemAsync("/rt/c/item", Bytes(7, 40), false, ct).ConfigureAwait(false);
        await efs.SymlinkAsync("/rt/a/f1.cfg", "/rt/link", ct).ConfigureAwait(false);
    }

    /// <summary>The identity of the emulated MF627 (mf627-mts profile): a backup must name its modem to be restored without --other-device.</summary>
    public static DeviceIdentity EmulatedDevice { get; } = new DeviceIdentity { Model = "MF627" }.WithFingerprint(DeviceFingerprint.Create("354613020012342"));

    /// <summary>Backs up /rt from the device into a .tar.gz (what `ztediag backup` would write).</summary>
    public static async Task WriteBackupAsync(EfsClient efs, string destination, CancellationToken ct, string root = Root)
    {
        var header = new BackupHeader("test", DateTimeOffset.UnixEpoch, EmulatedDevice);
        await using var w = BackupArchiveWriter.Create(destination, header);
        var rootStat = await efs.LstatAsync(root, ct).ConfigureAwait(false);
        w.AddDirectory(new EfsEntryInfo(root, rootStat.Mode, 0));
        await foreach (var e in efs.WalkAsync(root, readLinks: true, ct).ConfigureAwait(false))
        {
            var info = new EfsEntryInfo(e.Path, e.Mode, e.Size, e.AccessTime, e.ModifyTime, e.ChangeTime);
            if (e.IsDirectory) w.AddDirectory(info);
            else if (e.LinkTarget is { } t) w.AddSymlink(info, t);
            else
            {
                byte[] data = e.IsItemFile ? await efs.GetItemAsync(e.Path, ct).ConfigureAwait(false) : await efs.ReadAllBytesAsync(e.Path, ct).ConfigureAwait(false);
                using var ms = new MemoryStream(data);
                await w.AddFileAsync(info with { Size = data.Length }, ms, ct).ConfigureAwait(false);
            }
        }

        await w.CompleteAsync(ct).ConfigureAwait(false);
    }

    /// <summary>Changes the device away from the backup: new content, deletions, extras, a mode, the item, the link.</summary>
    public static async Task DamageAsync(EfsClient efs, CancellationToken ct)
    {
        await efs.WriteAllBytesAsync("/rt/big.bin", Bytes(2, 18 * 1024), ct).ConfigureAwait(false); // other size
        await efs.WriteAllBytesAsync("/rt/a/f1.cfg", Bytes(999, 50 + 211), ct).ConfigureAwait(false); // same size, other bytes
        await efs.UnlinkAsync("/rt/c/f5.cfg", ct).ConfigureAwait(false);
        await efs.UnlinkAsync("/rt/a/b/f3.cfg", ct).ConfigureAwait(false);
        await efs.UnlinkAsync("/rt/a/b/f6.cfg", ct).ConfigureAwait(false);
        await efs.UnlinkAsync("/rt/a/b/f9.cfg", ct).ConfigureAwait(false);
        await efs.RmdirAsync("/rt/a/b", ct).ConfigureAwait(false);
        await efs.ChmodAsync("/rt/c/f8.cfg", 0x180, ct).ConfigureAwait(false);
        await efs.PutItemAsync("/rt/c/item", Bytes(8, 30), false, ct).ConfigureAwait(false);
        await efs.UnlinkAsync("/rt/link", ct).ConfigureAwait(false);
        await efs.SymlinkAsync("/rt/c/f2.cfg", "/rt/link", ct).ConfigureAwait(false);
        await efs.WriteAllBytesAsync("/rt/extra.txt", Bytes(3, 300), ct).ConfigureAwait(false);
        await efs.MkdirAsync("/rt/newdir", parents: true, cancellationToken: ct).ConfigureAwait(false);
        await efs.WriteAllBytesAsync("/rt/newdir/x", Bytes(4, 10), ct).ConfigureAwait(false);
    }

    /// <summary>Every entry below <paramref name="root"/> as the store holds it (read directly, not over DIAG).</summary>
    public static Dictionary<string, EntrySnapshot> Snapshot(EfsStore store, string root = Root)
    {
        var result = new Dictionary<string, EntrySnapshot>(StringComparer.Ordinal);
        if (store.Lstat(root, out StoreStat rs) != EfsStoreError.None) return result;
        result[root] = new EntrySnapshot(rs.Kind, rs.Mode & 0xFFF, null, null);
        Walk(store, root == "/" ? "" : root, result);
        return result;
    }

    private static void Walk(EfsStore store, string dir, Dictionary<string, EntrySnapshot> result)
    {
        Assert.Equal(EfsStoreError.None, store.OpenDir(dir.Length == 0 ? "/" : dir, out int dirp));
        var names = new List<string>();
        try
        {
            for (int seq = 1; ; seq++)
            {
                Assert.Equal(EfsStoreError.None, store.ReadDir(dirp, seq, out var e));
                if (e.Name.Length == 0) break;
                if (e.Name is "." or "..") continue;
                names.Add(e.Name);
            }
        }
        finally
        {
            store.CloseDir(dirp);
        }

        foreach (string name in names)
        {
            string path = dir + "/" + name;
            Assert.Equal(EfsStoreError.None, store.Lstat(path, out StoreStat st));
            switch (st.Kind)
            {
                case EfsEntryKind.Directory:
                    result[path] = new EntrySnapshot(st.Kind, st.Mode & 0xFFF, null, null);
                    Walk(store, path, result);
                    break;
                case EfsEntryKind.Symlink:
                    Assert.Equal(EfsStoreError.None, store.Readlink(path, out string t));
                    result[path] = new EntrySnapshot(st.Kind, st.Mode & 0xFFF, null, t);
                    break;
                default:
                    Assert.Equal(EfsStoreError.None, store.ReadFile(path, out byte[] c));
                    result[path] = new EntrySnapshot(st.Kind, st.Mode & 0xFFF, c, null);
                    break;
            }
        }
    }

    public static void AssertSame(IReadOnlyDictionary<string, EntrySnapshot> expected, IReadOnlyDictionary<string, EntrySnapshot> actual)
    {
        Assert.Equal(expected.Keys.Order(StringComparer.Ordinal), actual.Keys.Order(StringComparer.Ordinal));
        foreach (var (path, e) in expected)
        {
            Assert.True(e.SameAs(actual[path]), $"{path}: expected {Describe(e)}, found {Describe(actual[path])}");
        }
    }

    public static string Describe(EntrySnapshot s) =>
        $"{s.Kind} 0{Convert.ToString(s.Perm, 8)} {(s.Content is null ? "" : s.Content.Length + " bytes")}{(s.Link is null ? "" : " -> " + s.Link)}";

    public static void CopyDirectory(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (string d in Directory.GetDirectories(from, "*", SearchOption.AllDirectories))
            Directory.CreateDirectory(Path.Combine(to, Path.GetRelativePath(from, d)));
        foreach (string f in Directory.GetFiles(from, "*", SearchOption.AllDirectories))
            File.Copy(f, Path.Combine(to, Path.GetRelativePath(from, f)));
    }

    /// <summary>Relative path → SHA-256 of every file below <paramref name="dir"/>.</summary>
    public static SortedDictionary<string, string> HashTree(string dir)
    {
        var result = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (string f in Directory.GetFiles(dir, "*", SearchOption.AllDirectories))
            if (Path.GetFileName(f) is not ("efs.journal" or "efs.meta.json"))
                result[Path.GetRelativePath(dir, f)] = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(f)));
        return result;
    }
}

/// <summary>
/// A prepared scenario: state directory "base" holds the damaged device, <see cref="Backup"/> the
/// backup of the original tree, <see cref="Expected"/> / <see cref="Damaged"/> the store snapshots.
/// </summary>
internal sealed class RestoreScenario : IDisposable
{
    private readonly TempDir _dir = new();

    public string BaseState => _dir.Combine("base");

    public string Backup => _dir.Combine("rt-backup.tar.gz");

    public string Journals => _dir.Combine("journals");

    public Dictionary<string, EntrySnapshot> Expected { get; private set; } = [];

    public Dictionary<string, EntrySnapshot> Damaged { get; private set; } = [];

    public string Sub(string name) => _dir.Combine(name);

    public static async Task<RestoreScenario> CreateAsync(CancellationToken ct)
    {
        var s = new RestoreScenario();
        using var modem = RestoreTestBed.Start(s.BaseState);
        await using (var c = await RestoreTestBed.ConnectAsync(modem, ct))
        {
            await RestoreTestBed.SeedAsync(c.Efs, ct);
            await RestoreTestBed.WriteBackupAsync(c.Efs, s.Backup, ct);
            s.Expected = RestoreTestBed.Snapshot(modem.State.Efs);
            await RestoreTestBed.DamageAsync(c.Efs, ct);
            s.Damaged = RestoreTestBed.Snapshot(modem.State.Efs);
        }

        return s;
    }

    /// <summary>A copy of the damaged state to run one test on.</summary>
    public string CopyState(string name)
    {
        string dir = Sub(name);
        RestoreTestBed.CopyDirectory(BaseState, dir);
        return dir;
    }

    public void Dispose() => _dir.Dispose();
}
