using System.Globalization;
using Serilog;
using ZteDiag.Device;
using ZteDiag.Device.At;
using ZteDiag.Protocol.At;

namespace ZteDiag.Cli.Commands;

/// <summary>
/// The AT console of `ztediag at`: interactive on a terminal (line editing, history, Tab, `?` help,
/// [URC] lines), or fed line by line from a pipe for scripts and tests.
/// </summary>
internal sealed class AtConsole
{
    private const int HistoryLimit = 500;
    private readonly AtSession _at;
    private readonly TextWriter _out;
    private readonly TextWriter _err;
    private readonly bool _reveal;
    private readonly bool _yes;
    private readonly Lock _writeLock = new();
    private LineEditor? _editor;

    public AtConsole(AtSession at, TextWriter output, TextWriter error, bool reveal, bool yes)
    {
        _at = at;
        _out = output;
        _err = error;
        _reveal = reveal;
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
                Outcome o = await ExecuteAsync(line, confirm: null, ct).ConfigureAwait(false);
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

                Outcome o = await ExecuteAsync(line, q => _editor.Confirm(q), ct).ConfigureAwait(false);
                if (o == Outcome.Quit)
                {
                    break;
                }
            }
        }
        finally
        {
            _at.Unsolicited -= OnUnsolicited;
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

    /// <summary>One console line: a built-in (`?`, `exit`) or an AT command.</summary>
    private async Task<Outcome> ExecuteAsync(string line, Func<string, bool>? confirm, CancellationToken ct)
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

        try
        {
            AtReply reply = await _at.SendAsync(line, null, false, ct).ConfigureAwait(false);
            var text = new StringWriter(CultureInfo.InvariantCulture);
            AtCommand.PrintReply(text, reply, _reveal);
            Write(text.ToString().TrimEnd('\n', '\r'));
            return reply.IsSuccess ? Outcome.Ok : Outcome.Failed;
        }
        catch (DiagTimeoutException ex)
        {
            Write($"no reply: {ex.Message}");
            return Outcome.Failed;
        }
    }

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

    private void OnUnsolicited(object? sender, AtUnsolicitedEventArgs e) => Write($"[URC] {AtCommand.MaskSecrets(e.Line, _reveal)}");

    private void Write(string text)
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
