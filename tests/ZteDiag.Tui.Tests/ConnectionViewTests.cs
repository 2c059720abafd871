using Terminal.Gui.App;
using Terminal.Gui.Input;
using Terminal.Gui.Testing;
using ZteDiag.Emulator;
using ZteDiag.Protocol.Diag;
using ZteDiag.Tui;
using static ZteDiag.Tui.Tests.Harness;

namespace ZteDiag.Tui.Tests;

/// <summary>The Connection page on the demo modem, driven by its keys.</summary>
public sealed class ConnectionViewTests : IDisposable
{
    private readonly DirectoryInfo _out = Directory.CreateTempSubdirectory("ztediag-tui-conn-");

    public void Dispose() => _out.Delete(recursive: true);

    private static bool Idle(WorkbenchWindow w) => !w.Browser.IsListing && w.Browser.Entries.Count > 0;

    [Fact]
    public async Task Shift_F3_shows_the_status_with_the_IMEI_masked_and_F5_adds_a_signal_reading_to_the_graph()
    {
        await using WorkbenchContext ctx = await DemoAsync(_out.FullName);
        string imei = ctx.Demo!.State.Profile.Imei;
        using IApplication app = NewApp(110, 34);
        using var w = new WorkbenchWindow(app, ctx);
        string? screen = null;
        int reads = 0;
        Script(app, w,
            new Step("started", () => Idle(w), () => app.InjectKey(Key.F3.WithShift)),
            new Step("status read", () => w.Connection.Reads >= 1 && w.Connection.Last is not null, () =>
            {
                reads = w.Connection.Reads;
                app.InjectKey(Key.F5);
            }),
            new Step("second read", () => w.Connection.Reads > reads, () => screen = Screen(app)));
        Assert.Equal(WorkbenchPage.Connection, w.Page);
        Assert.Contains(w.Connection.Lines, l => l.StartsWith("Operator     MTS RUS", StringComparison.Ordinal));
        Assert.Contains(w.Connection.Lines, l => l.StartsWith("SIM          ready", StringComparison.Ordinal));
        Assert.Contains(w.Connection.Lines, l => l.StartsWith("Signal       -", StringComparison.Ordinal) && l.Contains("dBm", StringComparison.Ordinal));
        Assert.True(w.Connection.SignalHistory.Count >= 2);
        Assert.Contains("Signal over time (", screen);
        Assert.Contains("[Shift+F3 Connection]", screen);
        Assert.DoesNotContain(imei, screen);
        Assert.Contains(Imei.Mask(imei), screen);
    }

    [Fact]
    public async Task Alt_P_enters_the_PIN_a_wrong_one_says_the_attempts_left_and_the_field_shows_no_digits()
    {
        await using WorkbenchContext ctx = await DemoAsync(_out.FullName, start: new VirtualModemStartOptions { NagInterval = null, SimPin = "1234" });
        using IApplication app = NewApp(110, 34);
        using var w = new WorkbenchWindow(app, ctx);
        string? typed = null, failure = null, done = null;
        Script(app, w,
            new Step("started", () => Idle(w), () => app.InjectKey(Key.F3.WithShift)),
            new Step("status read", () => w.Connection.Reads >= 1, () => app.InjectKey(Key.P.WithAlt)),
            new Step("PIN asked", () => app.TopRunnableView is TextPromptDialog, () =>
            {
                var d = (TextPromptDialog)app.TopRunnableView!;
                d.Field.Text = "0000";
                typed = Screen(app);
                app.InjectKey(Key.Enter);
            }),
            new Step("refused", () => app.TopRunnableView is MessageDialog, () =>
            {
                failure = ((MessageDialog)app.TopRunnableView!).Message;
                app.InjectKey(Key.Enter);
            }),
            new Step("closed", () => ReferenceEquals(app.TopRunnableView, w), () => app.InjectKey(Key.P.WithAlt)),
            new Step("PIN asked again", () => app.TopRunnableView is TextPromptDialog, () =>
            {
                ((TextPromptDialog)app.TopRunnableView!).Field.Text = "1234";
                app.InjectKey(Key.Enter);
            }),
            new Step("accepted", () => app.TopRunnableView is MessageDialog, () =>
            {
                done = ((MessageDialog)app.TopRunnableView!).Message;
                app.InjectKey(Key.Enter);
            }),
            new Step("back", () => ReferenceEquals(app.TopRunnableView, w), () => { }));
        Assert.Contains("waits for the PIN", typed);
        Assert.DoesNotContain("0000", typed);
        Assert.Equal("The modem said no: wrong PIN: PIN 2 attempts left, PUK 10 attempts left", failure);
        Assert.StartsWith("Done. Now: ready · PIN lock on · PIN 3 attempts left", done, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Alt_S_scans_with_progress_and_registers_on_the_network_picked_from_the_list()
    {
        await using WorkbenchContext ctx = await DemoAsync(_out.FullName, start: new VirtualModemStartOptions { NagInterval = null, NetworkScanDelay = TimeSpan.FromMilliseconds(300) });
        using IApplication app = NewApp(110, 34);
        using var w = new WorkbenchWindow(app, ctx);
        bool progressShown = false;
        string? list = null, result = null;
        Script(app, w,
            new Step("started", () => Idle(w), () => app.InjectKey(Key.F3.WithShift)),
            new Step("status read", () => w.Connection.Reads >= 1, () => app.InjectKey(Key.S.WithAlt)),
            new Step("list", () =>
            {
                progressShown |= app.TopRunnableView is JobProgressDialog;
                return app.TopRunnableView is MessageDialog;
            }, () =>
            {
                var d = (MessageDialog)app.TopRunnableView!;
                list = d.Message;
                int pick = d.Choices.ToList().FindIndex(b => b.Text == "_25098");
                for (int i = 0; i < pick; i++)
                {
                    app.InjectKey(Key.CursorRight);
                }

                app.InjectKey(Key.Enter);
            }),
            new Step("registered", () => app.TopRunnableView is MessageDialog d && d.Title == "Network", () =>
            {
                result = ((MessageDialog)app.TopRunnableView!).Message;
                app.InjectKey(Key.Enter);
            }),
            new Step("back", () => ReferenceEquals(app.TopRunnableView, w), () => { }));
        Assert.True(progressShown);
        Assert.Contains("forbidden  Rival 250 99 25099", list);
        Assert.Equal(3, w.Connection.LastScan!.Count);
        Assert.Equal("manual selection; registered on: Rival 250 98", result);
    }

    [Fact]
    public async Task Alt_U_sends_the_default_balance_code_and_shows_the_decoded_answer()
    {
        await using WorkbenchContext ctx = await DemoAsync(_out.FullName);
        using IApplication app = NewApp(110, 34);
        using var w = new WorkbenchWindow(app, ctx);
        string? initial = null, answer = null;
        Script(app, w,
            new Step("started", () => Idle(w), () => app.InjectKey(Key.F3.WithShift)),
            new Step("status read", () => w.Connection.Reads >= 1, () => app.InjectKey(Key.U.WithAlt)),
            new Step("code asked", () => app.TopRunnableView is TextPromptDialog, () =>
            {
                initial = ((TextPromptDialog)app.TopRunnableView!).Field.Text;
                app.InjectKey(Key.Enter);
            }),
            new Step("answer", () => app.TopRunnableView is MessageDialog, () =>
            {
                answer = ((MessageDialog)app.TopRunnableView!).Message;
                app.InjectKey(Key.Enter);
            }),
            new Step("back", () => ReferenceEquals(app.TopRunnableView, w), () => { }));
        Assert.Equal(ConnectionView.DefaultUssd, initial);
        Assert.Equal("Balance: 123.45 RUB", answer);
    }

    [Fact]
    public async Task Alt_I_lists_the_inbox_with_long_messages_joined_and_Send_writes_a_message()
    {
        await using WorkbenchContext ctx = await DemoAsync(_out.FullName);
        using IApplication app = NewApp(120, 34);
        using var w = new WorkbenchWindow(app, ctx);
        string? inbox = null, sent = null;
        Script(app, w,
            new Step("started", () => Idle(w), () => app.InjectKey(Key.F3.WithShift)),
            new Step("status read", () => w.Connection.Reads >= 1, () => app.InjectKey(Key.I.WithAlt)),
            new Step("inbox", () => app.TopRunnableView is MessageDialog d && d.Title == "SMS inbox", () =>
            {
                inbox = ((MessageDialog)app.TopRunnableView!).Message;
                app.InjectKey(Key.CursorRight); // to Send…
                app.InjectKey(Key.Enter);
            }),
            new Step("number", () => app.TopRunnableView is TextPromptDialog d && d.Title == "Send SMS", () =>
            {
                ((TextPromptDialog)app.TopRunnableView!).Field.Text = "+79001234567";
                app.InjectKey(Key.Enter);
            }),
            new Step("text", () => app.TopRunnableView is TextPromptDialog d && d.Field.Text.Length == 0, () =>
            {
                ((TextPromptDialog)app.TopRunnableView!).Field.Text = "Bench test";
                app.InjectKey(Key.Enter);
            }),
            new Step("sent", () => app.TopRunnableView is MessageDialog d && d.Title == "Send SMS", () =>
            {
                sent = ((MessageDialog)app.TopRunnableView!).Message;
                app.InjectKey(Key.Enter);
            }),
            new Step("back", () => ReferenceEquals(app.TopRunnableView, w), () => { }));
        Assert.Contains(Emulator.At.SmsStore.WelcomeText, inbox);
        Assert.Contains(w.Connection.LastInbox!, m => m.Parts == 2 && m.Indexes.Count == 2 && m.MissingParts.Count == 0);
        Assert.StartsWith("Sent to +79001234567 in 1 part(s)", sent, StringComparison.Ordinal);
        Assert.Contains(("+79001234567", "Bench test"), ctx.Demo!.State.Sms.Sent);
    }

    [Fact]
    public async Task A_new_SMS_is_announced_on_the_page_as_its_CMTI_arrives()
    {
        await using WorkbenchContext ctx = await DemoAsync(_out.FullName);
        using IApplication app = NewApp(110, 34);
        using var w = new WorkbenchWindow(app, ctx);
        string? screen = null;
        Script(app, w,
            new Step("started", () => Idle(w), () => app.InjectKey(Key.F3.WithShift)),
            new Step("status read", () => w.Connection.Reads >= 1, () => ctx.Demo!.DeliverSms("+79005550101", "Hello bench")),
            new Step("announced", () => w.Connection.NewMessages == 1, () => screen = Screen(app)));
        Assert.Contains("New SMS (+CMTI: \"SM\",", screen);
        Assert.Contains("Alt+I opens the inbox", screen);
    }

    [Fact]
    public void The_signal_graph_spans_the_dBm_range_oldest_first()
    {
        Assert.Equal(" ▄█", SignalGraph.Render([-113, -82, -51], 10));
        Assert.Equal("▄█", SignalGraph.Render([-113, -82, -51], 2)); // the newest fit
    }
}
