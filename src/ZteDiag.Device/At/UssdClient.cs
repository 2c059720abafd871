using ZteDiag.Protocol.At;
using ZteDiag.Protocol.Sms;

namespace ZteDiag.Device.At;

/// <summary>A decoded USSD answer.</summary>
/// <param name="Status">27.007 §7.15 status: 0 done, 1 the network waits for a reply, 2 ended by the network, 3 answered by another client, 4 not supported, 5 timed out.</param>
/// <param name="Text">The answer as a person reads it (GSM 7-bit or UCS2 hex decoded), empty when none.</param>
/// <param name="Dcs">Data coding scheme as sent, or null.</param>
/// <param name="Raw">The string exactly as the modem sent it.</param>
public sealed record UssdResult(int Status, string Text, int? Dcs, string Raw)
{
    /// <summary>True when the network waits for a reply (a menu): answer with `ussd --reply`.</summary>
    public bool AwaitsReply => Status == 1;

    /// <summary>The status in words.</summary>
    public string StatusText => Status switch
    {
        0 => "done",
        1 => "the network waits for your reply",
        2 => "ended by the network",
        3 => "answered by another client",
        4 => "not supported by the network",
        5 => "the network timed out",
        _ => "status " + Status.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}

/// <summary>
/// USSD over the AT port (27.007 §7.15): sends <c>AT+CUSD=1,"…",15</c>, waits (bounded) for the <c>+CUSD:</c>
/// answer that arrives after <c>OK</c>, and decodes it. A wait that runs out closes the USSD session
/// (<c>AT+CUSD=2</c>) so the next command finds the modem idle.
/// </summary>
public sealed class UssdClient
{
    private readonly AtSession _session;
    private readonly TimeProvider _time;

    /// <summary>Creates the client over an open session (not owned).</summary>
    public UssdClient(AtSession session, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(session);
        _session = session;
        _time = time ?? TimeProvider.System;
    }

    /// <summary>True when <paramref name="request"/> can be sent in <c>AT+CUSD</c> (no quote, no control character, GSM 7-bit).</summary>
    public static bool IsValidRequest(string? request) =>
        !string.IsNullOrEmpty(request) && request.Length <= 160 && !request.Any(c => c == '"' || char.IsControl(c))
        && Gsm7Alphabet.CanEncode(request);

    /// <summary>Sends a code (<c>*100#</c>) or, in an open menu, a reply (<c>1</c>) and returns the network's answer.</summary>
    /// <param name="request">The code or reply; see <see cref="IsValidRequest"/>.</param>
    /// <param name="timeout">How long the network may take to answer after <c>OK</c>.</param>
    /// <param name="cancellationToken">Cancels the wait (the USSD session is closed).</param>
    /// <exception cref="AtCommandException">The modem refused the request (e.g. no SIM, +CME ERROR: 10).</exception>
    /// <exception cref="DiagTimeoutException">No answer within <paramref name="timeout"/>; the USSD session was closed.</exception>
    public async Task<UssdResult> SendAsync(string request, TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (!IsValidRequest(request))
        {
            throw new ArgumentException($"'{request}' cannot be sent as USSD (quotes, control characters or non-GSM characters).", nameof(request));
        }

        string command = $"AT+CUSD=1,\"{request}\",15";
        var answer = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnUrc(object? sender, AtUnsolicitedEventArgs e)
        {
            if (e.Line.StartsWith("+CUSD", StringComparison.OrdinalIgnoreCase))
            {
                answer.TrySetResult(e.Line);
            }
        }

        _session.Unsolicited += OnUrc;
        try
        {
            AtReply reply = await _session.SendAsync(command, null, false, cancellationToken).ConfigureAwait(false);
            if (!reply.IsSuccess)
            {
                throw new AtCommandException(reply.Final.Describe(), command);
            }

            // some firmware puts the answer before OK, most send it after as a URC
            string? line = reply.Lines.FirstOrDefault(l => l.StartsWith("+CUSD", StringComparison.OrdinalIgnoreCase));
            if (line is null)
            {
                try
                {
                    line = await answer.Task.WaitAsync(timeout, _time, cancellationToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is TimeoutException or OperationCanceledException)
                {
                    await CancelQuietlyAsync().ConfigureAwait(false);
                    if (ex is OperationCanceledException)
                    {
                        throw;
                    }

                    throw new DiagTimeoutException(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                        $"no USSD answer to {request} within {timeout.TotalSeconds:0} s; the USSD session was closed (AT+CUSD=2)"), timeout, 1);
                }
            }

            return Decode(line);
        }
        finally
        {
            _session.Unsolicited -= OnUrc;
        }
    }

    /// <summary>Ends an open USSD menu (<c>AT+CUSD=2</c>).</summary>
    /// <exception cref="AtCommandException">The modem refused.</exception>
    public async Task CancelAsync(CancellationToken cancellationToken)
    {
        AtReply reply = await _session.SendAsync("AT+CUSD=2", null, false, cancellationToken).ConfigureAwait(false);
        if (!reply.IsSuccess)
        {
            throw new AtCommandException(reply.Final.Describe(), "AT+CUSD=2");
        }
    }

    /// <summary>Decodes one <c>+CUSD:</c> line; a line that does not parse is a link-level lie.</summary>
    internal static UssdResult Decode(string line)
    {
        if (CusdReply.TryParse(line, out CusdReply? cusd) != AtParseStatus.Ok || cusd is null)
        {
            throw new DiagLinkException($"the modem sent an unreadable USSD answer: {line}");
        }

        string raw = cusd.Text ?? string.Empty;
        return new UssdResult(cusd.Status, raw.Length == 0 ? string.Empty : UssdText.Decode(raw, cusd.Dcs), cusd.Dcs, raw);
    }

    private async Task CancelQuietlyAsync()
    {
        try
        {
            using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(5), _time);
            _ = await _session.SendAsync("AT+CUSD=2", null, false, bound.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is DiagLinkException or OperationCanceledException)
        {
            // best effort: the caller reports the original timeout
        }
    }
}
