using System.Globalization;
using ZteDiag.Protocol.At;

namespace ZteDiag.Device.At;

/// <summary>
/// The AT console behind `ztediag at` and the TUI console: sends one command, answers the SMS text
/// prompt through the shell's <c>body</c> callback (Ctrl-Z sends, null aborts with ESC), waits (bounded)
/// for the URC a command is known to answer with (<see cref="AtCommandExpectations"/>), explains the
/// errors technicians trip over, and masks secrets. URCs that no command is waiting for are raised
/// through <see cref="Unsolicited"/>, collapsed (<see cref="AtUrcCollapser"/>).
/// </summary>
public sealed class AtConsoleEngine : IDisposable
{
    private readonly AtSession _session;
    private readonly TimeProvider _time;
    private readonly AtUrcCollapser _collapser = new();
    private readonly Lock _lock = new();
    private string? _awaitedUrc;
    private TaskCompletionSource<string>? _urcArrived;

    /// <summary>Creates the engine over an open session (not owned).</summary>
    /// <param name="session">The AT session.</param>
    /// <param name="revealSecrets">Show IMEIs as they are (--reveal-secrets).</param>
    /// <param name="time">Clock for the URC wait; null = system.</param>
    public AtConsoleEngine(AtSession session, bool revealSecrets, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(session);
        _session = session;
        RevealSecrets = revealSecrets;
        _time = time ?? TimeProvider.System;
        _session.Unsolicited += OnUnsolicited;
    }

    /// <summary>URCs not awaited by the command in flight, masked and counted (raised on the reader task).</summary>
    public event EventHandler<AtUrcUpdate>? Unsolicited;

    /// <summary>True when IMEIs are shown unmasked.</summary>
    public bool RevealSecrets { get; }

    /// <summary>Where the session goes.</summary>
    public string Description => _session.Description;

    /// <summary>Masks <paramref name="line"/> unless <see cref="RevealSecrets"/>.</summary>
    public string Mask(string line) => AtSecretMask.Mask(line, RevealSecrets);

    /// <summary>
    /// Sends <paramref name="command"/> and returns what to print. A timeout is reported in the result
    /// (the session has already sent ESC and resynchronised with AT), not thrown.
    /// </summary>
    /// <param name="command">One AT command.</param>
    /// <param name="body">Called when the modem shows the <c>&gt; </c> prompt; returns the text, or null to abort (ESC).</param>
    /// <param name="cancellationToken">Cancels the command (the prompt is aborted with ESC).</param>
    /// <exception cref="DiagLinkException">The link failed (not a timeout).</exception>
    /// <exception cref="ArgumentException">The command contains CR, LF or Ctrl-Z.</exception>
    public async Task<AtConsoleResult> ExecuteAsync(string command, Func<CancellationToken, Task<string?>>? body, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(command);
        command = command.Trim();
        AtCommandExpectation expect = AtCommandExpectations.For(command);
        var lines = new List<AtConsoleLine>();
        TaskCompletionSource<string>? urc = null;
        if (expect.LateUrc is { } name)
        {
            urc = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
            lock (_lock)
            {
                _awaitedUrc = name;
                _urcArrived = urc;
            }
        }

        try
        {
            var typed = new List<string>();
            bool prompted = false;
            Func<CancellationToken, Task<string?>> answer = async ct =>
            {
                prompted = true;
                string? text = body is null ? null : await body(ct).ConfigureAwait(false);
                if (text is not null)
                {
                    typed.AddRange(text.ReplaceLineEndings("\n").Split('\n'));
                }

                return text;
            };

            AtReply reply;
            try
            {
                reply = await _session.SendWithPromptAsync(command, answer, expect.ReplyTimeout, null, cancellationToken).ConfigureAwait(false);
            }
            catch (DiagTimeoutException ex)
            {
                lines.Add(new AtConsoleLine("no reply: " + ex.Message, AtConsoleLineKind.Error));
                return new AtConsoleResult(command, null, lines, null);
            }

            // a modem with echo on sends the typed body back: it is not part of the answer
            lines.AddRange(reply.Lines.Where(l => !typed.Contains(l.Trim().TrimEnd('\x1A'))).Select(l => new AtConsoleLine(Mask(l), AtConsoleLineKind.Reply)));
            if (prompted && typed.Count == 0)
            {
                lines.Add(new AtConsoleLine("text input aborted with ESC: nothing sent", AtConsoleLineKind.Note));
            }

            lines.Add(new AtConsoleLine(reply.Final.Describe(), reply.IsSuccess ? AtConsoleLineKind.Final : AtConsoleLineKind.Error));
            AtOffer? offer = Explain(command, reply, lines);
            bool answered = expect.LateUrc is { } late && reply.Lines.Any(l => l.StartsWith(late, StringComparison.OrdinalIgnoreCase));
            if (urc is not null && reply.IsSuccess && !answered)
            {
                await WaitForUrcAsync(urc, expect, lines, cancellationToken).ConfigureAwait(false);
            }

            return new AtConsoleResult(command, reply, lines, offer);
        }
        finally
        {
            lock (_lock)
            {
                _awaitedUrc = null;
                _urcArrived = null;
            }
        }
    }

    /// <inheritdoc/>
    public void Dispose() => _session.Unsolicited -= OnUnsolicited;

    /// <summary>The SMS-mode pitfall: AT+CMGL in PDU mode answers +CMS ERROR: 303.</summary>
    internal static AtOffer? Explain(string command, AtReply reply, List<AtConsoleLine> lines)
    {
        if (reply.Final.Kind != AtFinalKind.CmsError || reply.Final.Code != 303
            || !command.StartsWith("AT+CMGL", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        lines.Add(new AtConsoleLine(
            "303 here means the modem is in SMS PDU mode (AT+CMGF=0): AT+CMGL then wants a number (4 = all) and lists hex PDUs. "
            + "In text mode (AT+CMGF=1) it takes \"ALL\", \"REC UNREAD\"… and lists readable messages.",
            AtConsoleLineKind.Note));
        return new AtOffer("switch to SMS text mode and list the messages", ["AT+CMGF=1", TextModeListing(command)]);
    }

    /// <summary><c>AT+CMGL=4</c> → <c>AT+CMGL="ALL"</c> (27.005 §3.4.2 stat numbers to their text names); no argument: "ALL".</summary>
    internal static string TextModeListing(string command)
    {
        int eq = command.IndexOf('=', StringComparison.Ordinal);
        string arg = eq < 0 ? string.Empty : command[(eq + 1)..].Trim();
        string? name = arg switch
        {
            "" or "4" => "ALL",
            "0" => "REC UNREAD",
            "1" => "REC READ",
            "2" => "STO UNSENT",
            "3" => "STO SENT",
            _ => null,
        };
        return name is null ? command : $"AT+CMGL=\"{name}\"";
    }

    private async Task WaitForUrcAsync(TaskCompletionSource<string> urc, AtCommandExpectation expect, List<AtConsoleLine> lines, CancellationToken ct)
    {
        try
        {
            string line = await urc.Task.WaitAsync(expect.LateUrcTimeout, _time, ct).ConfigureAwait(false);
            lines.Add(new AtConsoleLine(Mask(line), AtConsoleLineKind.Urc));
            if (line.StartsWith("+CUSD", StringComparison.OrdinalIgnoreCase) && CusdReply.TryParse(line, out CusdReply? cusd) == AtParseStatus.Ok
                && cusd is { Text: { Length: > 0 } text })
            {
                lines.Add(new AtConsoleLine("answer: " + Mask(text), AtConsoleLineKind.Note));
            }
        }
        catch (TimeoutException)
        {
            lines.Add(new AtConsoleLine(
                string.Create(CultureInfo.InvariantCulture, $"no {expect.LateUrc} answer within {expect.LateUrcTimeout.TotalSeconds:0} s (the network may still send it; the console shows it as a URC)"),
                AtConsoleLineKind.Note));
        }
    }

    private void OnUnsolicited(object? sender, AtUnsolicitedEventArgs e)
    {
        TaskCompletionSource<string>? claim = null;
        lock (_lock)
        {
            if (_awaitedUrc is { } name && _urcArrived is { Task.IsCompleted: false } tcs
                && e.Line.StartsWith(name, StringComparison.OrdinalIgnoreCase))
            {
                claim = tcs;
            }
        }

        if (claim is not null)
        {
            claim.TrySetResult(e.Line);
            return;
        }

        AtUrcUpdate update;
        lock (_lock)
        {
            update = _collapser.Observe(Mask(e.Line));
        }

        Unsolicited?.Invoke(this, update);
    }
}
