using Terminal.Gui.App;
using Terminal.Gui.Input;
using Terminal.Gui.Testing;
using ZteDiag.Emulator;
using ZteDiag.Protocol.Diag;
using ZteDiag.Tui;
using static ZteDiag.Tui.Tests.Harness;

namespace ZteDiag.Tui.Tests;

/// <summary>The TUI's AT console on the virtual modem: the same engine as `ztediag at`, driven by keys.</summary>
public sealed class AtConsoleViewTests : IDisposable
{
    private readonly DirectoryInfo _out = Directory.CreateTempSubdirectory("ztediag-tui-at-");

    public void Dispose() => _out.Delete(recursive: true);

    private static bool Idle(WorkbenchWindow w) => !w.Browser.IsListing && w.Browser.Entries.Count > 0;

    private static bool Done(WorkbenchWindow w, int linesBefore) =>
        w.Console.Pending == 0 && w.Console.Lines.Count > linesBefore && w.Console.Lines.Skip(linesBefore).Any(l => l is "OK" or "ERROR" || l.StartsWith('+') && l.Contains("ERROR", StringComparison.Ordinal));

    [Fact]
    public async Task Alt_1_sends_ATI_and_the_IMEI_is_masked_as_on_the_status_bar()
    {
        await using WorkbenchContext ctx = await DemoAsync(_out.FullName);
        string imei = ctx.Demo!.State.Profile.Imei;
        using IApplication app = NewApp(100, 30);
        using var w = new WorkbenchWindow(app, ctx);
        string? screen = null;
        int before = 0;
        Script(app, w,
            new Step("started", () => Idle(w), () =>
            {
                app.InjectKey(Key.F3);
                before = w.Console.Lines.Count;
                app.InjectKey(Key.D1.WithAlt);
            }),
            new Step("ATI answered", () => Done(w, before), () => screen = Screen(app)));
        Assert.Contains("> ATI", w.Console.Lines);
        Assert.Contains(w.Console.Lines, l => l.Contains(Imei.Mask(imei), StringComparison.Ordinal));
        Assert.DoesNotContain(w.Console.Lines, l => l.Contains(imei, StringComparison.Ordinal));
        Assert.DoesNotContain(imei, screen);
        Assert.Contains(Imei.Mask(imei), screen); // bar and console: one format
    }

    [Fact]
    public async Task The_SMS_prompt_opens_a_text_dialog_and_the_next_command_still_works()
    {
        await using WorkbenchContext ctx = await DemoAsync(_out.FullName);
        using IApplication app = NewApp(100, 30);
        using var w = new WorkbenchWindow(app, ctx);
        int before = 0;
        Script(app, w,
            new Step("started", () => Idle(w), () =>
            {
                app.InjectKey(Key.F3);
                w.Console.Send("AT+CMGF=1");
            }),
            new Step("text mode", () => w.Console.Pending == 0 && w.Console.Lines.Contains("OK"), () =>
            {
                before = w.Console.Lines.Count;
                w.Console.Send("AT+CMGS=\"+79001234567\"");
            }),
            new Step("prompt dialog", () => app.TopRunnableView is TextPromptDialog, () =>
            {
                var d = (TextPromptDialog)app.TopRunnableView!;
                d.Field.Text = "Hello from the bench";
                app.InjectKey(Key.Enter);
            }),
            new Step("sent", () => Done(w, before), () =>
            {
                before = w.Console.Lines.Count;
                w.Console.Send("AT+CSQ");
            }),
            new Step("next command", () => Done(w, before), () => { }));
        Assert.Contains(w.Console.Lines, l => l.StartsWith("+CMGS:", StringComparison.Ordinal));
        Assert.Contains(w.Console.Lines, l => l.StartsWith("+CSQ:", StringComparison.Ordinal));
        Assert.Equal("OK", w.Console.Lines[^1]);
    }

    [Fact]
    public async Task Cancel_at_the_SMS_prompt_sends_nothing_and_leaves_the_port_in_command_mode()
    {
        await using WorkbenchContext ctx = await DemoAsync(_out.FullName);
        using IApplication app = NewApp(100, 30);
        using var w = new WorkbenchWindow(app, ctx);
        int before = 0;
        Script(app, w,
            new Step("started", () => Idle(w), () =>
            {
                app.InjectKey(Key.F3);
                w.Console.Send("AT+CMGF=1");
            }),
            new Step("text mode", () => w.Console.Pending == 0 && w.Console.Lines.Contains("OK"), () => w.Console.Send("AT+CMGS=\"+79001234567\"")),
            new Step("prompt dialog", () => app.TopRunnableView is TextPromptDialog, () => app.InjectKey(Key.Esc)),
            new Step("aborted", () => w.Console.Pending == 0 && w.Console.Lines.Any(l => l.Contains("nothing sent", StringComparison.Ordinal)), () =>
            {
                before = w.Console.Lines.Count;
                w.Console.Send("AT");
            }),
            new Step("next command", () => Done(w, before), () => { }));
        Assert.DoesNotContain(w.Console.Lines, l => l.StartsWith("+CMGS:", StringComparison.Ordinal));
        Assert.Equal("OK", w.Console.Lines[^1]);
    }

    [Fact]
    public async Task The_balance_button_waits_for_the_late_CUSD_answer_and_shows_it()
    {
        await using WorkbenchContext ctx = await DemoAsync(_out.FullName);
        using IApplication app = NewApp(100, 30);
        using var w = new WorkbenchWindow(app, ctx);
        Script(app, w,
            new Step("started", () => Idle(w), () =>
            {
                app.InjectKey(Key.F3);
                app.InjectKey(Key.D6.WithAlt);
            }),
            new Step("answer", () => w.Console.Pending == 0 && w.Console.Lines.Any(l => l.StartsWith("answer:", StringComparison.Ordinal)), () => { }));
        Assert.Contains("answer: Balance: 123.45 RUB", w.Console.Lines);
        Assert.Contains(w.Console.Lines, l => l.StartsWith("+CUSD: 0,", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_ZUSIMR_nag_collapses_into_one_counted_line_and_Alt_O_stops_it()
    {
        await using WorkbenchContext ctx = await DemoAsync(_out.FullName, start: new VirtualModemStartOptions { NagInterval = TimeSpan.FromMilliseconds(20) });
        using IApplication app = NewApp(100, 30);
        using var w = new WorkbenchWindow(app, ctx);
        int urcLines = 0;
        Script(app, w,
            new Step("started", () => Idle(w), () => app.InjectKey(Key.F3)),
            new Step("nag offered", () => w.Console.Offer is not null && w.Console.Lines.Any(l => l.StartsWith("[URC] +ZUSIMR:2 (×", StringComparison.Ordinal)), () =>
            {
                urcLines = w.Console.Lines.Count(l => l.StartsWith("[URC] +ZUSIMR", StringComparison.Ordinal));
                app.InjectKey(Key.O.WithAlt);
            }),
            new Step("CPMS sent", () => w.Console.Pending == 0 && w.Console.Lines.Contains("> AT+CPMS?") && w.Console.Lines[^1] == "OK", () => { }));
        Assert.Equal(1, urcLines);
        Assert.Contains(w.Console.Lines, l => l.Contains("Alt+O", StringComparison.Ordinal) && l.Contains("AT+CPMS?", StringComparison.Ordinal));
        Assert.Contains(w.Console.Lines, l => l.StartsWith("+CPMS:", StringComparison.Ordinal));
        Assert.Null(w.Console.Offer);
    }

    [Fact]
    public async Task A_command_that_changes_the_modem_asks_first_with_No_marked_and_Enter_does_not_send_it()
    {
        await using WorkbenchContext ctx = await DemoAsync(_out.FullName);
        using IApplication app = NewApp(100, 30);
        using var w = new WorkbenchWindow(app, ctx);
        string? question = null;
        Script(app, w,
            new Step("started", () => Idle(w), () =>
            {
                app.InjectKey(Key.F3);
                w.Console.Input.Text = "AT+ZCDRUN=E";
                app.InjectKey(Key.Enter);
            }),
            new Step("asked", () => app.TopRunnableView is MessageDialog, () =>
            {
                question = Screen(app);
                app.InjectKey(Key.Enter);
            }),
            new Step("declined", () => w.Console.Lines.Contains("not sent"), () => { }));
        Assert.Contains("► No ◄", question);
        Assert.Equal(0, w.Console.Pending);
        Assert.DoesNotContain(w.Console.Lines, l => l == "OK");
        Assert.False(ctx.Demo!.State.DownloadMode); // ZCDRUN=E never reached the modem
    }
}
