using System.Collections.Frozen;
using System.Text;

namespace ZteDiag.Protocol.At;

/// <summary>
/// Streaming splitter and classifier for what an AT port sends. Feed it bytes (decoded as Latin-1,
/// one char per byte) or text in chunks of any size; it reports the same events whatever the chunking.
/// </summary>
/// <remarks>
/// <para>Framing: lines end at CR, LF or CRLF; empty lines are skipped. The SMS prompt <c>&gt; </c>
/// at the start of a line is reported at once as <see cref="AtEventKind.Prompt"/> (no newline follows it).
/// A line longer than <see cref="MaxLineLength"/> is reported once as <see cref="AtEventKind.Overlong"/>
/// and the rest of it is dropped up to the next CR or LF.</para>
/// <para>Classification needs to know what was sent: call <see cref="CommandSent"/> before writing
/// each command. The first line equal to it is the echo; the next final result closes the reply and
/// comes with an <see cref="AtReply"/>. Known URCs (<c>+ZUSIMR</c>, <c>+ZPASR</c>, <c>+ZDONR</c>,
/// <c>+ZPSTM</c>, <c>+ZEND</c>, <c>+CMTI</c>, <c>RING</c>, <c>^…</c>, and <c>+CUSD</c>/<c>+CREG</c>
/// unless the command in flight asked for them) are <see cref="AtEventKind.Unsolicited"/>, as is every
/// non-final line that arrives while no command is in flight.</para>
/// <para>A <c>+CUSD</c> line whose quoted text spans several lines is joined (with <c>\n</c>) into one event.</para>
/// <para>Pure state machine: no I/O, no clock, never throws on input.</para>
/// </remarks>
public sealed class AtLineParser
{
    /// <summary>Default line limit in characters.</summary>
    public const int DefaultMaxLineLength = 4096;

    private static readonly FrozenSet<string> UrcNames = new[]
    {
        "+ZUSIMR", "+ZPASR", "+ZDONR", "+ZPSTM", "+ZEND", "+CMTI", "+CDSI", "+CUSD", "+CREG", "+CGREG", "+CEREG", "RING",
    }.ToFrozenSet(StringComparer.OrdinalIgnoreCase);

    private readonly StringBuilder _line = new();
    private readonly List<string> _info = [];
    private bool _discarding;
    private string? _pendingEcho;
    private string? _commandName;
    private StringBuilder? _continued;
    private AtEventKind _continuedKind;

    /// <summary>Creates a parser.</summary>
    /// <param name="maxLineLength">Longest line kept, in characters (at least 2).</param>
    /// <exception cref="ArgumentOutOfRangeException">The limit is below 2.</exception>
    public AtLineParser(int maxLineLength = DefaultMaxLineLength)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLineLength, 2);
        MaxLineLength = maxLineLength;
    }

    /// <summary>Longest line kept, in characters.</summary>
    public int MaxLineLength { get; }

    /// <summary>The command whose reply is being collected, or null when idle.</summary>
    public string? CommandInFlight { get; private set; }

    /// <summary>
    /// Tells the parser a command was just written (with or without the trailing CR). Starts a new
    /// reply; a reply still open for an earlier command is abandoned.
    /// </summary>
    public void CommandSent(string command)
    {
        ArgumentNullException.ThrowIfNull(command);
        string c = command.Trim();
        CommandInFlight = c;
        _pendingEcho = c;
        _commandName = CommandName(c);
        _info.Clear();
    }

    /// <summary>Forgets the command in flight and any partial line.</summary>
    public void Reset()
    {
        _line.Clear();
        _info.Clear();
        _discarding = false;
        _pendingEcho = null;
        _commandName = null;
        _continued = null;
        CommandInFlight = null;
    }

    /// <summary>Feeds raw bytes from the port (Latin-1) and returns the events they completed.</summary>
    public IReadOnlyList<AtEvent> Feed(ReadOnlySpan<byte> data)
    {
        var events = new List<AtEvent>();
        Feed(data, events);
        return events;
    }

    /// <summary>Feeds text and returns the events it completed.</summary>
    public IReadOnlyList<AtEvent> Feed(ReadOnlySpan<char> text)
    {
        var events = new List<AtEvent>();
        Feed(text, events);
        return events;
    }

    /// <summary>Feeds raw bytes (Latin-1) and appends completed events to <paramref name="sink"/>.</summary>
    public void Feed(ReadOnlySpan<byte> data, ICollection<AtEvent> sink)
    {
        ArgumentNullException.ThrowIfNull(sink);
        foreach (byte b in data)
        {
            Step((char)b, sink);
        }
    }

    /// <summary>Feeds text and appends completed events to <paramref name="sink"/>.</summary>
    public void Feed(ReadOnlySpan<char> text, ICollection<AtEvent> sink)
    {
        ArgumentNullException.ThrowIfNull(sink);
        foreach (char c in text)
        {
            Step(c, sink);
        }
    }

    private void Step(char c, ICollection<AtEvent> sink)
    {
        if (c is '\r' or '\n')
        {
            if (_discarding)
            {
                _discarding = false;
            }
            else if (_line.Length > 0)
            {
                string line = _line.ToString();
                _line.Clear();
                EndLine(line, sink);
            }

            return;
        }

        if (_discarding)
        {
            return;
        }

        if (_line.Length >= MaxLineLength)
        {
            FlushContinued(sink);
            sink.Add(new AtEvent(AtEventKind.Overlong, _line.ToString()));
            _line.Clear();
            _discarding = true;
            return;
        }

        _line.Append(c);
        if (_line.Length == 2 && _line[0] == '>' && _line[1] == ' ')
        {
            _line.Clear();
            FlushContinued(sink);
            sink.Add(new AtEvent(AtEventKind.Prompt, "> "));
        }
    }

    private void EndLine(string line, ICollection<AtEvent> sink)
    {
        if (_continued is not null)
        {
            if (!AtFinalResult.TryParse(line, out _))
            {
                _continued.Append('\n').Append(line);
                if (AtFields.HasOpenQuote(line) || _continued.Length > MaxLineLength)
                {
                    FlushContinued(sink);
                }

                return;
            }

            FlushContinued(sink);
        }

        if (_pendingEcho is not null && string.Equals(line.Trim(), _pendingEcho, StringComparison.OrdinalIgnoreCase))
        {
            _pendingEcho = null;
            sink.Add(new AtEvent(AtEventKind.Echo, line));
            return;
        }

        if (AtFinalResult.TryParse(line, out var final))
        {
            var reply = new AtReply(CommandInFlight ?? string.Empty, _info.ToArray(), final!);
            _info.Clear();
            CommandInFlight = null;
            _pendingEcho = null;
            _commandName = null;
            sink.Add(new AtEvent(AtEventKind.Final, line, final, reply));
            return;
        }

        var kind = IsUnsolicited(line) ? AtEventKind.Unsolicited : AtEventKind.Information;
        if (AtFields.TryGetBody(line, "+CUSD", out _) && AtFields.HasOpenQuote(line))
        {
            _continued = new StringBuilder(line);
            _continuedKind = kind;
            return;
        }

        Emit(kind, line, sink);
    }

    private void Emit(AtEventKind kind, string line, ICollection<AtEvent> sink)
    {
        if (kind == AtEventKind.Information)
        {
            _info.Add(line);
        }

        sink.Add(new AtEvent(kind, line));
    }

    private void FlushContinued(ICollection<AtEvent> sink)
    {
        if (_continued is null)
        {
            return;
        }

        string text = _continued.ToString();
        _continued = null;
        Emit(_continuedKind, text, sink);
    }

    private bool IsUnsolicited(string line)
    {
        string name = LineName(line);
        bool awaited = CommandInFlight is not null && _commandName is not null
            && string.Equals(name, _commandName, StringComparison.OrdinalIgnoreCase);

        if (name.StartsWith('^'))
        {
            return !awaited;
        }

        if (UrcNames.Contains(name))
        {
            if (!awaited)
            {
                return true;
            }

            // Registration: the query answers "+CREG: n,stat[,...]"; the URC is "+CREG: stat[,"lac",...]".
            if (name.EndsWith("REG", StringComparison.OrdinalIgnoreCase) && AtFields.TryGetBody(line, name, out string body)
                && !body.StartsWith('('))
            {
                var f = AtFields.Split(body);
                return f.Count < 2 || f[1].Quoted;
            }

            return false;
        }

        return CommandInFlight is null;
    }

    /// <summary>The name a line starts with: <c>+CSQ</c> of <c>+CSQ: 12,99</c>, <c>+ZEND</c>, <c>RING</c>.</summary>
    private static string LineName(string line)
    {
        string s = line.TrimStart();
        int end = 0;
        while (end < s.Length && s[end] is not (':' or ' ' or ','))
        {
            end++;
        }

        return s[..end];
    }

    /// <summary>The extended command name of <c>AT+CUSD=1,…</c> → <c>+CUSD</c>; null for basic commands.</summary>
    private static string? CommandName(string command)
    {
        string s = command.StartsWith("AT", StringComparison.OrdinalIgnoreCase) ? command[2..] : command;
        if (s.Length == 0 || s[0] is not ('+' or '^' or '$'))
        {
            return null;
        }

        int end = 1;
        while (end < s.Length && s[end] is not ('=' or '?' or ';' or ' '))
        {
            end++;
        }

        return s[..end];
    }
}
