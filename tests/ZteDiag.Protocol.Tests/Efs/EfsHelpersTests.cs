using ZteDiag.Protocol.Efs;

namespace ZteDiag.Protocol.Tests.Efs;

public class EfsHelpersTests
{
    [Theory]
    [InlineData(6, "file exists (EEXIST)")]
    [InlineData(2, "no such file or directory (ENOENT)")]
    [InlineData(0x40000002, "invalid directory sequence number (INVALID_SEQ_NO)")]
    [InlineData(306, "nothing to sync (ENOTHINGTOSYNC)")]
    [InlineData(17, "errno 17")]
    public void Errno_text_gives_a_message_and_the_qualcomm_symbol(int errno, string expected)
    {
        Assert.Equal(expected, EfsErrnoText.Describe(errno));
    }

    [Fact]
    public void Errno_values_are_qualcomms_not_linuxs()
    {
        Assert.Equal(6, (int)EfsErrno.EEXIST);
        Assert.Equal(26, (int)EfsErrno.ETXTBSY);
        Assert.Equal(0x8000, (int)EfsErrno.EEOF);
        Assert.Equal(0x4000000C, (int)EfsErrno.UNAVAILABLE_INFO);
        Assert.Equal("errno 5", EfsErrnoText.Name((EfsErrno)5));
    }

    [Fact]
    public void Open_flags_are_the_octal_constants()
    {
        Assert.Equal((int)EfsOpenFlags.Create, Convert.ToInt32("100", 8));
        Assert.Equal((int)EfsOpenFlags.Truncate, Convert.ToInt32("1000", 8));
        Assert.Equal((int)EfsOpenFlags.ItemFile, Convert.ToInt32("1000000", 8));
        Assert.Equal((int)EfsOpenFlags.AutoDir, Convert.ToInt32("2000000", 8));
        Assert.Equal(0x241, (int)(EfsOpenFlags.WriteOnly | EfsOpenFlags.Create | EfsOpenFlags.Truncate)); // QCSuper put, 0o1101
    }

    [Theory]
    [InlineData("100644", "-rw-r--r--", EfsFileKind.Regular)]
    [InlineData("40755", "drwxr-xr-x", EfsFileKind.Directory)]
    [InlineData("120777", "lrwxrwxrwx", EfsFileKind.Symlink)]
    [InlineData("160777", "irwxrwxrwx", EfsFileKind.ItemFile)]
    [InlineData("10600", "prw-------", EfsFileKind.Other)]
    [InlineData("107755", "-rwsr-sr-t", EfsFileKind.Regular)]
    [InlineData("41644", "drw-r--r-T", EfsFileKind.Directory)]
    public void Modes_format_like_ls_and_name_their_kind(string octal, string text, EfsFileKind kind)
    {
        int mode = Convert.ToInt32(octal, 8);

        Assert.Equal(text, EfsMode.Format(mode));
        Assert.Equal(kind, EfsMode.KindOf(mode));
    }

    [Fact]
    public void Mode_constants_match_their_octal_values()
    {
        Assert.Equal(EfsMode.S_IFMT, Convert.ToInt32("170000", 8));
        Assert.Equal(EfsMode.S_IFITM, Convert.ToInt32("160000", 8));
        Assert.Equal(EfsMode.S_IFDIR, Convert.ToInt32("40000", 8));
        Assert.Equal(EfsMode.S_IFREG, Convert.ToInt32("100000", 8));
        Assert.Equal(EfsMode.S_IFLNK, Convert.ToInt32("120000", 8));
    }

    [Theory]
    [InlineData("//nv//item_files/", "/nv/item_files")]
    [InlineData("/", "/")]
    [InlineData("", "/")]
    [InlineData("nv/./x", "/nv/x")]
    [InlineData("/a/../b", "/a/../b")]
    public void Paths_normalise_to_absolute_without_doubled_or_trailing_slashes(string input, string expected)
    {
        Assert.Equal(expected, EfsPath.Normalize(input));
    }

    [Fact]
    public void Paths_join_split_and_reject_nul()
    {
        Assert.Equal("/nv/item", EfsPath.Join("/nv/", "item"));
        Assert.Equal("/abs", EfsPath.Join("/nv", "/abs"));
        Assert.Equal("/nv", EfsPath.Parent("/nv/item/"));
        Assert.Equal("/", EfsPath.Parent("/nv"));
        Assert.Equal("/", EfsPath.Parent("/"));
        Assert.Equal("item", EfsPath.Name("/nv/item"));
        Assert.Equal("", EfsPath.Name("/"));
        Assert.Throws<ArgumentException>(() => EfsPath.Normalize("/a\0"));
    }
}
