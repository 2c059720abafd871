namespace ZteDiag.Protocol.At;

/// <summary>
/// The answer to <c>ATI</c> on ZTE sticks: five prefixed lines <c>Manufacturer: </c>, <c>Model: </c>,
/// <c>Revision: </c>, <c>IMEI: </c>, <c>+GCAP: </c> (DEVICES.md §3.1). Missing lines give null fields.
/// </summary>
/// <param name="Manufacturer">e.g. <c>ZTE INCORPORATED</c>.</param>
/// <param name="Model">e.g. <c>MF626</c>.</param>
/// <param name="Revision">Firmware revision, e.g. <c>BD_TMOP673M3V1.0.1B07</c>.</param>
/// <param name="Imei">IMEI digits as sent.</param>
/// <param name="Capabilities">The <c>+GCAP</c> list, e.g. <c>+CGSM</c>, <c>+DS</c>, <c>+ES</c>; empty when absent.</param>
public sealed record AtiInfo(string? Manufacturer, string? Model, string? Revision, string? Imei, IReadOnlyList<string> Capabilities)
{
    /// <summary>Parses a reply to <c>ATI</c>.</summary>
    public static AtParseStatus TryParse(AtReply? reply, out AtiInfo? value)
    {
        value = null;
        if (reply is null)
        {
            return AtParseStatus.Missing;
        }

        return reply.IsSuccess ? TryParse(reply.Lines, out value) : AtParseStatus.ErrorReply;
    }

    /// <summary>Parses the information lines of <c>ATI</c>; <see cref="AtParseStatus.Missing"/> when none of the five prefixes is present.</summary>
    public static AtParseStatus TryParse(IEnumerable<string>? lines, out AtiInfo? value)
    {
        value = null;
        if (lines is null)
        {
            return AtParseStatus.Missing;
        }

        string? manufacturer = null, model = null, revision = null, imei = null;
        string[]? caps = null;
        foreach (string raw in lines)
        {
            string line = raw.Trim();
            if (Take(line, "Manufacturer:") is string m)
            {
                manufacturer ??= m;
            }
            else if (Take(line, "Model:") is string mo)
            {
                model ??= mo;
            }
            else if (Take(line, "Revision:") is string r)
            {
                revision ??= r;
            }
            else if (Take(line, "IMEI:") is string i)
            {
                imei ??= i;
            }
            else if (Take(line, "+GCAP:") is string g)
            {
                caps ??= g.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            }
        }

        if (manufacturer is null && model is null && revision is null && imei is null && caps is null)
        {
            return AtParseStatus.Missing;
        }

        value = new AtiInfo(manufacturer, model, revision, imei, caps ?? []);
        return AtParseStatus.Ok;
    }

    private static string? Take(string line, string prefix) =>
        line.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) ? line[prefix.Length..].Trim() : null;
}
