using System.Security.Cryptography;
using ZteDiag.Device;
using ZteDiag.Device.Efs;
using ZteDiag.Protocol.Efs;
using ZteDiag.Workbench.Archive;
using ZteDiag.Workbench.Connection;
using ZteDiag.Workbench.Jobs;
using ZteDiag.Workbench.Nv;
using ZteDiag.Workbench.Safety;
using EfsMode = ZteDiag.Protocol.Efs.EfsMode;

namespace ZteDiag.Workbench.Verify;

/// <summary>How a device entry differs from the backup.</summary>
public enum DifferenceKind
{
    /// <summary>In the backup, not on the device.</summary>
    Missing,

    /// <summary>On the device, not in the backup.</summary>
    Extra,

    /// <summary>On both, but kind, mode, size, content or link target differ.</summary>
    Changed,
}

/// <summary>One difference between a backup and the device.</summary>
/// <param name="Path">EFS path.</param>
/// <param name="Kind">Missing, extra or changed.</param>
/// <param name="Detail">What differs, e.g. "size 12 → 14", "sha256", "mode 0100644 → 0100600".</param>
public sealed record Difference(string Path, DifferenceKind Kind, string Detail);

/// <summary>Outcome of <see cref="VerifyJob.AgainstDeviceAsync"/>.</summary>
/// <param name="Archive">The archive check that ran first.</param>
/// <param name="Differences">Every difference found, by path.</param>
/// <param name="Compared">Entries compared.</param>
public sealed record DeviceComparison(ArchiveVerificationResult Archive, IReadOnlyList<Difference> Differences, int Compared);

/// <summary><c>ztediag verify</c>: the archive against its manifest, and optionally against the modem.</summary>
public sealed class VerifyJob
{
    private readonly ModemConnection _modem;

    /// <summary>Creates the job for one open modem.</summary>
    public VerifyJob(ModemConnection modem)
    {
        ArgumentNullException.ThrowIfNull(modem);
        _modem = modem;
    }

    /// <summary>Archive vs manifest only (no device).</summary>
    public static Task<ArchiveVerificationResult> VerifyArchiveAsync(string path, CancellationToken ct) => ArchiveVerifier.VerifyAsync(path, ct);

    /// <summary>
    /// Verifies the archive, then walks the modem (the backup's subtree) and compares every entry:
    /// missing, extra, kind, mode, size, link target, and content by SHA-256 (files read with
    /// READ, item files with GET). Times are not compared (reading changes atime). Entries that
    /// were unreadable at backup time are compared by kind and size only.
    /// </summary>
    /// <exception cref="SafetyException">The archive itself does not verify (nothing is compared).</exception>
    public async Task<DeviceComparison> AgainstDeviceAsync(string archivePath, IProgress<JobProgress>? progress, CancellationToken ct)
    {
        var archive = await ArchiveVerifier.VerifyAsync(archivePath, ct).ConfigureAwait(false);
        if (!archive.IsValid)
        {
            throw new SafetyException($"the archive {archive.Path} does not verify; not comparing it with the device");
        }

        var entries = archive.Manifest!.Entries;
        string root = SubtreeRoot(entries);
        await _modem.EnsureEfsAsync(ct).ConfigureAwait(false);
        var device = new Dictionary<string, EfsDirEntry>(StringComparer.Ordinal);
        if (root != EfsPath.Root)
        {
            try
            {
                EfsStat st = await _modem.Efs.LstatAsync(root, ct).ConfigureAwait(false);
                device[root] = new EfsDirEntry("", root, st.IsDirectory ? EfsDirEntryType.Directory : EfsDirEntryType.Regular, st.Mode, st.Size, 0, 0, 0);
            }
            catch (EfsException ex) when (ex.Errno == EfsErrno.ENOENT)
            {
            }
        }

        if (root == EfsPath.Root || device.ContainsKey(root))
        {
            await foreach (var e in _modem.Efs.WalkAsync(root, false, ct).ConfigureAwait(false))
            {
                device[e.Path] = e;
            }
        }

        var diffs = new List<Difference>();
        long total = entries.Sum(e => e.Size);
        long done = 0;
        int n = 0;
        foreach (var m in entries)
        {
            progress?.Report(new JobProgress("compare", m.Path, done, total, n, entries.Count));
            n++;
            done += m.Size;
            if (!device.Remove(m.Path, out EfsDirEntry? d))
            {
                diffs.Add(new Difference(m.Path, DifferenceKind.Missing, $"{KindText(m.Kind)} is in the backup, not on the device"));
                continue;
            }

            var kind = ToEntryKind(d.Mode);
            if (kind != m.Kind)
            {
                diffs.Add(new Difference(m.Path, DifferenceKind.Changed, $"kind {KindText(m.Kind)} → {KindText(kind)}"));
                continue;
            }

            var details = new List<string>();
            if (d.Mode != m.Mode)
            {
                details.Add($"mode {Octal(m.Mode)} → {Octal(d.Mode)}");
            }

            switch (kind)
            {
                case EntryKind.Symlink:
                    string target = await _modem.Efs.ReadlinkAsync(m.Path, ct).ConfigureAwait(false);
                    if (!string.Equals(target, m.LinkTarget, StringComparison.Ordinal))
                    {
                        details.Add($"link target '{m.LinkTarget}' → '{target}'");
                    }

                    break;
                case EntryKind.File or EntryKind.ItemFile:
                    if (kind == EntryKind.File && d.Size != m.Size)
                    {
                        details.Add($"size {m.Size} → {d.Size}");
                    }
                    else if (!m.Unreadable && m.Sha256 is not null)
                    {
                        await using var sink = new Sha256WriteStream();
                        await _modem.Efs.ReadContentAsync(m.Path, kind == EntryKind.ItemFile, sink, null, ct).ConfigureAwait(false);
                        string hash = Convert.ToHexStringLower(sink.Hash());
                        if (kind == EntryKind.ItemFile && sink.BytesWritten != m.Size)
                        {
                            details.Add($"size {m.Size} → {sink.BytesWritten}");
                        }
                        else if (!string.Equals(hash, m.Sha256, StringComparison.Ordinal))
                        {
                            details.Add("content (sha256) differs");
                        }
                    }

                    break;
            }

            if (details.Count > 0)
            {
                diffs.Add(new Difference(m.Path, DifferenceKind.Changed, string.Join(", ", details)));
            }
        }

        foreach (var extra in device.Values.OrderBy(e => e.Path, StringComparer.Ordinal))
        {
            diffs.Add(new Difference(extra.Path, DifferenceKind.Extra, $"{KindText(ToEntryKind(extra.Mode))} is on the device, not in the backup"));
        }

        diffs.Sort((a, b) => string.CompareOrdinal(a.Path, b.Path));
        return new DeviceComparison(archive, diffs, entries.Count);
    }

    /// <summary>
    /// The archive's NV items (<c>backup --nv</c>) against the modem's, scanned over the same range; null when the
    /// archive holds none. Items the modem protects are compared only after <paramref name="spc"/>.
    /// </summary>
    /// <exception cref="NvFileException">The archive's nv.json cannot be read.</exception>
    public async Task<NvImageDiffResult?> NvAgainstDeviceAsync(string archivePath, string? spc, IProgress<JobProgress>? progress, CancellationToken ct)
    {
        BackupSource source;
        try
        {
            source = await BackupSource.OpenAsync(archivePath, ct: ct).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or InvalidDataException or ArchiveValidationException)
        {
            throw new NvFileException($"{archivePath}: not a readable backup archive: {ex.Message}");
        }

        if (await NvArchiveFile.ReadAsync(source, ct).ConfigureAwait(false) is not { } saved)
        {
            return null;
        }

        NvBackupFile now = await new NvJob(_modem).BackupAsync(NvJob.ScannedLast(saved), null, progress, ct, spc, itemFiles: saved.ItemFiles is { Count: > 0 }).ConfigureAwait(false);
        return NvImageDiff.Compare(saved, now);
    }

    /// <summary>The backed-up subtree: the first entry when it is a directory holding all others, else "/".</summary>
    public static string SubtreeRoot(IReadOnlyList<ManifestEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        if (entries.Count == 0 || entries[0].Kind != EntryKind.Directory)
        {
            return EfsPath.Root;
        }

        string r = entries[0].Path;
        return entries.All(e => e.Path == r || e.Path.StartsWith(r + "/", StringComparison.Ordinal)) ? r : EfsPath.Root;
    }

    private static EntryKind ToEntryKind(int mode) => Archive.EntryModes.KindOf(mode);

    private static string KindText(EntryKind k) => k switch
    {
        EntryKind.ItemFile => "item file",
        EntryKind.Directory => "directory",
        EntryKind.Symlink => "symlink",
        _ => "file",
    };

    private static string Octal(int mode) => "0" + Convert.ToString(mode, 8);
}
