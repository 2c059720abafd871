using ZteDiag.Workbench.Archive;
using ZteDiag.Workbench.Backup;
using ZteDiag.Workbench.Connection;
using ZteDiag.Workbench.Jobs;

namespace ZteDiag.Workbench.Safety;

/// <summary>Where a write command gets its verified backup from.</summary>
public sealed record BackupRequirement
{
    /// <summary>A backup taken earlier in this process (TUI session), if any.</summary>
    public VerifiedBackup? SessionBackup { get; init; }

    /// <summary><c>--backup FILE</c>: an existing archive of this device.</summary>
    public string? BackupFile { get; init; }

    /// <summary><c>--take-backup</c>: take a fresh full backup now.</summary>
    public bool TakeBackup { get; init; }

    /// <summary>With <see cref="TakeBackup"/>, also save the NV items (an NV write needs their old values).</summary>
    public bool IncludeNv { get; init; }

    /// <summary>Where <see cref="TakeBackup"/> writes (null = default name in the current directory).</summary>
    public string? TakeBackupOutput { get; init; }

    /// <summary>Oldest acceptable <see cref="BackupFile"/> (by its manifest's creation time).</summary>
    public TimeSpan MaxAge { get; init; } = DefaultMaxAge;

    /// <summary>Registry to record a fresh backup in and to suggest recent ones from.</summary>
    public BackupRegistry? Registry { get; init; }

    /// <summary>Default <see cref="MaxAge"/>: 24 hours.</summary>
    public static TimeSpan DefaultMaxAge { get; } = TimeSpan.FromHours(24);
}

/// <summary>
/// Enforces SAFETY.md promise 1 for every write command: returns a <see cref="VerifiedBackup"/>
/// of the connected device or throws <see cref="SafetyException"/>.
/// </summary>
public static class BackupGuard
{
    /// <summary>How far in the future a backup's creation time may lie (clocks of two machines differ a little).</summary>
    public static TimeSpan MaxClockSkew { get; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// A session backup of this device; else <c>--backup FILE</c> (re-verified now, same IMEI
    /// fingerprint, not older than <see cref="BackupRequirement.MaxAge"/>); else, with
    /// <c>--take-backup</c>, a fresh backup that verified. Otherwise refuses.
    /// </summary>
    public static async Task<VerifiedBackup> RequireAsync(
        ModemConnection modem, BackupRequirement requirement, IProgress<JobProgress>? progress, TimeProvider? time, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(modem);
        ArgumentNullException.ThrowIfNull(requirement);
        time ??= TimeProvider.System;
        ProbedDevice device = await DeviceProbe.ReadAsync(modem, ct).ConfigureAwait(false);
        if (requirement.SessionBackup is { } session && device.Matches(session.Manifest.Device))
        {
            return session;
        }

        if (requirement.BackupFile is { } file)
        {
            progress?.Report(new JobProgress("verify", file, 0, 0, 0, 0));
            ArchiveVerificationResult v = await ArchiveVerifier.VerifyAsync(file, ct).ConfigureAwait(false);
            if (!v.IsValid)
            {
                throw new SafetyException($"refusing to write: the backup {v.Path} does not verify ({v.Problems.Count} problem(s), first: {v.Problems.FirstOrDefault()?.Message})");
            }

            if (!device.Matches(v.Manifest!.Device))
            {
                throw new SafetyException($"refusing to write: the backup {v.Path} was taken from another device (IMEI fingerprint differs)");
            }

            TimeSpan age = time.GetUtcNow() - v.Manifest.CreatedUtc;
            if (age > requirement.MaxAge)
            {
                throw new SafetyException($"refusing to write: the backup {v.Path} is {age.TotalHours:0} h old (limit {requirement.MaxAge.TotalHours:0} h); take a fresh one with --take-backup");
            }

            // A future creation time would pass any age limit: allow only ordinary clock skew.
            if (age < -MaxClockSkew)
            {
                throw new SafetyException($"refusing to write: the backup {v.Path} claims to be made {v.Manifest.CreatedUtc:u}, in the future (check the clock); take a fresh one with --take-backup");
            }

            return new VerifiedBackup(v.Path, v.Manifest, time.GetUtcNow());
        }

        if (requirement.TakeBackup)
        {
            var result = await new BackupJob(modem, time).RunAsync(
                new BackupPlan { OutputPath = requirement.TakeBackupOutput, IncludeNv = requirement.IncludeNv, Registry = requirement.Registry }, progress, ct).ConfigureAwait(false);
            return result.Token ?? throw new SafetyException($"refusing to write: the fresh backup {result.ArchivePath} did not verify");
        }

        string hint = "";
        if (device.Imei is not null && requirement.Registry?.ForDevice(device.Imei) is { Count: > 0 } recent)
        {
            hint = $" Recent verified backups of this device: {string.Join(", ", recent.Take(3).Select(r => r.Path))}.";
        }

        throw new SafetyException(
            "refusing to write: no verified backup of this device. Name one with --backup FILE, or add --take-backup to take one now." + hint);
    }
}
