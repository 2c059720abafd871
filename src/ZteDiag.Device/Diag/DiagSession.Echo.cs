using ZteDiag.Protocol.Diag;

namespace ZteDiag.Device.Diag;

/// <summary>The one DIAG_VER request that settles "genuine reply or echoing AT port?" (see <see cref="DiagPortProbe"/>).</summary>
public sealed partial class DiagSession
{
    private static readonly byte[] DiagVersionProbe = [(byte)DiagCommand.DiagVersion];

    private static readonly DiagRequestOptions ProbeOptions = new() { Name = "DIAG_VER (echo probe)" };

    /// <summary>
    /// A reply identical to its request, before the port has sent anything else, may be a genuine reply
    /// (NV_WRITE, an all-zero NV_READ, CONTROL) or an echoing AT port; left alone, an `nv write` to the AT
    /// port would report success. One DIAG_VER request settles it: an echoing port sends it back, which
    /// the probe turns into NotDiag at once, while a DIAG port answers (or rejects) it with a frame of its
    /// own. A probe that times out proves nothing and the reply stands.
    /// </summary>
    private async Task ProbeIfEchoAsync(byte[] request, byte[] reply, CancellationToken cancellationToken)
    {
        if (!_probe.NeedsEchoProbe(request, reply))
        {
            return;
        }

        try
        {
            _ = await RequestAsync(DiagVersionProbe, ProbeOptions, cancellationToken).ConfigureAwait(false);
        }
        catch (DiagRejectedException)
        {
            // an error reply is a frame we did not send: the port speaks DIAG
        }
        catch (DiagTimeoutException)
        {
            // inconclusive: the caller keeps its reply, and a later timeout may still conclude
        }
        catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException)
        {
            // the request itself completed: a cancel or close during the probe must not turn it into a failure
        }
    }
}
