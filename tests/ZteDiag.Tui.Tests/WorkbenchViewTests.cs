using Terminal.Gui.App;
using Terminal.Gui.Input;
using Terminal.Gui.Testing;
using Terminal.Gui.Views;
using ZteDiag.Emulator;
using ZteDiag.Emulator.Host;
using ZteDiag.Tui;
using static ZteDiag.Tui.Tests.Harness;

namespace ZteDiag.Tui.Tests;

public sealed class WorkbenchViewTests : IDisposable
{
    private readonly DirectoryInfo _out = Directory.CreateTempSubdirectory("ztediag-tui-");

    public void Dispose() => _out.Delete(recursive: true);

    private static bool Idle(WorkbenchWindow w) => !w.Browser.IsListing && w.Browser.Entries.Count > 0;

    private static void Select(WorkbenchWindow w, string name)
    {
        int i = w.Browser.Entries.ToList().FindIndex(e => e.Name == name);
        Assert.True(i >= 0, $"{name} not listed in {w.Browser.CurrentDirectory}");
        w.Browser.Listing.SelectedItem = i;
    }

    [Fact]
    public async Task Enter_on_a_folder_browses_into_it_and_Esc_does_not_quit()
    {
        await using WorkbenchContext ctx = await DemoAsync(_out.FullName);
        using IApplication app = NewApp();
        using var w = new WorkbenchWindow(app, ctx);
        string? screen = null;
        Script(app, w,
            new Step("root listed", () => Idle(w), () =>
            {
                app.InjectKey(Key.Esc);
                Select(w, "nv");
                app.InjectKey(Key.Enter);
            }),
            new Step("/nv listed", () => w.Browser.CurrentDirectory == "/nv" && Idle(w), () => screen = Screen(app)));
        Assert.Contains("item_files/", screen);
        Assert.Contains("/nv (", screen);
        Assert.Equal("/nv", w.Browser.CurrentDirectory);
    }

    [Fact]
    public async Task Enter_on_a_text_file_shows_its_text_and_Ctrl_T_switches_to_hex_and_ascii()
    {
        await using WorkbenchContext ctx = await DemoAsync(_out.FullName, vm => vm.State.Efs.WriteFile("/hello.txt", "HELLO, modem!\nsecond line\n"u8));
        using IApplication app = NewApp();
        using var w = new WorkbenchWindow(app, ctx);
        string? text = null, hex = null;
        Script(app, w,
            new Step("root listed", () => Idle(w), () =>
            {
                Select(w, "hello.txt");
                app.InjectKey(Key.Enter);
            }),
            new Step("text shown", () => w.Browser.DetailsLines.Contains("second line"), () =>
            {
                text = Screen(app);
                app.InjectKey(Key.T.WithCtrl);
            }),
            new Step("hex shown", () => w.Browser.DetailsLines.Any(l => l.StartsWith("0000 ", StringComparison.Ordinal)), () => hex = Screen(app)));
        Assert.Contains("HELLO, modem!", text);
        Assert.Contains("second line", text);
        Assert.DoesNotContain("48 45 4C 4C 4F", text);
        Assert.Contains("48 45 4C 4C 4F", hex);
        Assert.Contains("HELLO, m", hex);
        Assert.False(w.Browser.PreviewIsText);
    }

    [Fact]
    public async Task A_backup_shows_progress_and_runs_to_completion()
    {
        await using WorkbenchContext ctx = await DemoAsync(_out.FullName,
            start: new VirtualModemStartOptions { NagInterval = null, Link = new LinkModel(TimeSpan.FromMilliseconds(1), 0) });
        using IApplication app = NewApp();
        using var w = new WorkbenchWindow(app, ctx);
        JobProgressDialog? dialog = null;
        w.JobStarted += (_, d) => dialog = d;
        string? progressScreen = null;
        string? doneScreen = null;
        Script(app, w,
            new Step("root listed", () => Idle(w), () => app.InjectKey(Key.F6)),
            new Step("path prompt", () => Screen(app).Contains("Write the EFS backup to", StringComparison.Ordinal), () => app.InjectKey(Key.Enter)),
            new Step("progress shown", () => dialog is not null && dialog.Shown.Any(p => p.Phase == "read"), () => progressScreen = Screen(app)),
            new Step("finished", () => w.LastOutcome is not null && Screen(app).Contains("Backup written", StringComparison.Ordinal), () =>
            {
                doneScreen = Screen(app);
                app.InjectKey(Key.Enter);
            }));
        Assert.True(w.LastOutcome!.Succeeded, w.LastOutcome.Message);
        Assert.Contains("files", progressScreen);
        Assert.Contains(" of ", progressScreen);
        Assert.Contains("Backup written", doneScreen);
        var last = dialog!.Shown[^1];
        Assert.Equal(last.FilesTotal, last.Files);
        Assert.True(last.Files > 0);
        Assert.Single(_out.GetFiles("*.tar.gz"));
    }

    [Fact]
    public async Task Cancel_stops_a_backup_and_leaves_no_archive()
    {
        await using WorkbenchContext ctx = await DemoAsync(_out.FullName,
            start: new VirtualModemStartOptions { NagInterval = null, Link = new LinkModel(TimeSpan.FromMilliseconds(5), 0) });
        using IApplication app = NewApp();
        using var w = new WorkbenchWindow(app, ctx);
        JobProgressDialog? dialog = null;
        w.JobStarted += (_, d) => dialog = d;
        Script(app, w,
            new Step("root listed", () => Idle(w), () => app.InjectKey(Key.F6)),
            new Step("path prompt", () => Screen(app).Contains("Write the EFS backup to", StringComparison.Ordinal), () => app.InjectKey(Key.Enter)),
            new Step("running", () => dialog is not null && dialog.Shown.Count > 0, () => app.InjectKey(Key.Esc)),
            new Step("cancelled", () => w.LastOutcome is not null && Screen(app).Contains("Cancelled", StringComparison.Ordinal), () => app.InjectKey(Key.Enter)));
        Assert.True(w.LastOutcome!.Cancelled);
        Assert.Empty(_out.GetFiles());
    }

    [Fact]
    public async Task The_AT_console_sends_a_command_shows_the_reply_and_keeps_history()
    {
        await using WorkbenchContext ctx = await DemoAsync(_out.FullName);
        using IApplication app = NewApp();
        using var w = new WorkbenchWindow(app, ctx);
        string? screen = null;
        Script(app, w,
            new Step("started", () => Idle(w), () =>
            {
                app.InjectKey(Key.F3);
                w.Console.Input.Text = "AT+CSQ";
                app.InjectKey(Key.Enter);
            }),
            new Step("reply", () => w.Console.Pending == 0 && w.Console.Lines.Contains("OK"), () =>
            {
                screen = Screen(app);
                app.InjectKey(Key.CursorUp);
            }),
            new Step("history", () => w.Console.Input.Text == "AT+CSQ", () =>
            {
                w.Console.Input.Text = "? +CSQ";
                app.InjectKey(Key.Enter);
            }),
            new Step("help", () => w.Console.Lines.Any(l => l.StartsWith("AT+CSQ", StringComparison.Ordinal)), () => { }));
        Assert.Equal(WorkbenchPage.At, w.Page);
        Assert.Contains("> AT+CSQ", screen);
        Assert.Contains("+CSQ:", screen);
    }

    [Fact]
    public async Task A_directory_of_5000_entries_fills_in_while_keys_still_work()
    {
        await using WorkbenchContext ctx = await DemoAsync(_out.FullName, vm =>
        {
            vm.State.Efs.Mkdir("/big", 0x1FF);
            for (int i = 0; i < 5000; i++)
            {
                vm.State.Efs.WriteFile(FormattableString.Invariant($"/big/f{i:D4}"), [(byte)i]);
            }
        });
        using IApplication app = NewApp();
        using var w = new WorkbenchWindow(app, ctx);
        bool listingWhenKeyHandled = false;
        int countWhenKeyHandled = 0;
        Script(app, w,
            new Step("root listed", () => Idle(w), () => w.Browser.Navigate("/big")),
            new Step("first entries", () => w.Browser.IsListing && w.Browser.Entries.Count >= 2, () =>
            {
                w.Browser.Listing.SelectedItem = 0;
                app.InjectKey(Key.CursorDown);
                listingWhenKeyHandled = w.Browser.IsListing;
                countWhenKeyHandled = w.Browser.Entries.Count;
                Assert.Equal(1, w.Browser.Listing.SelectedItem);
            }),
            new Step("more entries arrive after the key", () => w.Browser.Entries.Count > countWhenKeyHandled, () => w.Browser.Navigate("/")),
            new Step("navigating away stops the listing", () => Idle(w) && w.Browser.CurrentDirectory == "/", () => { }));
        Assert.True(listingWhenKeyHandled);
        Assert.True(countWhenKeyHandled < 5000, $"{countWhenKeyHandled} entries were already there");
    }
}

public sealed class NoModemViewTests
{
    [Fact]
    public void The_no_modem_screen_says_what_to_check_and_offers_the_demo_modem()
    {
        using IApplication app = NewApp();
        using var v = new NoModemView("No DIAG port found.");
        string? screen = null;
        Script(app, v, new Step("shown", () => true, () =>
        {
            screen = Screen(app);
            app.InjectKey(Key.Enter);
        }));
        Assert.Contains("No modem answered", screen);
        Assert.Contains("No DIAG port found.", screen);
        Assert.Contains("ModemManager", screen);
        Assert.Contains("demo modem", screen);
        Assert.Equal(NoModemChoice.Demo, v.Choice);
    }
}

public sealed class HexPreviewTests
{
    [Fact]
    public void Lines_show_offset_hex_and_printable_ascii()
    {
        var lines = HexPreview.Format("AB\u0001"u8.ToArray(), 4);
        Assert.Equal("0000  41 42 01     AB.", Assert.Single(lines));
    }
}
