using System.Security.Cryptography;
using System.Text;
using ZteDiag.Protocol.Diag;
using ZteDiag.Protocol.Efs;

namespace ZteDiag.Emulator.Tests.Diag;

public sealed class EfsReplyLengthTests
{
    private static readonly EfsOpenFlags CreateWrite = EfsOpenFlags.WriteOnly | EfsOpenFlags.Create | EfsOpenFlags.Truncate;

    [Fact]
    public void Every_efs2_operation_replies_with_qualcomms_exact_length()
    {
        using var t = new TestModem();
        DiagTestClient c = t.Diag;
        byte[] hello = c.Send(EfsHelloRequest.Default());
        Assert.Equal(44, hello.Length);
        Assert.Equal(DiagStatus.Ok, EfsHelloResponse.TryParse(hello, out EfsHelloResponse? h));
        Assert.Equal((0x100000u, 1u, 1u, 1u, 0u), (h!.TargetPacketWindow, h.Version, h.MinVersion, h.MaxVersion, h.FeatureBits));
        Assert.Equal(28, c.Send(new EfsQueryRequest()).Length);

        Assert.Equal(EfsErrno.ENOERR, c.Mkdir("/t"));
        Assert.Equal(8, c.Send(new EfsMkdirRequest(0x1FF, "/t2")).Length);
        byte[] open = c.Send(new EfsOpenRequest(CreateWrite, 0x1A4, "/t/a.txt"));
        Assert.Equal(12, open.Length);
        Assert.Equal(DiagStatus.Ok, EfsOpenResponse.TryParse(open, out EfsOpenResponse? o));
        Assert.Equal((0, EfsErrno.ENOERR), (o!.Fd, o.Errno));
        byte[] payload = Encoding.ASCII.GetBytes("hello, modem");
        Assert.Equal(20, c.Send(new EfsWriteRequest(0, 0, payload)).Length);
        Assert.Equal(32, c.Send(new EfsFstatRequest(0)).Length);
        Assert.Equal(8, c.Send(new EfsCloseRequest(0)).Length);

        int fd = c.Open("/t/a.txt").Fd;
        byte[] read = c.Send(new EfsReadRequest(fd, 1024, 0));
        Assert.Equal(20 + payload.Length, read.Length);
        Assert.Equal(payload, c.Read(fd, 1024, 0).Data);
        Assert.Equal(20, c.Send(new EfsReadRequest(fd, 1024, 100)).Length); // EOF: no data
        Assert.Equal(EfsErrno.ENOERR, c.Close(fd));

        Assert.Equal(32, c.Send(new EfsStatRequest("/t/a.txt")).Length);
        Assert.Equal(32, c.Send(new EfsStatRequest("/missing")).Length);
        Assert.Equal(24, c.Send(new EfsLstatRequest("/t/a.txt")).Length);
        Assert.Equal(8, c.Send(new EfsChmodRequest(0x1B6, "/t/a.txt")).Length);
        Assert.Equal(8, c.Send(new EfsAccessRequest(4, "/t/a.txt")).Length);
        Assert.Equal(48, c.Send(new EfsStatfsRequest("/")).Length);
        Assert.Equal(8, c.Send(new EfsSymlinkRequest("/t/a.txt", "/t/link")).Length);
        byte[] readlink = c.Send(new EfsReadlinkRequest("/t/link"));
        Assert.Equal(8 + "/t/a.txt".Length + 1, readlink.Length);
        Assert.Equal(8, c.Send(new EfsRenameRequest("/t/link", "/t/link2")).Length);
        Assert.Equal(8, c.Send(new EfsUnlinkRequest("/t/link2")).Length);

        byte[] opendir = c.Send(new EfsOpendirRequest("/t"));
        Assert.Equal(12, opendir.Length);
        Assert.Equal(DiagStatus.Ok, EfsOpendirResponse.TryParse(opendir, out EfsOpendirResponse? od));
        Assert.Equal(1u, od!.Dirp);
        Assert.Equal(40 + "a.txt".Length + 1, c.Send(new EfsReaddirRequest(1, 1)).Length);
        Assert.Equal(41, c.Send(new EfsReaddirRequest(1, 2)).Length);
        Assert.Equal(8, c.Send(new EfsClosedirRequest(1)).Length);

        byte[] item = [1, 2, 3, 4];
        Assert.Equal(10, c.Send(new EfsPutRequest(EfsOpenFlags.WriteOnly | EfsOpenFlags.Create | EfsOpenFlags.ItemFile, 7, item, "/t/item")).Length);
        byte[] get = c.Send(EfsGetRequest.For("/t/item", 8));
        Assert.Equal(14 + item.Length, get.Length);
        Assert.Equal(DiagStatus.Ok, EfsGetResponse.TryParse(get, out EfsGetResponse? g));
        Assert.Equal(item, g!.Data);
        Assert.Equal(8, g.SequenceNumber);
        Assert.Equal(14, c.Send(EfsGetRequest.For("/t/a.txt", 9)).Length); // ENOTITM, no data

        byte[] md5 = c.Send(new EfsMd5SumRequest(3, "/t/a.txt"));
        Assert.Equal(26, md5.Length);
        Assert.Equal(DiagStatus.Ok, EfsMd5SumResponse.TryParse(md5, out EfsMd5SumResponse? m));
#pragma warning disable CA5351
        Assert.Equal(MD5.HashData(payload), m!.Hash);
#pragma warning restore CA5351
        Assert.Equal(10, c.Send(new EfsTruncateRequest(4, 5, "/t/a.txt")).Length);
        Assert.Equal(5, c.Stat("/t/a.txt").FileSize);
        byte[] sync = c.Send(new EfsSyncNoWaitRequest(5, "/"));
        Assert.Equal(14, sync.Length);
        Assert.Equal(DiagStatus.Ok, EfsSyncNoWaitResponse.TryParse(sync, out EfsSyncNoWaitResponse? s));
        byte[] status = c.Send(new EfsSyncGetStatusRequest(6, s!.SyncToken, "/"));
        Assert.Equal(11, status.Length);
        Assert.Equal(DiagStatus.Ok, EfsSyncGetStatusResponse.TryParse(status, out EfsSyncGetStatusResponse? ss));
        Assert.Equal((0, EfsErrno.ENOERR), (ss!.SyncStatus, ss.Errno));
        Assert.Equal(DiagStatus.Ok, EfsDevInfoResponse.TryParse(c.Send(new EfsDevInfoRequest()), out _));

        Assert.Equal(8, c.Send(new EfsUnlinkRequest("/t/a.txt")).Length);
        Assert.Equal(8, c.Send(new EfsUnlinkRequest("/t/item")).Length);
        Assert.Equal(8, c.Send(new EfsRmdirRequest("/t")).Length);
        Assert.NotEqual(0x7E, c.LastFirstByte);
    }

    [Fact]
    public void Md5sum_is_bad_cmd_when_switched_off()
    {
        using var t = new TestModem(new VirtualModemStartOptions { Md5Sum = false });
        byte[] req = new EfsMd5SumRequest(1, "/PCUI.VN").ToArray();
        Assert.Equal(0x13, t.Diag.Send(req)[0]);
    }

    [Fact]
    public void Reads_are_capped_at_1024_bytes()
    {
        using var t = new TestModem();
        int fd = t.Diag.Open("/" + t.Modem.State.Profile.Efs.CdImageName).Fd;
        EfsReadResponse r = t.Diag.Read(fd, 4096);
        Assert.Equal(1024, r.BytesRead);
        Assert.Equal(1044, t.Diag.Send(new EfsReadRequest(fd, 4096, 0)).Length);
    }

    [Fact]
    public void Readdir_rewinds_on_an_earlier_seqno_and_ends_with_a_41_byte_marker()
    {
        using var t = new TestModem();
        DiagTestClient c = t.Diag;
        Assert.Equal(EfsErrno.ENOERR, c.Mkdir("/d"));
        foreach (string n in new[] { "one", "two", "three" })
        {
            int fd = c.Open("/d/" + n, CreateWrite, 0x1A4).Fd;
            Assert.Equal(EfsErrno.ENOERR, c.Close(fd));
        }

        uint dirp = c.Opendir("/d").Dirp;
        var names = new List<string>();
        for (int seq = 1; ; seq++)
        {
            EfsReaddirResponse e = c.Readdir(dirp, seq);
            if (e.IsEndOfDirectory)
            {
                Assert.Equal(41, c.Send(new EfsReaddirRequest(dirp, seq)).Length);
                break;
            }

            Assert.Equal(EfsDirEntryType.Regular, e.EntryType);
            names.Add(e.Name);
        }

        Assert.Equal(["one", "three", "two"], names.Order());
        Assert.Equal(names[0], c.Readdir(dirp, 1).Name); // rewind
        Assert.Equal(names[1], c.Readdir(dirp, 2).Name);
        EfsReaddirResponse bad = c.Readdir(dirp, 0);
        Assert.Equal(EfsErrno.INVALID_SEQ_NO, bad.Errno);
    }

    [Fact]
    public void Item_files_are_listed_as_type_0x0f_with_the_item_mode()
    {
        using var t = new TestModem();
        DiagTestClient c = t.Diag;
        Assert.Equal(EfsErrno.ENOERR, c.Mkdir("/items"));
        Assert.Equal(EfsErrno.ENOERR, c.Send<EfsPutResponse>(new EfsPutRequest(EfsOpenFlags.WriteOnly | EfsOpenFlags.Create, 1, [9], "/items/x"), EfsPutResponse.TryParse).Errno);
        uint dirp = c.Opendir("/items").Dirp;
        EfsReaddirResponse e = c.Readdir(dirp, 1);
        Assert.Equal(EfsDirEntryType.Other, e.EntryType);
        Assert.Equal(EfsMode.S_IFITM, e.Mode & EfsMode.S_IFMT);
    }

    [Fact]
    public void Root_may_be_named_dot_or_empty_for_stat_and_opendir()
    {
        using var t = new TestModem();
        Assert.Equal(EfsMode.S_IFDIR, t.Diag.Stat("").Mode & EfsMode.S_IFMT);
        Assert.Equal(EfsErrno.ENOERR, t.Diag.Stat(".").Errno);
        Assert.Equal(1u, t.Diag.Opendir(".").Dirp);
    }
}
