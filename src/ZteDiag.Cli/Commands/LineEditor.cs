using System.Text;

namespace ZteDiag.Cli.Commands;

/// <summary>
/// A small single-line editor for the terminal AT console: Left/Right, Home/End (Ctrl+A/E), Backspace/Delete,
/// Ctrl+U clears, Up/Down walk the history, Tab completes, Ctrl+C drops the line, Ctrl+D on an empty line ends.
/// Text printed by other threads (URCs) goes above the prompt through <see cref="PrintAbove"/>.
/// <see cref="ReadText"/> reads SMS body lines after the modem's <c>&gt; </c>: Ctrl+Z sends, Esc aborts.
/// </summary>
internal sealed class LineEditor
{
    private readonly List<string> _history;
    private readonly Func<string, IReadOnlyList<string>> _complete;
    private readonly Lock _lock;
    private readonly StringBuilder _buffer = new();
    private int _cursor;
    private string _prompt = "";
    private bool _editing;
    private bool _textMode;
    private TextEnd _end;

    /// <summary>How a body line given to <see cref="ReadText"/> ended.</summary>
    public enum TextEnd
    {
        /// <summary>Enter: more lines follow.</summary>
        Line,

        /// <summary>Ctrl+Z: send the text.</summary>
        Send,

        /// <summary>Esc, Ctrl+C or Ctrl+D: abort.</summary>
        Abort,
    }

    public LineEditor(List<string> history, Func<string, IReadOnlyList<string>> complete, Lock writeLock)
    {
        _history = history;
        _complete = complete;
        _lock = writeLock;
    }

    /// <summary>Reads one line; null on Ctrl+D with an empty line (or end of input).</summary>
    public string? ReadLine(string prompt) => Read(prompt, useHistory: true);

    /// <summary>One line of text for the modem's prompt; <paramref name="end"/> says whether to go on, send or abort.</summary>
    public string ReadText(string prompt, out TextEnd end)
    {
        _textMode = true;
        try
        {
            _end = TextEnd.Abort;
            string? line = Read(prompt, useHistory: false);
            end = line is null ? TextEnd.Abort : _end;
            return line ?? "";
        }
        finally
        {
            _textMode = false;
        }
    }

    /// <summary>A y/N question typed on the same terminal.</summary>
    public bool Confirm(string question) =>
        Read($"{question} [y/N] ", useHistory: false)?.Trim().ToUpperInvariant() is "Y" or "YES";

    /// <summary>Prints <paramref name="text"/> on its own line(s); while a line is being edited it goes above the prompt.</summary>
    public void PrintAbove(string text, TextWriter output)
    {
        lock (_lock)
        {
            if (_editing)
            {
                output.Write("\r\u001b[K");
                output.WriteLine(text);
                Redraw(output);
            }
            else
            {
                output.WriteLine(text);
            }

            output.Flush();
        }
    }

    private string? Read(string prompt, bool useHistory)
    {
        var o = Console.Out;
        bool ctrlC = Console.TreatControlCAsInput;
        Console.TreatControlCAsInput = true;
        int historyIndex = _history.Count;
        string draft = "";
        lock (_lock)
        {
            _prompt = prompt;
            _buffer.Clear();
            _cursor = 0;
            _editing = true;
            Redraw(o);
        }

        try
        {
            while (true)
            {
                ConsoleKeyInfo key = Console.ReadKey(intercept: true);
                lock (_lock)
                {
                    bool ctrl = (key.Modifiers & ConsoleModifiers.Control) != 0;
                    switch (key.Key)
                    {
                        case ConsoleKey.Enter:
                            o.WriteLine();
                            _editing = false;
                            _end = TextEnd.Line;
                            return _buffer.ToString();
                        case ConsoleKey.Z when ctrl && _textMode:
                            o.WriteLine("^Z");
                            _editing = false;
                            _end = TextEnd.Send;
                            return _buffer.ToString();
                        case ConsoleKey.Escape when _textMode:
                        case ConsoleKey.C when ctrl && _textMode:
                            o.WriteLine("^[");
                            _editing = false;
                            _end = TextEnd.Abort;
                            return _buffer.ToString();
                        case ConsoleKey.D when ctrl:
                            if (_buffer.Length == 0)
                            {
                                o.WriteLine();
                                _editing = false;
                                return null;
                            }

                            Delete();
                            break;
                        case ConsoleKey.C when ctrl:
                            o.WriteLine("^C");
                            _buffer.Clear();
                            _cursor = 0;
                            break;
                        case ConsoleKey.U when ctrl:
                            _buffer.Clear();
                            _cursor = 0;
                            break;
                        case ConsoleKey.A when ctrl:
                        case ConsoleKey.Home:
                            _cursor = 0;
                            break;
                        case ConsoleKey.E when ctrl:
                        case ConsoleKey.End:
                            _cursor = _buffer.Length;
                            break;
                        case ConsoleKey.LeftArrow:
                            _cursor = Math.Max(0, _cursor - 1);
                            break;
                        case ConsoleKey.RightArrow:
                            _cursor = Math.Min(_buffer.Length, _cursor + 1);
                            break;
                        case ConsoleKey.Backspace:
                            if (_cursor > 0)
                            {
                                _buffer.Remove(--_cursor, 1);
                            }

                            break;
                        case ConsoleKey.Delete:
                            Delete();
                            break;
                        case ConsoleKey.UpArrow when useHistory && historyIndex > 0:
                            if (historyIndex == _history.Count)
                            {
                                draft = _buffer.ToString();
                            }

                            Set(_history[--historyIndex]);
                            break;
                        case ConsoleKey.DownArrow when useHistory && historyIndex < _history.Count:
                            historyIndex++;
                            Set(historyIndex == _history.Count ? draft : _history[historyIndex]);
                            break;
                        case ConsoleKey.Tab when useHistory:
                            Complete(o);
                            break;
                        default:
                            if (!ctrl && key.KeyChar >= ' ' && key.KeyChar != '\u007f')
                            {
                                _buffer.Insert(_cursor++, key.KeyChar);
                            }

                            break;
                    }

                    Redraw(o);
                }
            }
        }
        catch (InvalidOperationException)
        {
            // no console to read keys from
            return null;
        }
        finally
        {
            _editing = false;
            Console.TreatControlCAsInput = ctrlC;
        }
    }

    private void Delete()
    {
        if (_cursor < _buffer.Length)
        {
            _buffer.Remove(_cursor, 1);
        }
    }

    private void Set(string text)
    {
        _buffer.Clear().Append(text);
        _cursor = _buffer.Length;
    }

    /// <summary>Tab: one match fills in; several extend to their common prefix, or are listed when there is none to add.</summary>
    private void Complete(TextWriter o)
    {
        string prefix = _buffer.ToString(0, _cursor);
        IReadOnlyList<string> names = _complete(prefix);
        if (names.Count == 0)
        {
            return;
        }

        string common = names[0];
        foreach (string n in names)
        {
            int i = 0;
            while (i < common.Length && i < n.Length && char.ToUpperInvariant(common[i]) == char.ToUpperInvariant(n[i]))
            {
                i++;
            }

            common = common[..i];
        }

        if (common.Length > prefix.Length)
        {
            _buffer.Remove(0, _cursor).Insert(0, common);
            _cursor = common.Length;
        }
        else if (names.Count > 1)
        {
            o.Write("\r\u001b[K");
            o.WriteLine(string.Join("  ", names));
        }
    }

    private void Redraw(TextWriter o)
    {
        o.Write("\r\u001b[K");
        o.Write(_prompt);
        o.Write(_buffer.ToString());
        int back = _buffer.Length - _cursor;
        if (back > 0)
        {
            o.Write($"\u001b[{back}D");
        }

        o.Flush();
    }
}
