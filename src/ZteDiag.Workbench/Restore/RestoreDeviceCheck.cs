using ZteDiag.Workbench.Archive;
using ZteDiag.Workbench.Connection;
using ZteDiag.Workbench.Jobs;
using ZteDiag.Workbench.Safety;

namespace ZteDiag.Workbench.Restore;

/// <summary>How a backup relates to the modem it is about to be restored onto.</summary>
public enum DeviceMatch
{
    /// <summary>The backup's salted IMEI hash was made from the modem's IMEI.</summary>
    Same,

    /// <summary>Both have an IMEI and they differ: the backup belongs to another modem.</summary>
    Different,

    /// <summary>The backup records no IMEI (a plain folder, or the IMEI was unreadable at backup time).</summary>
    BackupHasNoImei,

    /// <summary>The modem reports no IMEI (NV 550 and ATI unreadable).</summary>
    DeviceHasNoImei,

    /// <summary>Neither side has an IMEI.</summary>
    NeitherHasImei,
}

/// <summary>
/// The verdict of comparing a backup's device identity with the connected modem, taken before any
/// write. IMEIs appear only masked here; the device's is kept as a salted fingerprint so a resumed
/// restore can check it is talking to the same modem.
/// </summary>
/// <param name="Match">The verdict.</param>
/// <param name="BackupImeiMasked">The backup's masked IMEI, or null.</param>
/// <param name="DeviceImeiMasked">The modem's masked IMEI, or null.</param>
/// <param name="Device">Salted fingerprint of the modem's IMEI, or null when it has none.</param>
public sealed record RestoreDeviceCheck(DeviceMatch Match, string? BackupImeiMasked, string? DeviceImeiMasked, DeviceFingerprint? Device)
{
    /// <summary>True unless the backup is known to come from this modem: the technician has to confirm.</summary>
    public bool NeedsConfirmation => Match != DeviceMatch.Same;

    /// <summary>One line for the plan, e.g. "same device (IMEI 35461302*****42)".</summary>
    public string Verdict => Match switch
    {
        DeviceMatch.Same => $"same device (IMEI {DeviceImeiMasked})",
        DeviceMatch.Different => $"ANOTHER DEVICE: the backup was taken from IMEI {BackupImeiMasked}, this modem is IMEI {DeviceImeiMasked}",
        DeviceMatch.BackupHasNoImei => $"unknown: the backup records no IMEI, so it cannot be matched to this modem (IMEI {DeviceImeiMasked})",
        DeviceMatch.DeviceHasNoImei => $"unknown: this modem reports no IMEI, so it cannot be matched to the backup (IMEI {BackupImeiMasked})",
        _ => "unknown: neither the backup nor this modem has an IMEI",
    };

    /// <summary>Compares the identity recorded in a backup with the IMEI the modem reports.</summary>
    public static RestoreDeviceCheck Compare(DeviceIdentity? backup, string? deviceImei)
    {
        bool backupHas = backup is { ImeiHash: not null, ImeiSalt: not null };
        DeviceFingerprint? device = string.IsNullOrWhiteSpace(deviceImei) ? null : DeviceFingerprint.Create(deviceImei);
        DeviceMatch match = (backupHas, device is not null) switch
        {
            (true, true) => backup!.MatchesImei(deviceImei!) ? DeviceMatch.Same : DeviceMatch.Different,
            (false, true) => DeviceMatch.BackupHasNoImei,
            (true, false) => DeviceMatch.DeviceHasNoImei,
            _ => DeviceMatch.NeitherHasImei,
        };
        return new RestoreDeviceCheck(match, backupHas ? backup!.ImeiMasked : null, device?.Masked, device);
    }

    /// <summary>Reads the modem's IMEI (NV 550, else ATI; never sends the SPC) and compares it with <paramref name="backup"/>.</summary>
    public static async Task<RestoreDeviceCheck> ReadAsync(ModemConnection modem, DeviceIdentity? backup, CancellationToken ct)
    {
        ProbedDevice probed = await DeviceProbe.ReadAsync(modem, ct).ConfigureAwait(false);
        return Compare(backup, probed.Imei);
    }

    /// <summary>
    /// True when a write needs <c>--other-device</c>: the backup is not known to be this modem's
    /// although one side has an IMEI. The manifest is not authenticated, so a backup whose IMEI was
    /// removed counts as another modem's; only when neither side has an IMEI does confirmation suffice.
    /// </summary>
    public bool NeedsOtherDevice => Match is not (DeviceMatch.Same or DeviceMatch.NeitherHasImei);

    /// <summary>Refuses a backup not known to be this modem's (see <see cref="NeedsOtherDevice"/>) unless <paramref name="allowOtherDevice"/>.</summary>
    /// <exception cref="SafetyException">The backup was taken from another modem, or cannot be matched to this one.</exception>
    public void Enforce(string sourcePath, bool allowOtherDevice)
    {
        if (!NeedsOtherDevice || allowOtherDevice)
        {
            return;
        }

        string why = Match == DeviceMatch.Different
            ? $"was taken from another device (IMEI {BackupImeiMasked}; this modem is IMEI {DeviceImeiMasked})"
            : $"cannot be matched to this modem ({Verdict})";
        throw new SafetyException(
            $"refusing to write: the backup {sourcePath} {why}. " +
            "Nothing was written. To restore it here anyway, add --other-device (you will still be asked to confirm)");
    }
}
