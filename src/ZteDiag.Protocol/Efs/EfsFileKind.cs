namespace ZteDiag.Protocol.Efs;

/// <summary>What a mode's S_IFMT bits say a file is.</summary>
public enum EfsFileKind
{
    /// <summary>S_IFREG.</summary>
    Regular,
    /// <summary>S_IFDIR.</summary>
    Directory,
    /// <summary>S_IFLNK.</summary>
    Symlink,
    /// <summary>S_IFITM: an EFS item file (small, written whole by PUT).</summary>
    ItemFile,
    /// <summary>FIFO, device, socket or unknown type bits.</summary>
    Other,
}
