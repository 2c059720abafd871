namespace ZteDiag.Protocol.At;

/// <summary><c>+CLCK: &lt;status&gt;</c>, the answer to a facility lock query such as <c>AT+CLCK="SC",2</c> (27.007 §7.4).</summary>
/// <param name="Enabled">The lock is active (for "SC": the SIM asks for its PIN at power-on).</param>
public sealed record ClckReply(bool Enabled)
{
    /// <summary>The query of the SIM PIN lock.</summary>
    public const string SimPinQuery = "AT+CLCK=\"SC\",2";

    /// <summary>Parses the reply to a query.</summary>
    public static AtParseStatus TryParse(AtReply? reply, out ClckReply? value) => AtReader.FromReply(reply, "+CLCK", Parse, out value);

    /// <summary>Parses one <c>+CLCK:</c> line.</summary>
    public static AtParseStatus TryParse(string? line, out ClckReply? value) => AtReader.FromLine(line, "+CLCK", Parse, out value);

    private static ClckReply? Parse(string body)
    {
        var f = AtFields.Split(body);
        return f.Count >= 1 && f[0].AsInt() is int status and (0 or 1) ? new ClckReply(status == 1) : null;
    }
}
