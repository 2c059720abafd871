namespace ZteDiag.Workbench.Setup;

/// <summary>How one link of the USB-to-data chain looks.</summary>
public enum DoctorVerdict
{
    /// <summary>The link works.</summary>
    Ok,

    /// <summary>Works, but something will bite later (weak signal, no APN…): advice, not a failure.</summary>
    Warn,

    /// <summary>The link is broken: the chain cannot work until the advice is followed.</summary>
    Fail,

    /// <summary>Not checked, because an earlier link is broken or the check does not apply.</summary>
    Skip,
}

/// <summary>One verdict of <c>ztediag doctor</c>.</summary>
/// <param name="Check">Short link name: usb, driver, ports, permissions, modemmanager, diag, at, sim, registration, signal, apn.</param>
/// <param name="Verdict">The verdict.</param>
/// <param name="Detail">What was seen.</param>
/// <param name="Advice">What to do about it, or null.</param>
public sealed record DoctorFinding(string Check, DoctorVerdict Verdict, string Detail, string? Advice = null)
{
    /// <summary>True when any finding is a <see cref="DoctorVerdict.Fail"/>: the exit code of doctor is non-zero then.</summary>
    public static bool AnyFailed(IEnumerable<DoctorFinding> findings) => findings.Any(f => f.Verdict == DoctorVerdict.Fail);
}
