using System.Security.Cryptography;
using System.Text;
using ZteDiag.Emulator.State;
using ZteDiag.Protocol.Diag;
using ZteDiag.Protocol.Efs;

namespace ZteDiag.Emulator.Tests.State;

public class ModemStateTests
{
    private sealed record Entry(string Path, EfsDirEntryType Type, StoredStat Stat);

    /// <summary>Walks the EFS the way a DIAG client does (≤1 dir handle open while recursing).</summary>
    private static List<Entry> Walk(EfsStore efs, string dir = "/")
    {
        var entries = new List<Entry>();
        Assert.Equal(EfsStoreError.None, efs.OpenDir(dir, out int dirp));
        for (int seq = 1; ; seq++)
        {
            Assert.Equal(EfsStoreError.None, efs.ReadDir(dirp, seq, out StoredDirEntry e));
            if (e.IsEnd)
            {
                break;
            }

            entries.Add(new Entry(dir == "/" ? "/" + e.Name : dir + "/" + e.Name, e.EntryType, e.Stat));
        }

        efs.CloseDir(dirp);
        foreach (Entry sub in entries.Where(e => e.Type == EfsDirEntryType.Directory).ToList())
        {
            entries.AddRange(Walk(efs, sub.Path));
        }

        return entries;
    }

    private static string TreeHash(EfsStore efs)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (Entry e in Walk(efs).OrderBy(e => e.Path, StringComparer.Ordinal))
        {
            sha.AppendData(Encoding.UTF8.GetBytes($"{e.Path}|{e.Type}|{e.Stat.Mode}|{e.Stat.Size}|{e.Stat.Mtime}\n"));
            if (e.Type is EfsDirEntryType.Regular or EfsDirEntryType.Other)
            {
                Assert.Equal(EfsStoreError.None, efs.ReadFile(e.Path, out byte[] c));
                sha.AppendData(c);
            }
        }

        return Convert.ToHexString(sha.GetHashAndReset());
    }

    [Fact]
    public void Same_seed_gives_the_same_tree_and_another_seed_does_not()
    {
        using var dir = new TempDir();
        using ModemState a = ModemState.CreateFresh("mf627-mts", dir.Sub("a"), seed: 7);
        using ModemState b = ModemState.CreateFresh("mf627-mts", dir.Sub("b"), seed: 7);
        using ModemState c = ModemState.CreateFresh("mf627-mts", dir.Sub("c"), seed: 8);
        Assert.NotEqual(a.StateDirectory, b.StateDirectory);
        string ha = TreeHash(a.Efs);
        Assert.Equal(ha, TreeHash(b.Efs));
        Assert.NotEqual(ha, TreeHash(c.Efs));
    }

    [Fact]
    public void Generated_tree_is_realistic()
    {
        using var dir = new TempDir();
        using ModemState m = ModemState.CreateFresh("mf627-mts", dir.Sub("s"), seed: 1);
        List<Entry> all = Walk(m.Efs);
        Assert.True(all.Count(e => e.Type is EfsDirEntryType.Regular or EfsDirEntryType.Other) >= 300, $"only {all.Count} entries");
        Assert.True(all.Count(e => e.Type == EfsDirEntryType.Other) >= 90);
        Assert.All(all.Where(e => e.Type == EfsDirEntryType.Other), e =>
        {
            Assert.True(e.Stat.Size is >= 1 and <= EfsStore.ItemMax);
            Assert.Equal(EfsMode.S_IFITM, e.Stat.Mode & EfsMode.S_IFMT);
            Assert.StartsWith("/nv/item_files/", e.Path, StringComparison.Ordinal);
        });
        Assert.Single(all, e => e.Type == EfsDirEntryType.Symlink);
        Assert.Equal(EfsStoreError.None, m.Efs.Readlink(EfsGenerator.SymlinkPath, out string target));
        Assert.StartsWith("/brew/mod/", target, StringComparison.Ordinal);
        Assert.Contains(all, e => e.Path.StartsWith("/brew/mod/", StringComparison.Ordinal) && e.Type == EfsDirEntryType.Regular);

        Entry iso = Assert.Single(all, e => e.Path == "/ZTEMODEM.iso");
        Assert.Equal(4u * 1024 * 1024, iso.Stat.Size);
        m.Efs.ReadFile("/ZTEMODEM.iso", out byte[] image);
        Assert.Equal("CD001", Encoding.ASCII.GetString(image, 0x8001, 5));
        Assert.Equal("MTS_CONNECT", Encoding.ASCII.GetString(image, 0x8028, 32).TrimEnd());

        foreach (string flag in new[] { "/AUTORUN.FLG", "/NODOWNLOAD.FLG", "/CD_STARTUP_FLAG", "/PCUI.VN" })
        {
            Assert.Contains(all, e => e.Path == flag && e.Type == EfsDirEntryType.Regular);
        }

        Assert.Equal("MTS_MF627_BD_MTSP673A4V1.0.0B01", m.PcuiVn);
        Assert.DoesNotContain(Directory.EnumerateFileSystemEntries(m.StateDirectory, "*", SearchOption.AllDirectories),
            p => new FileInfo(p).LinkTarget is not null);
    }

    [Fact]
    public void Nv_holds_the_profile_imei_readable_and_the_spc_behind_the_spc()
    {
        using var dir = new TempDir();
        using ModemState m = ModemState.CreateFresh("mf627-mts", dir.Sub("s"));
        var buf = new byte[128];
        Assert.True(m.Nv.Read(85, buf, m.SpcUnlocked).SpcRequired);
        Assert.Equal(NvResult.Done, m.Nv.Read(550, buf, m.SpcUnlocked));
        Assert.False(m.TryUnlockSpc("123456"));
        Assert.True(m.TryUnlockSpc("000000"));
        Assert.Equal(ImeiError.None, Imei.TryDecode(buf, out string? imei));
        Assert.Equal(m.Profile.Imei, imei);
        Assert.Equal(NvResult.Done, m.Nv.Read(85, buf, m.SpcUnlocked));
        Assert.Equal("000000", Encoding.ASCII.GetString(buf, 0, 6));
        foreach (ushort id in new ushort[] { 0, 10, 441, 453, 946, 1877 })
        {
            Assert.Equal(NvStatus.Done, m.Nv.Read(id, buf, false).Status);
        }
    }

    [Fact]
    public void The_generated_nv_image_has_over_500_items_spread_to_7000_and_the_same_seed_gives_the_same_image()
    {
        using var dir = new TempDir();
        using ModemState a = ModemState.CreateFresh("mf627-mts", dir.Sub("a"), seed: 7);
        using ModemState b = ModemState.CreateFresh("mf627-mts", dir.Sub("b"), seed: 7);
        using ModemState c = ModemState.CreateFresh("mf627-mts", dir.Sub("c"), seed: 8);
        Assert.True(a.Nv.ActiveItems.Count >= 500, $"{a.Nv.ActiveItems.Count} items");
        Assert.True(a.Nv.ActiveItems.Max() > 6000);
        Assert.Equal(a.Nv.ActiveItems, b.Nv.ActiveItems);
        Assert.NotEqual(a.Nv.ActiveItems, c.Nv.ActiveItems);
        Assert.Contains((ushort)25, a.Nv.ActiveItems); // the A-key is there, but unreadable
        var buf = new byte[128];
        Assert.True(a.Nv.Read(25, buf, true).Refused);
        Assert.Equal(File.ReadAllText(Path.Combine(dir.Sub("a"), "nv.json")), File.ReadAllText(Path.Combine(dir.Sub("b"), "nv.json")));
    }

    [Fact]
    public void Runtime_flags_start_from_the_profile()
    {
        using var dir = new TempDir();
        using ModemState m = ModemState.CreateFresh("mf627-mts-b02", dir.Sub("s"));
        Assert.True(m.SecurityUnlocked);
        Assert.True(m.SimPresent);
        Assert.True(m.Echo);
        Assert.False(m.SpcUnlocked);
        Assert.False(m.UnlockCodeRequired);
        m.ForeignSim = true;
        Assert.True(m.UnlockCodeRequired);
        Assert.True(m.TryUnlockSecurity(new byte[8]));
    }

    [Fact]
    public void Zte_flag_operations_change_the_efs_files()
    {
        using var dir = new TempDir();
        using ModemState m = ModemState.CreateFresh("mf627-mts", dir.Sub("s"));
        Assert.True(m.AutorunEnabled);
        Assert.True(m.SetAutorun(false));
        Assert.False(m.Efs.Exists("/AUTORUN.FLG"));
        Assert.False(m.AutorunEnabled);
        Assert.True(m.SetAutorun(true));
        Assert.True(m.Efs.Exists("/AUTORUN.FLG"));

        Assert.False(m.DownloadMode);
        Assert.True(m.EnterDownloadMode());
        Assert.True(m.DownloadMode);
        Assert.False(m.Efs.Exists("/NODOWNLOAD.FLG"));
        Assert.True(m.ExitDownloadMode());
        Assert.False(m.DownloadMode);

        Assert.True(m.SetCdStartup(false));
        Assert.False(m.CdStartupEnabled);
        Assert.Equal(EfsStoreError.None, m.Efs.WriteFile("/CD_STARTUP_FLAG", "1"u8)); // DIAG side
        Assert.True(m.CdStartupEnabled);
    }

    [Fact]
    public void Open_reuses_a_state_directory_with_its_profile_and_changes()
    {
        using var dir = new TempDir();
        string stateDir = Path.Combine(dir.Path, "s");
        using (ModemState m = ModemState.CreateFresh("mf626-globe", stateDir, seed: 3))
        {
            m.SetAutorun(false);
            m.Efs.WriteFile("/public/note.txt", "kept"u8);
        }

        using ModemState again = ModemState.Open(stateDir);
        Assert.Equal("mf626-globe", again.Profile.Name);
        Assert.Equal(3UL, again.Seed);
        Assert.False(again.AutorunEnabled);
        Assert.Equal(EfsStoreError.None, again.Efs.ReadFile("/public/note.txt", out byte[] c));
        Assert.Equal("kept", Encoding.ASCII.GetString(c));
        Assert.True(Directory.Exists(stateDir));
    }

    [Fact]
    public void Switching_profile_changes_identity_and_firmware_files_but_keeps_user_data_and_nv()
    {
        using var dir = new TempDir();
        string stateDir = Path.Combine(dir.Path, "s");
        using (ModemState m = ModemState.CreateFresh("mf627-mts", stateDir))
        {
            m.Efs.WriteFile("/public/mine", "x"u8);
            m.SetAutorun(false);
            m.TryUnlockSpc("000000");
            m.SwitchProfile("mf626-globe");
            Assert.False(m.SpcUnlocked);
            Assert.Equal("MF626", m.Profile.Model);
            Assert.Equal("GLOBE_MF626_BD_P673M3V1.0.1B02", m.PcuiVn);
            m.Efs.ReadFile("/ZTEMODEM.iso", out byte[] iso);
            Assert.Equal("GLOBE_TATTOO", Encoding.ASCII.GetString(iso, 0x8028, 32).TrimEnd());
        }

        using ModemState again = ModemState.Open(stateDir);
        Assert.Equal("mf626-globe", again.Profile.Name);
        Assert.True(again.Efs.Exists("/public/mine"));
        Assert.False(again.AutorunEnabled);
        var buf = new byte[128];
        again.TryUnlockSpc("000000");
        again.Nv.Read(550, buf, again.SpcUnlocked);
        Assert.Equal(ImeiError.None, Imei.TryDecode(buf, out string? imei));
        Assert.Equal("354613020012342", imei); // NV survives the reflash
    }

    [Fact]
    public void Misuse_fails_with_clear_errors()
    {
        using var dir = new TempDir();
        File.WriteAllText(Path.Combine(dir.Path, "x"), "");
        Assert.Throws<ArgumentException>(() => ModemState.CreateFresh("mf627-mts", dir.Path));
        Assert.Throws<ArgumentException>(() => ModemState.Open(dir.Path));
        Assert.Throws<ArgumentException>(() => ModemState.CreateFresh("nope"));
    }

    [Fact]
    public void A_temp_state_directory_is_removed_on_dispose()
    {
        string path;
        using (ModemState m = ModemState.CreateFresh("mf622"))
        {
            path = m.StateDirectory;
            Assert.True(m.OwnsDirectory);
        }

        Assert.False(Directory.Exists(path));
    }
}
