using System.Text;
using ZteDiag.Emulator.State;
using ZteDiag.Protocol.Efs;
using static ZteDiag.Protocol.Efs.EfsOpenFlags;

namespace ZteDiag.Emulator.Tests.State;

public sealed class EfsStoreTests : IDisposable
{
    private readonly TempDir _dir = new();
    private readonly EfsStore _efs;

    public EfsStoreTests() => _efs = EfsStore.Open(_dir.Path, new EfsStoreOptions { CapacityBytes = 64 * 1024 });

    public void Dispose()
    {
        _efs.Dispose();
        _dir.Dispose();
    }

    private void Put(string path, string text) => Assert.Equal(EfsStoreError.None, _efs.WriteFile(path, Encoding.ASCII.GetBytes(text)));

    [Fact]
    public void Root_is_a_directory_and_the_tree_is_mirrored_on_the_host()
    {
        Assert.Equal(EfsStoreError.None, _efs.Stat("/", out StoredStat st));
        Assert.Equal(EfsMode.S_IFDIR, st.Mode & EfsMode.S_IFMT);
        Assert.Equal(EfsStoreError.None, _efs.Mkdir("/a", 0x1FF));
        Put("/a/b.txt", "hello");
        Assert.Equal("hello", File.ReadAllText(Path.Combine(_dir.Path, "efs", "a", "b.txt")));
    }

    [Fact]
    public void Open_write_read_close_and_fstat_round_trip()
    {
        Assert.Equal(EfsStoreError.None, _efs.Open("/f", ReadWrite | Create, 0x1A4, out int fd));
        Assert.Equal(0, fd);
        Assert.Equal(EfsStoreError.None, _efs.Write(fd, 0, "abcdef"u8, out int n));
        Assert.Equal(6, n);
        Assert.Equal(EfsStoreError.None, _efs.Read(fd, 2, 3, out byte[] data));
        Assert.Equal("cde"u8.ToArray(), data);
        Assert.Equal(EfsStoreError.None, _efs.Read(fd, 6, 10, out data));
        Assert.Empty(data);
        Assert.Equal(EfsStoreError.None, _efs.Fstat(fd, out StoredStat st));
        Assert.Equal(EfsMode.S_IFREG | 0x1A4, st.Mode);
        Assert.Equal(6u, st.Size);
        Assert.Equal(1, st.Nlink);
        Assert.Equal(EfsStoreError.None, _efs.Close(fd));
        Assert.Equal(EfsStoreError.BadHandle, _efs.Close(fd));
        Assert.Equal(EfsStoreError.BadHandle, _efs.Read(fd, 0, 1, out _));
    }

    [Fact]
    public void Reads_are_capped_at_1024_bytes()
    {
        Assert.Equal(EfsStoreError.None, _efs.WriteFile("/big", new byte[5000]));
        _efs.Open("/big", ReadOnly, 0, out int fd);
        Assert.Equal(EfsStoreError.None, _efs.Read(fd, 0, 4096, out byte[] data));
        Assert.Equal(1024, data.Length);
    }

    [Fact]
    public void Write_past_eof_zero_fills()
    {
        _efs.Open("/z", WriteOnly | Create, 0x1A4, out int fd);
        Assert.Equal(EfsStoreError.None, _efs.Write(fd, 4, "xy"u8, out _));
        _efs.Close(fd);
        Assert.Equal(EfsStoreError.None, _efs.ReadFile("/z", out byte[] c));
        Assert.Equal(new byte[] { 0, 0, 0, 0, (byte)'x', (byte)'y' }, c);
    }

    [Fact]
    public void Write_on_a_read_only_handle_is_a_bad_handle()
    {
        Put("/r", "data");
        _efs.Open("/r", ReadOnly, 0, out int fd);
        Assert.Equal(EfsStoreError.BadHandle, _efs.Write(fd, 0, "x"u8, out int n));
        Assert.Equal(0, n);
    }

    [Fact]
    public void Open_flags_missing_exclusive_truncate_append_and_bad_access_mode()
    {
        Assert.Equal(EfsStoreError.NotFound, _efs.Open("/nope", ReadOnly, 0, out int fd));
        Assert.Equal(-1, fd);
        Put("/e", "12345");
        Assert.Equal(EfsStoreError.Exists, _efs.Open("/e", WriteOnly | Create | Exclusive, 0x1A4, out _));
        Assert.Equal(EfsStoreError.Invalid, _efs.Open("/e", AccessMode, 0, out _));
        Assert.Equal(EfsStoreError.NotFound, _efs.Open("/no/dir/f", WriteOnly | Create, 0x1A4, out _));
        _efs.Mkdir("/d", 0x1FF);
        Assert.Equal(EfsStoreError.IsDirectory, _efs.Open("/d", ReadOnly, 0, out _));

        _efs.Open("/e", WriteOnly | Append, 0, out fd);
        _efs.Write(fd, 0, "67"u8, out _);
        _efs.Close(fd);
        _efs.ReadFile("/e", out byte[] c);
        Assert.Equal("1234567", Encoding.ASCII.GetString(c));

        _efs.Open("/e", WriteOnly | Truncate, 0, out fd);
        _efs.Close(fd);
        _efs.Stat("/e", out StoredStat st);
        Assert.Equal(0u, st.Size);
    }

    [Fact]
    public void Six_file_slots_then_too_many_open_files()
    {
        Put("/f", "x");
        var fds = new List<int>();
        for (int i = 0; i < 6; i++)
        {
            Assert.Equal(EfsStoreError.None, _efs.Open("/f", ReadOnly, 0, out int fd));
            fds.Add(fd);
        }

        Assert.Equal([0, 1, 2, 3, 4, 5], fds);
        Assert.Equal(EfsStoreError.TooManyOpenFiles, _efs.Open("/f", ReadOnly, 0, out int none));
        Assert.Equal(-1, none);
        _efs.Close(3);
        Assert.Equal(EfsStoreError.None, _efs.Open("/f", ReadOnly, 0, out int again));
        Assert.Equal(3, again);
        _efs.CloseAll();
        Assert.Equal(EfsStoreError.BadHandle, _efs.Close(0));
    }

    [Fact]
    public void Four_directory_slots_then_too_many_open_dirs()
    {
        for (int i = 1; i <= 4; i++)
        {
            Assert.Equal(EfsStoreError.None, _efs.OpenDir("/", out int dirp));
            Assert.Equal(i, dirp);
        }

        Assert.Equal(EfsStoreError.TooManyOpenDirs, _efs.OpenDir("/", out int none));
        Assert.Equal(0, none);
        Assert.Equal(EfsStoreError.None, _efs.CloseDir(2));
        Assert.Equal(EfsStoreError.BadHandle, _efs.CloseDir(2));
        Assert.Equal(EfsStoreError.BadHandle, _efs.CloseDir(0));
        Assert.Equal(EfsStoreError.None, _efs.OpenDir("/", out int reused));
        Assert.Equal(2, reused);
    }

    [Fact]
    public void Readdir_lists_entries_from_seqno_1_without_dot_entries_and_ends_with_an_empty_name()
    {
        _efs.Mkdir("/d", 0x1FF);
        Put("/d/b", "bb");
        _efs.Mkdir("/d/a", 0x1FF);
        _efs.PutItem("/d/c", [1, 2], Create);
        _efs.Symlink("/d/b", "/d/l");
        Assert.Equal(EfsStoreError.None, _efs.OpenDir("/d/", out int dirp));

        var seen = new List<(string, EfsDirEntryType)>();
        for (int seq = 1; ; seq++)
        {
            Assert.Equal(EfsStoreError.None, _efs.ReadDir(dirp, seq, out StoredDirEntry e));
            Assert.Equal(seq, e.Seqno);
            if (e.IsEnd)
            {
                Assert.Equal(EfsDirEntryType.Regular, e.EntryType);
                Assert.Equal(default, e.Stat);
                break;
            }

            seen.Add((e.Name, e.EntryType));
        }

        Assert.Equal([("a", EfsDirEntryType.Directory), ("b", EfsDirEntryType.Regular), ("c", EfsDirEntryType.Other), ("l", EfsDirEntryType.Symlink)], seen);
        Assert.Equal(EfsStoreError.None, _efs.ReadDir(dirp, 99, out StoredDirEntry past));
        Assert.True(past.IsEnd);
    }

    [Fact]
    public void Readdir_rewinds_when_a_seqno_is_repeated_and_rejects_bad_seqno_and_handle()
    {
        _efs.Mkdir("/d", 0x1FF);
        Put("/d/x", "1");
        Put("/d/y", "2");
        _efs.OpenDir("/d", out int dirp);
        _efs.ReadDir(dirp, 1, out StoredDirEntry first);
        _efs.ReadDir(dirp, 2, out _);
        Put("/d/w", "0"); // visible after the rewind, like closedir+opendir on the target
        Assert.Equal(EfsStoreError.None, _efs.ReadDir(dirp, 1, out StoredDirEntry again));
        Assert.Equal("x", first.Name);
        Assert.Equal("w", again.Name);
        Assert.Equal(EfsStoreError.Invalid, _efs.ReadDir(dirp, 0, out _));
        Assert.Equal(EfsStoreError.BadHandle, _efs.ReadDir(4, 1, out StoredDirEntry bad));
        Assert.True(bad.IsEnd);
    }

    [Fact]
    public void Opendir_on_a_file_or_missing_path_fails()
    {
        Put("/f", "x");
        Assert.Equal(EfsStoreError.NotDirectory, _efs.OpenDir("/f", out _));
        Assert.Equal(EfsStoreError.NotFound, _efs.OpenDir("/missing", out _));
    }

    [Fact]
    public void Mkdir_recreates_an_existing_empty_directory_but_not_a_non_empty_one()
    {
        Assert.Equal(EfsStoreError.None, _efs.Mkdir("/d/", 0x41FF));
        _efs.Stat("/d", out StoredStat st);
        Assert.Equal(EfsMode.S_IFDIR | 0x1FF, st.Mode);
        Assert.Equal(2, st.Nlink);
        Assert.Equal(EfsStoreError.None, _efs.Mkdir("/d", 0x1ED));
        _efs.Stat("/d", out st);
        Assert.Equal(EfsMode.S_IFDIR | 0x1ED, st.Mode);
        Put("/d/f", "x");
        Assert.Equal(EfsStoreError.Exists, _efs.Mkdir("/d", 0x1FF)); // EEXIST, as stock fs_diag's mkdir after its rmdir failed
        Assert.Equal(EfsStoreError.Exists, _efs.Mkdir("/d/f", 0x1FF));
        Assert.Equal(EfsStoreError.NotFound, _efs.Mkdir("/x/y", 0x1FF));
        Assert.Equal(EfsStoreError.NotDirectory, _efs.Mkdir("/d/f/g", 0x1FF));
    }

    [Fact]
    public void Rmdir_and_unlink_of_missing_paths_succeed()
    {
        Assert.Equal(EfsStoreError.None, _efs.Unlink("/missing"));
        Assert.Equal(EfsStoreError.None, _efs.Rmdir("/missing/"));
        Assert.Equal(EfsStoreError.None, _efs.Unlink("/no/such/dir/file"));
    }

    [Fact]
    public void Rmdir_and_unlink_error_paths()
    {
        _efs.Mkdir("/d", 0x1FF);
        Put("/d/f", "x");
        Assert.Equal(EfsStoreError.NotEmpty, _efs.Rmdir("/d"));
        Assert.Equal(EfsStoreError.NotDirectory, _efs.Rmdir("/d/f"));
        Assert.Equal(EfsStoreError.IsDirectory, _efs.Unlink("/d"));
        Assert.Equal(EfsStoreError.Access, _efs.Rmdir("/"));
        Assert.Equal(EfsStoreError.None, _efs.Unlink("/d/f"));
        Assert.Equal(EfsStoreError.None, _efs.Rmdir("/d/"));
        Assert.False(_efs.Exists("/d"));
        Assert.False(System.IO.Directory.Exists(Path.Combine(_dir.Path, "efs", "d")));
    }

    [Fact]
    public void Rename_moves_files_and_directories_and_replaces_files()
    {
        _efs.Mkdir("/a", 0x1FF);
        Put("/a/f", "one");
        Put("/g", "two");
        Assert.Equal(EfsStoreError.None, _efs.Rename("/a/f", "/g"));
        _efs.ReadFile("/g", out byte[] c);
        Assert.Equal("one", Encoding.ASCII.GetString(c));
        Assert.False(_efs.Exists("/a/f"));
        Put("/a/h", "x");
        Assert.Equal(EfsStoreError.None, _efs.Rename("/a", "/b"));
        Assert.True(_efs.Exists("/b/h"));
        Assert.Equal(EfsStoreError.NotFound, _efs.Rename("/a", "/c"));
        Assert.Equal(EfsStoreError.Invalid, _efs.Rename("/b", "/b/inner"));
        Assert.Equal(EfsStoreError.IsDirectory, _efs.Rename("/g", "/b"));
        Assert.Equal(EfsStoreError.NotDirectory, _efs.Rename("/b", "/g"));
        Assert.Equal(EfsStoreError.NotFound, _efs.Rename("/g", "/nodir/g"));
    }

    [Fact]
    public void Fstat_follows_an_open_file_through_a_rename()
    {
        Put("/f", "abc");
        _efs.Open("/f", ReadWrite, 0, out int fd);
        _efs.Rename("/f", "/g");
        Assert.Equal(EfsStoreError.None, _efs.Write(fd, 3, "d"u8, out _));
        Assert.Equal(EfsStoreError.None, _efs.Fstat(fd, out StoredStat st));
        Assert.Equal(4u, st.Size);
        _efs.Close(fd);
        _efs.ReadFile("/g", out byte[] c);
        Assert.Equal("abcd", Encoding.ASCII.GetString(c));
    }

    [Fact]
    public void Symlinks_are_data_resolve_inside_the_efs_and_lstat_sees_the_link()
    {
        _efs.Mkdir("/t", 0x1FF);
        Put("/t/file", "target");
        Assert.Equal(EfsStoreError.None, _efs.Symlink("/t", "/link"));
        Assert.Equal(EfsStoreError.None, _efs.Symlink("/t", "/link")); // existing link: success
        Put("/plain", "x");
        Assert.Equal(EfsStoreError.Exists, _efs.Symlink("/t", "/plain"));
        Assert.Equal(EfsStoreError.None, _efs.Readlink("/link", out string target));
        Assert.Equal("/t", target);
        Assert.Equal(EfsStoreError.Invalid, _efs.Readlink("/plain", out _));
        Assert.Equal(EfsStoreError.None, _efs.ReadFile("/link/file", out byte[] c));
        Assert.Equal("target", Encoding.ASCII.GetString(c));
        Assert.Equal(EfsStoreError.None, _efs.Lstat("/link", out StoredStat l));
        Assert.Equal(EfsMode.S_IFLNK, l.Mode & EfsMode.S_IFMT);
        Assert.Equal(2u, l.Size);
        _efs.Stat("/link", out StoredStat s);
        Assert.Equal(EfsMode.S_IFDIR, s.Mode & EfsMode.S_IFMT);
        Assert.Null(new FileInfo(Path.Combine(_dir.Path, "efs", "link")).LinkTarget);
        Assert.Equal(EfsStoreError.None, _efs.Unlink("/link"));
        Assert.True(_efs.Exists("/t/file"));
    }

    [Fact]
    public void Symlink_loops_are_detected()
    {
        _efs.Symlink("/b", "/a");
        _efs.Symlink("/a", "/b");
        Assert.Equal(EfsStoreError.Loop, _efs.Stat("/a", out _));
        Assert.Equal(EfsStoreError.None, _efs.Lstat("/a", out _));
    }

    [Theory]
    [InlineData("/..")]
    [InlineData("/../etc/passwd")]
    [InlineData("/a/../../x")]
    [InlineData("relative/path")]
    [InlineData("")]
    [InlineData("/a\0b")]
    public void Paths_escaping_the_root_or_malformed_are_invalid(string path)
    {
        _efs.Mkdir("/a", 0x1FF);
        Assert.Equal(EfsStoreError.InvalidPath, _efs.Open(path, WriteOnly | Create, 0x1A4, out _));
        Assert.Equal(EfsStoreError.InvalidPath, _efs.Stat(path, out _));
        Assert.Equal(EfsStoreError.InvalidPath, _efs.Mkdir(path, 0x1FF));
        Assert.False(File.Exists(Path.Combine(_dir.Path, "x")));
    }

    [Fact]
    public void Symlinks_pointing_outside_cannot_escape_the_state_directory()
    {
        File.WriteAllText(Path.Combine(_dir.Path, "secret"), "host file");
        Assert.Equal(EfsStoreError.None, _efs.Symlink("../secret", "/up"));
        Assert.Equal(EfsStoreError.InvalidPath, _efs.ReadFile("/up", out _));
        Assert.Equal(EfsStoreError.None, _efs.Symlink("/../../secret", "/abs"));
        Assert.Equal(EfsStoreError.InvalidPath, _efs.Open("/abs", ReadOnly, 0, out _));
        Assert.Equal(EfsStoreError.None, _efs.Symlink("/etc", "/etc-link"));
        Assert.Equal(EfsStoreError.NotFound, _efs.Stat("/etc-link/passwd", out _)); // "/etc" means the EFS /etc
        Assert.Equal(EfsStoreError.NotFound, _efs.Open("/etc-link/passwd", WriteOnly | Create, 0x1A4, out _));
    }

    [Fact]
    public void Dot_dot_inside_the_tree_is_resolved_lexically()
    {
        _efs.Mkdir("/a", 0x1FF);
        Put("/b", "bee");
        Assert.Equal(EfsStoreError.None, _efs.ReadFile("/a/../b", out byte[] c));
        Assert.Equal("bee", Encoding.ASCII.GetString(c));
        Assert.Equal(EfsStoreError.None, _efs.ReadFile("//a/./..//b", out _));
    }

    [Fact]
    public void Too_long_names_are_rejected()
    {
        Assert.Equal(EfsStoreError.NameTooLong, _efs.Mkdir("/" + new string('n', 300), 0x1FF));
        Assert.Equal(EfsStoreError.NameTooLong, _efs.Stat("/" + string.Join('/', Enumerable.Repeat("abcdefgh", 130)), out _));
    }

    [Fact]
    public void Chmod_changes_permission_bits_only()
    {
        Put("/f", "x");
        Assert.Equal(EfsStoreError.None, _efs.Chmod("/f", 0x8000 | 0x124));
        _efs.Stat("/f", out StoredStat st);
        Assert.Equal(EfsMode.S_IFREG | 0x124, st.Mode);
        Assert.Equal(EfsStoreError.NotFound, _efs.Chmod("/nope", 0x1FF));
    }

    [Fact]
    public void Item_files_put_get_and_type_bits()
    {
        _efs.Mkdir("/nv", 0x1FF);
        Assert.Equal(EfsStoreError.None, _efs.PutItem("/nv/i", [1, 2, 3], Create));
        Assert.Equal(EfsStoreError.None, _efs.GetItem("/nv/i", out byte[] d));
        Assert.Equal([1, 2, 3], d);
        _efs.Stat("/nv/i", out StoredStat st);
        Assert.Equal(EfsMode.S_IFITM, st.Mode & EfsMode.S_IFMT);
        Assert.Equal(EfsEntryKind.Item, st.Kind);
        Assert.Equal(3u, st.Size);
        Assert.Equal(EfsStoreError.Invalid, _efs.PutItem("/nv/big", new byte[EfsStore.ItemMax + 1], Create));
        Assert.Equal(EfsStoreError.None, _efs.PutItem("/nv/max", new byte[EfsStore.ItemMax], Create));
        Put("/nv/reg", "regular");
        Assert.Equal(EfsStoreError.NotItemFile, _efs.GetItem("/nv/reg", out _));
        Assert.Equal(EfsStoreError.NotFound, _efs.GetItem("/nv/none", out _));
        Assert.Equal(EfsStoreError.IsDirectory, _efs.GetItem("/nv", out _));
        Assert.Equal(EfsStoreError.NotFound, _efs.PutItem("/nv/new", [1], 0));
        Assert.Equal(EfsStoreError.Exists, _efs.PutItem("/nv/i", [1], Create | Exclusive));
        Assert.Equal(EfsStoreError.None, _efs.PutItem("/deep/er/item", [7], Create | AutoDir));
        Assert.True(_efs.Exists("/deep/er"));
        Assert.Equal(EfsStoreError.None, _efs.Open("/nv/i", ReadOnly, 0, out int fd));
        Assert.Equal(EfsStoreError.None, _efs.Read(fd, 0, 1024, out byte[] viaOpen));
        Assert.Equal([1, 2, 3], viaOpen);
    }

    [Fact]
    public void Open_with_itemfile_flag_creates_an_item_file()
    {
        Assert.Equal(EfsStoreError.None, _efs.Open("/it", WriteOnly | Create | ItemFile, 0x1B6, out int fd));
        Assert.Equal(EfsStoreError.None, _efs.Write(fd, 0, [9, 9], out _));
        Assert.Equal(EfsStoreError.Invalid, _efs.Write(fd, 100, new byte[10], out _));
        _efs.Close(fd);
        Assert.Equal(EfsStoreError.None, _efs.GetItem("/it", out byte[] d));
        Assert.Equal([9, 9], d);
    }

    [Fact]
    public void Access_reports_existence()
    {
        Put("/f", "x");
        Assert.Equal(EfsStoreError.None, _efs.Access("/f", 4));
        Assert.Equal(EfsStoreError.NotFound, _efs.Access("/g", 4));
    }

    [Fact]
    public void Writes_beyond_capacity_fail_with_no_space_after_writing_what_fits()
    {
        _efs.Open("/big", WriteOnly | Create, 0x1A4, out int fd);
        Assert.Equal(EfsStoreError.NoSpace, _efs.Write(fd, 0, new byte[70 * 1024], out int n));
        Assert.Equal(64 * 1024, n);
        Assert.Equal(EfsStoreError.NoSpace, _efs.Write(fd, n, [1], out n));
        Assert.Equal(0, n);
        Assert.Equal(EfsStoreError.None, _efs.Write(fd, 0, [1, 2, 3], out n)); // overwrite needs no space
        Assert.Equal(EfsStoreError.NoSpace, _efs.PutItem("/i", [1], Create));
        _efs.Statfs("/", out EfsStatfs fs);
        Assert.Equal(0u, fs.FreeBlocks);
        _efs.Close(fd);
        _efs.Unlink("/big");
        Assert.Equal(0, _efs.UsedBytes);
        _efs.Statfs("/", out fs);
        Assert.Equal(128u, fs.TotalBlocks);
        Assert.Equal(128u, fs.FreeBlocks);
        Assert.Equal(512u, fs.BlockSize);
    }

    [Fact]
    public void Fill_after_bytes_makes_later_writes_fail_with_no_space()
    {
        _efs.FillAfterBytes(10);
        _efs.Open("/f", WriteOnly | Create, 0x1A4, out int fd);
        Assert.Equal(EfsStoreError.None, _efs.Write(fd, 0, new byte[6], out _));
        Assert.Equal(EfsStoreError.NoSpace, _efs.Write(fd, 6, new byte[6], out int n));
        Assert.Equal(4, n);
        Assert.Equal(EfsStoreError.NoSpace, _efs.Write(fd, 10, new byte[1], out _));
        _efs.ClearFill();
        Assert.Equal(EfsStoreError.None, _efs.Write(fd, 10, new byte[1], out _));
    }

    [Fact]
    public void Concurrent_writers_on_different_files_do_not_corrupt_each_other()
    {
        Parallel.For(0, 6, i =>
        {
            string p = $"/p{i}";
            Assert.Equal(EfsStoreError.None, _efs.Open(p, WriteOnly | Create, 0x1A4, out int fd));
            for (int k = 0; k < 50; k++)
            {
                Assert.Equal(EfsStoreError.None, _efs.Write(fd, k * 4, BitConverter.GetBytes(i * 1000 + k), out _));
            }

            _efs.Close(fd);
        });
        for (int i = 0; i < 6; i++)
        {
            _efs.ReadFile($"/p{i}", out byte[] c);
            Assert.Equal(200, c.Length);
            Assert.Equal(i * 1000 + 49, BitConverter.ToInt32(c, 196));
        }
    }

    [Fact]
    public void Metadata_survives_a_clean_reopen()
    {
        _efs.Mkdir("/d", 0x1C0);
        _efs.PutItem("/d/item", [5], Create);
        _efs.Symlink("/d", "/l");
        Put("/d/f", "x");
        _efs.Chmod("/d/f", 0x100);
        _efs.Dispose();
        using EfsStore again = EfsStore.Open(_dir.Path);
        again.Stat("/d", out StoredStat d);
        Assert.Equal(EfsMode.S_IFDIR | 0x1C0, d.Mode);
        again.Stat("/d/f", out StoredStat f);
        Assert.Equal(EfsMode.S_IFREG | 0x100, f.Mode);
        Assert.Equal(EfsStoreError.None, again.GetItem("/d/item", out _));
        Assert.Equal(EfsStoreError.None, again.Readlink("/l", out string t));
        Assert.Equal("/d", t);
    }
}
