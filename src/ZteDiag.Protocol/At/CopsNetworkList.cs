namespace ZteDiag.Protocol.At;

/// <summary>One network found by <c>AT+COPS=?</c> (27.007 §7.3).</summary>
/// <param name="Status">0 unknown, 1 available, 2 current, 3 forbidden.</param>
/// <param name="LongName">Long alphanumeric name, e.g. <c>Orange Austria</c>.</param>
/// <param name="ShortName">Short alphanumeric name.</param>
/// <param name="Numeric">MCC and MNC, e.g. <c>23205</c>.</param>
/// <param name="AccessTechnology">0 GSM, 2 UTRAN, …; null when the modem left it out.</param>
public sealed record CopsNetwork(int Status, string LongName, string ShortName, string Numeric, int? AccessTechnology)
{
    /// <summary>The status in words.</summary>
    public string StatusText => Status switch
    {
        1 => "available",
        2 => "current",
        3 => "forbidden",
        _ => "unknown",
    };
}

/// <summary>
/// The answer to <c>AT+COPS=?</c>: <c>+COPS: (2,"long","short","25001",2),(1,…),,(0-4),(0-2)</c>; the
/// parenthesised groups after the empty field are the supported modes and formats and are skipped.
/// </summary>
public static class CopsNetworkList
{
    /// <summary>The scan command.</summary>
    public const string ScanCommand = "AT+COPS=?";

    /// <summary>Parses the scan reply; an empty list when no network was found.</summary>
    public static AtParseStatus TryParse(AtReply? reply, out IReadOnlyList<CopsNetwork> networks)
    {
        networks = [];
        if (reply is null)
        {
            return AtParseStatus.Missing;
        }

        if (!reply.IsSuccess)
        {
            return AtParseStatus.ErrorReply;
        }

        string? body = reply.FindBody("+COPS");
        if (body is null)
        {
            return AtParseStatus.Missing;
        }

        var found = new List<CopsNetwork>();
        foreach (string group in Groups(body))
        {
            var f = AtFields.Split(group);
            if (f.Count < 4 || !f[1].Quoted)
            {
                continue; // "(0-4)" and "(0-2)": the supported modes and formats
            }

            if (f[0].AsInt() is not int status || f[3].Value.Length is < 5 or > 6 || !f[3].Value.All(char.IsAsciiDigit))
            {
                return AtParseStatus.Malformed;
            }

            found.Add(new CopsNetwork(status, f[1].Value, f[2].Value, f[3].Value, f.Count > 4 ? f[4].AsInt() : null));
        }

        networks = found;
        return AtParseStatus.Ok;
    }

    /// <summary>The texts inside top-level parentheses, quotes respected.</summary>
    private static IEnumerable<string> Groups(string body)
    {
        int depth = 0, start = -1;
        bool quoted = false;
        for (int i = 0; i < body.Length; i++)
        {
            char c = body[i];
            if (c == '"')
            {
                quoted = !quoted;
            }
            else if (!quoted && c == '(')
            {
                if (depth++ == 0)
                {
                    start = i + 1;
                }
            }
            else if (!quoted && c == ')' && depth > 0 && --depth == 0)
            {
                yield return body[start..i];
            }
        }
    }
}
