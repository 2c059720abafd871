namespace ZteDiag.Protocol.At;

/// <summary><c>+COPS: &lt;mode&gt;[,&lt;format&gt;,"&lt;oper&gt;"[,&lt;AcT&gt;]]</c> (27.007 §7.3).</summary>
/// <param name="Mode">0 automatic, 1 manual, 2 deregister, 3 set format only, 4 manual/automatic.</param>
/// <param name="Format">0 long alphanumeric, 1 short alphanumeric, 2 numeric; null when not registered.</param>
/// <param name="Operator">Operator name or MCC/MNC, e.g. <c>Orange Austria</c>.</param>
/// <param name="AccessTechnology">0 GSM, 2 UTRAN, 3 GSM w/EGPRS, 4 HSDPA, 5 HSUPA, 6 HSPA, 7 E-UTRAN; null when absent.</param>
public sealed record CopsReply(int Mode, int? Format, string? Operator, int? AccessTechnology)
{
    /// <summary>Parses the reply to <c>AT+COPS?</c>.</summary>
    public static AtParseStatus TryParse(AtReply? reply, out CopsReply? value) => AtReader.FromReply(reply, "+COPS", Parse, out value);

    /// <summary>Parses one <c>+COPS:</c> line.</summary>
    public static AtParseStatus TryParse(string? line, out CopsReply? value) => AtReader.FromLine(line, "+COPS", Parse, out value);

    private static CopsReply? Parse(string body)
    {
        var f = AtFields.Split(body);
        if (f.Count == 0 || f[0].Quoted || f[0].AsInt() is not int mode)
        {
            return null;
        }

        int? format = f.Count > 1 ? f[1].AsInt() : null;
        string? oper = f.Count > 2 ? f[2].AsText() : null;
        int? act = f.Count > 3 ? f[3].AsInt() : null;
        return new CopsReply(mode, format, oper, act);
    }
}
