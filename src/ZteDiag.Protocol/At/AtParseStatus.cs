namespace ZteDiag.Protocol.At;

/// <summary>Outcome of a typed AT reader's <c>TryParse</c>.</summary>
public enum AtParseStatus
{
    /// <summary>Parsed; the value is set.</summary>
    Ok,
    /// <summary>The modem answered with an error final result (<c>ERROR</c>, <c>+CME ERROR</c>…); see <see cref="AtReply.Final"/>.</summary>
    ErrorReply,
    /// <summary>The reply succeeded but carries no line of the expected kind.</summary>
    Missing,
    /// <summary>The expected line is there but its fields do not fit the syntax.</summary>
    Malformed,
}

/// <summary>Shared plumbing for the typed readers.</summary>
internal static class AtReader
{
    /// <summary>Finds the first line with <paramref name="prefix"/> in a reply and parses its body.</summary>
    public static AtParseStatus FromReply<T>(AtReply? reply, string prefix, Func<string, T?> parseBody, out T? value)
        where T : class
    {
        value = null;
        if (reply is null)
        {
            return AtParseStatus.Missing;
        }

        if (!reply.IsSuccess)
        {
            return AtParseStatus.ErrorReply;
        }

        string? body = reply.FindBody(prefix);
        if (body is null)
        {
            return AtParseStatus.Missing;
        }

        value = parseBody(body);
        return value is null ? AtParseStatus.Malformed : AtParseStatus.Ok;
    }

    /// <summary>Parses one line that must start with <paramref name="prefix"/>.</summary>
    public static AtParseStatus FromLine<T>(string? line, string prefix, Func<string, T?> parseBody, out T? value)
        where T : class
    {
        value = null;
        if (!AtFields.TryGetBody(line, prefix, out string body))
        {
            return AtParseStatus.Missing;
        }

        value = parseBody(body);
        return value is null ? AtParseStatus.Malformed : AtParseStatus.Ok;
    }
}
