namespace ZteDiag.Protocol.At;

/// <summary>One SMS storage slot of <c>+CPMS</c>: memory name (query form only), used and total.</summary>
/// <param name="Memory"><c>SM</c>, <c>ME</c>, <c>MT</c>, <c>SR</c>; null in the set-command form, which omits names.</param>
/// <param name="Used">Messages stored.</param>
/// <param name="Total">Capacity.</param>
public readonly record struct CpmsStorage(string? Memory, int Used, int Total);

/// <summary>
/// <c>+CPMS</c> answer (27.005 §3.2.2), either the query form <c>+CPMS: "SM",3,50,"SM",3,50,"SM",3,50</c>
/// or the set form <c>+CPMS: 50,50,50,50,50,50</c> (read/delete, write/send, receive).
/// </summary>
/// <param name="Storages">One entry per memory (1 to 3).</param>
public sealed record CpmsReply(IReadOnlyList<CpmsStorage> Storages)
{
    /// <summary>Parses a reply to <c>AT+CPMS?</c> or <c>AT+CPMS=…</c>.</summary>
    public static AtParseStatus TryParse(AtReply? reply, out CpmsReply? value) => AtReader.FromReply(reply, "+CPMS", Parse, out value);

    /// <summary>Parses one <c>+CPMS:</c> line (the <c>=?</c> range form is Malformed here).</summary>
    public static AtParseStatus TryParse(string? line, out CpmsReply? value) => AtReader.FromLine(line, "+CPMS", Parse, out value);

    private static CpmsReply? Parse(string body)
    {
        var f = AtFields.Split(body);
        var list = new List<CpmsStorage>();
        int i = 0;
        while (i < f.Count)
        {
            string? mem = null;
            if (f[i].Quoted)
            {
                mem = f[i].Value;
                i++;
            }

            if (i + 1 >= f.Count || f[i].AsInt() is not int used || f[i + 1].AsInt() is not int total)
            {
                return null;
            }

            list.Add(new CpmsStorage(mem, used, total));
            i += 2;
        }

        return list.Count == 0 ? null : new CpmsReply(list);
    }
}
