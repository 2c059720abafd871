using ZteDiag.Protocol.At;

namespace ZteDiag.Device.At;

/// <summary>
/// Network mode (ZTE AT+ZSNT), operator scan (AT+COPS=?) and operator selection (AT+COPS=0 / =1,2,"MCCMNC") on the AT port.
/// </summary>
public sealed class NetworkClient
{
    /// <summary>How long a scan may take: real sticks need 20–60 s, some up to 3 minutes.</summary>
    public static readonly TimeSpan DefaultScanTimeout = TimeSpan.FromMinutes(3);

    private readonly AtSession _session;

    /// <summary>Creates the client over an open session (not owned).</summary>
    public NetworkClient(AtSession session)
    {
        ArgumentNullException.ThrowIfNull(session);
        _session = session;
    }

    /// <summary>True for an MCC+MNC of 5 or 6 digits.</summary>
    public static bool IsValidNumeric(string? numeric) => numeric is { Length: 5 or 6 } && numeric.All(char.IsAsciiDigit);

    /// <summary>Reads the AT+ZSNT setting.</summary>
    /// <exception cref="AtCommandException">The firmware does not know AT+ZSNT, or refused.</exception>
    public async Task<ZsntReply> ReadModeAsync(CancellationToken cancellationToken)
    {
        AtReply r = (await _session.SendAsync("AT+ZSNT?", cancellationToken: cancellationToken).ConfigureAwait(false)).EnsureSuccess();
        return ZsntReply.TryParse(r, out ZsntReply? mode) == AtParseStatus.Ok ? mode!
            : throw new AtCommandException("an answer ZteDiag cannot read: " + string.Join(" | ", r.Lines), "AT+ZSNT?");
    }

    /// <summary>Sets the mode and reads it back; the read-back is what is returned.</summary>
    /// <exception cref="AtCommandException">Refused, or the read-back differs from what was set.</exception>
    public async Task<ZsntReply> SetModeAsync(ZsntReply setting, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(setting);
        string command = setting.ToSetCommand();
        _ = (await _session.SendAsync(command, cancellationToken: cancellationToken).ConfigureAwait(false)).EnsureSuccess();
        ZsntReply back = await ReadModeAsync(cancellationToken).ConfigureAwait(false);
        return back.Mode == setting.Mode && back.Preference == setting.Preference ? back
            : throw new AtCommandException($"OK, but AT+ZSNT? reads back {NetworkModeName.Describe(back)}", command);
    }

    /// <summary>Scans for networks (AT+COPS=?); the modem answers only when the scan is over.</summary>
    /// <exception cref="DiagTimeoutException">No answer within <paramref name="timeout"/> (the scan is aborted so the port stays usable).</exception>
    public async Task<IReadOnlyList<CopsNetwork>> ScanAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        AtReply r = (await _session.SendAsync(CopsNetworkList.ScanCommand, timeout, cancellationToken: cancellationToken).ConfigureAwait(false)).EnsureSuccess();
        return CopsNetworkList.TryParse(r, out IReadOnlyList<CopsNetwork> list) == AtParseStatus.Ok ? list
            : throw new AtCommandException("an answer ZteDiag cannot read: " + string.Join(" | ", r.Lines), CopsNetworkList.ScanCommand);
    }

    /// <summary>Selects automatic registration (null) or one network by MCC+MNC, and reads the registration back.</summary>
    public async Task<CopsReply> SelectAsync(string? numeric, TimeSpan timeout, CancellationToken cancellationToken)
    {
        string command = numeric is null ? "AT+COPS=0" : "AT+COPS=1,2,\"" + numeric + "\"";
        _ = (await _session.SendAsync(command, timeout, cancellationToken: cancellationToken).ConfigureAwait(false)).EnsureSuccess();
        AtReply r = (await _session.SendAsync("AT+COPS?", cancellationToken: cancellationToken).ConfigureAwait(false)).EnsureSuccess();
        return CopsReply.TryParse(r, out CopsReply? cops) == AtParseStatus.Ok ? cops!
            : throw new AtCommandException("an answer ZteDiag cannot read: " + string.Join(" | ", r.Lines), "AT+COPS?");
    }
}
