using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text.Json;

namespace ZteDiag.Workbench.Archive;

/// <summary>Outcome of reading a whole source once: problems, the manifest, counts.</summary>
internal sealed class ScanResult
{
    public List<ArchiveProblem> Problems { get; } = [];
    public BackupManifest? Manifest { get; set; }
    public long ContentBytes { get; set; }

    private readonly HashSet<(ArchiveProblemKind, string)> _seen = [];

    public void Add(ArchiveProblem problem)
    {
        if (_seen.Add((problem.Kind, problem.Entry))) Problems.Add(problem);
    }

    public void Add(ArchiveProblemKind kind, string entry, string message) => Add(new ArchiveProblem(kind, entry, message));
}

/// <summary>What the archive itself holds for one efs/ entry.</summary>
internal sealed record TarItem(string EfsPath, EntryKind Kind, long Size, string? Sha256, string? ResolvedLinkTarget);

/// <summary>Thrown inside a scan to stop at a problem that makes further reading pointless.</summary>
internal sealed class ScanAbortedException(ArchiveProblem problem) : Exception(problem.Message)
{
    public ArchiveProblem Problem { get; } = problem;
}

/// <summary>
/// Reads a .tar.gz backup once from end to end, treating every byte as untrusted, and checks it
/// against its manifest. Tar is parsed with System.Formats.Tar rather than SharpCompress's reader:
/// SharpCompress 0.50.8 does not expose the tar entry type (a FIFO reads as an empty file, hard
/// and symbolic links look alike), which validation needs.
/// </summary>
internal static class ArchiveScanner
{
    private static ReadOnlySpan<byte> GzipMagic => [0x1f, 0x8b];

    /// <summary>Opens file → gzip → CRC-32 → byte limit → tar header guard → tar. The caller disposes the returned objects.</summary>
    public static async Task<(FileStream File, LimitedStream Limited, TarReader Tar, Crc32Stream Crc)> OpenAsync(string path, ArchiveLimits limits, CancellationToken ct)
    {
        var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024, FileOptions.Asynchronous | FileOptions.SequentialScan);
        try
        {
            byte[] magic = new byte[2];
            int n = await file.ReadAtLeastAsync(magic, 2, throwOnEndOfStream: false, ct).ConfigureAwait(false);
            if (n < 2 || !magic.AsSpan().SequenceEqual(GzipMagic))
                throw new ScanAbortedException(new(ArchiveProblemKind.NotGzip, "", "not a gzip file (a backup is a .tar.gz)"));
            file.Position = 0;
            var gz = new GZipStream(file, CompressionMode.Decompress, leaveOpen: true);
            var crc = new Crc32Stream(gz);
            var limited = new LimitedStream(crc, limits.EffectiveMaxDecompressedBytes);
            var tar = new TarReader(new TarHeaderGuard(limited, limits.MaxExtendedHeaderBytes), leaveOpen: false);
            return (file, limited, tar, crc);
        }
        catch
        {
            await file.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Maps reader exceptions to a problem; null for exceptions that are not about the data.</summary>
    public static ArchiveProblem? Classify(Exception ex, long limit, string? lastEntry) => ex switch
    {
        ScanAbortedException a => a.Problem,
        StreamLimitExceededException => new(ArchiveProblemKind.DecompressionLimit, lastEntry ?? "",
            $"archive decompresses to more than {limit} bytes (compression bomb?)"),
        EndOfStreamException => new(ArchiveProblemKind.Corrupt, lastEntry ?? "", "archive is truncated (unexpected end of data)"),
        InvalidDataException or FormatException or OverflowException or ArgumentException or IOException when lastEntry is null =>
            new(ArchiveProblemKind.NotTar, "", $"not a tar archive inside the gzip stream, or damaged at the start ({ex.Message})"),
        InvalidDataException or FormatException or OverflowException or ArgumentException or IOException =>
            new(ArchiveProblemKind.Corrupt, lastEntry ?? "", $"archive is damaged after this entry ({ex.Message})"),
        _ => null,
    };

    public static async Task<ScanResult> ScanAsync(string path, ArchiveLimits limits, CancellationToken ct)
    {
        var result = new ScanResult();
        var items = new Dictionary<string, TarItem>(StringComparer.Ordinal);
        var names = new HashSet<string>(StringComparer.Ordinal);
        byte[]? manifestBytes = null;
        NvSummary? nv = null, nvQcn = null;
        byte[]? nvJsonBytes = null, nvQcnBytes = null;
        string? last = null;
        int count = 0;
        try
        {
            var (file, limited, tar, crc) = await OpenAsync(path, limits, ct).ConfigureAwait(false);
            await using (file.ConfigureAwait(false))
            await using (tar.ConfigureAwait(false))
            {
                while (await tar.GetNextEntryAsync(copyData: false, ct).ConfigureAwait(false) is { } e)
                {
                    if (e.EntryType == TarEntryType.GlobalExtendedAttributes) continue;
                    if (++count > limits.MaxEntries + 2)
                        throw new ScanAbortedException(new(ArchiveProblemKind.TooManyEntries, "", $"more than {limits.MaxEntries} entries"));
                    last = ArchivePaths.Printable(e.Name);
                    var nameProblem = ArchivePaths.TryNormalizeArchiveName(e.Name, out string name);
                    if (nameProblem is not null) { result.Add(nameProblem); continue; }
                    last = name;
                    if (!names.Add(name)) { result.Add(ArchiveProblemKind.Duplicate, name, "entry appears more than once in the archive"); continue; }

                    EntryKind kind;
                    switch (e.EntryType)
                    {
                        case TarEntryType.Directory: kind = EntryKind.Directory; break;
                        case TarEntryType.RegularFile or TarEntryType.V7RegularFile or TarEntryType.ContiguousFile: kind = EntryKind.File; break;
                        case TarEntryType.SymbolicLink: kind = EntryKind.Symlink; break;
                        case TarEntryType.HardLink:
                            result.Add(ArchiveProblemKind.HardLink, name, $"hard link to '{ArchivePaths.Printable(e.LinkName)}' (backups never contain hard links)");
                            continue;
                        default:
                            result.Add(ArchiveProblemKind.UnsupportedEntryType, name, $"tar entry type {e.EntryType} is not used in backups");
                            continue;
                    }

                    if (name is ArchivePaths.ManifestName or ArchivePaths.NvName or ArchivePaths.NvQcnName)
                    {
                        long max = name switch
                        {
                            ArchivePaths.ManifestName => limits.MaxManifestBytes,
                            ArchivePaths.NvName => limits.MaxNvJsonBytes,
                            _ => limits.MaxNvQcnBytes,
                        };
                        if (kind != EntryKind.File) { result.Add(ArchiveProblemKind.KindMismatch, name, "must be a regular file"); continue; }
                        if (e.Length > max) { result.Add(ArchiveProblemKind.TooLarge, name, $"{e.Length} bytes, over the {max}-byte limit"); continue; }
                        if (name == ArchivePaths.ManifestName)
                        {
                            manifestBytes = new byte[e.Length];
                            if (e.DataStream is { } ds) await ds.ReadExactlyAsync(manifestBytes, ct).ConfigureAwait(false);
                        }
                        else
                        {
                            // kept (bounded by the limit above): NvPartCheck compares the two views once the manifest is read
                            byte[] bytes = new byte[e.Length];
                            if (e.DataStream is { } ds) await ds.ReadExactlyAsync(bytes, ct).ConfigureAwait(false);
                            var summary = new NvSummary(bytes.Length, Convert.ToHexStringLower(SHA256.HashData(bytes)));
                            if (name == ArchivePaths.NvName) (nv, nvJsonBytes) = (summary, bytes);
                            else (nvQcn, nvQcnBytes) = (summary, bytes);
                        }
                        continue;
                    }

                    if (name != ArchivePaths.EfsRoot && !name.StartsWith(ArchivePaths.EfsRoot + "/", StringComparison.Ordinal))
                    {
                        result.Add(ArchiveProblemKind.UnexpectedEntry, name, "entry outside efs/ (only manifest.json, nv.json and nv.qcn may be there)");
                        continue;
                    }
                    string efsPath = name == ArchivePaths.EfsRoot ? "/" : name[ArchivePaths.EfsRoot.Length..];
                    switch (kind)
                    {
                        case EntryKind.Directory:
                            items[efsPath] = new TarItem(efsPath, kind, 0, null, null);
                            break;
                        case EntryKind.Symlink:
                            string? resolved = ArchivePaths.ResolveLink(efsPath, e.LinkName, absoluteIsInside: false);
                            if (resolved is null)
                                result.Add(ArchiveProblemKind.LinkEscapes, name, $"symlink target '{ArchivePaths.Printable(e.LinkName)}' leaves the archive tree");
                            else
                                items[efsPath] = new TarItem(efsPath, kind, 0, null, resolved);
                            break;
                        default:
                            if (e.Length > limits.MaxFileBytes)
                            {
                                result.Add(ArchiveProblemKind.TooLarge, name, $"{e.Length} bytes, over the {limits.MaxFileBytes}-byte file limit");
                                continue;
                            }
                            result.ContentBytes += e.Length;
                            if (result.ContentBytes > limits.MaxTotalBytes)
                                throw new ScanAbortedException(new(ArchiveProblemKind.TooLarge, name, $"archive content passes the {limits.MaxTotalBytes}-byte total limit"));
                            var (size, sha) = await HashAsync(e.DataStream, ct).ConfigureAwait(false);
                            if (size != e.Length) throw new ScanAbortedException(new(ArchiveProblemKind.Corrupt, name, $"tar header says {e.Length} bytes, data has {size}"));
                            items[efsPath] = new TarItem(efsPath, kind, size, sha, null);
                            break;
                    }
                }
                // Read to the end: checks the gzip trailer (CRC, length) and counts trailing data against the limit.
                byte[] sink = new byte[16 * 1024];
                while (await limited.ReadAsync(sink, ct).ConfigureAwait(false) > 0) { }
                if (await GzipTrailer.CheckAsync(file, crc.Crc, crc.Count, ct).ConfigureAwait(false) is { } damaged)
                    throw new ScanAbortedException(damaged);
            }
        }
        catch (Exception ex) when (Classify(ex, limits.EffectiveMaxDecompressedBytes, last) is { } problem)
        {
            result.Add(problem);
            return result;
        }

        if (manifestBytes is null)
        {
            result.Add(ArchiveProblemKind.ManifestMissing, ArchivePaths.ManifestName, "archive has no manifest.json (not a ZteDiag backup?)");
            return result;
        }
        BackupManifest manifest;
        try { manifest = BackupManifestJson.Deserialize(manifestBytes); }
        catch (JsonException ex)
        {
            result.Add(ArchiveProblemKind.ManifestInvalid, ArchivePaths.ManifestName, "not valid manifest JSON: " + ex.Message);
            return result;
        }
        var byPath = ManifestChecks.Validate(manifest, limits, result);
        if (byPath is null) return result;
        result.Manifest = manifest;
        CrossCheck(manifest, byPath, items, result);
        CheckNvSummary(ArchivePaths.NvName, nv, manifest.Nv, result);
        CheckNvSummary(ArchivePaths.NvQcnName, nvQcn, manifest.NvQcn, result);
        if (result.Problems.Count == 0 && nvQcnBytes is not null)
            NvPartCheck.Check(nvQcnBytes, nvJsonBytes, result);
        return result;
    }

    private static void CrossCheck(BackupManifest manifest, Dictionary<string, ManifestEntry> byPath,
        Dictionary<string, TarItem> items, ScanResult result)
    {
        foreach (var m in manifest.Entries)
        {
            items.TryGetValue(m.Path, out var t);
            string where = ArchivePaths.ToArchiveName(m.Path);
            if (m.Unreadable)
            {
                if (t is not null && t.Kind != EntryKind.Directory)
                    result.Add(ArchiveProblemKind.NotInManifest, where, "archive holds content for an entry the manifest marks unreadable");
                continue;
            }
            switch (m.Kind)
            {
                case EntryKind.File or EntryKind.ItemFile:
                    if (t is null) { result.Add(ArchiveProblemKind.MissingFromArchive, m.Path, "listed in the manifest but missing from the archive"); break; }
                    if (t.Kind != EntryKind.File) { result.Add(ArchiveProblemKind.KindMismatch, where, $"manifest says {m.Kind}, archive holds a {t.Kind}"); break; }
                    if (t.Size != m.Size) { result.Add(ArchiveProblemKind.SizeMismatch, where, $"manifest says {m.Size} bytes, archive holds {t.Size}"); break; }
                    if (!string.Equals(t.Sha256, m.Sha256, StringComparison.Ordinal))
                        result.Add(ArchiveProblemKind.HashMismatch, where, $"SHA-256 {t.Sha256} differs from the manifest's {m.Sha256}");
                    break;
                case EntryKind.Directory:
                    if (t is null) result.Add(ArchiveProblemKind.MissingFromArchive, m.Path, "directory listed in the manifest but missing from the archive");
                    else if (t.Kind != EntryKind.Directory) result.Add(ArchiveProblemKind.KindMismatch, where, $"manifest says Directory, archive holds a {t.Kind}");
                    break;
                case EntryKind.Symlink:
                    if (t is null) break; // archives written before link entries keep symlinks in the manifest only
                    if (t.Kind != EntryKind.Symlink) result.Add(ArchiveProblemKind.KindMismatch, where, $"manifest says Symlink, archive holds a {t.Kind}");
                    else if (ArchivePaths.ResolveLink(m.Path, m.LinkTarget!, absoluteIsInside: true) is var expected && t.ResolvedLinkTarget != expected)
                        result.Add(ArchiveProblemKind.LinkTargetMismatch, where,
                            $"tar symlink points to '{t.ResolvedLinkTarget}', the manifest's target '{ArchivePaths.Printable(m.LinkTarget!)}' to '{expected}'");
                    break;
            }
        }
        foreach (var t in items.Values)
        {
            if (!byPath.ContainsKey(t.EfsPath))
                result.Add(ArchiveProblemKind.NotInManifest, ArchivePaths.ToArchiveName(t.EfsPath), $"{t.Kind} in the archive is not in the manifest");
        }
        var links = new HashSet<string>(manifest.Entries.Where(e => e.Kind == EntryKind.Symlink).Select(e => e.Path), StringComparer.Ordinal);
        links.UnionWith(items.Values.Where(i => i.Kind == EntryKind.Symlink).Select(i => i.EfsPath));
        foreach (string p in items.Keys.Concat(byPath.Keys).Distinct(StringComparer.Ordinal))
        {
            if (ArchivePaths.Ancestors(p).FirstOrDefault(links.Contains) is { } link)
                result.Add(ArchiveProblemKind.ThroughSymlink, ArchivePaths.ToArchiveName(p), $"path goes through the symlink '{link}'");
        }
    }

    /// <summary>nv.json or nv.qcn (<paramref name="name"/>) as found against what the manifest lists.</summary>
    private static void CheckNvSummary(string name, NvSummary? found, NvSummary? listed, ScanResult result)
    {
        if (found is not null && listed is null)
            result.Add(ArchiveProblemKind.NotInManifest, name, $"{name} is in the archive but not in the manifest");
        else if (found is null && listed is not null)
            result.Add(ArchiveProblemKind.MissingFromArchive, name, $"manifest lists {name} but the archive has none");
        else if (found is not null && listed is not null)
        {
            if (found.Size != listed.Size) result.Add(ArchiveProblemKind.SizeMismatch, name, $"manifest says {listed.Size} bytes, archive holds {found.Size}");
            else if (!string.Equals(found.Sha256, listed.Sha256, StringComparison.Ordinal))
                result.Add(ArchiveProblemKind.HashMismatch, name, $"SHA-256 {found.Sha256} differs from the manifest's {listed.Sha256}");
        }
    }

    internal static async Task<(long Size, string Sha256)> HashAsync(Stream? data, CancellationToken ct)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        long size = 0;
        if (data is not null)
        {
            byte[] buffer = new byte[64 * 1024];
            int n;
            while ((n = await data.ReadAsync(buffer, ct).ConfigureAwait(false)) > 0)
            {
                sha.AppendData(buffer, 0, n);
                size += n;
            }
        }
        return (size, Convert.ToHexStringLower(sha.GetHashAndReset()));
    }
}

/// <summary>Checks a manifest on its own (values, limits, duplicates, links).</summary>
internal static class ManifestChecks
{
    /// <summary>Adds problems to <paramref name="result"/>; returns entries by path, or null if unusable.</summary>
    public static Dictionary<string, ManifestEntry>? Validate(BackupManifest manifest, ArchiveLimits limits, ScanResult result)
    {
        const string M = ArchivePaths.ManifestName;
        if (manifest.SchemaVersion != BackupManifest.CurrentSchemaVersion)
        {
            result.Add(ArchiveProblemKind.ManifestInvalid, M, $"schema version {manifest.SchemaVersion} is not supported (expected {BackupManifest.CurrentSchemaVersion})");
            return null;
        }
        if (manifest.Entries is null) { result.Add(ArchiveProblemKind.ManifestInvalid, M, "no entries list"); return null; }
        if (manifest.Entries.Count > limits.MaxEntries)
        {
            result.Add(ArchiveProblemKind.TooManyEntries, M, $"{manifest.Entries.Count} entries, over the limit of {limits.MaxEntries}");
            return null;
        }
        var byPath = new Dictionary<string, ManifestEntry>(StringComparer.Ordinal);
        long total = 0;
        bool usable = true;
        foreach (var e in manifest.Entries)
        {
            if (e is null) { result.Add(ArchiveProblemKind.ManifestInvalid, M, "null entry"); usable = false; continue; }
            if (ArchivePaths.CheckEfsPath(e.Path) is { } p) { result.Add(p with { Message = "manifest entry: " + p.Message }); usable = false; continue; }
            if (!byPath.TryAdd(e.Path, e)) { result.Add(ArchiveProblemKind.Duplicate, e.Path, "path appears more than once in the manifest"); usable = false; continue; }
            if (!Enum.IsDefined(e.Kind)) { result.Add(ArchiveProblemKind.ManifestInvalid, e.Path, "unknown kind"); usable = false; continue; }
            if (e.Size < 0) { result.Add(ArchiveProblemKind.ManifestInvalid, e.Path, "negative size"); usable = false; continue; }
            if (e.Unreadable) continue;
            if ((e.Mode & EntryModes.TypeMask) != 0 && !ModeFits(e.Kind, e.Mode))
            {
                // restore applies the mode: a "file" with 040755 would re-mode a file as if it were a directory
                result.Add(ArchiveProblemKind.ManifestInvalid, e.Path, $"kind {e.Kind} but mode 0{Convert.ToString(e.Mode, 8)} is a {EntryModes.KindOf(e.Mode)}");
                usable = false;
                continue;
            }
            switch (e.Kind)
            {
                case EntryKind.File or EntryKind.ItemFile:
                    if (e.Size > limits.MaxFileBytes) { result.Add(ArchiveProblemKind.TooLarge, e.Path, $"{e.Size} bytes, over the {limits.MaxFileBytes}-byte file limit"); usable = false; }
                    total += e.Size;
                    if (!IsSha256(e.Sha256)) { result.Add(ArchiveProblemKind.ManifestInvalid, e.Path, "missing or malformed sha256 (64 lower-case hex digits expected)"); usable = false; }
                    break;
                case EntryKind.Symlink:
                    // A target climbing above the EFS root is the modem's own data: the writer keeps it in
                    // the manifest only, restore recreates it verbatim on the modem, and nothing on the host
                    // is written through it. Tar link entries that escape are still refused (scan above), and
                    // one paired with such a manifest entry fails the cross-check as a target mismatch.
                    if (string.IsNullOrEmpty(e.LinkTarget)) { result.Add(ArchiveProblemKind.ManifestInvalid, e.Path, "symlink without a link target"); usable = false; }
                    break;
            }
        }
        if (total > limits.MaxTotalBytes) { result.Add(ArchiveProblemKind.TooLarge, M, $"manifest content totals {total} bytes, over the {limits.MaxTotalBytes}-byte limit"); usable = false; }
        if (manifest.Nv is { } nv && (nv.Size < 0 || nv.Size > limits.MaxNvJsonBytes || !IsSha256(nv.Sha256)))
        { result.Add(ArchiveProblemKind.ManifestInvalid, M, "nv summary has a bad size or sha256"); usable = false; }
        if (manifest.NvQcn is { } q && (q.Size < 0 || q.Size > limits.MaxNvQcnBytes || !IsSha256(q.Sha256)))
        { result.Add(ArchiveProblemKind.ManifestInvalid, M, "nv_qcn summary has a bad size or sha256"); usable = false; }
        return usable ? byPath : null;
    }

    private static bool ModeFits(EntryKind kind, int mode) =>
        kind == EntryModes.KindOf(mode) || (kind == EntryKind.ItemFile && (mode & EntryModes.TypeMask) == EntryModes.Regular); // old firmware: items as regular files

    // Lower case only: the restore planner and job compare device hashes to these exactly, so an
    // upper-case manifest would pass here yet never converge there.
    private static bool IsSha256(string? s) => s is { Length: 64 } && s.All(char.IsAsciiHexDigitLower);
}
