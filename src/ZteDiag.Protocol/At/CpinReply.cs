namespace ZteDiag.Protocol.At;

/// <summary>SIM lock state from <c>AT+CPIN?</c> (27.007 §8.3).</summary>
public enum CpinState
{
    /// <summary>A code the table does not know; see <see cref="CpinReply.Raw"/>.</summary>
    Unknown,
    /// <summary><c>READY</c>: no code needed.</summary>
    Ready,
    /// <summary><c>SIM PIN</c>.</summary>
    SimPin,
    /// <summary><c>SIM PUK</c>: PIN blocked.</summary>
    SimPuk,
    /// <summary><c>SIM PIN2</c>.</summary>
    SimPin2,
    /// <summary><c>SIM PUK2</c>.</summary>
    SimPuk2,
    /// <summary><c>PH-SIM PIN</c>: phone-to-SIM lock.</summary>
    PhSimPin,
    /// <summary><c>PH-NET PIN</c>: network (operator) lock.</summary>
    PhNetPin,
    /// <summary><c>PH-NET PUK</c>.</summary>
    PhNetPuk,
    /// <summary>No SIM: the modem answered <c>+CME ERROR: 10</c>.</summary>
    SimNotInserted,
}

/// <summary>The answer to <c>AT+CPIN?</c>: <c>+CPIN: READY</c>, <c>+CPIN: SIM PIN</c>… or <c>+CME ERROR: 10</c> (no SIM).</summary>
/// <param name="State">Typed state.</param>
/// <param name="Raw">The text after <c>+CPIN:</c> (or the error line).</param>
public sealed record CpinReply(CpinState State, string Raw)
{
    /// <summary>True when no code is needed.</summary>
    public bool IsReady => State == CpinState.Ready;

    /// <summary>Parses the reply; <c>+CME ERROR: 10</c> and its textual form give <see cref="CpinState.SimNotInserted"/> with status Ok.</summary>
    public static AtParseStatus TryParse(AtReply? reply, out CpinReply? value)
    {
        value = null;
        if (reply is not null && reply.Final.Kind == AtFinalKind.CmeError && reply.Final.Code == 10)
        {
            value = new CpinReply(CpinState.SimNotInserted, reply.Final.ToString());
            return AtParseStatus.Ok;
        }

        return AtReader.FromReply(reply, "+CPIN", Parse, out value);
    }

    /// <summary>Parses one <c>+CPIN:</c> line.</summary>
    public static AtParseStatus TryParse(string? line, out CpinReply? value) => AtReader.FromLine(line, "+CPIN", Parse, out value);

    private static CpinReply? Parse(string body)
    {
        string code = body.Trim('"', ' ');
        if (code.Length == 0)
        {
            return null;
        }

        var state = code.ToUpperInvariant() switch
        {
            "READY" => CpinState.Ready,
            "SIM PIN" => CpinState.SimPin,
            "SIM PUK" => CpinState.SimPuk,
            "SIM PIN2" => CpinState.SimPin2,
            "SIM PUK2" => CpinState.SimPuk2,
            "PH-SIM PIN" => CpinState.PhSimPin,
            "PH-NET PIN" => CpinState.PhNetPin,
            "PH-NET PUK" => CpinState.PhNetPuk,
            _ => CpinState.Unknown,
        };
        return new CpinReply(state, code);
    }
}
