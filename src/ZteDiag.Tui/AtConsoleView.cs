using System.Collections.ObjectModel;
using Serilog;
using Terminal.Gui.App;
using Terminal.Gui.Drawing;
using Attribute = Terminal.Gui.Drawing.Attribute;
using Terminal.Gui.Input;
using Terminal.Gui.ViewBase;
using Terminal.Gui.Views;
using ZteDiag.Device.At;
using ZteDiag.Protocol.At;

namespace ZteDiag.Tui;

/// <summary>
/// AT console over <see cref="AtConsoleEngine"/> (the engine `ztediag at` uses): type a command and Enter;
/// Up/Down walk the history, Tab completes from the command catalogue, "? CMD" explains a command,
/// Alt+1…Alt+6 press the quick buttons. The SMS text prompt (<c>&gt; </c>) opens a text dialog (OK sends,
/// Cancel aborts with ESC); late answers (+CUSD) are awaited; IMEIs are masked unless --reveal-secrets;
/// repeats of one URC update one counted line, and the +ZUSIMR nag offers AT+CPMS? (Alt+O sends it).
/// </summary>
public sealed class AtConsoleView : View
{
    /// <summary>Lines kept in the transcript.</summary>
    public const int MaxLines = 2000;

    /// <summary>The quick buttons: title and command, pressed with Alt+1… in this order.</summary>
    public static readonly IReadOnlyList<(string Title, string Command)> QuickCommands =
    [
        ("ATI", "ATI"), ("Signal", "AT+CSQ"), ("Network", "AT+COPS?"), ("Mode", "AT+ZPAS?"),
        ("PIN", "AT+CPIN?"), ("Balance", "AT+CUSD=1,\"*100#\",15"),
    ];

    private readonly IApplication _app;
    private readonly WorkbenchContext _ctx;
    private readonly ObservableCollection<string> _lines = [];
    private readonly List<LineKind> _kinds = [];
    private readonly List<string> _history = [];
    private readonly SemaphoreSlim _sendGate = new(1, 1);
    private int _historyIndex;
    private AtConsoleEngine? _engine;
    private int _urcRow = -1;
    private AtOffer? _offer;

    /// <summary>What a transcript line is.</summary>
    public enum LineKind
    {
        /// <summary>Typed by the technician.</summary>
        Command,

        /// <summary>Reply line.</summary>
        Reply,

        /// <summary>Unsolicited result code.</summary>
        Unsolicited,

        /// <summary>Help or status from the console itself.</summary>
        Note,

        /// <summary>Error result or failure.</summary>
        Error,
    }

    /// <summary>Creates the console.</summary>
    public AtConsoleView(IApplication app, WorkbenchContext ctx)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        _app = app;
        _ctx = ctx;
        CanFocus = true;
        Width = Dim.Fill();
        Height = Dim.Fill();
        // Alt+digit is handled by the field, which keeps the focus (Tab there completes commands)
        View quick = ButtonRow.Build([.. QuickCommands.Select((q, i) => (FormattableString.Invariant($"{i + 1} {q.Title}"), (Action)(() => Send(q.Command))))]);
        Transcript = new ListView { X = 0, Y = 1, Width = Dim.Fill(), Height = Dim.Fill(1) };
        Transcript.SetSource(_lines);
        Transcript.RowRender += (_, e) =>
        {
            if (e.Row < 0 || e.Row >= _kinds.Count || Transcript.IsSelectedOrMarked(e.Row))
            {
                return;
            }

            Attribute normal = Transcript.GetAttributeForRole(VisualRole.Normal);
            ColorName16? fg = _kinds[e.Row] switch
            {
                LineKind.Unsolicited => ColorName16.Magenta,
                LineKind.Error => ColorName16.Red,
                LineKind.Note => ColorName16.Cyan,
                _ => null,
            };
            if (fg is { } c)
            {
                e.RowAttribute = new Attribute(new Color(c), normal.Background);
            }
        };
        var prompt = new Label { Text = "AT>", X = 0, Y = Pos.AnchorEnd(1) };
        Input = new TextField { X = 4, Y = Pos.AnchorEnd(1), Width = Dim.Fill() };
        Input.KeyDown += OnInputKey;
        Add(quick, Transcript, prompt, Input);
        Note("AT console. Enter sends, Up/Down history, Tab completes, \"? CMD\" explains (e.g. ? AT+CSQ), Alt+1…Alt+6 the buttons above.");
    }

    /// <summary>The transcript.</summary>
    public ListView Transcript { get; }

    /// <summary>The command line.</summary>
    public TextField Input { get; }

    /// <summary>Transcript lines.</summary>
    public IReadOnlyList<string> Lines => _lines;

    /// <summary>Kind of each transcript line.</summary>
    public IReadOnlyList<LineKind> Kinds => _kinds;

    /// <summary>Commands sent, oldest first.</summary>
    public IReadOnlyList<string> History => _history;

    /// <summary>Commands waiting for their reply.</summary>
    public int Pending { get; private set; }

    /// <summary>The follow-up Alt+O sends (the +ZUSIMR nag's AT+CPMS?), or null.</summary>
    public AtOffer? Offer => _offer;

    /// <summary>
    /// Sends <paramref name="command"/> off the UI thread; the reply lands in the transcript. A command that
    /// changes the modem is confirmed first (No marked).
    /// </summary>
    public void Send(string command)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(command);
        command = command.Trim();
        if (command.StartsWith('?'))
        {
            Help(command[1..].Trim());
            return;
        }

        if (_history.Count == 0 || _history[^1] != command)
        {
            _history.Add(command);
        }

        _historyIndex = _history.Count;
        Add("> " + Masked(command), LineKind.Command);
        if (AtCommandCatalogue.Match(command) is { IsDangerous: true } info)
        {
            if (!Prompts.Confirm(_app, "Send to the modem?", $"{command}\n\n{info.Name} changes the modem: {info.Help}\nSend it?", destructive: true))
            {
                Note("not sent");
                return;
            }
        }

        Run([command]);
    }

    /// <summary>Sends the commands of <see cref="Offer"/> (Alt+O), if there is one.</summary>
    public void AcceptOffer()
    {
        if (_offer is not { } offer)
        {
            Note("Nothing offered: Alt+O sends a follow-up the console proposed (e.g. AT+CPMS? to stop the +ZUSIMR nag).");
            return;
        }

        _offer = null;
        foreach (string c in offer.Commands)
        {
            Add("> " + c, LineKind.Command);
        }

        Run(offer.Commands);
    }

    /// <summary>Drops the old AT session (the modem was reopened, e.g. after a checklist run) and opens the new one.</summary>
    public void Reconnect()
    {
        AtConsoleEngine? old = Interlocked.Exchange(ref _engine, null);
        if (old is not null)
        {
            old.Unsolicited -= OnUnsolicited;
            old.Dispose();
        }

        Connect();
    }

    /// <summary>Opens the AT port early so unsolicited codes show up before the first command.</summary>
    public void Connect() => _ = Task.Run(async () =>
    {
        try
        {
            await EnsureEngineAsync().ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            Log.Warning("AT port: {Reason}", Readable.Error(ex));
        }
    });

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _engine?.Dispose();
            _sendGate.Dispose();
        }

        base.Dispose(disposing);
    }

    /// <summary>Runs <paramref name="commands"/> in order, one at a time, stopping at the first failure.</summary>
    private void Run(IReadOnlyList<string> commands)
    {
        Pending++;
        _ = Task.Run(async () =>
        {
            AtOffer? followUp = null;
            await _sendGate.WaitAsync().ConfigureAwait(false);
            try
            {
                AtConsoleEngine? engine = await EnsureEngineAsync().ConfigureAwait(false);
                if (engine is null)
                {
                    Post([("No AT port is known: start with --at-port PATH.", LineKind.Error)]);
                    return;
                }

                foreach (string command in commands)
                {
                    AtConsoleResult r = await engine.ExecuteAsync(command, AskBodyAsync, CancellationToken.None).ConfigureAwait(false);
                    Post(r.Lines.Select(l => (l.Text, KindOf(l.Kind))).ToList());
                    followUp = r.Offer;
                    if (!r.IsSuccess)
                    {
                        break;
                    }
                }
            }
            catch (Exception ex)
            {
                Log.Warning("AT {Command} failed: {Reason}", Masked(commands[0]), Readable.Error(ex));
                Post([(Readable.Error(ex), LineKind.Error)]);
            }
            finally
            {
                _sendGate.Release();
                _app.Invoke(() =>
                {
                    Pending--;
                    if (followUp is { } o && Prompts.Confirm(_app, "Follow-up", $"{o.Text}.\n\nSend {string.Join(", then ", o.Commands)}?", destructive: false))
                    {
                        foreach (string c in o.Commands)
                        {
                            Add("> " + c, LineKind.Command);
                        }

                        Run(o.Commands);
                    }
                });
            }
        });
    }

    /// <summary>The modem shows "&gt; ": ask for the text on the UI thread (null = Cancel, sent as ESC).</summary>
    private Task<string?> AskBodyAsync(CancellationToken ct)
    {
        var answer = new TaskCompletionSource<string?>(TaskCreationOptions.RunContinuationsAsynchronously);
        _app.Invoke(() =>
        {
            Note("the modem waits for the message text (> prompt)");
            answer.TrySetResult(Prompts.Ask(_app, "Message text",
                "The modem shows the > prompt and waits for the text. OK sends it (Ctrl+Z); Cancel aborts (Esc) and nothing is sent.", ""));
        });
        return answer.Task.WaitAsync(ct);
    }

    private async Task<AtConsoleEngine?> EnsureEngineAsync()
    {
        if (_engine is { } existing)
        {
            return existing;
        }

        AtSession? s = await _ctx.Modem.GetAtAsync(CancellationToken.None).ConfigureAwait(false);
        if (s is null)
        {
            return null;
        }

        var engine = new AtConsoleEngine(s, _ctx.RevealSecrets);
        if (Interlocked.CompareExchange(ref _engine, engine, null) is { } raced)
        {
            engine.Dispose();
            return raced;
        }

        engine.Unsolicited += OnUnsolicited;
        return engine;
    }

    /// <summary>A URC: a new line, or the counted line of the same URC updated in place (no flood).</summary>
    private void OnUnsolicited(object? sender, AtUrcUpdate u) => _app.Invoke(() =>
    {
        string text = "[URC] " + u.Text;
        if (u.IsRepeat && _urcRow >= 0 && _urcRow < _lines.Count)
        {
            _lines[_urcRow] = text;
        }
        else
        {
            Add(text, LineKind.Unsolicited);
            _urcRow = _lines.Count - 1;
        }

        if (u.Offer is { } offer)
        {
            _offer = offer;
            Note($"{offer.Text}: press Alt+O to send {string.Join(", then ", offer.Commands)}");
        }
    });

    private void Post(IReadOnlyList<(string Text, LineKind Kind)> output) => _app.Invoke(() =>
    {
        foreach ((string l, LineKind k) in output)
        {
            Add(l, k);
        }
    });

    private static LineKind KindOf(AtConsoleLineKind kind) => kind switch
    {
        AtConsoleLineKind.Error => LineKind.Error,
        AtConsoleLineKind.Urc => LineKind.Unsolicited,
        AtConsoleLineKind.Note => LineKind.Note,
        _ => LineKind.Reply,
    };

    /// <summary>Typed PINs/PUKs are not echoed into the transcript or the log.</summary>
    private static string Masked(string command)
    {
        foreach (string secret in new[] { "AT+CPIN=", "AT+CLCK=", "AT+CPWD=" })
        {
            if (command.StartsWith(secret, StringComparison.OrdinalIgnoreCase))
            {
                return command[..secret.Length] + "****";
            }
        }

        return command;
    }

    private void Help(string topic)
    {
        if (topic.Length == 0)
        {
            Note("Commands: " + string.Join(" ", AtCommandCatalogue.All.Select(c => c.Name)));
            return;
        }

        string name = topic.StartsWith("AT", StringComparison.OrdinalIgnoreCase) ? topic : "AT" + topic;
        AtCommandInfo? info = AtCommandCatalogue.Find(name) ?? AtCommandCatalogue.Match(name);
        if (info is null)
        {
            IReadOnlyList<AtCommandInfo> near = AtCommandCatalogue.Complete(name);
            Note(near.Count == 0 ? $"{topic}: not in the catalogue." : $"{topic}: try " + string.Join(" ", near.Select(c => c.Name)));
            return;
        }

        Note($"{info.Syntax}  [{info.Category}]{(info.IsDangerous ? "  CHANGES THE MODEM" : "")}");
        Note("  " + info.Help);
    }

    private void OnInputKey(object? sender, Key key)
    {
        if (QuickIndex(key) is int quick)
        {
            Send(QuickCommands[quick].Command);
            key.Handled = true;
        }
        else if (key == Key.O.WithAlt)
        {
            AcceptOffer();
            key.Handled = true;
        }
        else if (key == Key.Enter)
        {
            string text = Input.Text;
            Input.Text = "";
            if (!string.IsNullOrWhiteSpace(text))
            {
                Send(text);
            }

            key.Handled = true;
        }
        else if (key == Key.CursorUp && _history.Count > 0)
        {
            _historyIndex = Math.Max(0, _historyIndex - 1);
            SetInput(_history[_historyIndex]);
            key.Handled = true;
        }
        else if (key == Key.CursorDown && _history.Count > 0)
        {
            _historyIndex = Math.Min(_history.Count, _historyIndex + 1);
            SetInput(_historyIndex == _history.Count ? "" : _history[_historyIndex]);
            key.Handled = true;
        }
        else if (key == Key.Tab)
        {
            Complete();
            key.Handled = true;
        }
    }

    /// <summary>Alt+1… → the quick button's index, or null.</summary>
    private static int? QuickIndex(Key key)
    {
        for (int i = 0; i < QuickCommands.Count; i++)
        {
            if (key == new Key((Terminal.Gui.Drivers.KeyCode)('1' + i)).WithAlt)
            {
                return i;
            }
        }

        return null;
    }

    private void Complete()
    {
        string text = Input.Text.Trim();
        string prefix = text.Length == 0 || text.StartsWith("AT", StringComparison.OrdinalIgnoreCase) ? text : "AT" + text;
        IReadOnlyList<AtCommandInfo> matches = AtCommandCatalogue.Complete(prefix);
        if (matches.Count == 1)
        {
            SetInput(matches[0].Name);
            Note(matches[0].Syntax + "  " + matches[0].Help);
        }
        else if (matches.Count > 1)
        {
            string common = matches[0].Name;
            foreach (AtCommandInfo m in matches)
            {
                int i = 0;
                while (i < common.Length && i < m.Name.Length && char.ToUpperInvariant(common[i]) == char.ToUpperInvariant(m.Name[i]))
                {
                    i++;
                }

                common = common[..i];
            }

            if (common.Length > prefix.Length)
            {
                SetInput(common);
            }

            Note(string.Join(" ", matches.Take(12).Select(m => m.Name)) + (matches.Count > 12 ? " …" : ""));
        }
    }

    private void SetInput(string text)
    {
        Input.Text = text;
        Input.InsertionPoint = text.Length;
    }

    private void Note(string text) => Add(text, LineKind.Note);

    private void Add(string text, LineKind kind)
    {
        _lines.Add(text);
        _kinds.Add(kind);
        while (_lines.Count > MaxLines)
        {
            _lines.RemoveAt(0);
            _kinds.RemoveAt(0);
            _urcRow--;
        }

        Transcript.SelectedItem = _lines.Count - 1;
    }
}
