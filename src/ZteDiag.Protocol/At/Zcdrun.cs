using System.Globalization;

namespace ZteDiag.Protocol.At;

/// <summary>The <c>AT+ZCDRUN=&lt;x&gt;</c> operations whose answers are known (DEVICES.md §3.3). The value is the argument character.</summary>
public enum ZcdrunOperation
{
    /// <summary><c>4</c>: query whether autorun (virtual CD) is on.</summary>
    QueryAutorun = '4',
    /// <summary><c>8</c>: autorun off (deletes AUTORUN.FLG); persistent across re-plug.</summary>
    CloseAutorun = '8',
    /// <summary><c>9</c>: autorun on (re-creates AUTORUN.FLG).</summary>
    OpenAutorun = '9',
    /// <summary><c>E</c>: enter download mode (deletes NODOWNLOAD.FLG). Dangerous.</summary>
    EnterDownload = 'E',
    /// <summary><c>F</c>: exit download mode (re-creates NODOWNLOAD.FLG).</summary>
    ExitDownload = 'F',
}

/// <summary>
/// The ZTE text line answering <c>AT+ZCDRUN</c>, e.g. <c>Close autorun state result(0:FAIL 1:SUCCESS):1</c>.
/// <see cref="Result"/> is success for 8/9/E/F and "autorun is on" for 4.
/// </summary>
/// <param name="Operation">Which operation the line reports.</param>
/// <param name="Result">The trailing 0/1 as a bool.</param>
public sealed record ZcdrunReply(ZcdrunOperation Operation, bool Result)
{
    private static readonly (ZcdrunOperation Op, string Prefix)[] Lines =
    [
        (ZcdrunOperation.CloseAutorun, "Close autorun state result(0:FAIL 1:SUCCESS):"),
        (ZcdrunOperation.OpenAutorun, "Open autorun state result(0:FAIL 1:SUCCESS):"),
        (ZcdrunOperation.QueryAutorun, "Inquiry autorun open state result(0:NO 1:YES):"),
        (ZcdrunOperation.EnterDownload, "Enter download mode result(0:FAIL 1:SUCCESS):"),
        (ZcdrunOperation.ExitDownload, "exit download mode result(0:FAIL 1:SUCCESS):"),
    ];

    /// <summary>The command for an operation, e.g. <c>AT+ZCDRUN=8</c>.</summary>
    public static string CommandFor(ZcdrunOperation operation) =>
        "AT+ZCDRUN=" + ((char)operation).ToString(CultureInfo.InvariantCulture);

    /// <summary>The exact line the modem sends (for the emulator), e.g. <c>Close autorun state result(0:FAIL 1:SUCCESS):1</c>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Not a known operation.</exception>
    public static string FormatLine(ZcdrunOperation operation, bool result)
    {
        foreach (var (op, prefix) in Lines)
        {
            if (op == operation)
            {
                return prefix + (result ? "1" : "0");
            }
        }

        throw new ArgumentOutOfRangeException(nameof(operation), operation, "unknown ZCDRUN operation");
    }

    /// <summary>The line this record stands for.</summary>
    public override string ToString() => FormatLine(Operation, Result);

    /// <summary>Parses one ZCDRUN result line (case-insensitive, spaces around the digit tolerated).</summary>
    public static AtParseStatus TryParse(string? line, out ZcdrunReply? value)
    {
        value = null;
        if (line is null)
        {
            return AtParseStatus.Missing;
        }

        string s = line.Trim();
        foreach (var (op, prefix) in Lines)
        {
            if (s.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            {
                string digit = s[prefix.Length..].Trim();
                if (digit is "0" or "1")
                {
                    value = new ZcdrunReply(op, digit == "1");
                    return AtParseStatus.Ok;
                }

                return AtParseStatus.Malformed;
            }
        }

        return AtParseStatus.Missing;
    }

    /// <summary>Parses the reply to <c>AT+ZCDRUN=x</c>: the first recognised result line.</summary>
    public static AtParseStatus TryParse(AtReply? reply, out ZcdrunReply? value)
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

        foreach (string line in reply.Lines)
        {
            var status = TryParse(line, out value);
            if (status != AtParseStatus.Missing)
            {
                return status;
            }
        }

        return AtParseStatus.Missing;
    }
}
