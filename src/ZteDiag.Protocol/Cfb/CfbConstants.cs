namespace ZteDiag.Protocol.Cfb;

/// <summary>Fixed values of [MS-CFB] §2.1–2.2 shared by the reader and the writer.</summary>
internal static class CfbConstants
{
    public const int HeaderSize = 512;
    public const int DirEntrySize = 128;
    public const int MiniSectorSize = 64;
    public const int MiniStreamCutoff = 4096;
    public const int HeaderDifatEntries = 109;
    public const uint MaxRegSect = 0xFFFFFFFA;
    public const uint DifSect = 0xFFFFFFFC;
    public const uint FatSect = 0xFFFFFFFD;
    public const uint EndOfChain = 0xFFFFFFFE;
    public const uint FreeSect = 0xFFFFFFFF;
    public const uint NoStream = 0xFFFFFFFF;

    public const byte TypeUnused = 0;
    public const byte TypeStorage = 1;
    public const byte TypeStream = 2;
    public const byte TypeRoot = 5;

    public static ReadOnlySpan<byte> Signature => [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
}
