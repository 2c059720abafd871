using ZteDiag.Emulator.Host;
using ZteDiag.Protocol.Efs;

namespace ZteDiag.Emulator.Tests.Diag;

/// <summary>The <c>extra-name=DIR:NAME</c> fault: READDIR lists a name no EFS2 file system holds, and nothing else changes.</summary>
public sealed class EfsListingFaultTests
{
    [Fact]
    public void An_extra_name_comes_after_the_real_entries_as_an_empty_file_and_is_never_stored()
    {
        var plan = FaultPlan.Parse("extra-name=/nv:a/../../etc/passwd");
        using var t = new TestModem(new VirtualModemStartOptions { Faults = plan });
        t.Diag.Hello();
        var names = new List<EfsReaddirResponse>();
        uint dirp = t.Diag.Opendir("/nv").Dirp;
        for (int seq = 1; ; seq++)
        {
            EfsReaddirResponse r = t.Diag.Readdir(dirp, seq);
            if (r.IsEndOfDirectory)
            {
                break;
            }

            names.Add(r);
        }

        EfsReaddirResponse extra = names[^1];
        Assert.Equal("a/../../etc/passwd", extra.Name);
        Assert.Equal(EfsDirEntryType.Regular, extra.EntryType);
        Assert.Equal(EfsMode.S_IFREG | 0x1A4, extra.Mode);
        Assert.Equal(0, extra.FileSize);
        Assert.Contains(names, r => r.Name == "item_files"); // the real entries are all still there
        Assert.Equal(EfsErrno.ENOENT, t.Diag.Stat("/nv/a/../../etc/passwd").Errno);
        Assert.False(File.Exists(Path.Combine(t.Modem.StateDirectory, "efs", "nv", "a")));
    }
}
