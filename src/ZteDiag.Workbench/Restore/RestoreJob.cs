using System.Reflection;
using ZteDiag.Device.Efs;
using ZteDiag.Protocol.Efs;
using ZteDiag.Workbench.Archive;
using ZteDiag.Workbench.Jobs;
using ZteDiag.Workbench.Safety;

namespace ZteDiag.Workbench.Restore;

/// <summary>
/// Applies a <see cref="RestorePlan"/> the SAFETY.md way: the device check first (a backup of another
/// modem is refused), a journal on disk, then a verified safety backup of everything the plan
/// touches, then the steps (directories; files and item files through <see cref="SafeEfsWriter"/>:
/// temp name, read-back, rename; symlinks, modes, deletes last), journalling each step.
/// <see cref="ResumeAsync"/> picks up a cut restore and converges.
/// </summary>
public static class RestoreJob
{
    /// <summary>
    /// Starts a restore: refuses a backup of another modem (unless <see cref="RestoreOptions.AllowOtherDevice"/>),
    /// writes the journal, takes and verifies the safety backup, applies every change of
    /// <paramref name="plan"/>. The source must be the one the plan was made from, and
    /// <paramref name="device"/> the check of that source against the modem behind <paramref name="efs"/>.
    /// </summary>
    /// <exception cref="SafetyException">The backup belongs to another modem, or a write did not read back as written.</exception>
    /// <exception cref="RestoreException">The safety backup failed to verify, or the source does not match the plan.</exception>
    public static async Task<RestoreResult> ApplyAsync(
        EfsClient efs, BackupSource source, RestorePlan plan, RestoreDeviceCheck device, RestoreOptions options,
        IProgress<JobProgress>? progress = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(efs);
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(device);
        ArgumentNullException.ThrowIfNull(options);
        device.Enforce(source.SourcePath, options.AllowOtherDevice);
        plan.EnsureApplicable(); // limits and free space were checked in planning: refused before the journal
        string dir = Path.GetFullPath(options.JournalDirectory ?? RestoreJournalStore.DefaultDirectory);
        DateTimeOffset now = options.Time.GetUtcNow();
        string id = RestoreJournalStore.NewId(now);
        var journal = new RestoreJournal
        {
            Id = id,
            CreatedUtc = now,
            SourcePath = source.SourcePath,
            Origin = source.Origin,
            SafetyBackupPath = Path.Combine(dir, id + ".safety.tar.gz"),
            Phase = RestorePhase.Planned,
            Only = RestorePlanner.NormalizeOnly(options.Only),
            DeleteExtra = options.DeleteExtra,
            DeviceMatch = device.Match,
            Device = device.Device,
            Steps = plan.Changes.ToList(),
        };
        RestoreJournalStore.Save(dir, journal);
        var run = new Run(efs, source, dir, journal, options, progress, resuming: false);
        return await run.ExecuteAsync(ct).ConfigureAwait(false);
    }

    /// <summary>
    /// Continues the restore recorded in <paramref name="journalPath"/>: checks the modem is the one
    /// the restore started on (<see cref="ResumeDeviceCheck"/>; --other-device accepts a journal without IMEI), re-validates the source,
    /// re-takes the safety backup if it was not finished (nothing was written then) or re-verifies it,
    /// and for every pending step removes a leftover temp file, marks the step done when the device
    /// already matches, and redoes it otherwise.
    /// </summary>
    /// <param name="efs">EFS client of the modem.</param>
    /// <param name="journalPath">The journal of the cut restore.</param>
    /// <param name="deviceImei">The IMEI the modem reports now, or null when it reports none.</param>
    /// <param name="options">Journal directory, limits, clock.</param>
    /// <param name="progress">Progress sink.</param>
    /// <param name="ct">Cancellation.</param>
    /// <exception cref="SafetyException">The modem is not the one the restore started on, or a step fails to verify.</exception>
    /// <exception cref="RestoreException">The journal is unreadable, its source changed, or the safety backup is missing.</exception>
    /// <exception cref="ArchiveValidationException">The source no longer validates.</exception>
    public static async Task<RestoreResult> ResumeAsync(
        EfsClient efs, string journalPath, string? deviceImei, RestoreOptions options, IProgress<JobProgress>? progress = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(efs);
        ArgumentException.ThrowIfNullOrEmpty(journalPath);
        ArgumentNullException.ThrowIfNull(options);
        RestoreJournal journal = RestoreJournalStore.Load(journalPath);
        ResumeDeviceCheck.Enforce(journal.Device, deviceImei, options.AllowOtherDevice, "restore", journalPath);

        BackupSource source = await OpenSourceForResumeAsync(journal, options, ct).ConfigureAwait(false);
        string dir = Path.GetDirectoryName(Path.GetFullPath(journalPath))!;
        var run = new Run(efs, source, dir, journal, options, progress, resuming: true);
        return await run.ExecuteAsync(ct).ConfigureAwait(false);
    }

    /// <summary>
    /// Opens (and fully validates) the backup a journal was made from, and checks that every content
    /// the journal still has to write is in it with the same SHA-256. Call before any device I/O.
    /// </summary>
    public static async Task<BackupSource> OpenSourceForResumeAsync(RestoreJournal journal, RestoreOptions options, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(journal);
        ArgumentNullException.ThrowIfNull(options);
        BackupSource source = await BackupSource.OpenAsync(journal.SourcePath, options.Limits, ct).ConfigureAwait(false);
        var byPath = source.Manifest.Entries.ToDictionary(e => e.Path, StringComparer.Ordinal);
        foreach (RestoreStep s in journal.Steps.Where(s => s.State == RestoreStepState.Pending && NeedsContent(s)))
        {
            if (!byPath.TryGetValue(s.Path, out ManifestEntry? e) || e.Sha256 != s.Sha256 || e.Kind != s.Kind)
            {
                throw new RestoreException($"the backup '{journal.SourcePath}' changed since the restore started: '{s.Path}' differs");
            }
        }

        return source;
    }

    internal static bool NeedsContent(RestoreStep s) =>
        s.Kind is EntryKind.File or EntryKind.ItemFile && s.Action is RestoreAction.Create or RestoreAction.Replace;

    internal static string ToolVersion =>
        typeof(RestoreJob).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";

    /// <summary>One execution (fresh or resumed) of a journal.</summary>
    private sealed class Run(
        EfsClient efs, BackupSource source, string dir, RestoreJournal journal, RestoreOptions options,
        IProgress<JobProgress>? progress, bool resuming)
    {
        private readonly List<RestoreStep> _steps = [.. journal.Steps];
        private RestoreJournal _journal = journal;
        private SafeEfsWriter? _writer;
        private int _applied;
        private int _alreadyDone;
        private readonly List<RestoreStep> _refused = [];
        private long _bytesDone;
        private int _filesDone;
        private readonly long _bytesTotal = journal.Steps.Where(NeedsContent).Sum(s => s.Size);
        private readonly int _filesTotal = journal.Steps.Count;
        private bool Modes => _journal.Origin == SourceOrigin.Archive;

        public async Task<RestoreResult> ExecuteAsync(CancellationToken ct)
        {
            _filesDone = _steps.Count(s => s.State == RestoreStepState.Done);
            VerifiedBackup safety;
            if (_journal.Phase == RestorePhase.Planned)
            {
                safety = await SafetyBackup.WriteAsync(efs, _steps, _journal.SafetyBackupPath, options, progress, ct).ConfigureAwait(false);
                Save(RestorePhase.Applying);
            }
            else
            {
                safety = await SafetyBackup.VerifyAsync(_journal.SafetyBackupPath, options, ct).ConfigureAwait(false);
            }

            // every file write goes through the one writer that enforces SAFETY.md, bound to the safety backup
            _writer = new SafeEfsWriter(safety);

            // 1. directories, parents first
            for (int i = 0; i < _steps.Count; i++)
            {
                if (_steps[i] is { State: RestoreStepState.Pending, Kind: EntryKind.Directory } s && s.Action != RestoreAction.Delete)
                {
                    await DoAsync(i, () => DirectoryAsync(s, ct)).ConfigureAwait(false);
                }
            }

            // 2. file content, streamed from the source in its order
            var pendingWrites = new Dictionary<string, int>(StringComparer.Ordinal);
            for (int i = 0; i < _steps.Count; i++)
            {
                if (_steps[i].State == RestoreStepState.Pending && NeedsContent(_steps[i]))
                {
                    pendingWrites[_steps[i].Path] = i;
                }
            }

            if (pendingWrites.Count > 0)
            {
                await foreach (BackupContent c in source.ReadFilesAsync(ct).ConfigureAwait(false))
                {
                    if (!pendingWrites.Remove(c.Entry.Path, out int i))
                    {
                        continue;
                    }

                    byte[] data = await ReadAllAsync(c.Content, _steps[i].Size, ct).ConfigureAwait(false);
                    if (RestorePlanner.Sha256Hex(data) != _steps[i].Sha256)
                    {
                        throw new RestoreException($"'{c.Entry.Path}': the backup content does not match the plan");
                    }

                    RestoreStep s = _steps[i];
                    await DoAsync(i, () => WriteAsync(s, data, ct)).ConfigureAwait(false);
                    _bytesDone += data.Length;
                }

                if (pendingWrites.Count > 0)
                {
                    throw new RestoreException($"the backup has no content for '{pendingWrites.Keys.First()}'");
                }
            }

            // 3. symlinks and mode-only changes of files
            for (int i = 0; i < _steps.Count; i++)
            {
                RestoreStep s = _steps[i];
                if (s.State != RestoreStepState.Pending || s.Action == RestoreAction.Delete || s.Kind == EntryKind.Directory || NeedsContent(s))
                {
                    continue;
                }

                await DoAsync(i, () => s.Kind == EntryKind.Symlink ? SymlinkAsync(s, ct) : ChmodOnlyAsync(s, ct)).ConfigureAwait(false);
            }

            // 4. deletes, in plan order (files, then directories bottom-up)
            for (int i = 0; i < _steps.Count; i++)
            {
                RestoreStep s = _steps[i];
                if (s is { State: RestoreStepState.Pending, Action: RestoreAction.Delete })
                {
                    await DoAsync(i, () => DeleteAsync(s, ct)).ConfigureAwait(false);
                }
            }

            Save(RestorePhase.Complete);
            progress?.Report(new JobProgress("done", null, _bytesDone, _bytesTotal, _filesTotal, _filesTotal));
            return new RestoreResult(RestoreJournalStore.PathFor(dir, _journal.Id), _journal.SafetyBackupPath, _applied, _alreadyDone) { Refused = _refused };
        }

        /// <summary>Runs one step (unless resuming finds it already applied) and journals it as done.</summary>
        private async Task DoAsync(int index, Func<Task<bool>> apply)
        {
            RestoreStep s = _steps[index];
            progress?.Report(new JobProgress("apply", s.Path, _bytesDone, _bytesTotal, _filesDone, _filesTotal));
            if (s.Action is RestoreAction.Replace or RestoreAction.Delete && _writer!.Backup.Find(s.Path) is { Unreadable: true } kept)
            {
                // what the safety backup could not read could never be put back: leave it as it is
                RestoreStep skipped = s with
                {
                    Action = RestoreAction.Skip,
                    State = RestoreStepState.Done,
                    Reason = $"refused to {(s.Action == RestoreAction.Delete ? "delete" : "replace")}: the safety backup could not read it ({kept.UnreadableReason}), so it could not be restored",
                };
                _refused.Add(skipped);
                _steps[index] = skipped;
                _filesDone++;
                Save(_journal.Phase);
                return;
            }

            bool applied = await apply().ConfigureAwait(false);
            if (applied)
            {
                _applied++;
            }
            else
            {
                _alreadyDone++;
            }

            _steps[index] = s with { State = RestoreStepState.Done };
            _filesDone++;
            Save(_journal.Phase);
        }

        private void Save(RestorePhase phase)
        {
            _journal = _journal with { Phase = phase, Steps = [.. _steps] };
            RestoreJournalStore.Save(dir, _journal);
        }

        private async Task<bool> DirectoryAsync(RestoreStep s, CancellationToken ct)
        {
            EfsStat? st = await RestorePlanner.TryLstatAsync(efs, s.Path, ct).ConfigureAwait(false);
            if (st is { Kind: EfsFileKind.Directory } && (!Modes || (st.Mode & RestorePlanner.PermissionMask) == (s.Mode & RestorePlanner.PermissionMask)))
            {
                return false; // already as planned (created meanwhile, or by a cut run)
            }

            if (st is null)
            {
                int perm = Modes ? s.Mode & RestorePlanner.PermissionMask : EfsClient.DefaultDirectoryMode;
                await efs.MkdirAsync(s.Path, perm, parents: true, ct).ConfigureAwait(false);
                if (Modes)
                {
                    await efs.ChmodAsync(s.Path, perm, ct).ConfigureAwait(false);
                }

                return true;
            }

            if (st.Kind != EfsFileKind.Directory)
            {
                throw new RestoreException($"'{s.Path}': the device has a {RestorePlanner.Describe(RestorePlanner.KindOf(st.Kind))} where a directory belongs");
            }

            await efs.ChmodAsync(s.Path, s.Mode & RestorePlanner.PermissionMask, ct).ConfigureAwait(false);
            return true;
        }

        private async Task<bool> WriteAsync(RestoreStep s, byte[] data, CancellationToken ct)
        {
            if (resuming && await MatchesAsync(s, ct).ConfigureAwait(false))
            {
                // the cut came after the rename: only a leftover temporary file may remain
                await efs.UnlinkAsync(SafeEfsWriter.TempPathFor(s.Path), ct).ConfigureAwait(false);
                if (Modes)
                {
                    await efs.ChmodAsync(s.Path, s.Mode & RestorePlanner.PermissionMask, ct).ConfigureAwait(false);
                }

                return false;
            }

            int perm = Modes ? s.Mode & RestorePlanner.PermissionMask : 0x1FF;
            int type = s.Kind == EntryKind.ItemFile ? ZteDiag.Protocol.Efs.EfsMode.S_IFITM : ZteDiag.Protocol.Efs.EfsMode.S_IFREG;
            await _writer!.WriteFileAtomicAsync(efs, s.Path, data, type | perm, ct).ConfigureAwait(false);
            if (Modes)
            {
                await efs.ChmodAsync(s.Path, perm, ct).ConfigureAwait(false);
            }

            return true;
        }

        private async Task<bool> MatchesAsync(RestoreStep s, CancellationToken ct)
        {
            EfsStat? st = await RestorePlanner.TryLstatAsync(efs, s.Path, ct).ConfigureAwait(false);
            if (st is null || RestorePlanner.KindOf(st.Kind) != s.Kind)
            {
                return false;
            }

            EfsStat full = await efs.StatAsync(s.Path, ct).ConfigureAwait(false);
            if (full.Size != s.Size)
            {
                return false;
            }

            byte[] content = await RestorePlanner.ReadContentAsync(efs, s.Path, st.Kind, ct).ConfigureAwait(false);
            return RestorePlanner.Sha256Hex(content) == s.Sha256;
        }

        private async Task<bool> SymlinkAsync(RestoreStep s, CancellationToken ct)
        {
            EfsStat? st = await RestorePlanner.TryLstatAsync(efs, s.Path, ct).ConfigureAwait(false);
            if (st is { Kind: EfsFileKind.Symlink } && await efs.ReadlinkAsync(s.Path, ct).ConfigureAwait(false) == s.LinkTarget)
            {
                return false;
            }

            if (st is { Kind: EfsFileKind.Directory })
            {
                throw new RestoreException($"'{s.Path}': the device has a directory where a symlink belongs");
            }

            if (st is not null)
            {
                await efs.UnlinkAsync(s.Path, ct).ConfigureAwait(false);
            }

            await efs.SymlinkAsync(s.LinkTarget!, s.Path, ct).ConfigureAwait(false);
            string back = await efs.ReadlinkAsync(s.Path, ct).ConfigureAwait(false);
            if (back != s.LinkTarget)
            {
                throw new RestoreException($"'{s.Path}': the symlink reads back as '{back}', not '{s.LinkTarget}'");
            }

            return true;
        }

        private async Task<bool> ChmodOnlyAsync(RestoreStep s, CancellationToken ct)
        {
            if (!Modes)
            {
                return false;
            }

            await efs.ChmodAsync(s.Path, s.Mode & RestorePlanner.PermissionMask, ct).ConfigureAwait(false);
            return true;
        }

        private async Task<bool> DeleteAsync(RestoreStep s, CancellationToken ct)
        {
            EfsStat? st = await RestorePlanner.TryLstatAsync(efs, s.Path, ct).ConfigureAwait(false);
            if (st is null)
            {
                return false;
            }

            if (st.Kind == EfsFileKind.Directory)
            {
                await efs.RmdirAsync(s.Path, ct).ConfigureAwait(false);
            }
            else
            {
                await efs.UnlinkAsync(s.Path, ct).ConfigureAwait(false);
            }

            return true;
        }

        private static async Task<byte[]> ReadAllAsync(Stream content, long size, CancellationToken ct)
        {
            if (size > int.MaxValue)
            {
                throw new RestoreException($"a file of {size} bytes is too large for an EFS");
            }

            using var ms = new MemoryStream((int)size);
            await content.CopyToAsync(ms, ct).ConfigureAwait(false);
            return ms.ToArray();
        }
    }
}
