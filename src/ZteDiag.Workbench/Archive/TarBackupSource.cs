using System.Formats.Tar;
using System.Runtime.CompilerServices;

namespace ZteDiag.Workbench.Archive;

/// <summary>A validated ZteDiag .tar.gz backup.</summary>
internal sealed class TarBackupSource(string path, BackupManifest manifest, ArchiveLimits limits, long contentBytes)
    : BackupSource(path, manifest, limits, contentBytes)
{
    private readonly Dictionary<string, ManifestEntry> _byPath =
        manifest.Entries.ToDictionary(e => e.Path, StringComparer.Ordinal);

    public override SourceOrigin Origin => SourceOrigin.Archive;

    public override async IAsyncEnumerable<BackupContent> ReadFilesAsync([EnumeratorCancellation] CancellationToken ct = default)
    {
        var (file, _, tar, _) = await ArchiveScanner.OpenAsync(SourcePath, Limits, ct).ConfigureAwait(false);
        await using (file.ConfigureAwait(false))
        await using (tar.ConfigureAwait(false))
        {
            while (await NextAsync(tar, ct).ConfigureAwait(false) is { } e)
            {
                if (e.EntryType is not (TarEntryType.RegularFile or TarEntryType.V7RegularFile or TarEntryType.ContiguousFile)) continue;
                if (ArchivePaths.TryNormalizeArchiveName(e.Name, out string name) is not null
                    || !name.StartsWith(ArchivePaths.EfsRoot + "/", StringComparison.Ordinal)) continue;
                string efsPath = name[ArchivePaths.EfsRoot.Length..];
                if (!_byPath.TryGetValue(efsPath, out var entry) || entry.Unreadable || entry.Kind is not (EntryKind.File or EntryKind.ItemFile))
                    throw new ArchiveValidationException(SourcePath, new ArchiveProblem(ArchiveProblemKind.NotInManifest, name, "entry not in the manifest (archive changed since it was validated?)"));
                var content = new ClassifyingStream(e.DataStream ?? Stream.Null, SourcePath, Limits.EffectiveMaxDecompressedBytes, name);
                var stream = new VerifyingStream(content, SourcePath, entry, ownsInner: false);
                await foreach (var c in YieldVerified(entry, stream, ct).ConfigureAwait(false)) yield return c;
            }
        }
    }

    /// <summary>nv.json and nv.qcn, each re-checked against the manifest's size and SHA-256 while it is read.</summary>
    public override async Task<NvParts> ReadNvPartsAsync(CancellationToken ct = default)
    {
        if (Manifest.Nv is null && Manifest.NvQcn is null) return new NvParts(null, null);
        byte[]? json = null, qcn = null;
        var (file, _, tar, _) = await ArchiveScanner.OpenAsync(SourcePath, Limits, ct).ConfigureAwait(false);
        await using (file.ConfigureAwait(false))
        await using (tar.ConfigureAwait(false))
        {
            while ((json is null) != (Manifest.Nv is null) || (qcn is null) != (Manifest.NvQcn is null))
            {
                if (await NextAsync(tar, ct).ConfigureAwait(false) is not { } e) break;
                if (ArchivePaths.TryNormalizeArchiveName(e.Name, out string name) is not null) continue;
                if (name == ArchivePaths.NvName && Manifest.Nv is { } nv) json = await ReadPartAsync(e, name, nv, ct).ConfigureAwait(false);
                else if (name == ArchivePaths.NvQcnName && Manifest.NvQcn is { } q) qcn = await ReadPartAsync(e, name, q, ct).ConfigureAwait(false);
            }
        }
        string? gone = (json is null) != (Manifest.Nv is null) ? ArchivePaths.NvName : (qcn is null) != (Manifest.NvQcn is null) ? ArchivePaths.NvQcnName : null;
        if (gone is not null)
            throw new ArchiveValidationException(SourcePath, new ArchiveProblem(ArchiveProblemKind.MissingFromArchive, gone, $"{gone} disappeared since validation"));
        return new NvParts(json, qcn);
    }

    private async Task<byte[]> ReadPartAsync(TarEntry e, string name, NvSummary summary, CancellationToken ct)
    {
        var fake = new ManifestEntry { Path = name, Kind = EntryKind.File, Size = summary.Size, Sha256 = summary.Sha256 };
        byte[] bytes = new byte[summary.Size];
        var content = new ClassifyingStream(e.DataStream ?? Stream.Null, SourcePath, Limits.EffectiveMaxDecompressedBytes, name);
        var verifying = new VerifyingStream(content, SourcePath, fake, ownsInner: false);
        await using (verifying.ConfigureAwait(false))
        {
            await verifying.ReadExactlyAsync(bytes, ct).ConfigureAwait(false);
            await verifying.FinishAsync(ct).ConfigureAwait(false);
        }
        return bytes;
    }

    private async Task<TarEntry?> NextAsync(TarReader tar, CancellationToken ct)
    {
        try
        {
            return await tar.GetNextEntryAsync(copyData: false, ct).ConfigureAwait(false);
        }
        catch (Exception ex) when (ArchiveScanner.Classify(ex, Limits.EffectiveMaxDecompressedBytes, "") is { } problem)
        {
            throw new ArchiveValidationException(SourcePath, problem);
        }
    }

    /// <summary>
    /// Content reads decompress too: damage in the gzip data past the headers surfaces here, and
    /// becomes the same typed archive problem the scan would have reported.
    /// </summary>
    private sealed class ClassifyingStream(Stream inner, string source, long limit, string entryName) : ReadOnlyWrapperStream(inner)
    {
        public override int Read(Span<byte> buffer)
        {
            try
            {
                return Inner.Read(buffer);
            }
            catch (Exception ex) when (ArchiveScanner.Classify(ex, limit, entryName) is { } problem)
            {
                throw new ArchiveValidationException(source, problem);
            }
        }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            try
            {
                return await Inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ArchiveScanner.Classify(ex, limit, entryName) is { } problem)
            {
                throw new ArchiveValidationException(source, problem);
            }
        }
    }
}
