using System.Globalization;

namespace ZteDiag.Protocol.Trace;

/// <summary>A run of captured bytes and the direction they went.</summary>
/// <param name="Direction">Direction marker of the line, or the previous line's.</param>
/// <param name="Bytes">The bytes.</param>
/// <param name="Line">1-based line number in the input.</param>
public sealed record TraceChunk(TraceDirection Direction, byte[] Bytes, int Line);

/// <summary>Why a trace line could not be read.</summary>
/// <param name="Line">1-based line number.</param>
/// <param name="Message">What is wrong, for a technician.</param>
public sealed record TraceError(int Line, string Message);

/// <summary>
/// Reads hex captures as technicians paste them: bytes as pairs or runs (<c>4b 13</c>,
/// <c>4b13</c>, <c>0x4b</c>), <c>&gt;</c>/<c>&lt;</c> direction markers (optionally after a
/// timestamp, as in fixtures/peer-requests), <c>#</c> comments, parenthesised notes such as
/// <c>(no reply)</c>, and <c>[00 x N]</c> for N repeated bytes. Bad tokens are reported, never fatal.
/// </summary>
public static class HexTraceReader
{
    /// <summary>Largest <c>[xx x N]</c> run accepted (a lying count must not exhaust memory).</summary>
    public const int MaxRun = 1 << 20;

    /// <summary>
    /// Most bytes one input may expand to (runs and hex together): many large runs must not grow a
    /// buffer past memory or past an array's size. Reading stops at the first line that passes it.
    /// </summary>
    public const int MaxTotalBytes = 16 << 20;

    /// <summary>Parses <paramref name="text"/> into chunks (one per line with bytes) and errors.</summary>
    public static (IReadOnlyList<TraceChunk> Chunks, IReadOnlyList<TraceError> Errors) Read(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var chunks = new List<TraceChunk>();
        var errors = new List<TraceError>();
        var dir = TraceDirection.Unknown;
        string[] lines = text.Split('\n');
        long total = 0;
        bool full = false;
        for (int n = 0; n < lines.Length; n++)
        {
            string line = StripNotes(lines[n]);
            var bytes = new List<byte>();
            string[] tokens = line.Split([' ', '\t', '\r', ','], StringSplitOptions.RemoveEmptyEntries);
            for (int t = 0; t < tokens.Length; t++)
            {
                string tok = tokens[t];
                if (tok is ">" or "<" || tok.StartsWith('>') || tok.StartsWith('<'))
                {
                    dir = tok[0] == '>' ? TraceDirection.ToModem : TraceDirection.FromModem;
                    tok = tok[1..];
                    if (tok.Length == 0)
                    {
                        continue;
                    }
                }

                if (t == 0 && tokens.Length > 1 && tokens[1][0] is '>' or '<' && IsTimestamp(tok))
                {
                    continue; // "0.566 > …" capture timestamps
                }

                if (tok.StartsWith('[') && t + 2 < tokens.Length && tokens[t + 1] == "x" && tokens[t + 2].EndsWith(']'))
                {
                    if (!TryRun(tok[1..], tokens[t + 2][..^1], bytes, MaxTotalBytes - total - bytes.Count, out string? why))
                    {
                        errors.Add(new TraceError(n + 1, why!));
                        full = why == TooMuchMessage;
                        if (full)
                        {
                            break;
                        }
                    }

                    t += 2;
                    continue;
                }

                if (!TryHex(tok, bytes))
                {
                    errors.Add(new TraceError(n + 1, $"'{Truncate(tok)}' is not hex"));
                }
            }

            total += bytes.Count;
            if (total > MaxTotalBytes || full)
            {
                if (!full)
                {
                    errors.Add(new TraceError(n + 1, TooMuchMessage));
                }

                break; // the rest of the input is not read: one line says why
            }

            if (bytes.Count > 0)
            {
                chunks.Add(new TraceChunk(dir, [.. bytes], n + 1));
            }
        }

        return (chunks, errors);
    }

    private static string StripNotes(string line)
    {
        int hash = line.IndexOf('#', StringComparison.Ordinal);
        if (hash >= 0)
        {
            line = line[..hash];
        }

        while (true)
        {
            int open = line.IndexOf('(', StringComparison.Ordinal);
            int close = open < 0 ? -1 : line.IndexOf(')', open);
            if (close < 0)
            {
                return line;
            }

            line = line[..open] + " " + line[(close + 1)..];
        }
    }

    private static bool IsTimestamp(string tok) =>
        tok.Contains('.', StringComparison.Ordinal) && double.TryParse(tok, NumberStyles.Float, CultureInfo.InvariantCulture, out _);

    private static readonly string TooMuchMessage =
        $"the input expands to more than {MaxTotalBytes} bytes ('[xx x N]' runs included); the rest of the input is not read";

    private static bool TryRun(string valueHex, string countText, List<byte> into, long room, out string? why)
    {
        why = null;
        if (valueHex.Length != 2 || !byte.TryParse(valueHex, NumberStyles.HexNumber, CultureInfo.InvariantCulture, out byte value))
        {
            why = $"'[{Truncate(valueHex)} x …]' needs one hex byte";
            return false;
        }

        if (!int.TryParse(countText, NumberStyles.None, CultureInfo.InvariantCulture, out int count) || count > MaxRun)
        {
            why = $"'[… x {Truncate(countText)}]' needs a count from 0 to {MaxRun}";
            return false;
        }

        if (count > room)
        {
            why = TooMuchMessage;
            return false;
        }

        into.AddRange(Enumerable.Repeat(value, count));
        return true;
    }

    private static bool TryHex(string tok, List<byte> into)
    {
        if (tok.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
        {
            tok = tok[2..];
        }

        if (tok.Length == 0 || tok.Length % 2 != 0 || !tok.All(Uri.IsHexDigit))
        {
            return false;
        }

        into.AddRange(Convert.FromHexString(tok));
        return true;
    }

    private static string Truncate(string s) => s.Length <= 20 ? s : s[..20] + "…";
}
