using System.Globalization;
using Serilog;
using ZteDiag.Device;
using ZteDiag.Device.At;
using ZteDiag.Protocol.At;

namespace ZteDiag.Cli.Commands;

/// <summary>
/// The AT console of `ztediag at`: interactive on a terminal (line editing, history, Tab, `?` help,
/// [URC] lines), or fed line by line from a pipe for scripts and tests. The work is done by
/// <see cref="AtConsoleEngine"/> (shared with the TUI): this class reads lines and prints results.
/// </summary>
/// <remarks>
/// SMS prompt (<c>&gt; </c> after AT+CMGS): on a terminal the body is typed line by line, Ctrl+Z sends,
/// Esc aborts. From a script the lines after the command are the body up to a line ending in Ctrl+Z
/// (0x1A) or reading <c>^Z</c> (send); a line with ESC (0x1B) or reading <c>^[</c>, or the end of input, aborts.
/// </remarks>
internal sealed class AtConsole
{
    private const int HistoryLimit = 500;
    private readonly AtConsoleEngine _at;
    private readonly TextWriter _out;
    private readonly bool _yes;
    private readonly Lock _writeLock = new();
    private LineEditor? _editor;
    private AtUrcUpdate? _unprintedRepeat;

    public AtConsole(AtConsoleEngine at, TextWriter output, bool yes)
    {
        _at = at;
        _out = output;
        _yes = yes;
    }

    /// <summary>$XDG_STATE_HOME/ztediag/at_history (~/.local/state when unset).</summary>
    internal static string HistoryPath => Path.Combine(Path.GetDirectoryName(LogSetup.LogDirectory)!, "at_history");

    /// <summary>Reads commands from <paramref name="input"/> until EOF or `exit`; 1 when any command failed or was skipped.</summary>
    public async Task<int> RunScriptAsync(TextReader input, CancellationToken ct)
    {
        _at.Unsolicited += OnUnsolicited;
        try
        {
            bool failed = false;
            while (await input.ReadLineAsync(ct).ConfigureAwait(false) is string raw)
            {
                string line = raw.Trim();
                if (line.Length == 0 || line.StartsWith('#'))
                {
                    continue;
                }

                Write($"> {line}");
                Outcome o = await ExecuteAsync(line, confirm: null, c => ScriptBodyAsync(input, c), ct).ConfigureAwait(false);
                if (o == Outcome.Quit)
                {
                    break;
                }

                failed |= o == Outcome.Failed;
            }

            return failed ? ExitCodes.DeviceRefused : ExitCodes.Ok;
        }
        finally
        {
            _at.Unsolicited -= OnUnsolicited;
            FlushRepeat();
        }
    }

    /// <summary>The terminal console; returns 0 when the user quits.</summary>
    public async Task<int> RunInteractiveAsync(CancellationToken ct)
    {
        List<string> history = LoadHistory();
        int loaded = history.Count;
        _editor = new LineEditor(history, prefix => AtCommandCatalogue.Complete(prefix).Select(e => e.Name).ToList(), _writeLock);
        _at.Unsolicited += OnUnsolicited;
        Write($"AT console on {_at.Description}. `?` lists commands, `? AT+CSQ` explains one, Tab completes, Up/Down recall, `exit` or Ctrl+D quits.");
        try
        {
            while (!ct.IsCancellationRequested)
            {
                string? line = _editor.ReadLine("AT> ")?.Trim();
                if (line is null)
                {
                    break;
                }

                if (line.Length == 0)
                {
                    continue;
                }

                if (!IsSecret(line) && (history.Count == 0 || history[^1] != line))
                {
                    history.Add(line);
                }

                Outcome o = await ExecuteAsync(line, q => _editor.Confirm(q), c => TerminalBodyAsync(_editor, c), ct).ConfigureAwait(false);
                if (o == Outcome.Quit)
                {
                    break;
                }
            }
        }
        finally
        {
            _at.Unsolicited -= OnUnsolicited;
            FlushRepeat();
            if (history.Count > loaded)
            {
                SaveHistory(history);
            }
        }

        return ExitCodes.Ok;
    }

    private enum Outcome
    {
        Ok,
        Failed,
        Quit,
    }

    /// <summary>SMS body typed on the terminal after <c>&gt; </c>: lines until Ctrl+Z (send) or Esc (abort, null).</summary>
    internal static Task<string?> TerminalBodyAsync(LineEditor editor, CancellationToken ct)
    {
        var body = new List<string>();
        while (!ct.IsCancellationRequested)
        {
            string line = editor.ReadText("> ", out LineEditor.TextEnd end);
            if (end == LineEditor.TextEnd.Abort)
            {
                return Task.FromResult<string?>(null);
            }

            body.Add(line);
            if (end == LineEditor.TextEnd.Send)
            {
                return Task.FromResult<string?>(string.Join('\n', body));
            }
        }

        return Task.FromResult<string?>(null);
    }

    /// <summary>SMS body from a script: lines up to one ending in Ctrl+Z or reading <c>^Z</c>; ESC, <c>^[</c> or EOF abort (null).</summary>
    internal static async Task<string?> ScriptBodyAsync(TextReader input, CancellationToken ct)
    {
        var body = new List<string>();
        while (await input.ReadLineAsync(ct).ConfigureAwait(false) is string line)
        {
            if (line.Contains('\x1B', StringComparison.Ordinal) || line.Trim() == "^[")
            {
                return null;
            }

            int z = line.IndexOf('\x1A', StringComparison.Ordinal);
            if (z >= 0 || line.TrimEnd().EndsWith("^Z", StringComparison.Ordinal))
            {
                body.Add(z >= 0 ? line[..z] : line.TrimEnd()[..^2]);
                return string.Join('\n', body);
            }

            body.Add(line);
        }

        return null;
    }

    /// <summary>One console line: a built-in (`?`, `exit`) or an AT command.</summary>
    private async Task<Outcome> ExecuteAsync(string line, Func<string, bool>? confirm, Func<CancellationToken, Task<string?>> body, CancellationToken ct)
    {
        if (line is "exit" or "quit" or "EXIT" or "QUIT")
        {
            return Outcome.Quit;
        }

        if (line.StartsWith('?') || line.Equals("help", StringComparison.OrdinalIgnoreCase))
        {
            Write(Help(line.StartsWith('?') ? line[1..].Trim() : ""));
            return Outcome.Ok;
        }

        if (AtCommandCatalogue.Match(line) is { IsDangerous: true } danger && !_yes)
        {
            if (confirm is null)
            {
                Write($"skipped: {line} is dangerous ({danger.Help}); run with --yes to send it from a script");
                return Outcome.Failed;
            }

            if (!confirm($"{line}: {danger.Help} Send it?"))
            {
                Write("not sent");
                return Outcome.Ok;
            }
        }

        AtConsoleResult r = await _at.ExecuteAsync(line, body, ct).ConfigureAwait(false);
        Write(Format(r));
        if (r.Offer is { } offer)
        {
            string question = $"{offer.Text}: send {string.Join(", then ", offer.Commands)}?";
            if (confirm is null)
            {
                Write("hint: " + question.TrimEnd('?'));
            }
            else if (confirm(question))
            {
                foreach (string c in offer.Commands)
                {
                    Write($"> {c}");
                    AtConsoleResult follow = await _at.ExecuteAsync(c, body, ct).ConfigureAwait(false);
                    Write(Format(follow));
                    if (!follow.IsSuccess)
                    {
                        return Outcome.Failed;
                    }
                }

                return Outcome.Ok;
            }
        }

        return r.IsSuccess ? Outcome.Ok : Outcome.Failed;
    }

    /// <summary>The result's lines, one per line (notes marked).</summary>
    internal static string Format(AtConsoleResult r) =>
        string.Join('\n', r.Lines.Select(l => l.Kind == AtConsoleLineKind.Note ? "note: " + l.Text : l.Text));

    /// <summary>`?` (everything, by category) or `? NAME` (one command, or those starting with NAME).</summary>
    internal static string Help(string topic)
    {
        var sb = new System.Text.StringBuilder();
        if (topic.Length == 0)
        {
            foreach (var group in AtCommandCatalogue.All.GroupBy(e => e.Category))
            {
                sb.Append(CultureInfo.InvariantCulture, $"{group.Key}:\n");
                foreach (var e in group)
                {
                    sb.Append(CultureInfo.InvariantCulture, $"  {e.Name,-14}{(e.IsDangerous ? "!" : " ")} {e.Help}\n");
                }
            }

            sb.Append("(! = asks before sending)");
            return sb.ToString();
        }

        IReadOnlyList<AtCommandInfo> hits = AtCommandCatalogue.Find(topic) is { } exact ? [exact] : AtCommandCatalogue.Complete(topic);
        if (hits.Count == 0 && AtCommandCatalogue.Match(topic) is { } m)
        {
            hits = [m];
        }

        if (hits.Count == 0)
        {
            return $"no help for {topic}; the modem may still know it (try it, or `?` for the list)";
        }

        foreach (var e in hits)
        {
            sb.Append(CultureInfo.InvariantCulture, $"{e.Syntax}\n  {e.Help}{(e.IsDangerous ? " [dangerous: asks before sending]" : "")}\n");
        }

        return sb.ToString().TrimEnd('\n');
    }

    private static bool IsSecret(string line) =>
        line.StartsWith("AT+CPIN=", StringComparison.OrdinalIgnoreCase)
        || line.StartsWith("AT+CLCK=", StringComparison.OrdinalIgnoreCase)
        || line.StartsWith("AT+CPWD=", StringComparison.OrdinalIgnoreCase);

    /// <summary>A URC: printed the first time; repeats are counted and printed as one line before the next output.</summary>
    private void OnUnsolicited(object? sender, AtUrcUpdate u)
    {
        if (u.IsRepeat && u.Offer is null)
        {
            lock (_writeLock)
            {
                _unprintedRepeat = u;
            }

            return;
        }

        Write($"[URC] {u.Text}" + (u.Offer is { } o ? $" — {o.Text}: type {string.Join(", then ", o.Commands)}" : ""));
    }

    private void FlushRepeat()
    {
        AtUrcUpdate? repeat;
        lock (_writeLock)
        {
            repeat = _unprintedRepeat;
            _unprintedRepeat = null;
        }

        if (repeat is not null)
        {
            WriteRaw($"[URC] {repeat.Text}");
        }
    }

    private void Write(string text)
    {
        FlushRepeat();
        WriteRaw(text);
    }

    private void WriteRaw(string text)
    {
        if (_editor is { } ed)
        {
            ed.PrintAbove(text, _out);
            return;
        }

        lock (_writeLock)
        {
            _out.WriteLine(text);
            _out.Flush();
        }
    }

    private static List<string> LoadHistory()
    {
        try
        {
            return File.Exists(HistoryPath) ? [.. File.ReadAllLines(HistoryPath).Where(l => l.Length > 0).TakeLast(HistoryLimit)] : [];
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            Log.Debug(ex, "AT history not readable");
            return [];
        }
    }

    private static void SaveHistory(List<string> history)
    {
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(HistoryPath)!);
            File.WriteAllLines(HistoryPath, history.TakeLast(HistoryLimit));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            Log.Debug(ex, "AT history not saved");
        }
    }
}
