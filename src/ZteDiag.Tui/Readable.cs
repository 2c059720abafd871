using System.Globalization;
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
            Workbench.Nv.NvFileException => "Not a readable NV backup: " + ex.Message,
            StickBusyException => ex.Message,
            ZteDiagException z => Label(z.Failure) + ex.Message,
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

    /// <summary>
    /// Word-wraps <paramref name="text"/> to lines of at most <paramref name="width"/> columns, breaking only at
    /// spaces; a word longer than a line (a long path) is split over lines so it is still shown whole.
    /// </summary>
    public static IEnumerable<string> Wrap(string text, int width)
    {
        ArgumentNullException.ThrowIfNull(text);
        width = Math.Max(1, width);
        foreach (string paragraph in text.ReplaceLineEndings("\n").Split('\n'))
        {
            var line = new System.Text.StringBuilder();
            string indent = new(' ', paragraph.Length - paragraph.TrimStart(' ').Length);
            if (indent.Length >= width / 2) indent = "";
            line.Append(indent);
            foreach (string w in paragraph.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                string word = w;
                if (line.Length > indent.Length && line.Length + 1 + word.Length > width)
                {
                    yield return line.ToString();
                    line.Clear().Append(indent);
                }

                while (line.Length + word.Length > width)
                {
                    int room = width - line.Length;
                    yield return line.Append(word, 0, room).ToString();
                    line.Clear().Append(indent);
                    word = word[room..];
                }

                if (line.Length > indent.Length) line.Append(' ');
                line.Append(word);
            }

            yield return line.ToString();
        }
    }

    /// <summary>The one date format of the TUI: ISO, minutes, e.g. <c>2026-12-02 14:29</c>.</summary>
    public static string Time(DateTime time) => time.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

    /// <summary><see cref="Time(DateTime)"/> for an offset time, shown in local time.</summary>
    public static string Time(DateTimeOffset time) => Time(time.LocalDateTime);
}
