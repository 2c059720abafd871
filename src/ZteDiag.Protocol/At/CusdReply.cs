namespace ZteDiag.Protocol.At;

/// <summary>
/// USSD answer <c>+CUSD: &lt;m&gt;[,"&lt;str&gt;"[,&lt;dcs&gt;]]</c> (27.007 §7.15), e.g.
/// <c>+CUSD: 0,"Tarifni profil: Surf Classic\nStanje: 3.12…",15</c>. Multi-line text arrives joined with <c>\n</c>
/// by <see cref="AtLineParser"/>.
/// </summary>
/// <param name="Status">0 done, 1 further user action required, 2 terminated by network, 3 answered by another client, 4 not supported, 5 network timeout.</param>
/// <param name="Text">The USSD text (as sent: plain text when dcs 15 and the modem decodes it), or null.</param>
/// <param name="Dcs">Data coding scheme (15 = GSM 7-bit default language), or null.</param>
public sealed record CusdReply(int Status, string? Text, int? Dcs)
{
    /// <summary>True when the network waits for a further user answer (status 1).</summary>
    public bool NeedsAnswer => Status == 1;

    /// <summary>Parses a reply that carries a <c>+CUSD:</c> line.</summary>
    public static AtParseStatus TryParse(AtReply? reply, out CusdReply? value) => AtReader.FromReply(reply, "+CUSD", Parse, out value);

    /// <summary>Parses one <c>+CUSD:</c> line (typically an unsolicited event's text).</summary>
    public static AtParseStatus TryParse(string? line, out CusdReply? value) => AtReader.FromLine(line, "+CUSD", Parse, out value);

    private static CusdReply? Parse(string body)
    {
        var f = AtFields.Split(body);
        if (f.Count == 0 || f[0].AsInt() is not int m)
        {
            return null;
        }

        return new CusdReply(m, f.Count > 1 ? f[1].AsText() : null, f.Count > 2 ? f[2].AsInt() : null);
    }
}
