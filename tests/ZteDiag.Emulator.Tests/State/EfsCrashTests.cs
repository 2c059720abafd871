using System.Text;
using ZteDiag.Emulator.State;
using ZteDiag.Protocol.Efs;
using static ZteDiag.Protocol.Efs.EfsOpenFlags;

namespace ZteDiag.Emulator.Tests.State;

/// <summary>
/// Kill points: the crash hook throws, the store object is abandoned without Dispose (as if the
/// process died there), and a new store is opened on the same directory.
/// </summary>
public sealed class EfsCrashTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private sealed class SimulatedCrashException : Exception;

    private static void CrashAt(EfsStore store, EfsCrashPoint point, Action action)
    {
        store.CrashHook = p =>
        {
            if (p == point)
            {
                throw new SimulatedCrashException();
            }
        };
        Assert.Throws<SimulatedCrashException>(action);
        store.CrashHook = null;
    }

    private EfsStore Open() => EfsStore.Open(_dir.Path);

    private static string Text(EfsStore s, string path)
    {
        Assert.Equal(EfsStoreError.None, s.ReadFile(path, out byte[] c));
        return Encoding.ASCII.GetString(c);
    }

    /// <summary>Everything on the host under efs/ is visible through the store, and nothing else lies around.</summary>
    private void AssertHostTreeMatches(EfsStore s)
    {
        string root = Path.Combine(_dir.Path, "efs");
        foreach (string host in System.IO.Directory.EnumerateFileSystemEntries(root, "*", SearchOption.AllDirectories))
        {
            string efs = "/" + Path.GetRelativePath(root, host);
            Assert.True(s.Exists(efs), $"host entry {efs} is not in the EFS");
            Assert.Equal(EfsStoreError.None, s.Lstat(efs, out _));
        }

        Assert.Empty(System.IO.Directory.EnumerateFiles(Path.Combine(_dir.Path, "efs.tmp")));
        Assert.False(File.Exists(Path.Combine(_dir.Path, "efs.meta.json.tmp")));
    }

    [Fact]
    public void Crash_after_rename_is_journaled_rolls_forward_to_the_new_name()
    {
        EfsStore s = Open();
        s.WriteFile("/old", "payload"u8, 0x180);
        CrashAt(s, EfsCrashPoint.AfterJournal, () => s.Rename("/old", "/new"));

        using EfsStore r = Open();
        Assert.False(r.Exists("/old"));
        Assert.Equal("payload", Text(r, "/new"));
        r.Stat("/new", out StoredStat st);
        Assert.Equal(EfsMode.S_IFREG | 0x180, st.Mode);
        AssertHostTreeMatches(r);
    }

    [Fact]
    public void Crash_after_directory_rename_is_journaled_moves_the_whole_subtree()
    {
        EfsStore s = Open();
        s.Mkdir("/a", 0x1FF);
        s.PutItem("/a/item", [1, 2], Create);
        CrashAt(s, EfsCrashPoint.AfterJournal, () => s.Rename("/a", "/b"));

        using EfsStore r = Open();
        Assert.False(r.Exists("/a"));
        Assert.Equal(EfsStoreError.None, r.GetItem("/b/item", out byte[] d));
        Assert.Equal([1, 2], d);
        AssertHostTreeMatches(r);
    }

    [Fact]
    public void Crash_before_an_item_put_commits_leaves_the_old_item()
    {
        EfsStore s = Open();
        s.PutItem("/i", [1], Create);
        CrashAt(s, EfsCrashPoint.AfterStaging, () => s.PutItem("/i", [2, 2], Create));

        using EfsStore r = Open();
        Assert.Equal(EfsStoreError.None, r.GetItem("/i", out byte[] d));
        Assert.Equal([1], d);
        AssertHostTreeMatches(r);
    }

    [Fact]
    public void Crash_after_an_item_put_commits_yields_the_new_item_never_a_regular_file()
    {
        EfsStore s = Open();
        s.WriteFile("/i", "regular"u8);
        CrashAt(s, EfsCrashPoint.AfterJournal, () => s.PutItem("/i", [7, 7, 7], Create));

        using EfsStore r = Open();
        Assert.Equal(EfsStoreError.None, r.GetItem("/i", out byte[] d));
        Assert.Equal([7, 7, 7], d);
        r.Lstat("/i", out StoredStat st);
        Assert.Equal(EfsMode.S_IFITM, st.Mode & EfsMode.S_IFMT);
        AssertHostTreeMatches(r);
    }

    [Fact]
    public void Crash_after_symlink_is_journaled_yields_the_link()
    {
        EfsStore s = Open();
        s.Mkdir("/t", 0x1FF);
        CrashAt(s, EfsCrashPoint.AfterJournal, () => s.Symlink("/t", "/l"));

        using EfsStore r = Open();
        Assert.Equal(EfsStoreError.None, r.Readlink("/l", out string t));
        Assert.Equal("/t", t);
        AssertHostTreeMatches(r);
    }

    [Fact]
    public void Crash_in_the_middle_of_a_write_keeps_what_was_written_and_the_metadata()
    {
        EfsStore s = Open();
        s.Open("/f", WriteOnly | Create, 0x100, out int fd);
        s.Write(fd, 0, "AAAA"u8, out _);
        CrashAt(s, EfsCrashPoint.MidWrite, () => s.Write(fd, 4, "BBBBBBBB"u8, out _));

        using EfsStore r = Open();
        Assert.Equal("AAAABBBB", Text(r, "/f"));
        r.Stat("/f", out StoredStat st);
        Assert.Equal(EfsMode.S_IFREG | 0x100, st.Mode);
        Assert.Equal(8L, r.UsedBytes);
        AssertHostTreeMatches(r);
    }

    [Fact]
    public void Crash_after_unlink_and_mkdir_are_journaled_rolls_both_forward()
    {
        EfsStore s = Open();
        s.WriteFile("/gone", "x"u8);
        CrashAt(s, EfsCrashPoint.AfterJournal, () => s.Unlink("/gone"));
        EfsStore s2 = Open();
        Assert.False(s2.Exists("/gone"));
        CrashAt(s2, EfsCrashPoint.AfterJournal, () => s2.Mkdir("/newdir", 0x1C0));

        using EfsStore r = Open();
        r.Stat("/newdir", out StoredStat st);
        Assert.Equal(EfsMode.S_IFDIR | 0x1C0, st.Mode);
        AssertHostTreeMatches(r);
    }

    [Fact]
    public void Crash_between_snapshot_and_journal_reset_does_not_replay_twice()
    {
        EfsStore s = Open();
        s.WriteFile("/a", "1"u8);
        s.Rename("/a", "/b");
        s.WriteFile("/a", "2"u8, 0x100);
        CrashAt(s, EfsCrashPoint.MidCheckpoint, s.Checkpoint);

        using EfsStore r = Open();
        Assert.Equal("1", Text(r, "/b"));
        Assert.Equal("2", Text(r, "/a"));
        r.Stat("/a", out StoredStat st);
        Assert.Equal(EfsMode.S_IFREG | 0x100, st.Mode);
        AssertHostTreeMatches(r);
    }

    [Fact]
    public void A_torn_journal_record_is_ignored()
    {
        EfsStore s = Open();
        s.Mkdir("/d", 0x1C0);
        s.CrashHook = null;
        File.AppendAllText(Path.Combine(_dir.Path, "efs.journal"), "{\"op\":\"set\",\"p\":\"/ghost\",\"k\":\"Dir");

        using EfsStore r = Open();
        Assert.False(r.Exists("/ghost"));
        r.Stat("/d", out StoredStat st);
        Assert.Equal(EfsMode.S_IFDIR | 0x1C0, st.Mode);
        AssertHostTreeMatches(r);
    }

    [Fact]
    public void Host_entries_without_metadata_are_adopted_and_host_symlinks_are_dropped()
    {
        using (EfsStore s = Open())
        {
            s.Mkdir("/d", 0x1FF);
        }

        string root = Path.Combine(_dir.Path, "efs");
        File.WriteAllText(Path.Combine(root, "d", "orphan"), "o");
        File.CreateSymbolicLink(Path.Combine(root, "escape"), "/etc");

        using EfsStore r = Open();
        r.Stat("/d/orphan", out StoredStat st);
        Assert.Equal(EfsMode.S_IFREG, st.Mode & EfsMode.S_IFMT);
        Assert.False(r.Exists("/escape"));
        Assert.False(File.Exists(Path.Combine(root, "escape")));
    }
}
