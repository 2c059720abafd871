using ZteDiag.Device;
using ZteDiag.Device.Diag;
using ZteDiag.Device.Discovery;
using ZteDiag.Device.Links;

namespace ZteDiag.Workbench.Connection;

/// <summary>Opens the DIAG link and session for <see cref="ConnectionOptions"/>; explains a busy port.</summary>
public static class DiagConnector
{
    /// <summary>Opens the link (TCP or serial) and wraps it in a session.</summary>
    public static Task<DiagSession> OpenSessionAsync(ConnectionOptions options, CancellationToken ct, Action<string>? warn = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        return OpenSessionAsync(options, PortResolver.Resolve(options, PortNeed.Diag, warn).DiagPath!, ct);
    }

    /// <summary>Opens <paramref name="diagTarget"/> (a resolved DIAG tty, or the --tcp address) as a session.</summary>
    public static async Task<DiagSession> OpenSessionAsync(ConnectionOptions options, string diagTarget, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(options);
        IDiagLink link = await OpenLinkAsync(options, diagTarget, ct).ConfigureAwait(false);
        var session = new DiagSessionOptions { DefaultTimeout = options.Timeout };
        return new DiagSession(link, options.RetransmitFloor is { } floor ? session with { MinRetransmitTimeout = floor } : session);
    }

    /// <summary>Opens a byte link to <paramref name="target"/> (a tty path, or HOST:PORT when <see cref="ConnectionOptions.Tcp"/> is set).</summary>
    public static async Task<IDiagLink> OpenLinkAsync(ConnectionOptions options, string target, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Tcp is not null && target == options.Tcp)
        {
            return await TcpLink.ConnectAsync(target, ct).ConfigureAwait(false);
        }

        try
        {
            return SerialLink.Open(target);
        }
        catch (PortException ex) when (ex.Kind is PortErrorKind.Busy or PortErrorKind.AccessDenied && ex.InnerException is not PortInUseException)
        {
            throw NameHolders(ex, new ModemManagerCheck(options.ProcRoot, Environment.ProcessId).FindHolders(target));
        }
    }

    /// <summary>
    /// A busy or forbidden port's error with the processes holding it named: the port's own sentence (what failed and
    /// the OS cause) is kept whole, and each holder follows as a sentence of its own. With no holder named, the
    /// port's sentence already says what to do.
    /// </summary>
    public static PortException NameHolders(PortException ex, IReadOnlyList<PortHolder> holders)
    {
        ArgumentNullException.ThrowIfNull(ex);
        ArgumentNullException.ThrowIfNull(holders);
        if (ModemManagerCheck.Advice(holders) is not { } advice)
        {
            return ex;
        }

        string what = ex.Kind == PortErrorKind.Busy
            ? $"{ex.PortPath} is busy: another program holds it open."
            : ex.Message;
        return new PortException(ex.Kind, ex.PortPath, what + " " + advice.ReplaceLineEndings(" "), ex);
    }
}
