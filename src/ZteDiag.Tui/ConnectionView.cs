using System.Collections.ObjectModel;
using System.Globalization;
using Serilog;
using Terminal.Gui.App;
using Terminal.Gui.ViewBase;
using Terminal.Gui.Views;
using ZteDiag.Device.At;
using ZteDiag.Protocol.At;
using ZteDiag.Workbench.Connection;
using ZteDiag.Workbench.Jobs;

namespace ZteDiag.Tui;

/// <summary>
/// The Connection page: the fields of `ztediag status` (refreshed every <see cref="RefreshEvery"/> while shown),
/// a signal bar and a signal-over-time graph, and buttons for PIN, network mode, scan, USSD and the SMS inbox (Alt+letter).
/// Codes go to the SIM only after the attempts left were shown; the last attempt asks first, No marked.
/// </summary>
public sealed class ConnectionView : View
{
    /// <summary>How often the page re-reads the status while it is shown.</summary>
    public static readonly TimeSpan RefreshEvery = TimeSpan.FromSeconds(5);

    /// <summary>The USSD code offered first (a common balance code; operators differ).</summary>
    public const string DefaultUssd = "*100#";

    /// <summary>Signal readings kept for the graph.</summary>
    public const int HistoryLength = 120;

    private readonly IApplication _app;
    private readonly WorkbenchContext _ctx;
    private readonly ObservableCollection<string> _rows = [];
    private readonly List<int> _history = [];
    private readonly SemaphoreSlim _readGate = new(1, 1);
    private object? _timer;
    private int _reads;
    private AtSession? _watched;

    /// <summary>Creates the page.</summary>
    public ConnectionView(IApplication app, WorkbenchContext ctx)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        _app = app;
        _ctx = ctx;
        CanFocus = true;
        Width = Dim.Fill();
        Height = Dim.Fill();
        View buttons = ButtonRow.Build(
        [
            ("_Refresh", () => _ = RefreshAsync()), ("_PIN…", Pin), ("_Mode…", Mode), ("_Scan…", Scan), ("_USSD…", Ussd), ("_Inbox…", Inbox),
        ], gap: 1);
        Rows = new ListView { X = 0, Y = 1, Width = Dim.Fill(), Height = Dim.Fill(3) };
        Rows.SetSource(_rows);
        Notice = new Label { X = 0, Y = Pos.AnchorEnd(2), Width = Dim.Fill(), Height = 1, Text = string.Empty };
        Graph = new Label { X = 0, Y = Pos.AnchorEnd(1), Width = Dim.Fill(), Height = 1, Text = "Signal over time: (no reading yet)" };
        Add(buttons, Rows, Notice, Graph);
        _rows.Add("Reading the stick… (Alt+R refreshes)");
    }

    /// <summary>The status rows.</summary>
    public ListView Rows { get; }

    /// <summary>The line that announces a new SMS (+CMTI) as it arrives.</summary>
    public Label Notice { get; }

    /// <summary>New messages announced by +CMTI since the page was made.</summary>
    public int NewMessages { get; private set; }

    /// <summary>The signal-over-time line.</summary>
    public Label Graph { get; }

    /// <summary>The rows' texts.</summary>
    public IReadOnlyList<string> Lines => _rows;

    /// <summary>The last status read, or null.</summary>
    public ModemStatus? Last { get; private set; }

    /// <summary>Signal readings in dBm, oldest first.</summary>
    public IReadOnlyList<int> SignalHistory => _history;

    /// <summary>Completed status reads (tests wait on it).</summary>
    public int Reads => Volatile.Read(ref _reads);

    /// <summary>Called when the page is shown: reads now and every <see cref="RefreshEvery"/> while shown.</summary>
    public void Activate()
    {
        _ = RefreshAsync();
        _timer ??= _app.AddTimeout(RefreshEvery, () =>
        {
            if (Visible)
            {
                _ = RefreshAsync();
            }

            return true;
        });
    }

    /// <summary>Reads the status off the UI thread and shows it; a read already running is not doubled.</summary>
    public async Task RefreshAsync()
    {
        if (!await _readGate.WaitAsync(0).ConfigureAwait(false))
        {
            return;
        }

        try
        {
            AtSession? at = await _ctx.Modem.GetAtAsync(CancellationToken.None).ConfigureAwait(false);
            if (at is null)
            {
                _app.Invoke(() => Show(["No AT port is known: start with --at-port PATH."]));
                return;
            }

            Watch(at);
            ModemStatus s = await new ModemStatusReader(at).ReadAsync(CancellationToken.None).ConfigureAwait(false);
            var lines = ModemStatusText.Rows(s, at.Description, _ctx.RevealSecrets)
                .Select(r => string.Create(CultureInfo.InvariantCulture, $"{r.Label,-13}{r.Text}")).ToList();
            _app.Invoke(() =>
            {
                Last = s;
                if (s.Signal?.Dbm is int dbm)
                {
                    _history.Add(dbm);
                    if (_history.Count > HistoryLength)
                    {
                        _history.RemoveAt(0);
                    }
                }

                Show(lines);
                Graph.Text = _history.Count == 0 ? "Signal over time: no signal measured"
                    : string.Create(CultureInfo.InvariantCulture, $"Signal over time ({_history.Count} reads, every {RefreshEvery.TotalSeconds:0} s): {SignalGraph.Render(_history, 60)}  now {_history[^1]} dBm");
                Interlocked.Increment(ref _reads);
            });
        }
        catch (Exception ex)
        {
            Log.Warning("Connection status: {Reason}", Readable.Error(ex));
            _app.Invoke(() =>
            {
                Show(["Could not read the status: " + Readable.Error(ex)]);
                Interlocked.Increment(ref _reads);
            });
        }
        finally
        {
            _readGate.Release();
        }
    }

    /// <summary>PIN: enter it, unblock with the PUK, or change / switch the lock, as the SIM's state allows.</summary>
    public void Pin()
    {
        SimPinState? s = RunAt("Reading the SIM", (at, ct) => new SimPinClient(at).ReadStateAsync(ct));
        if (s is null)
        {
            return;
        }

        string title = "SIM PIN";
        string state = ModemStatusText.SimText(s);
        switch (s.State)
        {
            case CpinState.SimPin:
                if (AskCode(title, $"{state}\nPIN (4–8 digits):", false) is { } pin && Forced(s.PinRetries, "PIN") is { } force)
                {
                    Attempt(title, (c, ct) => c.EnterPinAsync(pin, force, ct));
                }

                break;
            case CpinState.SimPuk:
                if (AskCode(title, $"{state}\nPUK (8 digits, on the SIM's card):", true) is { } puk
                    && AskCode(title, "New PIN (4–8 digits):", false) is { } newPin && Forced(s.PukRetries, "PUK") is { } forcePuk)
                {
                    Attempt(title, (c, ct) => c.UnblockAsync(puk, newPin, forcePuk, ct));
                }

                break;
            case CpinState.Ready:
                string[] actions = s.LockEnabled == false ? ["_Close", "_Switch the PIN lock on"] : ["_Close", "_Change PIN", "Switch the PIN lock _off"];
                int? chosen = Prompts.Choose(_app, title, state, actions, 0);
                if (chosen is null or 0 || AskCode(title, "Current PIN:", false) is not { } current)
                {
                    return;
                }

                if (Forced(s.PinRetries, "PIN") is not { } f)
                {
                    return;
                }

                if (s.LockEnabled == false)
                {
                    Attempt(title, (c, ct) => c.SetLockAsync(true, current, f, ct));
                }
                else if (chosen == 1)
                {
                    if (AskCode(title, "New PIN (4–8 digits):", false) is { } next)
                    {
                        Attempt(title, (c, ct) => c.ChangePinAsync(current, next, f, ct));
                    }
                }
                else
                {
                    Attempt(title, (c, ct) => c.SetLockAsync(false, current, f, ct));
                }

                break;
            default:
                Prompts.Info(_app, title, state);
                break;
        }
    }

    /// <summary>Network mode: pick one of `network mode`'s names; the setting is read back.</summary>
    public void Mode()
    {
        ZsntReply? now = RunAt("Reading the network mode", (at, ct) => new NetworkClient(at).ReadModeAsync(ct));
        if (now is null)
        {
            return;
        }

        string current = NetworkModeName.Describe(now);
        string[] names = [.. NetworkModeName.All];
        int? chosen = Prompts.Choose(_app, "Network mode",
            $"Now: {current}. auto = 2G and 3G, gsm / umts = only that one, gsm-first / umts-first = preferred (AT+ZSNT).",
            [.. names.Select((n, i) => "_" + (i + 1).ToString(CultureInfo.InvariantCulture) + " " + n)], Math.Max(0, Array.IndexOf(names, current)));
        if (chosen is not int i || names[i] == current)
        {
            return;
        }

        ZsntReply? back = RunAt("Setting the network mode", (at, ct) => new NetworkClient(at).SetModeAsync(NetworkModeName.ToSetting(names[i])!, ct));
        if (back is not null)
        {
            Prompts.Info(_app, "Network mode", $"{current} -> {NetworkModeName.Describe(back)} (read back)");
            _ = RefreshAsync();
        }
    }

    /// <summary>Operator scan (can take minutes: progress and Cancel), then an optional selection.</summary>
    public void Scan()
    {
        IReadOnlyList<CopsNetwork>? found = RunAt("Scanning for networks (AT+COPS=?, up to 3 minutes)",
            (at, ct) => new NetworkClient(at).ScanAsync(NetworkClient.DefaultScanTimeout, ct));
        if (found is null)
        {
            return;
        }

        LastScan = found;
        if (found.Count == 0)
        {
            Prompts.Info(_app, "Network scan", "No network found (antenna, SIM, or the area).");
            return;
        }

        string table = string.Join("\n", found.Select(n =>
            $"{n.StatusText,-10} {n.LongName} {n.Numeric} {AccessTechnologyName.Describe(n.AccessTechnology) ?? ""}"));
        string[] buttons = ["_Close", "_Automatic", .. found.Where(n => n.Status != 3).Select(n => "_" + n.Numeric)];
        int? chosen = Prompts.Choose(_app, "Network scan", table + "\n\nRegister on one (manual) or automatically:", buttons, 0);
        if (chosen is not int c || c == 0)
        {
            return;
        }

        string? numeric = c == 1 ? null : buttons[c][1..];
        CopsReply? now = RunAt("Selecting the network", (at, ct) => new NetworkClient(at).SelectAsync(numeric, NetworkClient.DefaultScanTimeout, ct));
        if (now is not null)
        {
            Prompts.Info(_app, "Network", $"{(numeric is null ? "automatic" : "manual")} selection; registered on: {now.Operator ?? "none yet"}");
            _ = RefreshAsync();
        }
    }

    /// <summary>The networks of the last scan (tests).</summary>
    public IReadOnlyList<CopsNetwork>? LastScan { get; private set; }

    /// <summary>USSD: a code (default <see cref="DefaultUssd"/>), the answer decoded; a menu is answered in turn.</summary>
    public void Ussd()
    {
        string? request = Prompts.Ask(_app, "USSD", "Code (e.g. *100# for the balance; operators differ):", LastUssd ?? DefaultUssd,
            t => UssdClient.IsValidRequest(t) ? null : "use digits, * and #");
        while (request is not null)
        {
            LastUssd ??= request;
            string r = request;
            UssdResult? answer = RunAt("Waiting for the network's answer", (at, ct) => new UssdClient(at).SendAsync(r, AtCommandExpectations.UssdTimeout, ct));
            if (answer is null)
            {
                return;
            }

            LastUssdAnswer = answer;
            string text = answer.Text.Length > 0 ? answer.Text : "(" + answer.StatusText + ")";
            if (!answer.AwaitsReply)
            {
                Prompts.Info(_app, "USSD answer", text);
                return;
            }

            request = Prompts.Ask(_app, "USSD menu", text + "\n\nYour choice (Esc closes the menu):", string.Empty, t => UssdClient.IsValidRequest(t) ? null : "digits, * and #");
            if (request is null)
            {
                _ = RunAt("Closing the menu", async (at, ct) =>
                {
                    await new UssdClient(at).CancelAsync(ct).ConfigureAwait(false);
                    return string.Empty;
                });
            }
        }
    }

    /// <summary>SMS inbox: every message of the SIM store (long ones joined); Send… writes one.</summary>
    public void Inbox()
    {
        IReadOnlyList<SmsMessageView>? messages = RunAt("Reading the messages", async (at, ct) =>
        {
            var sms = new SmsClient(at);
            (_, SmsMode mode) = await sms.PrepareAsync(null, SmsMode.Auto, ct).ConfigureAwait(false);
            return await sms.ListAsync(mode, ct).ConfigureAwait(false);
        });
        if (messages is null)
        {
            return;
        }

        LastInbox = messages;
        string list = messages.Count == 0 ? "No messages."
            : string.Join("\n", messages.Select(m => string.Create(CultureInfo.InvariantCulture,
                $"{m.IndexText,-5} {m.Status,-10} {m.Address,-14} {m.Timestamp?.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) ?? "",-16} {m.Text.ReplaceLineEndings(" ")}")));
        if (Prompts.Choose(_app, "SMS inbox", list, ["_Close", "_Send…"], 0) != 1)
        {
            return;
        }

        if (Prompts.Ask(_app, "Send SMS", "Number (e.g. +79001234567):", string.Empty, t => SmsClient.IsValidNumber(t) ? null : "digits, an optional leading +") is not { } number
            || Prompts.Ask(_app, "Send SMS", "Text:", string.Empty) is not { } text)
        {
            return;
        }

        SmsSendResult? sent = RunAt("Sending the message", (at, ct) => new SmsClient(at).SendAsync(number, text, SmsMode.Auto, ct));
        if (sent is not null)
        {
            LastSent = sent;
            Prompts.Info(_app, "Send SMS", string.Create(CultureInfo.InvariantCulture,
                $"Sent to {number} in {sent.References.Count} part(s), {sent.Encoding} ({(sent.Mode == SmsMode.Text ? "text" : "PDU")} mode), references {string.Join(",", sent.References)}."));
        }
    }

    /// <summary>The messages of the last inbox read (tests).</summary>
    public IReadOnlyList<SmsMessageView>? LastInbox { get; private set; }

    /// <summary>The last message sent (tests).</summary>
    public SmsSendResult? LastSent { get; private set; }

    /// <summary>The last USSD code sent.</summary>
    public string? LastUssd { get; private set; }

    /// <summary>The last USSD answer (tests).</summary>
    public UssdResult? LastUssdAnswer { get; private set; }

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            if (_watched is not null)
            {
                _watched.Unsolicited -= OnUnsolicited;
            }

            if (_timer is not null)
            {
                _ = _app.RemoveTimeout(_timer);
            }

            _readGate.Dispose();
        }

        base.Dispose(disposing);
    }

    /// <summary>Listens for +CMTI on the session the page reads (a new one after a re-plug or a stick switch).</summary>
    private void Watch(AtSession at)
    {
        AtSession? old = Interlocked.Exchange(ref _watched, at);
        if (ReferenceEquals(old, at))
        {
            return;
        }

        if (old is not null)
        {
            old.Unsolicited -= OnUnsolicited;
        }

        at.Unsolicited += OnUnsolicited;
    }

    private void OnUnsolicited(object? sender, AtUnsolicitedEventArgs e)
    {
        if (!e.Line.StartsWith("+CMTI:", StringComparison.Ordinal))
        {
            return;
        }

        _app.Invoke(() =>
        {
            NewMessages++;
            Notice.Text = $"New SMS ({e.Line.Trim()}; {NewMessages} since opened): Alt+I opens the inbox";
        });
    }

    private void Show(IReadOnlyList<string> lines)
    {
        _rows.Clear();
        foreach (string l in lines)
        {
            _rows.Add(l);
        }
    }

    private string? AskCode(string title, string label, bool puk) => Prompts.Ask(_app, title, label, string.Empty,
        t => puk ? (SimPinClient.IsValidPuk(t) ? null : "8 digits") : (SimPinClient.IsValidPin(t) ? null : "4 to 8 digits"), secret: true);

    /// <summary>false to go on, true when the technician accepts the last attempt, null to stop.</summary>
    private bool? Forced(int? left, string code)
    {
        if (left != 1)
        {
            return false;
        }

        string risk = code == "PUK" ? "a wrong PUK kills the SIM for good" : "a wrong PIN blocks it (then only the PUK helps)";
        return Prompts.Confirm(_app, "Last attempt", $"The SIM has 1 {code} attempt left: {risk}. Try this {code}?", destructive: true) ? true : null;
    }

    private void Attempt(string title, Func<SimPinClient, CancellationToken, Task<SimPinState>> attempt)
    {
        SimPinState? after = RunAt("Sending the code to the SIM", (at, ct) => attempt(new SimPinClient(at), ct));
        if (after is not null)
        {
            Prompts.Info(_app, title, "Done. Now: " + ModemStatusText.SimText(after));
            _ = RefreshAsync();
        }
    }

    /// <summary>Runs an AT operation off the UI thread with a progress dialog (Cancel/Esc); a failure is shown, null returned.</summary>
    private T? RunAt<T>(string what, Func<AtSession, CancellationToken, Task<T>> operation)
        where T : class
    {
        T? result = null;
        JobOutcome outcome = JobProgressDialog.RunModal(_app, what, async (progress, ct) =>
        {
            progress.Report(new JobProgress(what + "…", null, 0, 0, 0, 0));
            AtSession at = await _ctx.Modem.GetAtAsync(ct).ConfigureAwait(false)
                ?? throw new InvalidOperationException("no AT port is known: start with --at-port PATH");
            result = await operation(at, ct).ConfigureAwait(false);
            return string.Empty;
        });
        if (!outcome.Succeeded)
        {
            if (!outcome.Cancelled)
            {
                Log.Warning("{What:l}: {Message:l}", what, outcome.Message);
            }

            Prompts.Failure(_app, what, outcome.Message);
            return null;
        }

        return result;
    }
}
