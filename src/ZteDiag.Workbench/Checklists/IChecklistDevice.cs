using ZteDiag.Workbench.Safety;

namespace ZteDiag.Workbench.Checklists;

/// <summary>
/// Everything the checklist engine needs from the modem. A real adapter wraps port discovery, the AT
/// client, the EFS/NV clients and the backup/restore jobs; tests use a fake. Every method may throw
/// the device exceptions (<c>ZteDiagException</c> family, <see cref="IOException"/>): the runner turns
/// them into a failed step with the message as evidence. Cancellation throws
/// <see cref="OperationCanceledException"/>.
/// </summary>
public interface IChecklistDevice
{
    /// <summary>Discovers the modem; <see cref="PortPresence.Present"/> when its AT and DIAG ports are there.</summary>
    Task<PortPresence> ProbeAsync(CancellationToken ct);

    /// <summary>Reads ATI (model, revision, IMEI) and a version summary (e.g. AT+ZVERNO / VERNO).</summary>
    Task<DeviceIdentitySnapshot> ReadIdentityAsync(CancellationToken ct);

    /// <summary>Sends one AT command on the AT port and returns the reply; device errors come back in
    /// <see cref="AtResult.Final"/> (<c>ERROR</c>, <c>+CME ERROR: 10</c>), not as exceptions.</summary>
    Task<AtResult> SendAtAsync(string command, CancellationToken ct);

    /// <summary>True when <paramref name="path"/> exists in EFS (stat over DIAG).</summary>
    Task<bool> EfsExistsAsync(string path, CancellationToken ct);

    /// <summary>Full backup (EFS tree and/or NV items) written to an archive, then verified by reading it back.</summary>
    Task<BackupRecord> BackupAsync(BackupRequest request, IProgress<DeviceJobProgress> progress, CancellationToken ct);

    /// <summary>Writes a backup archive back to the device.</summary>
    Task<DeviceActionResult> RestoreAsync(RestoreRequest request, IProgress<DeviceJobProgress> progress, CancellationToken ct);

    /// <summary>Switches CD emulation off (AT+ZCDRUN=8, or deleting CD_STARTUP_FLAG), relying on <paramref name="backup"/> (SAFETY.md promise 1).</summary>
    /// <remarks>Every write below takes the run's verified backup; the device refuses (a <c>SafetyException</c>) when it is not a verified backup of this modem.</remarks>
    Task<DeviceActionResult> CdEmulationOffAsync(CdEmulationMethod method, BackupRecord backup, CancellationToken ct);

    /// <summary>Removes AUTORUN.FLG (the CD autorun flag).</summary>
    Task<DeviceActionResult> AutorunOffAsync(BackupRecord backup, CancellationToken ct);

    /// <summary>Replaces the EFS file <paramref name="efsPath"/> with the local file <paramref name="localFile"/> and reads it back.</summary>
    Task<DeviceActionResult> IdentifierSwapAsync(string efsPath, string localFile, BackupRecord backup, CancellationToken ct);

    /// <summary>Leaves download mode (AT+ZCDRUN=F, re-creates NODOWNLOAD.FLG).</summary>
    Task<DeviceActionResult> DownloadModeExitAsync(BackupRecord backup, CancellationToken ct);
}

/// <summary>Result of a port discovery.</summary>
/// <param name="Present">The modem's ports are there.</param>
/// <param name="Ports">Human-readable port lines for evidence (e.g. <c>/dev/ttyUSB0 if00 DIAG</c>).</param>
public sealed record PortPresence(bool Present, IReadOnlyList<string> Ports)
{
    /// <summary>No modem found.</summary>
    public static PortPresence Absent { get; } = new(false, []);
}

/// <summary>What the modem says about itself.</summary>
/// <param name="Manufacturer">ATI <c>Manufacturer:</c>.</param>
/// <param name="Model">ATI <c>Model:</c>.</param>
/// <param name="Revision">ATI <c>Revision:</c>.</param>
/// <param name="Imei">IMEI digits (ATI <c>IMEI:</c> or AT+CGSN); never written to reports in clear.</param>
/// <param name="Version">Version summary (VERNO), may be empty.</param>
public sealed record DeviceIdentitySnapshot(string Manufacturer, string Model, string Revision, string Imei, string Version);

/// <summary>Reply to an AT command.</summary>
/// <param name="Lines">Information lines (without echo and final result).</param>
/// <param name="Final">Final result: <c>OK</c>, <c>ERROR</c>, <c>+CME ERROR: n</c>, <c>+CMS ERROR: n</c>.</param>
public sealed record AtResult(IReadOnlyList<string> Lines, string Final)
{
    /// <summary>Final result is OK.</summary>
    public bool IsOk => Final == "OK";
}

/// <summary>What to back up.</summary>
/// <param name="Nv">Include NV items.</param>
/// <param name="Efs">Include the EFS tree.</param>
public sealed record BackupRequest(bool Nv, bool Efs);

/// <summary>What to restore.</summary>
/// <param name="ArchivePath">Backup archive on the host.</param>
/// <param name="Nv">Restore NV items.</param>
/// <param name="Efs">Restore the EFS tree.</param>
public sealed record RestoreRequest(string ArchivePath, bool Nv, bool Efs);

/// <summary>A backup the run made.</summary>
/// <param name="Path">Archive file on the host.</param>
/// <param name="Verified">The archive was read back and matched.</param>
/// <param name="Files">Number of EFS files in it.</param>
/// <param name="NvItems">Number of NV items in it.</param>
/// <param name="Bytes">Archive size.</param>
/// <param name="Sha256">Archive SHA-256 (hex), when known.</param>
public sealed record BackupRecord(string Path, bool Verified, int Files, int NvItems, long Bytes, string? Sha256);

/// <summary>Progress of a backup or restore (same shape as the backup jobs' progress).</summary>
/// <param name="Path">Item being copied.</param>
/// <param name="Done">Units done.</param>
/// <param name="Total">Units in all (0 when unknown).</param>
public sealed record DeviceJobProgress(string Path, long Done, long Total);

/// <summary>Outcome of an action on the device.</summary>
/// <param name="Succeeded">The device confirmed the change (reply line, read-back).</param>
/// <param name="Evidence">Reply lines / file state shown to the user and kept in the report.</param>
public sealed record DeviceActionResult(bool Succeeded, IReadOnlyList<string> Evidence);
