namespace ZteDiag.Protocol.Decode;

/// <summary>A DIAG packet described for a technician: a command name and ordered fields.</summary>
/// <param name="Command">Command name, e.g. "VERNO", "EFS2 READ", "BAD_CMD".</param>
/// <param name="Fields">Decoded fields in wire order, snake_case names as in PROTOCOL.md.</param>
/// <param name="Problem">Set when the packet could not be fully decoded (short, malformed).</param>
public sealed record DecodedPacket(string Command, IReadOnlyList<KeyValuePair<string, object?>> Fields, string? Problem = null)
{
    /// <summary>One-line human rendering: <c>EFS2 READ fd=1 nbyte=1024 offset=0</c>.</summary>
    public override string ToString()
    {
        var parts = new List<string> { Command };
        parts.AddRange(Fields.Select(f => $"{f.Key}={Render(f.Value)}"));
        if (Problem is not null)
        {
            parts.Add($"({Problem})");
        }

        return string.Join(' ', parts);
    }

    private static string Render(object? v) => v switch
    {
        null => "-",
        string s => "\"" + s.Replace("\"", "\\\"", StringComparison.Ordinal) + "\"",
        byte[] b => b.Length <= 32 ? Convert.ToHexString(b).ToLowerInvariant() : Convert.ToHexString(b.AsSpan(0, 32)).ToLowerInvariant() + $"…({b.Length} bytes)",
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
        _ => v.ToString() ?? "",
    };
}
