using ZteDiag.Device.Diag;
using ZteDiag.Device.Nv;
using ZteDiag.Protocol.Diag;

namespace ZteDiag.Device.Identity;

/// <summary>What the modem says about itself over DIAG. Fields the firmware does not answer are null.</summary>
/// <param name="Version">VERNO (build dates, version directory, hardware version).</param>
/// <param name="ExtendedBuild">EXT_BUILD_ID (build id and model strings); null on older firmware (BAD_CMD).</param>
/// <param name="DiagVersion">DIAG_VER; null when unsupported.</param>
/// <param name="Esn">ESN; null when unsupported.</param>
/// <param name="Imei">IMEI from NV 550; null when unreadable (not set, SPC/security locked, unsupported).</param>
public sealed record DiagIdentity(
    VernoResponse? Version,
    ExtBuildIdResponse? ExtendedBuild,
    ushort? DiagVersion,
    uint? Esn,
    string? Imei)
{
    /// <summary>ESN as libqcdm prints it (8 hex digits), or null.</summary>
    public string? EsnText => Esn is uint e ? e.ToString("X8", System.Globalization.CultureInfo.InvariantCulture) : null;
}

/// <summary>
/// Reads <see cref="DiagIdentity"/>: VERNO, EXT_BUILD_ID, DIAG_VER, ESN and the IMEI (NV 550). Each
/// query that the firmware rejects (BAD_CMD, BAD_PARM, BAD_LEN, SPC/security locked) is tolerated and
/// leaves its field null; link failures still raise.
/// </summary>
public sealed class DeviceIdentityReader
{
    private readonly DiagSession _session;
    private readonly NvClient _nv;

    /// <summary>Creates the reader.</summary>
    public DeviceIdentityReader(DiagSession session)
    {
        ArgumentNullException.ThrowIfNull(session);
        _session = session;
        _nv = new NvClient(session);
    }

    /// <summary>Queries everything, one request at a time.</summary>
    /// <exception cref="DiagLinkException">The link failed or timed out.</exception>
    public async Task<DiagIdentity> ReadAsync(CancellationToken cancellationToken)
    {
        VernoResponse? verno = await QueryAsync<VernoResponse>(new VernoRequest(), "VERNO", VernoResponse.TryParse, cancellationToken).ConfigureAwait(false);
        ExtBuildIdResponse? ext = await QueryAsync<ExtBuildIdResponse>(new ExtBuildIdRequest(), "EXT_BUILD_ID", ExtBuildIdResponse.TryParse, cancellationToken)
            .ConfigureAwait(false);
        DiagVersionResponse? ver = await QueryAsync<DiagVersionResponse>(new DiagVersionRequest(), "DIAG_VER", DiagVersionResponse.TryParse, cancellationToken)
            .ConfigureAwait(false);
        EsnResponse? esn = await QueryAsync<EsnResponse>(new EsnRequest(), "ESN", EsnResponse.TryParse, cancellationToken).ConfigureAwait(false);
        string? imei = null;
        try
        {
            imei = await _nv.ReadImeiAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is DiagRejectedException or NvException || (ex is DiagLinkException and not DiagTimeoutException && _session.State == SessionState.Open))
        {
            // not set, locked or not an IMEI
        }

        return new DiagIdentity(verno, ext, ver?.Version, esn?.Esn, imei);
    }

    private delegate DiagStatus Parser<T>(ReadOnlySpan<byte> src, out T? value)
        where T : class;

    private async Task<T?> QueryAsync<T>(IDiagPacket request, string name, Parser<T> parse, CancellationToken ct)
        where T : class
    {
        byte[] reply;
        try
        {
            reply = await _session.RequestAsync(request.ToArray(), new DiagRequestOptions { Name = name, SafeToRetry = true }, ct).ConfigureAwait(false);
        }
        catch (DiagRejectedException)
        {
            return null;
        }

        return parse(reply, out T? value) == DiagStatus.Ok ? value : null;
    }
}
