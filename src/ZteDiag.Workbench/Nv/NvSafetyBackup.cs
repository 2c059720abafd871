using ZteDiag.Workbench.Archive;
using ZteDiag.Workbench.Safety;

namespace ZteDiag.Workbench.Nv;

/// <summary>
/// The safety backup of <c>restore --nv</c>: the modem's current value of every NV item the plan will
/// overwrite, as the nv.json of a small archive, written (temp + rename) and verified before the first
/// write, so that the EFS restore's "back up what you touch" holds for NV items too.
/// </summary>
public static class NvSafetyBackup
{
    /// <summary>
    /// Writes <paramref name="destination"/> with the old values the plan read (<see cref="NvPlanEntry.OldHex"/>)
    /// and returns the token <see cref="NvJob.RestoreAsync"/> checks them against.
    /// </summary>
    /// <exception cref="SafetyException">An item to overwrite whose old value the plan could not read (it needed the SPC), or an archive that does not verify.</exception>
    public static async Task<VerifiedBackup> WriteAsync(NvRestorePlan plan, DeviceIdentity? device, string destination, TimeProvider? time, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentException.ThrowIfNullOrEmpty(destination);
        var unsaved = plan.Entries.Where(e => e.Writes && e.NeedsSavedValue && e.OldHex is null).Select(e => e.Id).ToList();
        if (unsaved.Count > 0)
        {
            throw new SafetyException(
                $"refusing to write NV items: the modem did not let the old value of NV {string.Join(", ", unsaved)} be read (the SPC was not accepted), " +
                "so no safety backup could keep it. Nothing was written; give the right --spc");
        }

        DateTimeOffset now = (time ?? TimeProvider.System).GetUtcNow();
        var saved = new NvBackupFile
        {
            CreatedUtc = now,
            Device = device,
            Scanned = "safety backup of the items a restore overwrites",
            Items = [.. plan.Entries.Where(e => e.Writes && e.OldHex is not null).Select(e => new NvBackupItem(e.Id, e.Name, NvJob.StatusName(Protocol.Diag.NvStatus.Done), e.OldHex!))],
        };

        string full = Path.GetFullPath(destination);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        string temp = full + ".partial";
        await using (var w = BackupArchiveWriter.Create(temp, new BackupHeader(RestoreToolVersion, now, device), overwrite: true))
        {
            await w.AddNvJsonAsync(saved.ToJson(), ct).ConfigureAwait(false);
            await w.CompleteAsync(ct).ConfigureAwait(false);
        }

        File.Move(temp, full, overwrite: true);
        ArchiveVerificationResult check = await ArchiveVerifier.VerifyAsync(full, ct).ConfigureAwait(false);
        if (!check.IsValid)
        {
            throw new SafetyException($"the NV safety backup {full} does not verify ({string.Join("; ", check.Problems)}); nothing was written");
        }

        return new VerifiedBackup(check.Path, check.Manifest!, now);
    }

    /// <summary>A new safety backup's path in the NV journal directory <paramref name="directory"/>, named like the journal it goes with.</summary>
    public static string PathIn(string directory, DateTimeOffset now) => Path.Combine(directory, NvRestoreJournalStore.NewId(now) + "-safety.tar.gz");

    private static string RestoreToolVersion => typeof(NvSafetyBackup).Assembly.GetName().Version?.ToString() ?? "0";
}
