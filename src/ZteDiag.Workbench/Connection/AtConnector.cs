using ZteDiag.Device;
using ZteDiag.Device.At;

namespace ZteDiag.Workbench.Connection;

/// <summary>
/// Opens an AT session for a job that reads replies itself (apn set, doctor, checklist steps): the explicit
/// or discovered AT port, with numeric +CME errors switched on so a missing SIM reads as code 10, not a bare ERROR.
/// </summary>
public static class AtConnector
{
    /// <summary>Opens the AT port <see cref="PortResolver.Resolve"/> picks and sends AT+CMEE=1. The caller disposes the session.</summary>
    /// <exception cref="PortException">No AT port is known, or it cannot be opened.</exception>
    /// <exception cref="DiagTimeoutException">The port does not answer AT+CMEE=1 (not an AT port?).</exception>
    public static async Task<AtSession> OpenAsync(ConnectionOptions options, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(options);
        string path = PortResolver.Resolve(options, PortNeed.At).AtPath!;
        var link = await DiagConnector.OpenLinkAsync(options with { Tcp = null }, path, ct).ConfigureAwait(false);
        var at = new AtSession(link, new AtSessionOptions { DefaultTimeout = options.Timeout });
        try
        {
            await at.SendAsync("AT+CMEE=1", null, false, ct).ConfigureAwait(false);
            return at;
        }
        catch
        {
            await at.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }
}
