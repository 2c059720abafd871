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
/// AT console: type a command and Enter; Up/Down walk the history, Tab completes from the command
/// catalogue, "? CMD" explains a command. Unsolicited codes show in a distinct colour.
/// </summary>
public sealed class AtConsoleView : View
{
    /// <summary>Lines kept in the transcript.</summary>
    public const int MaxLines = 2000;

    private readonly IApplication _app;
    private readonly WorkbenchContext _ctx;
    private readonly ObservableCollection<string> _lines = [];
    private readonly List<LineKind> _kinds = [];
    private readonly List<string> _history = [];
    private int _historyIndex;
    private AtSession? _session;

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
        _app = app;
        _ctx = ctx;
        CanFocus = true;
        Width = Dim.Fill();
        Height = Dim.Fill();
        var quick = new View { X = 0, Y = 0, Width = Dim.Fill(), Height = 1 };
        View? prev = null;
        foreach ((string title, string cmd) in new[]
        {
            ("ATI", "ATI"), ("Signal", "AT+CSQ"), ("Network", "AT+COPS?"), ("Mode", "AT+ZPAS?"),
            ("PIN", "AT+CPIN?"), ("Balance", "AT+CUSD=1,\"*100#\",15"),
        })
        {
            var b = new Button { Text = title, X = prev is null ? 0 : Pos.Right(prev), Y = 0, ShadowStyle = ShadowStyles.None, NoDecorations = true };
            b.Accepting += (_, e) =>
            {
                Send(cmd);
                e.Handled = true;
            };
            quick.Add(b);
            prev = b;
        }

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
        Note("AT console. Enter sends, Up/Down history, Tab completes, \"? CMD\" explains (e.g. ? AT+CSQ).");
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

    /// <summary>Sends <paramref name="command"/> off the UI thread; the reply lands in the transcript.</summary>
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
        Add("> " + command, LineKind.Command);
        if (AtCommandCatalogue.Match(command) is { IsDangerous: true } info)
        {
            Add($"  note: {info.Name} changes the modem ({info.Help})", LineKind.Note);
        }

        Pending++;
        _ = Task.Run(async () =>
        {
            var output = new List<(string, LineKind)>();
            try
            {
                AtSession? at = await EnsureSessionAsync().ConfigureAwait(false);
                if (at is null)
                {
                    output.Add(("No AT port is known: start with --at-port PATH.", LineKind.Error));
                }
                else
                {
                    TimeSpan timeout = command.StartsWith("AT+CUSD", StringComparison.OrdinalIgnoreCase) ? TimeSpan.FromSeconds(20) : TimeSpan.FromSeconds(5);
                    AtReply reply = await at.SendAsync(command, timeout).ConfigureAwait(false);
                    output.AddRange(reply.Lines.Select(l => (l, LineKind.Reply)));
                    output.Add((reply.Final.ToString(), reply.IsSuccess ? LineKind.Reply : LineKind.Error));
                }
            }
            catch (Exception ex)
            {
                Log.Warning("AT {Command} failed: {Reason}", command, Readable.Error(ex));
                output.Add((Readable.Error(ex), LineKind.Error));
            }

            _app.Invoke(() =>
            {
                foreach ((string l, LineKind k) in output)
                {
                    Add(l, k);
                }

                Pending--;
            });
        });
    }

    private async Task<AtSession?> EnsureSessionAsync()
    {
        if (_session is not null)
        {
            return _session;
        }

        AtSession? s = await _ctx.Modem.GetAtAsync(CancellationToken.None).ConfigureAwait(false);
        if (s is not null && _session is null)
        {
            _session = s;
            s.Unsolicited += (_, e) => _app.Invoke(() => Add(e.Line, LineKind.Unsolicited));
        }

        return s;
    }

    /// <summary>Drops the old AT session (the modem was reopened, e.g. after a checklist run) and opens the new one.</summary>
    public void Reconnect()
    {
        _session = null;
        Connect();
    }

    /// <summary>Opens the AT port early so unsolicited codes show up before the first command.</summary>
    public void Connect() => _ = Task.Run(async () =>
    {
        try
        {
            await EnsureSessionAsync().ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            Log.Warning("AT port: {Reason}", Readable.Error(ex));
        }
    });

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
        if (key == Key.Enter)
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
        }

        Transcript.SelectedItem = _lines.Count - 1;
    }
}
