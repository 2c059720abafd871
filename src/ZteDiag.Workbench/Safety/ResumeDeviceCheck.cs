using ZteDiag.Workbench.Archive;

namespace ZteDiag.Workbench.Safety;

/// <summary>
/// The rule a resume follows before writing anything: it must be the modem the cut job started on.
/// A journal with an IMEI fingerprint needs the modem to report a matching IMEI now (a modem that
/// reports none is refused: it cannot be shown to be the same). A journal without one (the modem had
/// no IMEI when the job started) proves nothing, so it is refused unless the caller accepts that.
/// </summary>
public static class ResumeDeviceCheck
{
    /// <summary>Throws unless the modem reporting <paramref name="deviceImei"/> may continue the job.</summary>
    /// <param name="started">Fingerprint of the modem the job started on, from the journal (null: it had no IMEI).</param>
    /// <param name="deviceImei">The IMEI the modem reports now, or null when it reports none.</param>
    /// <param name="allowUnidentified">Resume a journal without fingerprint anyway (--other-device).</param>
    /// <param name="job">What is resumed, for the message ("restore", "NV restore").</param>
    /// <param name="journalPath">The journal, for the message.</param>
    /// <exception cref="SafetyException">Another modem, or one that cannot be shown to be the same.</exception>
    public static void Enforce(DeviceFingerprint? started, string? deviceImei, bool allowUnidentified, string job, string journalPath)
    {
        if (started is not null)
        {
            if (string.IsNullOrWhiteSpace(deviceImei))
            {
                throw new SafetyException(
                    $"refusing to resume: the {job} in '{journalPath}' was started on the modem with IMEI {started.Masked}, and this modem reports no IMEI; plug that one in. Nothing was written");
            }

            if (!started.Matches(deviceImei))
            {
                throw new SafetyException(
                    $"refusing to resume: the {job} in '{journalPath}' was started on another modem (IMEI {started.Masked}); plug that one in. Nothing was written");
            }

            return;
        }

        if (!allowUnidentified)
        {
            throw new SafetyException(
                $"refusing to resume: the {job} in '{journalPath}' recorded no IMEI, so this modem cannot be shown to be the one it started on; add --other-device to resume it anyway. Nothing was written");
        }
    }
}
