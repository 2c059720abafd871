namespace ZteDiag.Workbench.Archive;

/// <summary>What an EFS entry is (PROTOCOL.md §3.6 st_mode type bits).</summary>
public enum EntryKind
{
    /// <summary>Regular file (S_IFREG 0100000).</summary>
    File,

    /// <summary>EFS item file (S_IFITM 0160000): small, must be restored with PUT / O_ITEMFILE.</summary>
    ItemFile,

    /// <summary>Directory (S_IFDIR 0040000).</summary>
    Directory,

    /// <summary>Symbolic link (S_IFLNK 0120000); the target is kept in the manifest.</summary>
    Symlink,
}

/// <summary>The st_mode type bits a backup entry's kind comes from (PROTOCOL.md §3.6, octal); the full mode table is Protocol's EfsMode.</summary>
public static class EntryModes
{
    /// <summary>S_IFMT: mask of the type bits.</summary>
    public const int TypeMask = 0xF000; // 0170000

    /// <summary>S_IFDIR 0040000.</summary>
    public const int Directory = 0x4000;

    /// <summary>S_IFREG 0100000.</summary>
    public const int Regular = 0x8000;

    /// <summary>S_IFLNK 0120000.</summary>
    public const int Symlink = 0xA000;

    /// <summary>S_IFITM 0160000: EFS item file.</summary>
    public const int ItemFile = 0xE000;

    /// <summary>Kind of a file-like entry from its mode: item file when S_IFITM, otherwise a file.</summary>
    public static EntryKind FileKind(int mode) => (mode & TypeMask) == ItemFile ? EntryKind.ItemFile : EntryKind.File;

    /// <summary>Kind for any mode: directory, symlink, item file, else file.</summary>
    public static EntryKind KindOf(int mode) => (mode & TypeMask) switch
    {
        Directory => EntryKind.Directory,
        Symlink => EntryKind.Symlink,
        ItemFile => EntryKind.ItemFile,
        _ => EntryKind.File,
    };
}
