using ZteDiag.Device;
using ZteDiag.Device.Nv;
using ZteDiag.Protocol.Diag;
using ZteDiag.Workbench.Connection;

namespace ZteDiag.Workbench.Jobs;

/// <summary>One NV item a restore would change.</summary>
/// <param name="Id">Item id.</param>
/// <param name="Name">Qualcomm name or "NV item N".</param>
/// <param name="OldHex">What the modem holds now (null when not active / unreadable).</param>
/// <param name="NewHex">What the file holds.</param>
public sealed record NvChange(int Id, string Name, string? OldHex, string NewHex);

/// <summary>Outcome of <see cref="NvJob.RestoreAsync"/>.</summary>
/// <param name="Changes">Items that differed (all of them written unless dry run).</param>
/// <param name="Written">Items written and read back equal.</param>
/// <param name="DryRun">True when nothing was written.</param>
/// <param name="SpcSent">True when the modem asked for the SPC and it was sent.</param>
public sealed record NvRestoreResult(IReadOnlyList<NvChange> Changes, int Written, bool DryRun, bool SpcSent);

/// <summary>NV backup (scan to <see cref="NvBackupFile"/>) and restore (plan, write, read back).</summary>
public sealed class NvJob
{
    /// <summary>Default last item of the scan range 0..N (ids above are rare on MSM62xx sticks).</summary>
    public const ushort DefaultLastItem = 4095;

    private readonly ModemConnection _modem;
    private readonly TimeProvider _time;

    /// <summary>Creates the job for one open modem.</summary>
    public NvJob(ModemConnection modem, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(modem);
        _modem = modem;
        _time = time ?? TimeProvider.System;
    }

    /// <summary>The ids a backup scans: 0..<paramref name="last"/> plus <see cref="NvItems.BackupSet"/>, ascending, distinct.</summary>
    public static IReadOnlyList<ushort> ScanIds(ushort last) =>
        [.. NvClient.Range(0, last).Concat(NvItems.BackupSet.Select(i => (ushort)i)).Distinct().Order()];

    /// <summary>
    /// Reads every id of <see cref="ScanIds"/>; keeps items whose status is not NotActive (or
    /// BadParameter); items the modem protects (SPC) are skipped, the SPC is never sent.
    /// </summary>
    public async Task<NvBackupFile> BackupAsync(ushort lastItem, Archive.DeviceIdentity? device, IProgress<JobProgress>? progress, CancellationToken ct)
    {
        var ids = ScanIds(lastItem);
        IProgress<NvScanProgress> direct = new DirectProgress(s => progress?.Report(new JobProgress("nv", $"NV {s.Item}", s.Done, s.Total, s.Found, 0)));
        var found = await _modem.Nv.ScanAsync(ids, direct, ct).ConfigureAwait(false);
        return new NvBackupFile
        {
            CreatedUtc = _time.GetUtcNow(),
            Device = device,
            Scanned = $"0-{lastItem} + backup set ({NvItems.BackupSet.Length} ids)",
            Items = [.. found.OrderBy(i => i.Item).Select(i => new NvBackupItem(i.Item, NvItems.Name(i.Item), StatusName(i.Status), Convert.ToHexStringLower(i.Data.Span)))],
        };
    }

    /// <summary>Items of <paramref name="file"/> whose data differs from the modem's (compared over the file's bytes).</summary>
    public async Task<IReadOnlyList<NvChange>> PlanAsync(NvBackupFile file, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(file);
        var changes = new List<NvChange>();
        foreach (var item in file.Items.Where(i => i.Status == StatusName(NvStatus.Done)))
        {
            byte[] want = Convert.FromHexString(item.Data);
            string? old = null;
            try
            {
                NvItem now = await _modem.Nv.ReadAsync((ushort)item.Id, tolerateInactive: true, ct).ConfigureAwait(false);
                if (now.IsActive)
                {
                    old = Convert.ToHexStringLower(now.Data.Span);
                    if (now.Data.Span[..Math.Min(want.Length, now.Data.Length)].SequenceEqual(want))
                    {
                        continue;
                    }
                }
            }
            catch (DiagRejectedException ex) when (ex.Status is DiagStatus.SpcLocked)
            {
                old = null; // protected: cannot compare without the SPC; plan the write
            }

            changes.Add(new NvChange(item.Id, item.Name, old, item.Data));
        }

        return changes;
    }

    /// <summary>
    /// Plans, then (unless <paramref name="dryRun"/>) writes each changed item through
    /// <paramref name="writer"/> (SPC only when the modem asks, read-back compare).
    /// </summary>
    public async Task<NvRestoreResult> RestoreAsync(
        NvBackupFile file, SafeEfsWriter? writer, string spc, bool dryRun, IProgress<JobProgress>? progress, CancellationToken ct)
    {
        var changes = await PlanAsync(file, ct).ConfigureAwait(false);
        if (dryRun || changes.Count == 0)
        {
            return new NvRestoreResult(changes, 0, dryRun, false);
        }

        if (writer is null)
        {
            throw new SafetyException("refusing to write NV items: no verified backup of this device (--backup FILE or --take-backup)");
        }

        int written = 0;
        bool spcSent = false;
        foreach (var c in changes)
        {
            progress?.Report(new JobProgress("nv-write", $"NV {c.Id}", written, changes.Count, written, changes.Count));
            spcSent |= await writer.WriteNvAsync(_modem.Nv, (ushort)c.Id, Convert.FromHexString(c.NewHex), spc, ct).ConfigureAwait(false);
            written++;
        }

        return new NvRestoreResult(changes, written, false, spcSent);
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
