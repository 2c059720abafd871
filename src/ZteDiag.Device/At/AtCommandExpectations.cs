namespace ZteDiag.Device.At;

/// <summary>What a command is known to do beyond a quick final result.</summary>
/// <param name="ReplyTimeout">How long its final result may take (null: the session default).</param>
/// <param name="LateUrc">The URC that carries its real answer after <c>OK</c> (e.g. <c>+CUSD</c>), or null.</param>
/// <param name="LateUrcTimeout">How long to wait for <paramref name="LateUrc"/>.</param>
/// <param name="TakesText">True when the modem answers with the <c>&gt; </c> prompt and wants a text body.</param>
public sealed record AtCommandExpectation(TimeSpan? ReplyTimeout, string? LateUrc, TimeSpan LateUrcTimeout, bool TakesText)
{
    /// <summary>An ordinary command: quick final result, nothing after it.</summary>
    public static AtCommandExpectation Plain { get; } = new(null, null, TimeSpan.Zero, false);
}

/// <summary>
/// The commands whose answer comes late or needs input (DEVICES.md §3.4): USSD answers arrive as a
/// <c>+CUSD:</c> URC after <c>OK</c>, an operator scan (<c>AT+COPS=?</c>) takes up to minutes, and
/// <c>AT+CMGS</c>/<c>AT+CMGW</c> prompt for the SMS body and wait for the network after Ctrl-Z.
/// </summary>
public static class AtCommandExpectations
{
    /// <summary>How long the network may take for a USSD answer.</summary>
    public static readonly TimeSpan UssdTimeout = TimeSpan.FromSeconds(30);

    /// <summary>How long an operator scan may take.</summary>
    public static readonly TimeSpan OperatorScanTimeout = TimeSpan.FromSeconds(180);

    /// <summary>The expectation for <paramref name="command"/>.</summary>
    public static AtCommandExpectation For(string command)
    {
        ArgumentNullException.ThrowIfNull(command);
        string c = command.Trim().ToUpperInvariant();
        if (c.StartsWith("AT+CUSD=", StringComparison.Ordinal) && c.Contains(',', StringComparison.Ordinal))
        {
            // AT+CUSD=1,"*100#"[,15]: OK now, the answer later; AT+CUSD=1 alone only switches the mode
            return new AtCommandExpectation(null, "+CUSD", UssdTimeout, false);
        }

        if (c == "AT+COPS=?")
        {
            return new AtCommandExpectation(OperatorScanTimeout, null, TimeSpan.Zero, false);
        }

        if (c.StartsWith("AT+CMGS=", StringComparison.Ordinal) || c.StartsWith("AT+CMGW", StringComparison.Ordinal))
        {
            return new AtCommandExpectation(null, null, TimeSpan.Zero, true);
        }

        return AtCommandExpectation.Plain;
    }
}
