namespace ZteDiag.Protocol.At;

/// <summary><c>+CSQ: &lt;rssi&gt;,&lt;ber&gt;</c> (27.007 §8.5). rssi 0..31 maps to −113..−51 dBm; 99 = unknown.</summary>
/// <param name="Rssi">Raw rssi index (0..31, 99 unknown).</param>
/// <param name="Ber">Raw bit error rate index (0..7, 99 unknown).</param>
public sealed record CsqReply(int Rssi, int Ber)
{
    /// <summary>Signal strength in dBm (−113 + 2·rssi), or null when unknown (99) or out of range.</summary>
    public int? Dbm => Rssi is >= 0 and <= 31 ? -113 + (2 * Rssi) : null;

    /// <summary>Bit error rate index, or null when unknown (99).</summary>
    public int? BitErrorRate => Ber is >= 0 and <= 7 ? Ber : null;

    /// <summary>Parses the reply to <c>AT+CSQ</c>.</summary>
    public static AtParseStatus TryParse(AtReply? reply, out CsqReply? value) => AtReader.FromReply(reply, "+CSQ", Parse, out value);

    /// <summary>Parses one <c>+CSQ:</c> line.</summary>
    public static AtParseStatus TryParse(string? line, out CsqReply? value) => AtReader.FromLine(line, "+CSQ", Parse, out value);

    private static CsqReply? Parse(string body)
    {
        var f = AtFields.Split(body);
        return f.Count >= 2 && f[0].AsInt() is int rssi && f[1].AsInt() is int ber ? new CsqReply(rssi, ber) : null;
    }
}
