namespace ZteDiag.Protocol.At;

/// <summary>ZTE <c>+ZPINPUK: &lt;pin_retries&gt;,&lt;puk_retries&gt;</c>, the answer to <c>AT+ZPINPUK=?</c> (DEVICES.md §3.2).</summary>
/// <param name="PinRetries">PIN attempts left (0: the PIN is blocked, the PUK is needed).</param>
/// <param name="PukRetries">PUK attempts left (0: the SIM is dead).</param>
public sealed record ZpinpukReply(int PinRetries, int PukRetries)
{
    /// <summary>The command that asks for the counters.</summary>
    public const string Command = "AT+ZPINPUK=?";

    /// <summary>Parses the reply to <see cref="Command"/>.</summary>
    public static AtParseStatus TryParse(AtReply? reply, out ZpinpukReply? value) => AtReader.FromReply(reply, "+ZPINPUK", Parse, out value);

    /// <summary>Parses one <c>+ZPINPUK:</c> line.</summary>
    public static AtParseStatus TryParse(string? line, out ZpinpukReply? value) => AtReader.FromLine(line, "+ZPINPUK", Parse, out value);

    private static ZpinpukReply? Parse(string body)
    {
        var f = AtFields.Split(body);
        return f.Count == 2 && f[0].AsInt() is int pin and >= 0 and <= 15 && f[1].AsInt() is int puk and >= 0 and <= 15
            ? new ZpinpukReply(pin, puk) : null;
    }
}
