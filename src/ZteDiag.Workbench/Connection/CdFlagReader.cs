using ZteDiag.Device;
using ZteDiag.Device.Diag;
using ZteDiag.Device.Efs;
using ZteDiag.Workbench.Maintenance;

namespace ZteDiag.Workbench.Connection;

/// <summary>
/// Reads /CD_STARTUP_FLAG over its own DIAG session for `ztediag status` (the AT side cannot see it): true when
/// the fake CD-ROM comes up at plug-in. Read-only; the session is closed after each read.
/// </summary>
public static class CdFlagReader
{
    /// <summary>The flag, or null with the reason when no DIAG port is known or it does not answer.</summary>
    public static async Task<(bool? Present, string? Why)> ReadAsync(ConnectionOptions options, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.AtPort is not null && options.DiagPort is null && options.Tcp is null)
        {
            // discovery could find another stick's DIAG port: never report one stick's flag beside another's AT answers
            return (null, "no DIAG port to read it from: --at-port was given without --port");
        }

        string? diag;
        try
        {
            diag = PortResolver.Resolve(options, PortNeed.Diag).DiagPath;
        }
        catch (ZteDiagException ex)
        {
            return (null, "no DIAG port to read it from (" + ex.Message + ")");
        }

        if (diag is null)
        {
            return (null, "no DIAG port to read it from");
        }

        try
        {
            await using DiagSession session = await DiagConnector.OpenSessionAsync(options, diag, ct).ConfigureAwait(false);
            var efs = new EfsClient(session);
            await efs.ConnectAsync(ct).ConfigureAwait(false);
            return (await efs.ExistsAsync(MaintenanceJob.CdStartupFlagPath, ct).ConfigureAwait(false), null);
        }
        catch (ZteDiagException ex)
        {
            return (null, "the DIAG port did not tell (" + ex.Message + ")");
        }
    }
}
