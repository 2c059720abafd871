using System.Formats.Tar;
using System.Text;
using SharpCompress.Compressors;
using SharpCompress.Compressors.Deflate;

namespace ZteDiag.Workbench.Archive;

/// <summary>Header fields of a backup's manifest, known before the walk starts.</summary>
/// <param name="ToolVersion">Version of the ZteDiag build writing the archive.</param>
/// <param name="CreatedUtc">When the backup started (from the job's TimeProvider).</param>
/// <param name="Device">Device identity (IMEI only as fingerprint), or null.</param>
/// <param name="EfsSubsystem">DIAG subsystem used for EFS (19 or 62).</param>
public sealed record BackupHeader(string ToolVersion, DateTimeOffset CreatedUtc, DeviceIdentity? Device, int EfsSubsystem = 19);

/// <summary>
/// Streams an EFS backup into a .tar.gz: GNU tar entries (System.Formats.Tar) over SharpCompress's
/// gzip stream at level 6.
/// </summary>
/// <remarks>
/// <para>Layout: <c>efs/…</c> holds directories and the content of files and item files (the
/// manifest says which is which), <c>nv.json</c> and <c>nv.qcn</c> are optional, and <c>manifest.json</c> comes
/// <b>last</b>. The manifest holds every hash, so writing it first would mean spooling the whole
/// backup to a temporary file. Putting it last costs readers nothing: untrusted archives have to
/// be read in full before anything in them is used anyway, so <see cref="BackupSource"/> reads
/// the archive twice (validate, then use) and never buffers content.</para>
/// <para>Memory stays flat: file content goes straight from the caller's stream into the tar
/// stream, with only a copy buffer. The tar header needs the size first, so
/// <see cref="AddFileAsync"/> takes it from the entry (st_size), never passes the tar writer more
/// than that, and checks afterwards that the stream delivered exactly that many bytes. If not (the
/// file changed while it was read), the archive can no longer be made consistent: the writer is
/// faulted, and a file destination is deleted.</para>
/// <para>Symlinks are real tar symlink entries (so <c>tar tzvf</c> shows them and <c>tar xzf</c>
/// recreates them) and are also in the manifest with the target exactly as READLINK returned it.
/// An absolute EFS target (<c>/nv/x</c>) is written into the tar entry relative to the link's
/// directory (<c>../nv/x</c>): readers reject absolute link targets in untrusted archives, and the
/// relative form points at the same entry once the tree is extracted. A target that climbs above
/// the EFS root cannot be expressed inside the tree and stays in the manifest only (as archives
/// from before link entries had every symlink). Tar entries carry the EFS permission bits (0777
/// mask), uid/gid 0, and mtime/atime/ctime; the full mode is in the manifest.</para>
/// <para>With <see cref="Create"/> the archive is written to a temporary file beside the destination
/// and renamed into place by <see cref="CompleteAsync"/>, so a half archive never carries the real
/// name. Not thread-safe: one walker calls it sequentially.</para>
/// </remarks>
public sealed class BackupArchiveWriter : IAsyncDisposable
{
    private readonly Stream _output;
    private readonly bool _leaveOpen;
    private readonly BackupHeader _header;
    private readonly ArchiveLimits _limits;
    private readonly GZipStream _gzip;
    private readonly TarWriter _tar;
    private readonly List<ManifestEntry> _entries = [];
    private readonly List<RefusedName> _refusedNames = [];
    private readonly HashSet<string> _paths = new(StringComparer.Ordinal);
    private readonly HashSet<string> _symlinks = new(StringComparer.Ordinal);
    private readonly string? _tempPath;
    private readonly string? _destinationPath;
    private readonly bool _overwrite;
    private NvSummary? _nv;
    private NvSummary? _nvQcn;
    private long _totalBytes;
    private bool _completed;
    private bool _disposed;
    private Exception? _fault;

    /// <summary>Writes the archive to <paramref name="output"/> (the caller owns renaming and cleanup).</summary>
    public BackupArchiveWriter(Stream output, BackupHeader header, ArchiveLimits? limits = null, bool leaveOpen = false)
        : this(output, header, limits, leaveOpen, null, null, false)
    {
    }

    private BackupArchiveWriter(Stream output, BackupHeader header, ArchiveLimits? limits, bool leaveOpen,
        string? tempPath, string? destinationPath, bool overwrite)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(header);
        _output = output;
        _header = header;
        _limits = limits ?? ArchiveLimits.Default;
        _leaveOpen = leaveOpen;
        _tempPath = tempPath;
        _destinationPath = destinationPath;
        _overwrite = overwrite;
        // Level 6 explicitly (ECOSYSTEM.md §4). GNU format: long names and link targets via
        // LongLink entries, atime/ctime in the header, and no PAX header block before every entry.
        _gzip = new GZipStream(output, CompressionMode.Compress, CompressionLevel.Level6, Encoding.UTF8, leaveOpen: true);
        _tar = new TarWriter(_gzip, TarEntryFormat.Gnu, leaveOpen: true);
    }

    /// <summary>
    /// Starts a backup file: writes to a temporary file beside <paramref name="destinationPath"/>
    /// that <see cref="CompleteAsync"/> renames into place.
    /// </summary>
    /// <exception cref="IOException">The destination exists and <paramref name="overwrite"/> is false.</exception>
    public static BackupArchiveWriter Create(string destinationPath, BackupHeader header, ArchiveLimits? limits = null, bool overwrite = false)
    {
        ArgumentException.ThrowIfNullOrEmpty(destinationPath);
        string full = Path.GetFullPath(destinationPath);
        if (!overwrite && File.Exists(full)) throw new IOException($"'{full}' already exists");
        string dir = Path.GetDirectoryName(full) ?? ".";
        string temp = Path.Combine(dir, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.partial");
        var fs = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 64 * 1024, FileOptions.Asynchronous);
        return new BackupArchiveWriter(fs, header, limits, leaveOpen: false, temp, full, overwrite);
    }

    /// <summary>Entries recorded so far, in order.</summary>
    public IReadOnlyList<ManifestEntry> Entries => _entries;

    /// <summary>Adds a directory (tar directory entry + manifest entry).</summary>
    /// <exception cref="ArgumentException">Bad or duplicate path, or the entry limit is reached.</exception>
    public void AddDirectory(EfsEntryInfo entry)
    {
        var m = Begin(entry, EntryKind.Directory);
        Guard(() => _tar.WriteEntry(TarEntryFor(TarEntryType.Directory, ArchivePaths.ToArchiveName(m.Path) + "/", entry)));
        _entries.Add(m);
    }

    /// <summary>Adds a symlink: a tar symlink entry (target made relative when absolute, see remarks) and the manifest entry.</summary>
    /// <exception cref="ArgumentException">Bad or duplicate path, or an empty/NUL target.</exception>
    public void AddSymlink(EfsEntryInfo entry, string target)
    {
        ArgumentException.ThrowIfNullOrEmpty(target);
        if (target.Contains('\0', StringComparison.Ordinal)) throw new ArgumentException("link target contains NUL", nameof(target));
        var m = Begin(entry, EntryKind.Symlink) with { LinkTarget = target };
        if (ArchivePaths.TarLinkTarget(m.Path, target) is { } inTree)
        {
            var link = TarEntryFor(TarEntryType.SymbolicLink, ArchivePaths.ToArchiveName(m.Path), entry);
            link.LinkName = inTree;
            Guard(() => _tar.WriteEntry(link));
        }

        _entries.Add(m);
        _symlinks.Add(m.Path);
    }

    /// <summary>
    /// Adds a file or item file (kind from the mode's S_IFITM bits), streaming exactly
    /// <see cref="EfsEntryInfo.Size"/> bytes from <paramref name="content"/> and hashing them.
    /// </summary>
    /// <exception cref="ArgumentException">Bad or duplicate path, negative size, or a limit passed.</exception>
    /// <exception cref="InvalidDataException">The stream delivered a different number of bytes; the writer is faulted.</exception>
    public async Task AddFileAsync(EfsEntryInfo entry, Stream content, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(content);
        var m = Begin(entry, EntryModes.FileKind(entry.Mode));
        if (entry.Size < 0) throw new ArgumentException($"'{entry.Path}': negative size", nameof(entry));
        if (entry.Size > _limits.MaxFileBytes) throw new ArgumentException($"'{entry.Path}': {entry.Size} bytes is over the {_limits.MaxFileBytes}-byte file limit", nameof(entry));
        if (_totalBytes + entry.Size > _limits.MaxTotalBytes) throw new ArgumentException($"'{entry.Path}': backup would pass the {_limits.MaxTotalBytes}-byte total limit", nameof(entry));
        using var hashing = new HashingStream(content, entry.Size);
        try
        {
            var file = TarEntryFor(TarEntryType.RegularFile, ArchivePaths.ToArchiveName(m.Path), entry);
            file.DataStream = hashing;
            await _tar.WriteEntryAsync(file, ct).ConfigureAwait(false);
            if (hashing.Count != entry.Size)
                throw new InvalidDataException($"'{m.Path}': content ended after {hashing.Count} of {entry.Size} bytes (file changed while it was read?)");
            byte[] probe = new byte[1];
            if (await content.ReadAsync(probe, ct).ConfigureAwait(false) != 0)
                throw new InvalidDataException($"'{m.Path}': content is longer than its size of {entry.Size} bytes (file changed while it was read?)");
        }
        catch (Exception ex)
        {
            _fault ??= ex;
            throw;
        }
        _totalBytes += entry.Size;
        _entries.Add(m with { Sha256 = hashing.HashHex() });
    }

    /// <summary>Records an entry the modem refused to read, with the errno name as reason; no content is stored.</summary>
    public void AddUnreadable(EfsEntryInfo entry, string reason)
    {
        ArgumentException.ThrowIfNullOrEmpty(reason);
        var m = Begin(entry, EntryModes.KindOf(entry.Mode)) with { Unreadable = true, UnreadableReason = reason };
        _entries.Add(m);
    }

    /// <summary>Records a name the modem listed that was left out (<see cref="BackupManifest.RefusedNames"/>); nothing is stored under it.</summary>
    /// <exception cref="ArgumentException">The entry limit is reached.</exception>
    public void AddRefusedName(RefusedName refused)
    {
        ArgumentNullException.ThrowIfNull(refused);
        ThrowIfUnusable();
        if (_entries.Count + _refusedNames.Count >= _limits.MaxEntries) throw new ArgumentException($"more than {_limits.MaxEntries} entries", nameof(refused));
        _refusedNames.Add(refused);
    }

    /// <summary>Stores nv.json (exactly <paramref name="length"/> bytes from <paramref name="json"/>). At most once.</summary>
    public async Task AddNvJsonAsync(Stream json, long length, CancellationToken ct) =>
        _nv = await AddNvPartAsync(ArchivePaths.NvName, _nv, _limits.MaxNvJsonBytes, json, length, ct).ConfigureAwait(false);

    /// <summary>Stores nv.json from memory.</summary>
    public Task AddNvJsonAsync(ReadOnlyMemory<byte> json, CancellationToken ct)
    {
        var ms = new MemoryStream(json.ToArray(), writable: false);
        return AddNvJsonAsync(ms, ms.Length, ct);
    }

    /// <summary>
    /// Stores nv.qcn, the NV image as QPST's QCN (the caller encodes it from the same items as nv.json: readers
    /// refuse an archive whose two views differ). At most once.
    /// </summary>
    public async Task AddNvQcnAsync(ReadOnlyMemory<byte> qcn, CancellationToken ct)
    {
        var ms = new MemoryStream(qcn.ToArray(), writable: false);
        _nvQcn = await AddNvPartAsync(ArchivePaths.NvQcnName, _nvQcn, _limits.MaxNvQcnBytes, ms, ms.Length, ct).ConfigureAwait(false);
    }

    private async Task<NvSummary> AddNvPartAsync(string name, NvSummary? already, long max, Stream data, long length, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(data);
        ThrowIfUnusable();
        if (already is not null) throw new InvalidOperationException($"{name} was already added");
        if (length < 0 || length > max) throw new ArgumentException($"{name} length {length} is outside 0..{max}", nameof(length));
        using var hashing = new HashingStream(data, length);
        try
        {
            await _tar.WriteEntryAsync(HeaderTimedEntry(name, hashing), ct).ConfigureAwait(false);
            if (hashing.Count != length) throw new InvalidDataException($"{name} ended after {hashing.Count} of {length} bytes");
        }
        catch (Exception ex)
        {
            _fault ??= ex;
            throw;
        }
        return new NvSummary(length, hashing.HashHex());
    }

    /// <summary>
    /// Writes manifest.json (last), finishes the gzip stream and, for <see cref="Create"/>, renames
    /// the temporary file to the destination.
    /// </summary>
    /// <returns>The manifest that was written.</returns>
    public async Task<BackupManifest> CompleteAsync(CancellationToken ct)
    {
        ThrowIfUnusable();
        var manifest = new BackupManifest
        {
            ToolVersion = _header.ToolVersion,
            CreatedUtc = _header.CreatedUtc.ToUniversalTime(),
            Device = _header.Device,
            EfsSubsystem = _header.EfsSubsystem,
            Nv = _nv,
            NvQcn = _nvQcn,
            Entries = _entries.ToArray(),
            RefusedNames = _refusedNames.Count > 0 ? _refusedNames.ToArray() : null,
        };
        byte[] json = BackupManifestJson.Serialize(manifest);
        if (json.Length > _limits.MaxManifestBytes)
            throw new ArchiveValidationException(_destinationPath ?? "backup stream", new ArchiveProblem(ArchiveProblemKind.TooLarge,
                ArchivePaths.ManifestName, $"would be {json.Length} bytes, over the {_limits.MaxManifestBytes}-byte limit; nothing was written"));
        try
        {
            using (var ms = new MemoryStream(json, writable: false))
                await _tar.WriteEntryAsync(HeaderTimedEntry(ArchivePaths.ManifestName, ms), ct).ConfigureAwait(false);
            await _tar.DisposeAsync().ConfigureAwait(false); // tar end blocks
            await _gzip.DisposeAsync().ConfigureAwait(false); // deflate tail + gzip trailer (CRC, length)
            await _output.FlushAsync(ct).ConfigureAwait(false);
            if (_tempPath is not null)
            {
                if (_output is FileStream fs) fs.Flush(flushToDisk: true);
                await _output.DisposeAsync().ConfigureAwait(false);
                File.Move(_tempPath, _destinationPath!, _overwrite);
            }
        }
        catch (Exception ex)
        {
            _fault ??= ex;
            throw;
        }
        _completed = true;
        return manifest;
    }

    /// <summary>Releases the output; without <see cref="CompleteAsync"/>, a temporary file is deleted.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_disposed) return;
        _disposed = true;
        if (!_completed)
        {
            // Cleanup after a failed or cancelled backup: the caller already has the original error,
            // and the half-written temporary archive is deleted just below.
            try
            {
                await _tar.DisposeAsync().ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is IOException or ObjectDisposedException or InvalidOperationException)
            {
            }

            try
            {
                await _gzip.DisposeAsync().ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is IOException or ObjectDisposedException or InvalidOperationException)
            {
            }
        }
        if (!_leaveOpen || _tempPath is not null) await _output.DisposeAsync().ConfigureAwait(false);
        if (!_completed && _tempPath is not null)
        {
            try { File.Delete(_tempPath); }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
        }
    }

    private ManifestEntry Begin(EfsEntryInfo entry, EntryKind kind)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ThrowIfUnusable();
        var problem = ArchivePaths.CheckEfsPath(entry.Path);
        if (problem is not null) throw new ArgumentException($"'{entry.Path}': {problem.Message}", nameof(entry));
        if (_paths.Contains(entry.Path)) throw new ArgumentException($"'{entry.Path}' was already added", nameof(entry));
        if (_entries.Count >= _limits.MaxEntries) throw new ArgumentException($"more than {_limits.MaxEntries} entries", nameof(entry));
        if (ArchivePaths.Ancestors(entry.Path).FirstOrDefault(_symlinks.Contains) is { } link)
            throw new ArgumentException($"'{entry.Path}' lies under the symlink '{link}'", nameof(entry));
        _paths.Add(entry.Path);
        return new ManifestEntry
        {
            Path = entry.Path,
            Kind = kind,
            Mode = entry.Mode,
            Size = kind == EntryKind.Directory ? 0 : entry.Size,
            Atime = entry.Atime,
            Mtime = entry.Mtime,
            Ctime = entry.Ctime,
        };
    }

    private void Guard(Action write)
    {
        try { write(); }
        catch (Exception ex)
        {
            _fault ??= ex;
            throw;
        }
    }

    private void ThrowIfUnusable()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_completed) throw new InvalidOperationException("the archive is already complete");
        if (_fault is not null) throw new InvalidOperationException("the archive writer failed earlier: " + _fault.Message, _fault);
    }

    /// <summary>A tar entry for an EFS entry: its permission bits and its three times.</summary>
    private static GnuTarEntry TarEntryFor(TarEntryType type, string name, EfsEntryInfo entry) => new(type, name)
    {
        Mode = (UnixFileMode)(entry.Mode & 0x1FF),
        ModificationTime = DateTimeOffset.FromUnixTimeSeconds(entry.Mtime),
        AccessTime = DateTimeOffset.FromUnixTimeSeconds(entry.Atime),
        ChangeTime = DateTimeOffset.FromUnixTimeSeconds(entry.Ctime),
    };

    /// <summary>nv.json, nv.qcn and manifest.json: mode 0644, timed at the backup's start.</summary>
    private GnuTarEntry HeaderTimedEntry(string name, Stream data) => new(TarEntryType.RegularFile, name)
    {
        Mode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead,
        ModificationTime = _header.CreatedUtc,
        AccessTime = _header.CreatedUtc,
        ChangeTime = _header.CreatedUtc,
        DataStream = data,
    };
}
