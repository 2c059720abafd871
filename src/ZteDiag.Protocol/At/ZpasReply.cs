namespace ZteDiag.Protocol.At;

/// <summary>ZTE <c>+ZPAS: "&lt;tech&gt;","&lt;domain&gt;"</c>, e.g. <c>+ZPAS: "HSDPA","CS_PS"</c> (DEVICES.md §3.2).</summary>
/// <param name="Technology">Access technology text: <c>GPRS/EDGE</c>, <c>HSDPA</c>, <c>3G</c>, <c>No Service</c>…</param>
/// <param name="Domain">Service domain: <c>CS_ONLY</c>, <c>PS_ONLY</c>, <c>CS_PS</c>…; null when the modem left it out.</param>
public sealed record ZpasReply(string Technology, string? Domain)
{
    /// <summary>Parses the reply to <c>AT+ZPAS?</c>.</summary>
    public static AtParseStatus TryParse(AtReply? reply, out ZpasReply? value) => AtReader.FromReply(reply, "+ZPAS", Parse, out value);

    /// <summary>Parses one <c>+ZPAS:</c> line.</summary>
    public static AtParseStatus TryParse(string? line, out ZpasReply? value) => AtReader.FromLine(line, "+ZPAS", Parse, out value);

    private static ZpasReply? Parse(string body)
    {
        var f = AtFields.Split(body);
        return f.Count == 0 || f[0].IsEmpty ? null : new ZpasReply(f[0].Value, f.Count > 1 ? f[1].AsText() : null);
    }
}
