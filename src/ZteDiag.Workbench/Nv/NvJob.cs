using ZteDiag.Device;
using ZteDiag.Device.Nv;
using ZteDiag.Protocol.Diag;
using ZteDiag.Workbench.Archive;
using ZteDiag.Workbench.Connection;
using ZteDiag.Workbench.Jobs;
using ZteDiag.Workbench.Safety;

namespace ZteDiag.Workbench.Nv;

/// <summary>One NV item a restore would change.</summary>
/// <param name="Id">Item id.</param>
/// <param name="Name">Qualcomm name or "NV item N".</param>
/// <param name="OldHex">What the modem holds now (null when not active / unreadable).</param>
/// <param name="NewHex">What the file holds.</param>
public sealed record NvChange(int Id, string Name, string? OldHex, string NewHex)
{
    /// <summary>Why it is written (changed, not active on the modem, protected, unreadable).</summary>
    public NvPlanCategory Category { get; init; } = NvPlanCategory.Changed;
}

/// <summary>Outcome of <see cref="NvJob.RestoreAsync"/>.</summary>
/// <param name="Changes">Items that differed (all of them written unless dry run).</param>
/// <param name="Written">Items written and read back equal.</param>
/// <param name="DryRun">True when nothing was written.</param>
/// <param name="SpcSent">True when the modem asked for the SPC and it was sent.</param>
public sealed record NvRestoreResult(IReadOnlyList<NvChange> Changes, int Written, bool DryRun, bool SpcSent)
{
    /// <summary>The journal of this restore (null when nothing was written).</summary>
    public string? JournalPath { get; init; }

    /// <summary>Items a resume found already written.</summary>
    public int AlreadyDone { get; init; }

    /// <summary>True for a resumed restore: <see cref="Changes"/> come from the journal and carry no old values.</summary>
    public bool Resumed { get; init; }

    /// <summary>The whole plan, unchanged and skipped items too (null for a resume).</summary>
    public NvRestorePlan? Plan { get; init; }
}

/// <summary>Settings of an NV restore.</summary>
public sealed record NvRestoreOptions
{
    /// <summary>Service programming code, sent only when the modem answers a write with BAD_SPC_MODE.</summary>
    public string Spc { get; init; } = "000000";

    /// <summary>Only list the changes.</summary>
    public bool DryRun { get; init; }

    /// <summary>The NV backup file's path, recorded in the journal.</summary>
    public string? SourcePath { get; init; }

    /// <summary>Where journals go; null = <see cref="NvRestoreJournalStore.DefaultDirectory"/>.</summary>
    public string? JournalDirectory { get; init; }

    /// <summary>The IMEI the modem reports (kept in the journal only as a salted fingerprint), or null.</summary>
    public string? DeviceImei { get; init; }
}

/// <summary>NV backup (scan to <see cref="NvBackupFile"/>) and restore (plan, write, read back).</summary>
public sealed class NvJob
{
    /// <summary>Default last item of the scan range 0..N (MSM62xx NV maps end below 8192).</summary>
    public const ushort DefaultLastItem = 8191;

    private readonly ModemConnection _modem;
    private readonly TimeProvider _time;

    /// <summary>Creates the job for one open modem.</summary>
    public NvJob(ModemConnection modem, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(modem);
        _modem = modem;
        _time = time ?? TimeProvider.System;
    }

    /// <summary>
    /// The last id of the range <paramref name="file"/> was scanned over ("0-N + backup set", as <see cref="BackupAsync"/> records it),
    /// else <see cref="DefaultLastItem"/> or the file's highest id: a device scan over the same range finds no false "only on the device".
    /// </summary>
    public static ushort ScannedLast(NvBackupFile file)
    {
        ArgumentNullException.ThrowIfNull(file);
        if (file.Scanned is { } s && System.Text.RegularExpressions.Regex.Match(s, @"^0-(\d{1,5}) ") is { Success: true } m
            && ushort.TryParse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture, out ushort last))
        {
            return last;
        }

        return (ushort)Math.Max(DefaultLastItem, file.Items.Count == 0 ? 0 : file.Items.Max(i => i.Id));
    }

    /// <summary>The ids a backup scans: 0..<paramref name="last"/> plus <see cref="NvItems.BackupSet"/>, ascending, distinct.</summary>
    public static IReadOnlyList<ushort> ScanIds(ushort last) =>
        [.. NvClient.Range(0, last).Concat(NvItems.BackupSet.Select(i => (ushort)i)).Distinct().Order()];

    /// <summary>
    /// Reads every id of <see cref="ScanIds"/> (pipelined, <see cref="NvClient.ScanAllAsync"/>). Items the
    /// modem protects by SPC are read after <paramref name="spc"/> is accepted; without it they are listed
    /// in <see cref="NvBackupFile.NotSaved"/>, never dropped silently. Items unreadable by design are
    /// listed in <see cref="NvBackupFile.Unreadable"/>. With <paramref name="itemFiles"/> the EFS NV item
    /// files under <c>/nv/item_files</c> are read too.
    /// </summary>
    /// <exception cref="SafetyException">The modem rejected <paramref name="spc"/>.</exception>
    public async Task<NvBackupFile> BackupAsync(
        ushort lastItem, Archive.DeviceIdentity? device, IProgress<JobProgress>? progress, CancellationToken ct, string? spc = null, bool itemFiles = false)
    {
        var ids = ScanIds(lastItem);
        IProgress<NvScanProgress> direct = new DirectProgress(s => progress?.Report(new JobProgress("nv", $"NV {s.Item}", s.Done, s.Total, s.Found, 0)));
        NvScanResult scan = await _modem.Nv.ScanAllAsync(ids, direct, ct).ConfigureAwait(false);
        var found = scan.Active.ToList();
        IReadOnlyList<ushort> notSaved = scan.NeedsSpc;
        if (notSaved.Count > 0 && spc is not null)
        {
            if (!await _modem.Nv.SendSpcAsync(spc, ct).ConfigureAwait(false))
            {
                throw new SafetyException($"the modem rejected the SPC, so NV {string.Join(", ", notSaved)} could not be read; nothing was saved (several wrong SPCs can lock a stick: check the code before trying again)");
            }

            NvScanResult again = await _modem.Nv.ScanAllAsync(notSaved, null, ct).ConfigureAwait(false);
            found.AddRange(again.Active);
            notSaved = again.NeedsSpc;
        }

        return new NvBackupFile
        {
            CreatedUtc = _time.GetUtcNow(),
            Device = device,
            Scanned = $"0-{lastItem} + backup set ({NvItems.BackupSet.Length} ids)",
            Items = [.. found.OrderBy(i => i.Item).Select(i => new NvBackupItem(i.Item, NvItems.Name(i.Item), StatusName(i.Status), Convert.ToHexStringLower(i.Data.Span)))],
            NotSaved = [.. notSaved.Select(i => (int)i)],
            Unreadable = [.. scan.Unreadable.Select(i => (int)i)],
            ItemFiles = itemFiles ? await ReadItemFilesAsync(ct).ConfigureAwait(false) : null,
        };
    }

    /// <summary>Root of the EFS NV item files QPST keeps in a QCN.</summary>
    public const string ItemFilesRoot = "/nv/item_files";

    private async Task<IReadOnlyList<NvItemFile>> ReadItemFilesAsync(CancellationToken ct)
    {
        await _modem.EnsureEfsAsync(ct).ConfigureAwait(false);
        IReadOnlyList<ZteDiag.Device.Efs.EfsDirEntry> tree;
        try
        {
            tree = await _modem.Efs.ListTreeAsync(ItemFilesRoot, null, ct).ConfigureAwait(false);
        }
        catch (EfsException)
        {
            return []; // no item files on this firmware
        }

        var files = new List<NvItemFile>();
        foreach (var e in tree.Where(e => !e.IsDirectory && e.LinkTarget is null).OrderBy(e => e.Path, StringComparer.Ordinal))
        {
            byte[] data = e.Kind == ZteDiag.Protocol.Efs.EfsFileKind.ItemFile
                ? await _modem.Efs.GetItemAsync(e.Path, ct).ConfigureAwait(false)
                : await _modem.Efs.ReadAllBytesAsync(e.Path, ct).ConfigureAwait(false);
            files.Add(new NvItemFile(e.Path, Convert.ToHexStringLower(data)));
        }

        return files;
    }

    /// <summary>Items of <paramref name="file"/> the restore would write (see <see cref="PlanRestoreAsync"/>).</summary>
    public async Task<IReadOnlyList<NvChange>> PlanAsync(NvBackupFile file, CancellationToken ct, string? spc = null) =>
        (await PlanRestoreAsync(file, ct, spc).ConfigureAwait(false)).Changes;

    /// <summary>
    /// Reads every item of <paramref name="file"/> from the modem and sorts it into an <see cref="NvPlanCategory"/>:
    /// compared over the file's bytes; an item the modem protects gets <paramref name="spc"/> sent once (then
    /// compared); unwritable items and items unreadable by design (their old value cannot be kept) are skipped. Reads only.
    /// </summary>
    public async Task<NvRestorePlan> PlanRestoreAsync(NvBackupFile file, CancellationToken ct, string? spc = null)
    {
        ArgumentNullException.ThrowIfNull(file);
        var entries = new List<NvPlanEntry>();
        bool spcTried = false;
        foreach (var item in file.Items.Where(i => i.Status == StatusName(NvStatus.Done)))
        {
            if (NvItemCatalog.AccessOf((ushort)item.Id).HasFlag(NvAccess.Unwritable))
            {
                entries.Add(new NvPlanEntry(item.Id, item.Name, NvPlanCategory.Unwritable, null, item.Data)); // stock firmware refuses every write of it
                continue;
            }

            NvItem? now = null;
            NvPlanCategory? unread = null;
            try
            {
                now = await _modem.Nv.ReadAsync((ushort)item.Id, tolerateInactive: true, ct).ConfigureAwait(false);
            }
            catch (DiagRejectedException ex) when (ex.Status is DiagStatus.SpcLocked)
            {
                unread = NvPlanCategory.NeedsSpc;
                if (spc is not null && !spcTried)
                {
                    spcTried = true; // protected: send the SPC once, then compare (a wrong SPC sent again and again can lock a stick)
                    if (await _modem.Nv.SendSpcAsync(spc, ct).ConfigureAwait(false))
                    {
                        (now, unread) = await ReadAfterSpcAsync((ushort)item.Id, ct).ConfigureAwait(false);
                    }
                }
            }
            catch (DiagRejectedException ex) when (ex.Status is DiagStatus.BadParameter)
            {
                unread = NvPlanCategory.Unreadable;
            }

            byte[] want = Convert.FromHexString(item.Data);
            NvPlanCategory category = unread
                ?? (!now!.IsActive ? NvPlanCategory.NotActive
                : now.Data.Span[..Math.Min(want.Length, now.Data.Length)].SequenceEqual(want) ? NvPlanCategory.Unchanged
                : NvPlanCategory.Changed);
            string? old = now is { IsActive: true } ? Convert.ToHexStringLower(now.Data.Span) : null;
            entries.Add(new NvPlanEntry(item.Id, item.Name, category, old, item.Data));
        }

        return new NvRestorePlan(entries);
    }

    private async Task<(NvItem? Now, NvPlanCategory? Unread)> ReadAfterSpcAsync(ushort id, CancellationToken ct)
    {
        try
        {
            return (await _modem.Nv.ReadAsync(id, tolerateInactive: true, ct).ConfigureAwait(false), null);
        }
        catch (DiagRejectedException ex) when (ex.Status is DiagStatus.SpcLocked or DiagStatus.BadParameter)
        {
            return (null, ex.Status is DiagStatus.SpcLocked ? NvPlanCategory.NeedsSpc : NvPlanCategory.Unreadable);
        }
    }

    /// <summary>
    /// Plans, then (unless <see cref="NvRestoreOptions.DryRun"/>) writes a journal of every changed
    /// item and writes them one by one through <paramref name="writer"/> (SPC only when the modem
    /// asks, read-back compare), journalling each item as done.
    /// </summary>
    /// <exception cref="SafetyException">No writer (verified backup), a backup without the old value of a planned item, a rejected SPC, or a read-back that differs.</exception>
    public async Task<NvRestoreResult> RestoreAsync(
        NvBackupFile file, SafeEfsWriter? writer, NvRestoreOptions options, IProgress<JobProgress>? progress, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(options);
        NvRestorePlan plan = await PlanRestoreAsync(file, ct, options.Spc).ConfigureAwait(false);
        var changes = plan.Changes;
        if (options.DryRun || changes.Count == 0)
        {
            return new NvRestoreResult(changes, 0, options.DryRun, false) { Plan = plan };
        }

        if (writer is null)
        {
            throw new SafetyException("refusing to write NV items: no verified backup of this device (--backup FILE or --take-backup)");
        }

        await NvBackupCoverage.RequireAsync(writer.Backup, plan.MustBeSaved, ct).ConfigureAwait(false);

        string dir = Path.GetFullPath(options.JournalDirectory ?? NvRestoreJournalStore.DefaultDirectory);
        DateTimeOffset now = _time.GetUtcNow();
        var journal = new NvRestoreJournal
        {
            Id = NvRestoreJournalStore.NewId(now),
            CreatedUtc = now,
            SourcePath = options.SourcePath is null ? null : Path.GetFullPath(options.SourcePath),
            BackupPath = writer.Backup.ArchivePath,
            Device = string.IsNullOrWhiteSpace(options.DeviceImei) ? null : DeviceFingerprint.Create(options.DeviceImei),
            Items = [.. changes.Select(c => new NvJournalItem(c.Id, c.Name, c.NewHex) { OldData = c.OldHex })],
        };
        NvRestoreJournalStore.Save(dir, journal);
        var (written, already, spcSent) = await RunJournalAsync(dir, journal, writer, options.Spc, resuming: false, progress, ct).ConfigureAwait(false);
        return new NvRestoreResult(changes, written, false, spcSent) { JournalPath = NvRestoreJournalStore.PathFor(dir, journal.Id), AlreadyDone = already, Plan = plan };
    }

    /// <summary>
    /// Continues the NV restore recorded in <paramref name="journalPath"/>: refuses another modem
    /// (<see cref="ResumeDeviceCheck"/>; <paramref name="allowUnidentified"/> accepts a journal without IMEI), then for every pending item marks it done when
    /// the modem already holds the data, and writes it (read back) otherwise.
    /// </summary>
    /// <exception cref="SafetyException">Another modem, an unreadable journal, a rejected SPC, or a read-back that differs.</exception>
    public async Task<NvRestoreResult> ResumeAsync(
        string journalPath, SafeEfsWriter writer, string? deviceImei, string spc, bool allowUnidentified, IProgress<JobProgress>? progress, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrEmpty(journalPath);
        ArgumentNullException.ThrowIfNull(writer);
        NvRestoreJournal journal = NvRestoreJournalStore.Load(journalPath);
        ResumeDeviceCheck.Enforce(journal.Device, deviceImei, allowUnidentified, "NV restore", journalPath);

        string dir = Path.GetDirectoryName(Path.GetFullPath(journalPath))!;
        var (written, already, spcSent) = await RunJournalAsync(dir, journal, writer, spc, resuming: true, progress, ct).ConfigureAwait(false);
        var changes = journal.Items.Select(i => new NvChange(i.Id, i.Name, null, i.Data)).ToList();
        return new NvRestoreResult(changes, written, false, spcSent) { JournalPath = Path.GetFullPath(journalPath), AlreadyDone = already, Resumed = true };
    }

    /// <summary>Writes every pending item of <paramref name="journal"/>, saving the journal after each one.</summary>
    private async Task<(int Written, int AlreadyDone, bool SpcSent)> RunJournalAsync(
        string dir, NvRestoreJournal journal, SafeEfsWriter writer, string spc, bool resuming, IProgress<JobProgress>? progress, CancellationToken ct)
    {
        var items = journal.Items.ToList();
        int written = 0, already = 0, done = items.Count(i => i.State == NvItemState.Done);
        bool spcSent = false;
        for (int i = 0; i < items.Count; i++)
        {
            NvJournalItem item = items[i];
            if (item.State == NvItemState.Done)
            {
                continue;
            }

            progress?.Report(new JobProgress("nv-write", $"NV {item.Id}", done, items.Count, done, items.Count));
            byte[] data = Convert.FromHexString(item.Data);
            if (resuming && await HoldsAsync((ushort)item.Id, data, ct).ConfigureAwait(false))
            {
                already++; // written before the cut; only its journal entry was lost
            }
            else
            {
                spcSent |= await writer.WriteNvAsync(_modem.Nv, (ushort)item.Id, data, spc, ct).ConfigureAwait(false);
                written++;
            }

            items[i] = item with { State = NvItemState.Done };
            done++;
            journal = journal with { Items = [.. items] };
            NvRestoreJournalStore.Save(dir, journal);
        }

        NvRestoreJournalStore.Save(dir, journal with { Complete = true });
        return (written, already, spcSent);
    }

    /// <summary>True when the modem's item starts with <paramref name="want"/> (false when protected: the write then asks for the SPC).</summary>
    private async Task<bool> HoldsAsync(ushort id, byte[] want, CancellationToken ct)
    {
        try
        {
            NvItem now = await _modem.Nv.ReadAsync(id, tolerateInactive: true, ct).ConfigureAwait(false);
            return now.IsActive && now.Data.Length >= want.Length && now.Data.Span[..want.Length].SequenceEqual(want);
        }
        catch (DiagRejectedException ex) when (ex.Status is DiagStatus.SpcLocked)
        {
            return false;
        }
    }

    /// <summary>snake_case name of a status, as stored in nv.json.</summary>
    public static string StatusName(NvStatus status) => status switch
    {
        NvStatus.Done => "done",
        NvStatus.ReadOnly => "read_only",
        NvStatus.NotActive => "not_active",
        _ => status.ToString().ToLowerInvariant(),
    };

    private sealed class DirectProgress(Action<NvScanProgress> report) : IProgress<NvScanProgress>
    {
        public void Report(NvScanProgress value) => report(value);
    }
}
