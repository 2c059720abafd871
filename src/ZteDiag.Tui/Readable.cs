using ZteDiag.Device;

namespace ZteDiag.Tui;

/// <summary>Human-readable text for errors and sizes (never a stack trace).</summary>
public static class Readable
{
    /// <summary>One or two sentences describing <paramref name="ex"/>.</summary>
    public static string Error(Exception ex)
    {
        ArgumentNullException.ThrowIfNull(ex);
        if (ex is AggregateException { InnerExceptions.Count: 1 } agg)
        {
            ex = agg.InnerExceptions[0];
        }

        return ex switch
        {
            OperationCanceledException => "Cancelled.",
            JobUnavailableException => ex.Message,
            ZteDiagException z => Label(z.Kind) + ex.Message,
            UnauthorizedAccessException => "Permission denied: " + ex.Message,
            IOException => "File error: " + ex.Message,
            ArgumentException => ex.Message,
            InvalidDataException => "Bad data: " + ex.Message,
            _ => $"{ex.GetType().Name}: {ex.Message}",
        };
    }

    /// <summary>How the TUI labels a failure kind (the same model as the CLI's exit codes, <see cref="Failures"/>).</summary>
    private static string Label(FailureKind kind) => kind switch
    {
        FailureKind.ModemRefused => "The modem said no: ",
        FailureKind.Refused => "ZteDiag refused: ",
        FailureKind.Port => "Port problem: ",
        FailureKind.Link => "Link failure: ",
        _ => "",
    };

    /// <summary>Byte count as B / KiB / MiB.</summary>
    public static string Bytes(long n) => n switch
    {
        < 1024 => FormattableString.Invariant($"{n} B"),
        < 1024 * 1024 => FormattableString.Invariant($"{n / 1024.0:0.0} KiB"),
        _ => FormattableString.Invariant($"{n / (1024.0 * 1024):0.0} MiB"),
    };

    /// <summary>Word-wraps <paramref name="text"/> to lines of at most <paramref name="width"/> columns (labels do not wrap).</summary>
    public static IEnumerable<string> Wrap(string text, int width)
    {
        ArgumentNullException.ThrowIfNull(text);
        foreach (string paragraph in text.ReplaceLineEndings("\n").Split('\n'))
        {
            var line = new System.Text.StringBuilder();
            foreach (string word in paragraph.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                if (line.Length > 0 && line.Length + 1 + word.Length > width)
                {
                    yield return line.ToString();
                    line.Clear();
                }

                if (line.Length > 0) line.Append(' ');
                line.Append(word);
            }

            yield return line.ToString();
        }
    }
}
