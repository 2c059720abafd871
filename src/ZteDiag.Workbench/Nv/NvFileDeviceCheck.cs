using ZteDiag.Protocol.Diag;
using ZteDiag.Workbench.Jobs;
using ZteDiag.Workbench.Safety;

namespace ZteDiag.Workbench.Nv;

/// <summary>
/// Decides whether an NV backup file may be written to the connected modem. The file is not
/// authenticated: one without a "device" may be another modem's, so it needs --other-device, and
/// an NV 550 (IMEI) it carries must be this modem's IMEI whatever the options.
/// </summary>
public static class NvFileDeviceCheck
{
    private const int ImeiItem = 550;

    /// <summary>Throws unless <paramref name="file"/> may be restored onto <paramref name="device"/>.</summary>
    /// <param name="file">The NV backup file.</param>
    /// <param name="device">What the modem reports.</param>
    /// <param name="path">The file's path, for the message.</param>
    /// <param name="allowOtherDevice">--other-device: accept a file that records no device.</param>
    /// <param name="allowImeiChange">--restore-imei: accept an NV 550 other than the modem's current IMEI (putting back this stick's own IMEI after it was lost).</param>
    /// <param name="only">--only: the ids that will be written (null = all). The file's IMEI still identifies the device, but it is checked as a value to write only when 550 is among them.</param>
    /// <exception cref="SafetyException">The file is another modem's, or cannot be matched to this one without --other-device.</exception>
    public static void Enforce(NvBackupFile file, ProbedDevice device, string path, bool allowOtherDevice, bool allowImeiChange = false, IReadOnlySet<int>? only = null)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(device);
        if (file.Device is not null && !device.Matches(file.Device))
        {
            throw new SafetyException($"{path} was read from another device (IMEI fingerprint differs); not restoring it here. Nothing was written");
        }

        string? fileImei550 = ImeiOf(file);
        bool sameImei = fileImei550 is not null && fileImei550 == device.Imei;
        if (file.Device is null && !allowOtherDevice && !sameImei)
        {
            throw new SafetyException(
                $"refusing to write: {path} records no device, so it cannot be matched to this modem. Nothing was written. " +
                "To restore it here anyway, add --other-device (you will still be asked to confirm)");
        }

        if (only?.Contains(ImeiItem) == false
            || file.Items.FirstOrDefault(i => i.Id == ImeiItem && i.Status == NvJob.StatusName(NvStatus.Done)) is not { } item)
        {
            return;
        }

        string? fileImei = null;
        bool decoded = Convert.FromHexString(item.Data) is var bytes && Imei.TryDecode(bytes, out fileImei) == ImeiError.None;
        if (decoded && ((device.Imei is not null && fileImei == device.Imei) || allowImeiChange))
        {
            return;
        }

        string why = !decoded ? "holds an NV 550 that is not a valid IMEI"
            : device.Imei is null ? "holds an IMEI (NV 550) and this modem reports none to compare it with"
            : "holds another modem's IMEI (NV 550)";
        throw new SafetyException($"refusing to write: {path} {why}; writing it would change this modem's identity. Nothing was written. " +
            "Only to put back this stick's own IMEI (lost or changed), add --restore-imei");
    }

    private static string? ImeiOf(NvBackupFile file) =>
        file.Items.FirstOrDefault(i => i.Id == ImeiItem && i.Status == NvJob.StatusName(NvStatus.Done)) is { } item
        && Imei.TryDecode(Convert.FromHexString(item.Data), out string? imei) == ImeiError.None ? imei : null;
}
