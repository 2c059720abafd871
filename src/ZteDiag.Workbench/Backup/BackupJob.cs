using System.Diagnostics;
using System.IO.Pipelines;
using ZteDiag.Device;
using ZteDiag.Device.Efs;
using ZteDiag.Protocol.Efs;
using ZteDiag.Workbench.Archive;
using ZteDiag.Workbench.Connection;
using ZteDiag.Workbench.Jobs;
using ZteDiag.Workbench.Local;
using ZteDiag.Workbench.Nv;
using ZteDiag.Workbench.Safety;
using EfsMode = ZteDiag.Protocol.Efs.EfsMode;

namespace ZteDiag.Workbench.Backup;

/// <summary>What to back up and where.</summary>
public sealed record BackupPlan
{
    /// <summary>Archive path; a directory or null = the default name (<see cref="BackupNaming.DefaultFileName"/>) in it / the current directory.</summary>
    public string? OutputPath { get; init; }

    /// <summary>Stick name put into the default file name (several sticks at once); null = the one-stick name.</summary>
    public string? StickName { get; init; }

    /// <summary>EFS subtree to back up ("/" = everything).</summary>
    public string Root { get; init; } = "/";

    /// <summary>Also scan NV items (and the EFS NV item files) into nv.qcn and nv.json.</summary>
    public bool IncludeNv { get; init; }

    /// <summary>Last NV id of the 0..N scan (plus the backup set).</summary>
    public ushort NvLastItem { get; init; } = NvJob.DefaultLastItem;

    /// <summary>Service programming code sent when NV items need it (null: SPC-protected items are listed as not saved).</summary>
    public string? NvSpc { get; init; }

    /// <summary>Replace an existing archive.</summary>
    public bool Overwrite { get; init; }

    /// <summary>Registry to record the backup in; null = do not record.</summary>
    public BackupRegistry? Registry { get; init; }

    /// <summary>Tool version written into the manifest.</summary>
    public string ToolVersion { get; init; } = typeof(BackupJob).Assembly.GetName().Version?.ToString() ?? "0";
}

/// <summary>An entry the modem refused to read (recorded in the manifest as unreadable).</summary>
/// <param name="Path">EFS path.</param>
/// <param name="Reason">Errno name or message.</param>
public sealed record UnreadableEntry(string Path, string Reason);

/// <summary>Outcome of <see cref="BackupJob.RunAsync"/>.</summary>
/// <param name="ArchivePath">Full path of the written archive.</param>
/// <param name="Manifest">The manifest written.</param>
/// <param name="Verification">The verifier's report on the finished archive.</param>
/// <param name="Unreadable">Entries the modem refused to read.</param>
/// <param name="NvItems">NV items stored (0 without --nv).</param>
/// <param name="ContentBytes">File content bytes stored.</param>
/// <param name="Elapsed">Wall time of walk + read + write (verification excluded).</param>
/// <param name="Warnings">Identity pieces that could not be read, and similar.</param>
public sealed record BackupResult(
    string ArchivePath, BackupManifest Manifest, ArchiveVerificationResult Verification, IReadOnlyList<UnreadableEntry> Unreadable,
    int NvItems, long ContentBytes, TimeSpan Elapsed, IReadOnlyList<string> Warnings)
{
    /// <summary>The write token for this device, or null when verification failed.</summary>
    public VerifiedBackup? Token { get; init; }

    /// <summary>NV items the modem would read only after the SPC, which was not given: NOT in the archive.</summary>
    public IReadOnlyList<int> NvNotSaved { get; init; } = [];

    /// <summary>Names the modem listed that were left out as not one path component (also in the manifest).</summary>
    public IReadOnlyList<RefusedName> RefusedNames { get; init; } = [];
}

/// <summary>
/// Full (or subtree) EFS backup into a .tar.gz with manifest: walks with READDIR (symlinks read
/// with READLINK), reads files (windowed READ, streamed through a pipe so memory stays flat) and
/// item files (GET, or OPEN/READ on old firmware), records refused entries as unreadable, adds
/// nv.qcn and nv.json with --nv, then verifies the archive and records it in the registry.
/// </summary>
public sealed class BackupJob
{
    /// <summary>Files up to this size are read into memory first (so a refused READ leaves no half entry).</summary>
    public const int BufferedFileLimit = 256 * 1024;

    private readonly ModemConnection _modem;
    private readonly TimeProvider _time;

    /// <summary>Creates the job for one open modem.</summary>
    public BackupJob(ModemConnection modem, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(modem);
        _modem = modem;
        _time = time ?? TimeProvider.System;
    }

    /// <summary>Runs the backup. Cancelling leaves no archive behind (the temporary file is deleted).</summary>
    public async Task<BackupResult> RunAsync(BackupPlan plan, IProgress<JobProgress>? progress, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var clock = Stopwatch.StartNew();
        await _modem.EnsureEfsAsync(ct).ConfigureAwait(false);
        DateTimeOffset started = _time.GetUtcNow();
        ProbedDevice device = await DeviceProbe.ReadAsync(_modem, ct).ConfigureAwait(false);
        string path = ResolveOutput(plan.OutputPath, device.Identity, _time.GetLocalNow(), plan.StickName);
        LocalPaths.CheckOutput(path, plan.Overwrite, "--overwrite"); // only a regular file is ever replaced
        string root = EfsPath.Normalize(plan.Root);

        progress?.Report(new JobProgress("walk", root, 0, 0, 0, 0));
        int refusedBefore = _modem.Efs.RefusedNames.Count; // the client keeps every listing's; this backup reports its own
        int closesBefore = _modem.Efs.RefusedCloses.Count;
        var entries = new List<EfsDirEntry>();
        if (root != EfsPath.Root)
        {
            EfsStat st = await _modem.Efs.LstatAsync(root, ct).ConfigureAwait(false);
            entries.Add(new EfsDirEntry(root[(root.LastIndexOf('/') + 1)..], root,
                st.IsDirectory ? EfsDirEntryType.Directory : EfsDirEntryType.Regular, st.Mode, st.Size, st.AccessTime, st.ModifyTime, st.ChangeTime));
        }

        if (root == EfsPath.Root || entries[0].IsDirectory)
        {
            int before = entries.Count;
            var listed = progress is null ? null : new Progress(n => progress.Report(new JobProgress("walk", root, 0, 0, before + (int)n, 0)));
            entries.AddRange(await _modem.Efs.ListTreeAsync(root, listed, ct).ConfigureAwait(false));
        }

        var refusedNames = _modem.Efs.RefusedNames.Skip(refusedBefore).Select(r => new RefusedName(r.Directory, r.Name, r.Reason)).ToList();
        entries = WithoutUnstorableNames(entries, refusedNames);

        int? modemMax = _modem.Efs.QueryInfo?.MaxFileSize;
        foreach (EfsDirEntry e in entries.Where(IsFileLike))
        {
            DeviceSizeCheck.Ensure(e.Path, e.Size, modemMax, ArchiveLimits.Default); // before the archive exists
        }

        long total = entries.Where(e => IsFileLike(e)).Sum(e => e.Size);
        var unreadable = new List<UnreadableEntry>();
        long done = 0;
        int files = 0;
        var header = new BackupHeader(plan.ToolVersion, started, device.Identity, _modem.Efs.Subsystem);
        BackupManifest manifest;
        int nvCount = 0;
        IReadOnlyList<int> nvNotSaved = [];
        await using (var writer = BackupArchiveWriter.Create(path, header, null, plan.Overwrite))
        {
            foreach (RefusedName r in refusedNames)
            {
                writer.AddRefusedName(r);
            }

            var batched = new Dictionary<string, EfsFileContent>(StringComparer.Ordinal);
            bool failed = true;
            try
            {
                for (int i = 0; i < entries.Count; i++)
                {
                    ct.ThrowIfCancellationRequested();
                    EfsDirEntry e = entries[i];
                    var info = new EfsEntryInfo(e.Path, e.Mode, e.Size, e.AccessTime, e.ModifyTime, e.ChangeTime);
                    progress?.Report(new JobProgress("read", e.Path, done, total, files, entries.Count));
                    switch (EfsMode.KindOf(e.Mode))
                    {
                        case EfsFileKind.Directory:
                            writer.AddDirectory(info with { Size = 0 });
                            break;
                        case EfsFileKind.Symlink:
                            try
                            {
                                writer.AddSymlink(info, await _modem.Efs.ReadlinkAsync(e.Path, ct).ConfigureAwait(false));
                            }
                            catch (EfsException ex)
                            {
                                Refused(writer, unreadable, info, ex);
                            }

                            break;
                        case EfsFileKind.ItemFile:
                        case EfsFileKind.Regular when e.Size <= EfsClient.MaxBatchFileSize:
                            EfsFileContent content = await BatchedAsync(entries, i, batched, ct).ConfigureAwait(false);
                            if (content.Data is { } data)
                            {
                                using var ms = new MemoryStream(data, writable: false);
                                await writer.AddFileAsync(info with { Size = data.Length }, ms, ct).ConfigureAwait(false);
                                done += data.Length;
                            }
                            else
                            {
                                Refused(writer, unreadable, info, content.Refusal);
                            }

                            break;
                        case EfsFileKind.Regular:
                            done += await AddRegularAsync(writer, info, unreadable, b => progress?.Report(new JobProgress("read", e.Path, done + b, total, files, entries.Count)), ct)
                                .ConfigureAwait(false);
                            break;
                        default:
                            Refused(writer, unreadable, info, null, "not a file, directory, symlink or item file (FIFO/device?)");
                            break;
                    }

                    files++;
                }

                failed = false;
            }
            finally
            {
                // the last small-file batch's handles wait for a next batch that will not come
                await _modem.Efs.CloseBatchedFilesAsync(alreadyFailing: failed).ConfigureAwait(false);
            }

            if (plan.IncludeNv)
            {
                // the whole NV image as QPST keeps it (items and /nv/item_files) in nv.qcn, the same items as JSON in nv.json
                var nv = await new NvJob(_modem, _time).BackupAsync(plan.NvLastItem, device.Identity, progress, ct, plan.NvSpc, itemFiles: true).ConfigureAwait(false);
                nvCount = nv.Items.Count;
                nvNotSaved = nv.NotSaved ?? [];
                await writer.AddNvJsonAsync(nv.ToJson(), ct).ConfigureAwait(false);
                await writer.AddNvQcnAsync(NvFiles.Encode(nv, NvFileFormat.Qcn, ArchivePaths.NvQcnName, device.Identity.Revision ?? ""), ct).ConfigureAwait(false);
            }

            progress?.Report(new JobProgress("finish", null, done, total, files, entries.Count));
            manifest = await writer.CompleteAsync(ct).ConfigureAwait(false);
        }

        TimeSpan elapsed = clock.Elapsed;
        progress?.Report(new JobProgress("verify", path, done, total, files, entries.Count));
        var verification = await ArchiveVerifier.VerifyAsync(path, ct).ConfigureAwait(false);
        VerifiedBackup? token = verification.IsValid ? new VerifiedBackup(path, verification.Manifest!, _time.GetUtcNow()) : null;
        plan.Registry?.Add(new RecentBackup(path, started, device.Identity.ImeiHash, device.Identity.ImeiSalt,
            device.Identity.Model, device.Identity.Revision, verification.IsValid));
        // a refused CLOSE after a whole read costs nothing in the archive, but the technician hears of it
        IReadOnlyList<string> warnings =
        [
            .. device.Warnings,
            .. _modem.Efs.RefusedCloses.Skip(closesBefore).Select(e => $"the modem refused to close a file it had sent whole: {e.Message}"),
        ];
        return new BackupResult(path, manifest, verification, unreadable, nvCount, done, elapsed, warnings) { Token = token, NvNotSaved = nvNotSaved, RefusedNames = refusedNames };
    }

    /// <summary>
    /// The listing without the entries whose path the archive cannot hold (a control character, a backslash, a
    /// character above one byte, over 1024 bytes: <see cref="EfsNameRule"/>), each recorded in
    /// <paramref name="refused"/>; what lies under such a directory goes with it. Another tool may have made such a
    /// name; the rest of the modem is still backed up, and the backup says what it left out.
    /// </summary>
    private static List<EfsDirEntry> WithoutUnstorableNames(List<EfsDirEntry> entries, List<RefusedName> refused)
    {
        var kept = new List<EfsDirEntry>(entries.Count);
        string? under = null; // pre-order: everything below a refused directory follows it
        foreach (EfsDirEntry e in entries)
        {
            if (under is not null && e.Path.StartsWith(under, StringComparison.Ordinal))
            {
                continue;
            }

            under = null;
            if (EfsNameRule.Problem(e.Path) is { } why)
            {
                refused.Add(new RefusedName(EfsPath.Parent(e.Path), e.Name, e.IsDirectory ? $"{why}; not backed up, nor anything under it" : $"{why}; not backed up"));
                under = e.IsDirectory ? e.Path + "/" : null;
                continue;
            }

            kept.Add(e);
        }

        return kept;
    }

    /// <summary>The archive path for <paramref name="output"/>: as given, or the default name inside a directory / the current directory.</summary>
    public static string ResolveOutput(string? output, DeviceIdentity identity, DateTimeOffset localNow, string? stick = null)
    {
        ArgumentNullException.ThrowIfNull(identity);
        string name = stick is null
            ? BackupNaming.DefaultFileName(identity.Model, identity.Revision, localNow)
            : BackupNaming.DefaultFileName(identity.Model, identity.Revision, stick, localNow);
        if (string.IsNullOrEmpty(output))
        {
            return Path.GetFullPath(name);
        }

        return Directory.Exists(output) ? Path.GetFullPath(Path.Combine(output, name)) : Path.GetFullPath(output);
    }

    /// <summary>
    /// The content of the item file or small file <c>entries[index]</c>. Read in batches with the next
    /// entries of the same kind (one round trip for up to 16 item files, two for up to 4 small files),
    /// kept in <paramref name="batched"/> until their turn comes.
    /// </summary>
    private async Task<EfsFileContent> BatchedAsync(List<EfsDirEntry> entries, int index, Dictionary<string, EfsFileContent> batched, CancellationToken ct)
    {
        EfsDirEntry first = entries[index];
        if (batched.Remove(first.Path, out EfsFileContent? ready))
        {
            return ready;
        }

        bool items = first.Kind == EfsFileKind.ItemFile;
        int limit = items ? EfsClient.MaxBatchItems : EfsClient.MaxBatchFiles;
        var group = new List<EfsDirEntry>();
        for (int j = index; j < entries.Count && group.Count < limit; j++)
        {
            EfsDirEntry e = entries[j];
            bool fits = items ? e.Kind == EfsFileKind.ItemFile : e.Kind == EfsFileKind.Regular && e.Size <= EfsClient.MaxBatchFileSize;
            if (fits && !batched.ContainsKey(e.Path))
            {
                group.Add(e);
            }
        }

        IReadOnlyList<EfsFileContent> read = items
            ? await _modem.Efs.GetItemsAsync([.. group.Select(e => e.Path)], ct).ConfigureAwait(false)
            : await _modem.Efs.ReadSmallFilesAsync([.. group.Select(e => (e.Path, (long)e.Size))], ct).ConfigureAwait(false);
        for (int k = 0; k < group.Count; k++)
        {
            batched[group[k].Path] = read[k];
        }

        return batched.Remove(first.Path, out ready) ? ready : throw new InvalidOperationException("a batched read lost " + first.Path);
    }

    private static bool IsFileLike(EfsDirEntry e) => EfsMode.KindOf(e.Mode) is EfsFileKind.Regular or EfsFileKind.ItemFile;

    private static void Refused(BackupArchiveWriter writer, List<UnreadableEntry> list, EfsEntryInfo info, EfsException? ex, string? reason = null)
    {
        string why = reason ?? ex!.Errno.ToString();
        writer.AddUnreadable(info, why);
        list.Add(new UnreadableEntry(info.Path, why));
    }

    private async Task<long> AddRegularAsync(
        BackupArchiveWriter writer, EfsEntryInfo info, List<UnreadableEntry> unreadable, Action<long> report, CancellationToken ct)
    {
        var bytes = new Progress(report);
        if (info.Size <= BufferedFileLimit)
        {
            using var ms = new MemoryStream((int)Math.Max(0, info.Size));
            try
            {
                await _modem.Efs.ReadFileAsync(info.Path, ms, bytes, ct).ConfigureAwait(false);
            }
            catch (EfsException ex)
            {
                Refused(writer, unreadable, info, ex);
                return 0;
            }

            ms.Position = 0;
            await writer.AddFileAsync(info with { Size = ms.Length }, ms, ct).ConfigureAwait(false);
            return ms.Length;
        }

        // Large file: stream modem → pipe → tar. The tar header needs the size up front, and the file may
        // have changed since the listing: take it from a fresh stat (the read streams up to its own FSTAT).
        try
        {
            info = info with { Size = (await _modem.Efs.StatAsync(info.Path, ct).ConfigureAwait(false)).Size };
        }
        catch (EfsException ex)
        {
            Refused(writer, unreadable, info, ex);
            return 0;
        }

        DeviceSizeCheck.Ensure(info.Path, info.Size, _modem.Efs.QueryInfo?.MaxFileSize, ArchiveLimits.Default);

        // Wait for the first bytes (or the failure) before the tar header is written, so a refused
        // OPEN/READ still becomes an "unreadable" entry.
        var pipe = new Pipe(new PipeOptions(pauseWriterThreshold: 256 * 1024, resumeWriterThreshold: 128 * 1024, useSynchronizationContext: false));
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct);
        Task<long> read = Task.Run(async () =>
        {
            try
            {
                await using Stream sink = pipe.Writer.AsStream(leaveOpen: true);
                long n = await _modem.Efs.ReadFileAsync(info.Path, sink, bytes, linked.Token).ConfigureAwait(false);
                await pipe.Writer.CompleteAsync().ConfigureAwait(false);
                return n;
            }
            catch (Exception ex)
            {
                await pipe.Writer.CompleteAsync(ex).ConfigureAwait(false);
                throw;
            }
        }, linked.Token);

        // one try/finally from the first wait on: whatever ends this (cancellation included), the read and
        // its CLOSE are over before the next EFS request goes out
        try
        {
            try
            {
                ReadResult first = await pipe.Reader.ReadAsync(ct).ConfigureAwait(false);
                pipe.Reader.AdvanceTo(first.Buffer.Start, first.Buffer.Start);
            }
            catch (EfsException ex)
            {
                Refused(writer, unreadable, info, ex);
                return 0;
            }

            await using Stream source = pipe.Reader.AsStream(leaveOpen: true);
            await writer.AddFileAsync(info, source, ct).ConfigureAwait(false);
            return await read.ConfigureAwait(false);
        }
        catch (InvalidDataException ex)
        {
            // changed again between the stat and the read's own FSTAT (the archive is faulted: run again)
            throw new DiagLinkException($"EFS read {info.Path}: {ex.Message}", ex, isTransient: true);
        }
        finally
        {
            await linked.CancelAsync().ConfigureAwait(false);
            await pipe.Reader.CompleteAsync().ConfigureAwait(false);
            await Drain(read).ConfigureAwait(false);
        }
    }

    private static async Task Drain(Task task)
    {
        try
        {
            await task.ConfigureAwait(false);
        }
#pragma warning disable CA1031 // the reader's failure was already reported through the pipe
        catch (Exception)
        {
        }
#pragma warning restore CA1031
    }

    private sealed class Progress(Action<long> report) : IProgress<long>, IProgress<int>
    {
        public void Report(long value) => report(value);

        public void Report(int value) => report(value);
    }
}
