using System.Globalization;

namespace ZteDiag.Protocol.At;

/// <summary>Which final result code ended an AT command (V.250 / 27.007 / 27.005).</summary>
public enum AtFinalKind
{
    /// <summary><c>OK</c>: the command succeeded.</summary>
    Ok,
    /// <summary><c>ERROR</c>: generic failure, no code (extended errors off or command unknown).</summary>
    Error,
    /// <summary><c>+CME ERROR: n</c>: mobile equipment error (27.007 §9.2).</summary>
    CmeError,
    /// <summary><c>+CMS ERROR: n</c>: SMS service error (27.005 §3.2.5).</summary>
    CmsError,
    /// <summary><c>CONNECT [speed]</c>: data call up, the port now carries PPP.</summary>
    Connect,
    /// <summary><c>NO CARRIER</c>: the call failed or ended.</summary>
    NoCarrier,
    /// <summary><c>BUSY</c>: the called party is busy.</summary>
    Busy,
    /// <summary><c>NO ANSWER</c>: the called party did not answer.</summary>
    NoAnswer,
    /// <summary><c>NO DIALTONE</c>: no dial tone / no network for the call.</summary>
    NoDialtone,
}

/// <summary>
/// A final result line, typed. <see cref="Code"/> is set for CME/CMS errors in numeric form
/// (or textual form when the text is in the table); <see cref="Detail"/> keeps the speed of
/// <c>CONNECT</c> or the text of a textual (<c>+CMEE=2</c>) error.
/// </summary>
/// <param name="Kind">Which final result.</param>
/// <param name="Code">CME/CMS error number, null when absent or unknown.</param>
/// <param name="Detail">Text after the result keyword (CONNECT speed, textual error), or null.</param>
public sealed record AtFinalResult(AtFinalKind Kind, int? Code = null, string? Detail = null)
{
    /// <summary>Plain <c>OK</c>.</summary>
    public static AtFinalResult Ok { get; } = new(AtFinalKind.Ok);

    /// <summary>Plain <c>ERROR</c>.</summary>
    public static AtFinalResult Error { get; } = new(AtFinalKind.Error);

    /// <summary>True for <c>OK</c> and <c>CONNECT</c>.</summary>
    public bool IsSuccess => Kind is AtFinalKind.Ok or AtFinalKind.Connect;

    /// <summary>The <c>CONNECT</c> speed in bit/s when the modem reported a numeric one.</summary>
    public long? ConnectSpeed =>
        Kind == AtFinalKind.Connect && long.TryParse(Detail, NumberStyles.None, CultureInfo.InvariantCulture, out long s) ? s : null;

    /// <summary>A technician-facing description, e.g. <c>+CME ERROR: 10 (SIM not inserted)</c>.</summary>
    public string Describe() => Kind switch
    {
        AtFinalKind.CmeError or AtFinalKind.CmsError when Code is int c => $"{this} ({AtErrorText.Describe(Kind, c)})",
        _ => ToString(),
    };

    /// <summary>The line as the modem sends it (numeric form for coded errors).</summary>
    public override string ToString() => Kind switch
    {
        AtFinalKind.Ok => "OK",
        AtFinalKind.Error => "ERROR",
        AtFinalKind.CmeError => "+CME ERROR: " + (Code?.ToString(CultureInfo.InvariantCulture) ?? Detail),
        AtFinalKind.CmsError => "+CMS ERROR: " + (Code?.ToString(CultureInfo.InvariantCulture) ?? Detail),
        AtFinalKind.Connect => Detail is null ? "CONNECT" : "CONNECT " + Detail,
        AtFinalKind.NoCarrier => "NO CARRIER",
        AtFinalKind.Busy => "BUSY",
        AtFinalKind.NoAnswer => "NO ANSWER",
        AtFinalKind.NoDialtone => "NO DIALTONE",
        _ => Kind.ToString(),
    };

    /// <summary>
    /// Recognises a final result line (surrounding whitespace ignored, keywords case-insensitive).
    /// Never throws; returns false for information and unsolicited lines.
    /// </summary>
    public static bool TryParse(string? line, out AtFinalResult? result)
    {
        result = null;
        if (line is null)
        {
            return false;
        }

        string s = line.Trim();
        if (s.Equals("OK", StringComparison.OrdinalIgnoreCase))
        {
            result = Ok;
        }
        else if (s.Equals("ERROR", StringComparison.OrdinalIgnoreCase))
        {
            result = Error;
        }
        else if (s.Equals("NO CARRIER", StringComparison.OrdinalIgnoreCase))
        {
            result = new(AtFinalKind.NoCarrier);
        }
        else if (s.Equals("BUSY", StringComparison.OrdinalIgnoreCase))
        {
            result = new(AtFinalKind.Busy);
        }
        else if (s.Equals("NO ANSWER", StringComparison.OrdinalIgnoreCase))
        {
            result = new(AtFinalKind.NoAnswer);
        }
        else if (s.Equals("NO DIALTONE", StringComparison.OrdinalIgnoreCase) || s.Equals("NO DIAL TONE", StringComparison.OrdinalIgnoreCase))
        {
            result = new(AtFinalKind.NoDialtone);
        }
        else if (s.Equals("CONNECT", StringComparison.OrdinalIgnoreCase))
        {
            result = new(AtFinalKind.Connect);
        }
        else if (s.StartsWith("CONNECT ", StringComparison.OrdinalIgnoreCase))
        {
            result = new(AtFinalKind.Connect, null, s[8..].Trim());
        }
        else if (s.StartsWith("+CME ERROR:", StringComparison.OrdinalIgnoreCase))
        {
            result = Coded(AtFinalKind.CmeError, s[11..]);
        }
        else if (s.StartsWith("+CMS ERROR:", StringComparison.OrdinalIgnoreCase))
        {
            result = Coded(AtFinalKind.CmsError, s[11..]);
        }

        return result is not null;
    }

    private static AtFinalResult Coded(AtFinalKind kind, string rest)
    {
        string arg = rest.Trim();
        if (int.TryParse(arg, NumberStyles.None, CultureInfo.InvariantCulture, out int code))
        {
            return new(kind, code);
        }

        // +CMEE=2 textual form: map the text back to its number when the table knows it.
        return new(kind, AtErrorText.TryFindCode(kind, arg), arg.Length == 0 ? null : arg);
    }
}
