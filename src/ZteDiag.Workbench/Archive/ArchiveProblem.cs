namespace ZteDiag.Workbench.Archive;

/// <summary>Why an archive (or folder) was rejected.</summary>
public enum ArchiveProblemKind
{
    /// <summary>The file does not start with the gzip magic bytes.</summary>
    NotGzip,
    /// <summary>The gzip stream does not hold a tar archive.</summary>
    NotTar,
    /// <summary>Truncated or damaged gzip/tar data.</summary>
    Corrupt,
    /// <summary>Decompressed data passed <see cref="ArchiveLimits.MaxDecompressedBytes"/> (compression bomb).</summary>
    DecompressionLimit,
    /// <summary>An absolute path (leading '/', drive letter).</summary>
    AbsolutePath,
    /// <summary>A '..' path segment.</summary>
    ParentSegment,
    /// <summary>Empty name, NUL, backslash, control character or an empty segment.</summary>
    InvalidName,
    /// <summary>The same path appears twice.</summary>
    Duplicate,
    /// <summary>A link whose target leaves the tree.</summary>
    LinkEscapes,
    /// <summary>A tar hard link entry (never written by ZteDiag).</summary>
    HardLink,
    /// <summary>A tar symlink entry whose target resolves elsewhere than the manifest's link target.</summary>
    LinkTargetMismatch,
    /// <summary>A path that goes through a symlink.</summary>
    ThroughSymlink,
    /// <summary>Device, FIFO or other tar entry type ZteDiag does not write.</summary>
    UnsupportedEntryType,
    /// <summary>An entry outside efs/ other than manifest.json, nv.json and nv.qcn.</summary>
    UnexpectedEntry,
    /// <summary>Content present in the archive but absent from the manifest.</summary>
    NotInManifest,
    /// <summary>A manifest entry whose content is absent from the archive.</summary>
    MissingFromArchive,
    /// <summary>Entry kind differs between manifest and archive.</summary>
    KindMismatch,
    /// <summary>Size differs between manifest and content.</summary>
    SizeMismatch,
    /// <summary>SHA-256 differs between manifest and content.</summary>
    HashMismatch,
    /// <summary>A file, the total or the manifest exceeds its limit.</summary>
    TooLarge,
    /// <summary>More entries than <see cref="ArchiveLimits.MaxEntries"/>.</summary>
    TooManyEntries,
    /// <summary>No manifest.json in the archive.</summary>
    ManifestMissing,
    /// <summary>manifest.json is not valid (JSON, schema version, field values).</summary>
    ManifestInvalid,
    /// <summary>nv.qcn is not a readable QCN, or nv.json (beside it) is not a readable NV backup.</summary>
    NvInvalid,
    /// <summary>nv.qcn and nv.json do not hold the same NV items and item files.</summary>
    NvMismatch,
}

/// <summary>One problem found in a backup source, naming the entry it concerns.</summary>
/// <param name="Kind">Category, for programs.</param>
/// <param name="Entry">Archive entry name or EFS path the problem concerns ("" for the whole archive).</param>
/// <param name="Message">Human-readable explanation.</param>
public sealed record ArchiveProblem(ArchiveProblemKind Kind, string Entry, string Message)
{
    /// <inheritdoc />
    public override string ToString() => Entry.Length == 0 ? Message : $"{Entry}: {Message}";
}

/// <summary>
/// A backup archive or folder failed validation. Nothing from it has been used: no file written,
/// nothing sent to a device. <see cref="Exception.Message"/> lists the problems.
/// </summary>
/// <remarks>Bad input: exit 2 (<see cref="ZteDiag.Device.FailureKind.Usage"/>).</remarks>
public sealed class ArchiveValidationException : ZteDiag.Device.ZteDiagException
{
    /// <summary>Creates the exception from the problems found (at least one).</summary>
    public ArchiveValidationException(string source, IReadOnlyList<ArchiveProblem> problems)
        : base(Format(source, problems), ZteDiag.Device.FailureKind.Usage)
    {
        Source = source;
        Problems = problems;
    }

    /// <summary>Creates an exception for a single problem.</summary>
    public ArchiveValidationException(string source, ArchiveProblem problem)
        : this(source, [problem])
    {
    }

    /// <summary>Parameterless constructor (analyzer CA1032); prefer the others.</summary>
    public ArchiveValidationException() : this("", [new ArchiveProblem(ArchiveProblemKind.Corrupt, "", "invalid archive")]) { }

    /// <summary>Message-only constructor (analyzer CA1032); prefer the others.</summary>
    public ArchiveValidationException(string message) : base(message, ZteDiag.Device.FailureKind.Usage)
    {
        Problems = [new ArchiveProblem(ArchiveProblemKind.Corrupt, "", message)];
    }

    /// <summary>Message and inner exception (analyzer CA1032); prefer the others.</summary>
    public ArchiveValidationException(string message, Exception innerException) : base(message, ZteDiag.Device.FailureKind.Usage, innerException)
    {
        Problems = [new ArchiveProblem(ArchiveProblemKind.Corrupt, "", message)];
    }

    /// <summary>Every problem found, each naming its entry.</summary>
    public IReadOnlyList<ArchiveProblem> Problems { get; }

    private static string Format(string source, IReadOnlyList<ArchiveProblem> problems)
    {
        const int shown = 20;
        var lines = problems.Take(shown).Select(p => "  " + p);
        string more = problems.Count > shown ? $"{Environment.NewLine}  … and {problems.Count - shown} more" : "";
        string noun = problems.Count == 1 ? "problem" : "problems";
        return $"rejected backup '{source}' ({problems.Count} {noun}):{Environment.NewLine}{string.Join(Environment.NewLine, lines)}{more}";
    }
}
