namespace ZteDiag.Protocol.Cfb;

/// <summary>Why bytes are not a compound file this reader accepts.</summary>
public enum CfbError
{
    /// <summary>Read.</summary>
    None = 0,
    /// <summary>Shorter than the 512-byte header.</summary>
    TooShort,
    /// <summary>Larger than the reader's limit.</summary>
    TooLarge,
    /// <summary>The first 8 bytes are not D0 CF 11 E0 A1 B1 1A E1.</summary>
    BadSignature,
    /// <summary>Byte order, version, sector or mini sector size, or cutoff not as [MS-CFB] §2.2 requires.</summary>
    UnsupportedHeader,
    /// <summary>A sector number points past the end of the file or of its table.</summary>
    SectorOutOfRange,
    /// <summary>A sector chain (FAT, mini FAT or DIFAT) comes back to a sector it already used.</summary>
    ChainLoop,
    /// <summary>A count or size claims more than the file holds.</summary>
    SizeLie,
    /// <summary>A directory entry is malformed (name, type, or a second root).</summary>
    BadDirectoryEntry,
    /// <summary>The directory tree reaches one entry twice, or nests deeper than the limit.</summary>
    DirectoryLoop,
    /// <summary>Two siblings have the same name.</summary>
    DuplicateName,
}

/// <summary>Helpers for <see cref="CfbError"/>.</summary>
public static class CfbErrorExtensions
{
    /// <summary>A short technician-facing explanation.</summary>
    public static string Describe(this CfbError error) => error switch
    {
        CfbError.None => "ok",
        CfbError.TooShort => "shorter than a compound-file header (512 bytes)",
        CfbError.TooLarge => "larger than a QCN can be",
        CfbError.BadSignature => "not a compound file (no D0 CF 11 E0 signature)",
        CfbError.UnsupportedHeader => "compound-file header with an unsupported byte order, version or sector size",
        CfbError.SectorOutOfRange => "a sector number points outside the file",
        CfbError.ChainLoop => "a sector chain loops back on itself",
        CfbError.SizeLie => "a size or count claims more than the file holds",
        CfbError.BadDirectoryEntry => "a malformed directory entry",
        CfbError.DirectoryLoop => "the directory tree loops or nests too deep",
        CfbError.DuplicateName => "two entries of one storage have the same name",
        _ => error.ToString(),
    };
}
