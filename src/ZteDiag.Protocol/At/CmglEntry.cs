namespace ZteDiag.Protocol.At;

/// <summary>
/// One message from <c>AT+CMGL</c> in text mode (<c>AT+CMGF=1</c>, 27.005 §3.4.2):
/// <c>+CMGL: &lt;index&gt;,"&lt;stat&gt;","&lt;oa/da&gt;",[&lt;alpha&gt;],["&lt;scts&gt;"]</c> followed by the body line(s).
/// </summary>
/// <param name="Index">Storage index (for <c>AT+CMGR</c>/<c>AT+CMGD</c>).</param>
/// <param name="Status"><c>REC UNREAD</c>, <c>REC READ</c>, <c>STO UNSENT</c>, <c>STO SENT</c>.</param>
/// <param name="Address">Originator or destination number.</param>
/// <param name="Alpha">Phonebook name, null when empty.</param>
/// <param name="Timestamp">Service centre time stamp as sent, e.g. <c>14/02/01,15:07:43+00</c>; null when absent.</param>
/// <param name="Body">Message text; several body lines are joined with <c>\n</c>.</param>
public sealed record CmglEntry(int Index, string Status, string Address, string? Alpha, string? Timestamp, string Body)
{
    /// <summary>
    /// Parses the information lines of a <c>AT+CMGL</c> reply. An empty list (just <c>OK</c>) is Ok.
    /// Lines before the first header are ignored; a malformed header fails the parse.
    /// </summary>
    public static AtParseStatus TryParseList(AtReply? reply, out IReadOnlyList<CmglEntry> entries)
    {
        entries = [];
        if (reply is null)
        {
            return AtParseStatus.Missing;
        }

        return reply.IsSuccess ? TryParseList(reply.Lines, out entries) : AtParseStatus.ErrorReply;
    }

    /// <summary>Parses <c>+CMGL:</c> headers each followed by body lines.</summary>
    public static AtParseStatus TryParseList(IEnumerable<string>? lines, out IReadOnlyList<CmglEntry> entries)
    {
        entries = [];
        if (lines is null)
        {
            return AtParseStatus.Missing;
        }

        var list = new List<CmglEntry>();
        CmglEntry? current = null;
        List<string> body = [];
        foreach (string line in lines)
        {
            if (AtFields.TryGetBody(line, "+CMGL", out string header))
            {
                if (current is not null)
                {
                    list.Add(current with { Body = string.Join('\n', body) });
                }

                current = ParseHeader(header);
                if (current is null)
                {
                    return AtParseStatus.Malformed;
                }

                body.Clear();
            }
            else if (current is not null)
            {
                body.Add(line);
            }
        }

        if (current is not null)
        {
            list.Add(current with { Body = string.Join('\n', body) });
        }

        entries = list;
        return AtParseStatus.Ok;
    }

    private static CmglEntry? ParseHeader(string header)
    {
        var f = AtFields.Split(header);
        if (f.Count < 3 || f[0].AsInt() is not int index)
        {
            return null;
        }

        return new CmglEntry(index, f[1].Value, f[2].Value, f.Count > 3 ? Blank(f[3]) : null, f.Count > 4 ? Blank(f[4]) : null, string.Empty);
    }

    private static string? Blank(AtField f) => f.Value.Length == 0 ? null : f.Value;
}
