using ZteDiag.Emulator.Host;
using ZteDiag.Emulator.State;
using ZteDiag.Protocol.Efs;

namespace ZteDiag.Emulator.Tests.Diag;

/// <summary>The <c>unreadable=PATH[:ERRNO]</c> fault: content reads refused with Qualcomm's error layouts, everything else untouched.</summary>
public sealed class EfsReadFaultTests
{
    private const string File = "/PCUI.VN";
    private const string Item = "/nv/item_files/modem/mmode/band_pref";
    private const string Link = EfsGenerator.SymlinkPath;

    private static TestModem Refusing(params (string Path, EfsErrno Errno)[] paths)
    {
        var plan = new FaultPlan();
        foreach (var (path, errno) in paths)
        {
            plan.UnreadablePaths[path] = errno;
        }

        return new TestModem(new VirtualModemStartOptions { Faults = plan });
    }

    [Fact]
    public void Open_for_reading_a_refused_file_is_fd_minus_1_and_eacces_in_12_bytes()
    {
        using var t = Refusing((File, EfsErrno.EACCES));
        byte[] reply = t.Diag.Send(new EfsOpenRequest(EfsOpenFlags.ReadOnly, 0, File));
        Assert.Equal([0x4B, 0x13, 0x02, 0x00, 0xFF, 0xFF, 0xFF, 0xFF, 0x0D, 0x00, 0x00, 0x00], reply);
        byte[] rdwr = t.Diag.Send(new EfsOpenRequest(EfsOpenFlags.ReadWrite, 0, File));
        Assert.Equal([0x4B, 0x13, 0x02, 0x00, 0xFF, 0xFF, 0xFF, 0xFF, 0x0D, 0x00, 0x00, 0x00], rdwr);
    }

    [Fact]
    public void Get_of_a_refused_item_file_is_num_bytes_minus_1_with_the_chosen_errno_and_the_sequence_echoed()
    {
        using var t = Refusing((Item, EfsErrno.EPERM));
        byte[] reply = t.Diag.Send(EfsGetRequest.For(Item, 0x1234));
        Assert.Equal([0x4B, 0x13, 0x27, 0x00, 0xFF, 0xFF, 0xFF, 0xFF, 0x01, 0x00, 0x00, 0x00, 0x34, 0x12], reply);
    }

    [Fact]
    public void Readlink_of_a_refused_symlink_is_the_errno_and_an_empty_name()
    {
        using var t = Refusing((Link, EfsErrno.EACCES));
        byte[] reply = t.Diag.Send(new EfsReadlinkRequest(Link));
        Assert.Equal([0x4B, 0x13, 0x07, 0x00, 0x0D, 0x00, 0x00, 0x00, 0x00], reply);
    }

    [Fact]
    public void Md5sum_of_a_refused_file_is_the_errno_and_a_zero_hash_in_26_bytes()
    {
        using var t = Refusing((File, EfsErrno.EACCES));
        byte[] reply = t.Diag.Send(new EfsMd5SumRequest(7, File));
        Assert.Equal([0x4B, 0x13, 0x2B, 0x00, 0x07, 0x00, 0x0D, 0x00, 0x00, 0x00, .. new byte[16]], reply);
    }

    [Fact]
    public void A_refused_file_still_lists_stats_and_takes_writes_and_other_files_read_normally()
    {
        using var t = Refusing((File, EfsErrno.EACCES));
        DiagTestClient c = t.Diag;
        EfsStatResponse st = c.Stat(File);
        Assert.Equal(EfsErrno.ENOERR, st.Errno);
        Assert.True(st.Size > 0);

        EfsOpenResponse w = c.Open(File, EfsOpenFlags.WriteOnly);
        Assert.Equal(EfsErrno.ENOERR, w.Errno);
        Assert.Equal(EfsErrno.ENOERR, c.Close(w.Fd));

        EfsOpenResponse other = c.Open("/nv/item_files/conf/cfg_000.conf");
        Assert.Equal(EfsErrno.ENOERR, other.Errno);
        Assert.True(c.Read(other.Fd).BytesRead > 0);
        Assert.Equal(EfsErrno.ENOERR, c.Close(other.Fd));
    }

    [Fact]
    public void A_missing_path_or_a_directory_keeps_its_normal_error()
    {
        using var t = Refusing(("/not/there", EfsErrno.EACCES), ("/nv", EfsErrno.EACCES));
        Assert.Equal(EfsErrno.ENOENT, t.Diag.Open("/not/there").Errno);
        Assert.Equal(EfsErrno.EISDIR, t.Diag.Open("/nv", EfsOpenFlags.ReadOnly).Errno);
        Assert.Equal(EfsErrno.ENOERR, t.Diag.Opendir("/nv").Errno);
    }

    [Fact]
    public void The_refusal_follows_the_file_when_opened_through_a_symlink_and_a_non_canonical_path()
    {
        using var t = Refusing((File, EfsErrno.EACCES));
        Assert.Equal(EfsErrno.ENOERR, t.Diag.Send<EfsSymlinkResponse>(new EfsSymlinkRequest(File, "/pcui_link"), EfsSymlinkResponse.TryParse).Errno);
        Assert.Equal(EfsErrno.EACCES, t.Diag.Open("/pcui_link").Errno);
        Assert.Equal(EfsErrno.EACCES, t.Diag.Open("//./PCUI.VN").Errno);
    }

    [Fact]
    public void Without_the_fault_the_same_reads_succeed()
    {
        using var t = new TestModem();
        Assert.Equal(EfsErrno.ENOERR, t.Diag.Open(File).Errno);
        Assert.Equal(EfsErrno.ENOERR, t.Diag.Send<EfsGetResponse>(EfsGetRequest.For(Item, 1), EfsGetResponse.TryParse).Errno);
        Assert.Equal(EfsErrno.ENOERR, t.Diag.Send<EfsReadlinkResponse>(new EfsReadlinkRequest(Link), EfsReadlinkResponse.TryParse).Errno);
    }
}
