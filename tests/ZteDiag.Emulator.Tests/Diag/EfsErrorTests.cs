using ZteDiag.Emulator.Host;
using ZteDiag.Protocol.Diag;
using ZteDiag.Protocol.Efs;

namespace ZteDiag.Emulator.Tests.Diag;

public sealed class EfsErrorTests
{
    private static readonly EfsOpenFlags CreateWrite = EfsOpenFlags.WriteOnly | EfsOpenFlags.Create | EfsOpenFlags.Truncate;

    [Fact]
    public void A_17_byte_read_is_bad_len_with_the_request_echoed()
    {
        using var t = new TestModem();
        byte[] req = [.. new EfsReadRequest(0, 1024, 0).ToArray(), 0x00];
        Assert.Equal([0x15, .. req[..16]], t.Diag.Send(req));
    }

    [Fact]
    public void A_path_without_nul_is_bad_parm()
    {
        using var t = new TestModem();
        byte[] req = [0x4B, 0x13, 0x0F, 0x00, (byte)'/', (byte)'x'];
        Assert.Equal([0x14, .. req], t.Diag.Send(req));
    }

    [Fact]
    public void Missing_existing_not_empty_and_is_directory_come_back_as_qualcomm_errnos()
    {
        using var t = new TestModem();
        DiagTestClient c = t.Diag;
        EfsOpenResponse missing = c.Open("/no/such/file");
        Assert.Equal((-1, EfsErrno.ENOENT), (missing.Fd, missing.Errno));
        Assert.Equal(EfsErrno.ENOENT, c.Stat("/nothing").Errno);

        int fd = c.Open("/x.txt", CreateWrite, 0x1A4).Fd;
        Assert.Equal(EfsErrno.ENOERR, c.Close(fd));
        EfsOpenResponse exists = c.Open("/x.txt", EfsOpenFlags.WriteOnly | EfsOpenFlags.Create | EfsOpenFlags.Exclusive, 0x1A4);
        Assert.Equal((-1, EfsErrno.EEXIST), (exists.Fd, exists.Errno));
        Assert.Equal(6, (int)exists.Errno);

        Assert.Equal(EfsErrno.ENOERR, c.Mkdir("/full"));
        Assert.Equal(EfsErrno.ENOERR, c.Close(c.Open("/full/f", CreateWrite, 0x1A4).Fd));
        Assert.Equal(EfsErrno.ENOTEMPTY, c.Send<EfsRmdirResponse>(new EfsRmdirRequest("/full"), EfsRmdirResponse.TryParse).Errno);
        Assert.Equal(EfsErrno.ENOERR, c.Mkdir("/full/sub"));
        Assert.Equal(EfsErrno.ENOERR, c.Mkdir("/full/sub")); // existing empty dir: rmdir then mkdir
        Assert.Equal(EfsErrno.ENOERR, c.Send<EfsUnlinkResponse>(new EfsUnlinkRequest("/gone"), EfsUnlinkResponse.TryParse).Errno);
        Assert.Equal(EfsErrno.ENOERR, c.Send<EfsRmdirResponse>(new EfsRmdirRequest("/gone"), EfsRmdirResponse.TryParse).Errno);
        Assert.Equal(EfsErrno.EISDIR, c.Open("/full", EfsOpenFlags.WriteOnly).Errno);
        Assert.Equal(EfsErrno.ENOTDIR, c.Opendir("/x.txt").Errno);
        Assert.Equal(EfsErrno.ENOTITM, c.Send<EfsGetResponse>(EfsGetRequest.For("/x.txt", 1), EfsGetResponse.TryParse).Errno);
        Assert.Equal(EfsErrno.EBADF, c.Close(5));
    }

    [Fact]
    public void Mkdir_of_an_existing_non_empty_directory_answers_eexist_not_enotempty_byte_for_byte()
    {
        using var t = new TestModem();
        DiagTestClient c = t.Diag;
        Assert.Equal(EfsErrno.ENOERR, c.Mkdir("/full"));
        Assert.Equal(EfsErrno.ENOERR, c.Close(c.Open("/full/f", CreateWrite, 0x1A4).Fd));

        // PROTOCOL.md MKDIR: @4 i16 mode, @6 path\0 -> @4 i32 errno; fs_diag's rmdir fails on the non-empty
        // directory and its mkdir answers EEXIST (Qualcomm fs_errno 6), the "already there" clients skip
        byte[] request = [0x4B, 0x13, 0x09, 0x00, 0xFF, 0x01, (byte)'/', (byte)'f', (byte)'u', (byte)'l', (byte)'l', 0x00];
        Assert.Equal([0x4B, 0x13, 0x09, 0x00, 0x06, 0x00, 0x00, 0x00], t.Diag.Send(request));
    }

    [Fact]
    public void Writing_to_a_read_only_handle_is_ebadf()
    {
        using var t = new TestModem();
        int fd = t.Diag.Open("/PCUI.VN").Fd;
        EfsWriteResponse w = t.Diag.Write(fd, [1, 2, 3]);
        Assert.Equal(EfsErrno.EBADF, w.Errno);
        Assert.Equal(-1, w.BytesWritten);
    }

    [Fact]
    public void The_seventh_open_file_is_emfile_and_the_fifth_open_directory_too_many_open_dirs()
    {
        using var t = new TestModem();
        DiagTestClient c = t.Diag;
        var fds = new List<int>();
        for (int i = 0; i < 6; i++)
        {
            EfsOpenResponse o = c.Open($"/f{i}", CreateWrite, 0x1A4);
            Assert.Equal(EfsErrno.ENOERR, o.Errno);
            fds.Add(o.Fd);
        }

        Assert.Equal([0, 1, 2, 3, 4, 5], fds);
        EfsOpenResponse seventh = c.Open("/f6", CreateWrite, 0x1A4);
        Assert.Equal((-1, EfsErrno.EMFILE), (seventh.Fd, seventh.Errno));

        string[] dirs = ["/", "/nv", "/brew", "/", "/nv"];
        var dirps = dirs[..4].Select(d => c.Opendir(d).Dirp).ToList();
        Assert.Equal([1u, 2u, 3u, 4u], dirps);
        EfsOpendirResponse fifth = c.Opendir("/nv");
        Assert.Equal((0u, EfsErrno.TOO_MANY_OPEN_DIRS), (fifth.Dirp, fifth.Errno));
    }

    [Fact]
    public void Readdir_of_a_closed_dirp_is_dir_not_open_with_an_empty_name()
    {
        using var t = new TestModem();
        byte[] reply = t.Diag.Send(new EfsReaddirRequest(3, 1));
        Assert.Equal(41, reply.Length);
        Assert.Equal(DiagStatus.Ok, EfsReaddirResponse.TryParse(reply, out EfsReaddirResponse? r));
        Assert.Equal((EfsErrno.DIR_NOT_OPEN, ""), (r!.Errno, r.Name));
    }

    [Fact]
    public void The_enospc_fault_fills_the_efs_after_the_budget()
    {
        using var t = new TestModem(new VirtualModemStartOptions { Faults = new FaultPlan { EnospcAfterBytes = 1500 } });
        int fd = t.Diag.Open("/big", CreateWrite, 0x1A4).Fd;
        Assert.Equal(EfsErrno.ENOERR, t.Diag.Write(fd, new byte[1024]).Errno);
        EfsWriteResponse second = t.Diag.Write(fd, new byte[1024], 1024);
        Assert.Equal(EfsErrno.ENOSPC, second.Errno);
        Assert.True(second.BytesWritten < 1024);
    }

    [Fact]
    public void Identical_opens_are_memoized_until_another_request_intervenes()
    {
        using var t = new TestModem();
        DiagTestClient c = t.Diag;
        c.Hello();
        int first = c.Open("/PCUI.VN").Fd;
        Assert.Equal(first, c.Open("/PCUI.VN").Fd); // retransmission: same reply, no new slot
        _ = c.Read(first);
        int third = c.Open("/PCUI.VN").Fd;
        Assert.NotEqual(first, third);
        Assert.Equal(EfsErrno.ENOERR, c.Close(third));
        Assert.Equal(EfsErrno.ENOERR, c.Close(third)); // memoized CLOSE repeats success
        _ = c.Stat("/");
        Assert.Equal(EfsErrno.EBADF, c.Close(third));
    }

    [Fact]
    public void Hello_closes_every_open_file_and_directory()
    {
        using var t = new TestModem();
        DiagTestClient c = t.Diag;
        int fd = c.Open("/PCUI.VN").Fd;
        uint dirp = c.Opendir("/").Dirp;
        c.Hello();
        Assert.Equal(EfsErrno.EBADF, c.Read(fd).Errno);
        Assert.Equal(EfsErrno.DIR_NOT_OPEN, c.Readdir(dirp, 1).Errno);
        Assert.Equal(0, c.Open("/PCUI.VN").Fd);
    }
}
