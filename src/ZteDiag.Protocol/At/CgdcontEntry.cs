using System.Globalization;

namespace ZteDiag.Protocol.At;

/// <summary>One PDP context from <c>AT+CGDCONT?</c>: <c>+CGDCONT: &lt;cid&gt;,"&lt;type&gt;","&lt;apn&gt;","&lt;addr&gt;",&lt;d_comp&gt;,&lt;h_comp&gt;</c> (27.007 §10.1.1).</summary>
/// <param name="Cid">Context id (1 is what <c>ATD*99#</c> uses).</param>
/// <param name="PdpType"><c>IP</c>, <c>IPV6</c>, <c>IPV4V6</c>, <c>PPP</c>.</param>
/// <param name="Apn">Access point name; empty means "ask the network for the subscription value" (DEVICES.md §7).</param>
/// <param name="Address">PDP address, null when absent or empty.</param>
/// <param name="DataCompression">d_comp, null when absent.</param>
/// <param name="HeaderCompression">h_comp, null when absent.</param>
public sealed record CgdcontEntry(int Cid, string PdpType, string Apn, string? Address = null, int? DataCompression = null, int? HeaderCompression = null)
{
    /// <summary>The set command for this context, e.g. <c>AT+CGDCONT=1,"IP","internet"</c>.</summary>
    public string ToSetCommand() => FormatSet(Cid, PdpType, Apn);

    /// <summary>Builds <c>AT+CGDCONT=&lt;cid&gt;,"&lt;type&gt;","&lt;apn&gt;"</c>.</summary>
    /// <exception cref="ArgumentException">The type or APN contains a double quote, CR or LF.</exception>
    public static string FormatSet(int cid, string pdpType, string apn)
    {
        ArgumentNullException.ThrowIfNull(pdpType);
        ArgumentNullException.ThrowIfNull(apn);
        if (pdpType.AsSpan().IndexOfAny("\"\r\n") >= 0 || apn.AsSpan().IndexOfAny("\"\r\n") >= 0)
        {
            throw new ArgumentException("PDP type and APN must not contain quotes or line breaks", nameof(apn));
        }

        return string.Create(CultureInfo.InvariantCulture, $"AT+CGDCONT={cid},\"{pdpType}\",\"{apn}\"");
    }

    /// <summary>Parses every <c>+CGDCONT:</c> line of a reply (an empty list is Ok); the first malformed line fails the whole parse.</summary>
    public static AtParseStatus TryParseList(AtReply? reply, out IReadOnlyList<CgdcontEntry> entries)
    {
        entries = [];
        if (reply is null)
        {
            return AtParseStatus.Missing;
        }

        if (!reply.IsSuccess)
        {
            return AtParseStatus.ErrorReply;
        }

        var list = new List<CgdcontEntry>();
        foreach (string line in reply.Lines)
        {
            var status = TryParse(line, out var entry);
            if (status == AtParseStatus.Malformed)
            {
                return status;
            }

            if (entry is not null)
            {
                list.Add(entry);
            }
        }

        entries = list;
        return AtParseStatus.Ok;
    }

    /// <summary>Parses one <c>+CGDCONT:</c> line.</summary>
    public static AtParseStatus TryParse(string? line, out CgdcontEntry? value) => AtReader.FromLine(line, "+CGDCONT", Parse, out value);

    private static CgdcontEntry? Parse(string body)
    {
        var f = AtFields.Split(body);
        if (f.Count < 2 || f[0].AsInt() is not int cid || f[1].IsEmpty)
        {
            return null;
        }

        string apn = f.Count > 2 ? f[2].Value : string.Empty;
        string? addr = f.Count > 3 && f[3].Value.Length > 0 ? f[3].Value : null;
        return new CgdcontEntry(cid, f[1].Value, apn, addr, f.Count > 4 ? f[4].AsInt() : null, f.Count > 5 ? f[5].AsInt() : null);
    }
}
