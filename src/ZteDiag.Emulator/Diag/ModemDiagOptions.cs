namespace ZteDiag.Emulator.Diag;

/// <summary>
/// Switches of a <see cref="ModemDiagResponder"/> that are not (yet) part of a modem profile.
/// </summary>
public sealed record ModemDiagOptions
{
    /// <summary>
    /// EFS2 MD5SUM (43) is answered. MD5SUM entered Qualcomm's EFS2 diag in 02/2008, so whether an
    /// MSM62xx firmware has it is UNVERIFIED; set false to answer BAD_CMD like a build without it.
    /// </summary>
    public bool Md5Sum { get; init; } = true;

    /// <summary>
    /// DIAG security password override as 16 hex digits (8 raw bytes), or null to use the profile's
    /// (<see cref="Profiles.ModemProfile.SecurityPassword"/>). With a password, security starts locked:
    /// every EFS2 request gets BAD_SEC_MODE (0x47) until PASSWORD (0x46) sends it; a wrong one powers down.
    /// </summary>
    public string? SecurityPassword { get; init; }

    /// <summary>
    /// Wrong SPC attempts after which SPC is refused (always answered "rejected") until the next power-on;
    /// 0 = unlimited. Qualcomm targets lock SPC entry after repeated failures (count and duration vary).
    /// </summary>
    public int SpcMaxAttempts { get; init; }

    /// <summary>
    /// LOG_CONFIG (0x73) and EXT_MSG_CONFIG (0x7D) get the replies stock diag gives (default). False:
    /// BAD_CMD, like a target built without logging (QCSuper, libqcdm and our client accept that too).
    /// The virtual modem streams no logs or messages either way.
    /// </summary>
    public bool AcknowledgeLogConfig { get; init; } = true;

    /// <summary>Clock of the TS (0x1D) reply.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;
}
