namespace ZteDiag.Workbench.Archive;

/// <summary>
/// Bounds applied to every backup source (archives are untrusted input) and to the writer, so that
/// a backup we write is always one we can read back.
/// </summary>
public sealed record ArchiveLimits
{
    /// <summary>Defaults: 1 GiB total, 256 MiB per file, 100 000 entries, 16 MiB manifest, nv.json and nv.qcn.</summary>
    public static ArchiveLimits Default { get; } = new();

    /// <summary>Sum of all file contents (bytes).</summary>
    public long MaxTotalBytes { get; init; } = 1L << 30;

    /// <summary>Largest single file or item file (bytes).</summary>
    public long MaxFileBytes { get; init; } = 256L << 20;

    /// <summary>Most entries (files, item files, directories, symlinks) in one backup.</summary>
    public int MaxEntries { get; init; } = 100_000;

    /// <summary>Largest manifest.json (bytes).</summary>
    public long MaxManifestBytes { get; init; } = 16L << 20;

    /// <summary>Largest nv.json (bytes).</summary>
    public long MaxNvJsonBytes { get; init; } = 16L << 20;

    /// <summary>Largest nv.qcn (bytes): 8192 items of 136 bytes plus item files fit many times over.</summary>
    public long MaxNvQcnBytes { get; init; } = 16L << 20;

    /// <summary>
    /// Largest PAX extended header or GNU long name/link entry (bytes). The tar reader holds such a
    /// header in memory whole, so it gets a bound like every other field; names are at most
    /// <c>max_path</c> (1024) characters, so 64 KiB leaves room for every attribute we write.
    /// </summary>
    public long MaxExtendedHeaderBytes { get; init; } = 64L << 10;

    /// <summary>
    /// Most bytes the gzip layer may decompress to (tar headers, padding and trailing data
    /// included). Stops compression bombs whatever the tar headers claim. When null:
    /// <see cref="MaxTotalBytes"/> + manifest + nv.json + nv.qcn + 1 KiB per entry + 1 MiB.
    /// </summary>
    public long? MaxDecompressedBytes { get; init; }

    internal long EffectiveMaxDecompressedBytes =>
        MaxDecompressedBytes ?? MaxTotalBytes + MaxManifestBytes + MaxNvJsonBytes + MaxNvQcnBytes + MaxEntries * 1024L + (1L << 20);
}
