namespace ZteDiag.Protocol.Efs;

/// <summary>st_mode bits (fs_sys_types.h, octal in the comments) and helpers. PROTOCOL.md §3.6.</summary>
public static class EfsMode
{
    /// <summary>S_IFMT (0170000): type mask.</summary>
    public const int S_IFMT = 0xF000;
    /// <summary>S_IFIFO (0010000).</summary>
    public const int S_IFIFO = 0x1000;
    /// <summary>S_IFCHR (0020000).</summary>
    public const int S_IFCHR = 0x2000;
    /// <summary>S_IFDIR (0040000).</summary>
    public const int S_IFDIR = 0x4000;
    /// <summary>S_IFBLK (0060000).</summary>
    public const int S_IFBLK = 0x6000;
    /// <summary>S_IFREG (0100000).</summary>
    public const int S_IFREG = 0x8000;
    /// <summary>S_IFLNK (0120000).</summary>
    public const int S_IFLNK = 0xA000;
    /// <summary>S_IFSOCK (0140000).</summary>
    public const int S_IFSOCK = 0xC000;
    /// <summary>S_IFITM (0160000): EFS item file.</summary>
    public const int S_IFITM = 0xE000;
    /// <summary>S_ISUID (04000).</summary>
    public const int S_ISUID = 0x800;
    /// <summary>S_ISGID (02000).</summary>
    public const int S_ISGID = 0x400;
    /// <summary>S_ISVTX (01000; HIDDEN on FAT).</summary>
    public const int S_ISVTX = 0x200;
    /// <summary>S_IRUSR (0400).</summary>
    public const int S_IRUSR = 0x100;
    /// <summary>S_IWUSR (0200).</summary>
    public const int S_IWUSR = 0x80;
    /// <summary>S_IXUSR (0100).</summary>
    public const int S_IXUSR = 0x40;
    /// <summary>S_IRGRP (040).</summary>
    public const int S_IRGRP = 0x20;
    /// <summary>S_IWGRP (020).</summary>
    public const int S_IWGRP = 0x10;
    /// <summary>S_IXGRP (010).</summary>
    public const int S_IXGRP = 0x8;
    /// <summary>S_IROTH (04).</summary>
    public const int S_IROTH = 0x4;
    /// <summary>S_IWOTH (02).</summary>
    public const int S_IWOTH = 0x2;
    /// <summary>S_IXOTH (01).</summary>
    public const int S_IXOTH = 0x1;
    /// <summary>All permission bits incl. setuid/setgid/sticky (07777).</summary>
    public const int PermissionMask = 0xFFF;

    /// <summary>The file kind named by the S_IFMT bits of <paramref name="mode"/>.</summary>
    public static EfsFileKind KindOf(int mode) => (mode & S_IFMT) switch
    {
        S_IFREG => EfsFileKind.Regular,
        S_IFDIR => EfsFileKind.Directory,
        S_IFLNK => EfsFileKind.Symlink,
        S_IFITM => EfsFileKind.ItemFile,
        _ => EfsFileKind.Other,
    };

    /// <summary>True when <paramref name="mode"/> is a directory.</summary>
    public static bool IsDirectory(int mode) => (mode & S_IFMT) == S_IFDIR;

    /// <summary>True when <paramref name="mode"/> is an item file.</summary>
    public static bool IsItemFile(int mode) => (mode & S_IFMT) == S_IFITM;

    /// <summary>
    /// <c>ls -l</c>-style text: type char ('-', 'd', 'l', 'i' item file, 'p', 'c', 'b', 's', '?')
    /// followed by rwx triplets with s/S/t/T for setuid, setgid and sticky. E.g. 0100644 → "-rw-r--r--".
    /// </summary>
    public static string Format(int mode)
    {
        Span<char> c = stackalloc char[10];
        c[0] = (mode & S_IFMT) switch
        {
            S_IFREG => '-',
            S_IFDIR => 'd',
            S_IFLNK => 'l',
            S_IFITM => 'i',
            S_IFIFO => 'p',
            S_IFCHR => 'c',
            S_IFBLK => 'b',
            S_IFSOCK => 's',
            _ => '?',
        };
        c[1] = (mode & S_IRUSR) != 0 ? 'r' : '-';
        c[2] = (mode & S_IWUSR) != 0 ? 'w' : '-';
        c[3] = Exec((mode & S_IXUSR) != 0, (mode & S_ISUID) != 0, 's');
        c[4] = (mode & S_IRGRP) != 0 ? 'r' : '-';
        c[5] = (mode & S_IWGRP) != 0 ? 'w' : '-';
        c[6] = Exec((mode & S_IXGRP) != 0, (mode & S_ISGID) != 0, 's');
        c[7] = (mode & S_IROTH) != 0 ? 'r' : '-';
        c[8] = (mode & S_IWOTH) != 0 ? 'w' : '-';
        c[9] = Exec((mode & S_IXOTH) != 0, (mode & S_ISVTX) != 0, 't');
        return new string(c);
    }

    private static char Exec(bool x, bool special, char letter) =>
        (x, special) switch
        {
            (true, true) => letter,
            (false, true) => char.ToUpperInvariant(letter),
            (true, false) => 'x',
            _ => '-',
        };
}
