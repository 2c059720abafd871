using System.Text.RegularExpressions;
using Terminal.Gui.App;
using Terminal.Gui.Input;
using Terminal.Gui.Testing;
using ZteDiag.Protocol.Diag;
using ZteDiag.Tui;
using ZteDiag.Workbench.Checklists;
using static ZteDiag.Tui.Tests.Harness;

namespace ZteDiag.Tui.Tests;

/// <summary>
/// The rules of issue 12's TUI section, headless: text fields drawn with their text, refusals, the marked
/// button is the one Enter presses, '_' kept, names and titles whole, keys that work from where the user is.
/// </summary>
public sealed partial class TuiRulesTests : IDisposable
{
    private readonly DirectoryInfo _out = Directory.CreateTempSubdirectory("ztediag-tui-rules-");

    public void Dispose() => _out.Delete(recursive: true);

    private static bool Idle(WorkbenchWindow w) => !w.Browser.IsListing && w.Browser.Entries.Count > 0;

    [Fact]
    public void A_text_field_shows_its_default_and_what_is_typed_and_Enter_presses_OK()
    {
        using IApplication app = NewApp(100, 30);
        using var d = new TextPromptDialog("Backup", "Write the EFS backup to:", "/tmp/bk/MF627.tar.gz", PathRules.CheckBackupTarget, 100);
        string? before = null, typed = null;
        Script(app, d, new Step("shown", () => true, () =>
        {
            before = Screen(app);
            foreach (Key k in new[] { Key.Backspace, Key.Backspace, Key.Backspace, Key.Backspace, Key.Backspace, Key.Backspace, Key.Backspace })
                app.InjectKey(k);
            foreach (char c in "x.tar.gz") app.InjectKey(new Key(c));
            typed = Screen(app);
            app.InjectKey(Key.Enter);
        }));
        Assert.Contains("/tmp/bk/MF627.tar.gz", before);
        Assert.Contains("► OK ◄", before);
        Assert.Contains("/tmp/bk/MF627x.tar.gz", typed);
        Assert.Equal("/tmp/bk/MF627x.tar.gz", d.Answer);
        Assert.Null(d.Problem);
    }

    [Fact]
    public void A_backup_name_without_tar_gz_is_refused_with_the_reason_and_kept_for_editing()
    {
        using IApplication app = NewApp(100, 30);
        using var d = new TextPromptDialog("Backup", "Write the EFS backup to:", "", PathRules.CheckBackupTarget, 100);
        Script(app, d, new Step("shown", () => true, () =>
        {
            foreach (char c in "abc") app.InjectKey(new Key(c));
            app.InjectKey(Key.Enter);
        }));
        Assert.Null(d.Answer);
        Assert.Contains(".tar.gz", d.Problem);
        Assert.Equal("abc", d.Typed);

        using IApplication again = NewApp(100, 30);
        using var reopened = new TextPromptDialog("Backup", "Write the EFS backup to:", d.Typed!, PathRules.CheckBackupTarget, 100, d.Problem);
        string? screen = null;
        Script(again, reopened, new Step("shown", () => true, () =>
        {
            screen = Screen(again);
            again.InjectKey(Key.Esc);
        }));
        Assert.Contains("┃ abc ", screen);
        Assert.Contains("end the name with .tar.gz", screen);
    }

    [Fact]
    public void A_destructive_question_marks_No_and_Enter_presses_the_marked_button()
    {
        (string screen, int? chosen) Run(Action<IApplication> keys)
        {
            using IApplication app = NewApp(100, 30);
            using var d = new MessageDialog("Delete", "Delete /brew on the modem?", ["_No", "_Yes"], 0, new System.Drawing.Size(100, 30));
            string? screen = null;
            Script(app, d, new Step("shown", () => true, () =>
            {
                keys(app);
                screen = Screen(app);
                Assert.Equal(ButtonRule.Marked(d.Choices)!.Text, d.Choices[d.Choices.ToList().FindIndex(b => b.HasFocus)].Text);
                app.InjectKey(Key.Enter);
            }));
            return (screen!, d.Chosen);
        }

        var (plain, plainChoice) = Run(_ => { });
        Assert.Contains("► No ◄", plain);
        Assert.Equal(0, plainChoice);
        var (moved, movedChoice) = Run(app => app.InjectKey(Key.CursorRight));
        Assert.Contains("► Yes ◄", moved);
        Assert.DoesNotContain("► No ◄", moved);
        Assert.Equal(1, movedChoice);
    }

    [Fact]
    public void The_checklist_prompt_marks_what_Enter_answers_after_moving_left_twice()
    {
        using IApplication app = NewApp(100, 30);
        using var d = new ChecklistPromptDialog("Confirm: Remove the SIM", "About to: something required.",
            [("_Go ahead", PromptAnswer.Yes), ("_Not now", PromptAnswer.No), ("_Quit", PromptAnswer.Quit)], "step");
        string? first = null, moved = null;
        Script(app, d, new Step("shown", () => true, () =>
        {
            first = Screen(app);
            app.InjectKey(Key.CursorLeft);
            app.InjectKey(Key.CursorLeft);
            moved = Screen(app);
            app.InjectKey(Key.Enter);
        }));
        Assert.Contains("► Go ahead ◄", first);
        Assert.Contains("► Not now ◄", moved); // Left wraps to Quit, then Not now: that is what is marked
        Assert.Equal(PromptAnswer.No, d.Answered);
    }

    [Fact]
    public void A_checklist_write_step_marks_Not_now()
    {
        var step = new ChecklistStep("zcdrun-off", "AT+ZCDRUN=8", "x", StepKind.Action, false, "", [],
            new ActionSpec(ActionType.CdEmulationOff, false, false, null, null, CdEmulationMethod.ZcdRun, default), [], null, null, false, 1);
        Assert.True(TuiChecklistPrompter.WritesToModem(step));
        Assert.False(TuiChecklistPrompter.WritesToModem(step with { Action = new ActionSpec(ActionType.Backup, true, true, null, null, CdEmulationMethod.ZcdRun, default) }));
    }

    [Fact]
    public void Labels_keep_underscores_and_long_text_wraps_at_spaces()
    {
        using IApplication app = NewApp(80, 24);
        string message = "Backup written: /home/tech/ztediag-backups/MF627-BD_MTSP673A4V1.0.0B01-20261202-142900.tar.gz (505 entries) "
            + "and a sentence long enough to need a second line on an eighty column terminal screen.";
        using var d = new MessageDialog("Backup", message, ["_OK"], 0, new System.Drawing.Size(80, 24));
        string? screen = null;
        Script(app, d, new Step("shown", () => true, () =>
        {
            screen = Screen(app);
            app.InjectKey(Key.Enter);
        }));
        Assert.Contains("BD_MTSP673A4", string.Join("", d.Lines));
        Assert.Contains("BD_MTSP673A4", screen);
        Assert.Equal(0, d.Chosen);
        foreach (string word in message.Split(' ').Where(w => w.Length < 60))
        {
            Assert.Contains(d.Lines, l => l.Contains(word, StringComparison.Ordinal)); // no word cut over two lines
        }
    }

    [Fact]
    public void Wrapped_rows_break_at_spaces_keep_inner_spacing_and_split_only_overlong_words()
    {
        Assert.Equal(["> 3. [pending  ] AT+ZCDRUN=8 removes the", "                 CD_STARTUP_FLAG file"],
            WrappedList.Wrap("> 3. [pending  ] AT+ZCDRUN=8 removes the CD_STARTUP_FLAG file", 40, 17).ToArray());
        Assert.Equal(["abcdefgh", "  ijkl"], WrappedList.Wrap("abcdefghijkl", 8, 2).ToArray());
        Assert.Equal(["one two", "three"], Readable.Wrap("one two three", 8).ToArray());
        Assert.Equal(["/very/lon", "g/path"], Readable.Wrap("/very/long/path", 9).ToArray());
    }

    [Fact]
    public void Path_checks_refuse_what_a_job_would_mangle()
    {
        string file = Path.Combine(_out.FullName, "up.txt");
        File.WriteAllText(file, "x");
        Assert.Null(PathRules.CheckBackupTarget(Path.Combine(_out.FullName, "new", "b.tar.gz")));
        Assert.Null(PathRules.CheckBackupTarget(_out.FullName + "/"));
        Assert.NotNull(PathRules.CheckBackupTarget(Path.Combine(_out.FullName, "abc")));
        Assert.NotNull(PathRules.CheckBackupTarget(Path.Combine(file, "b.tar.gz")));
        Assert.NotNull(PathRules.CheckExistingArchive(file));
        Assert.NotNull(PathRules.CheckExistingFile(_out.FullName));
        Assert.Null(PathRules.CheckExistingFile(file));
        Assert.NotNull(PathRules.CheckDownloadTarget(_out.FullName + "/", isDirectory: false));
        Assert.NotNull(PathRules.CheckDownloadTarget(file, isDirectory: false));
        Assert.Null(PathRules.CheckDownloadTarget(Path.Combine(_out.FullName, "x.bin"), isDirectory: false));
        Assert.NotNull(PathRules.CheckEfsPath("nv/x"));
        Assert.NotNull(PathRules.CheckEfsPath("/nv//x"));
        Assert.NotNull(PathRules.CheckEfsPath("/nv/"));
        Assert.Null(PathRules.CheckEfsPath("/nv/", rootAllowed: true));
        Assert.Null(PathRules.CheckEfsPath("/nv/item_files"));
        string home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        Assert.Equal(Path.Combine(home, "ztediag-backups", "a.tar.gz"), PathRules.Expand("~/ztediag-backups/a.tar.gz"));
        Assert.Equal("~/ztediag-backups/a.tar.gz", PathRules.Shorten(Path.Combine(home, "ztediag-backups", "a.tar.gz")));
        Assert.Equal("~/b/MF627-BD_X-20261202-142900.tar.gz",
            PathRules.DefaultBackup(Path.Combine(home, "b"), "MF627", "BD_X", new DateTimeOffset(2026, 12, 2, 14, 29, 0, TimeSpan.Zero)));
    }

    [Fact]
    public void The_one_IMEI_mask_keeps_the_TAC_and_the_last_two_digits()
    {
        Assert.Equal("35461302*****42", Imei.Mask("354613020012342"));
        Assert.Equal(Imei.Mask("354613020012342"), ZteDiag.Workbench.Archive.DeviceFingerprint.Mask("354613020012342"));
        Assert.Equal(Imei.Mask("354613020012342"), IdentityRecord.MaskImei("354613020012342"));
    }

    [Fact]
    public async Task At_100_columns_the_root_listing_shows_names_whole_ISO_dates_the_masked_IMEI_and_Ctrl_N_opens_the_NV_viewer()
    {
        await using WorkbenchContext ctx = await DemoAsync(_out.FullName);
        using IApplication app = NewApp(100, 30);
        using var w = new WorkbenchWindow(app, ctx);
        string? listing = null;
        bool nvOpened = false;
        Script(app, w,
            new Step("root listed, identity read", () => Idle(w) && w.DeviceBar.Model is not null, () =>
            {
                listing = Screen(app);
                w.Browser.Listing.SetFocus();
                app.InjectKey(Key.N.WithCtrl);
            }),
            new Step("NV viewer open", () => app.TopRunnableView is NvViewerDialog, () =>
            {
                nvOpened = true;
                ((NvViewerDialog)app.TopRunnableView!).RequestStop();
            }),
            new Step("back on the files", () => ReferenceEquals(app.TopRunnableView, w), () => { }));
        Assert.Contains("CD_STARTUP_FLAG ", listing);
        Assert.Contains("ZTEMODEM.iso ", listing);
        Assert.Contains("NODOWNLOAD.FLG ", listing);
        Assert.DoesNotContain("~ file", listing);
        Assert.Matches(IsoMinute(), listing);
        Assert.Contains("35461302*****42", w.DeviceBar.Summary);
        Assert.True(nvOpened);
        Assert.Equal(0, w.Browser.Listing.SelectedItem); // Ctrl+N did not move the selection
    }

    [Fact]
    public void F1_help_lists_a_key_for_every_action()
    {
        foreach (string key in new[] { "F6 backup", "Shift+F6 verify", "Alt+J R restore", "Ctrl+N NV viewer", "Ctrl+D download", "Ctrl+U upload",
                     "Ctrl+G go to", "F7 new folder", "Ctrl+R rename", "F8 delete", "Ctrl+T text / hex", "Alt+D I identifier swap",
                     "CD emulation on / off", "autorun on / off", "F9 run", "Shift+F9 reset",
                     "Ctrl+L shows / hides the stick panel", "Alt+H hides a job's progress", "Alt+J J shows it again", "Alt+D S sticks panel" })
        {
            Assert.Contains(key, WorkbenchWindow.HelpText, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Checklist_titles_wrap_at_word_boundaries_in_a_narrow_list()
    {
        using IApplication app = NewApp(80, 24);
        var list = new WrappedList(2) { Width = 20, Height = 10 };
        using var top = new Terminal.Gui.Views.Window();
        top.Add(list);
        list.SetItems(["MF627: unlock for Globe (MTS to Globe firmware)", "Disable CD emulation"]);
        string? screen = null;
        Script(app, top, new Step("shown", () => list.Viewport.Width > 0, () =>
        {
            screen = Screen(app);
            list.SetFocus();
            list.SelectedIndex = 0;
            app.InjectKey(Key.CursorDown);
        }));
        Assert.All(list.Lines, l => Assert.True(l.Length <= list.Viewport.Width, l));
        Assert.Equal("MF627: unlock for Globe (MTS to Globe firmware)", string.Join(" ", list.Lines.Take(list.Lines.Count - 1).Select(l => l.Trim())));
        Assert.Contains("Globe (MTS to", screen);
        Assert.Equal(1, list.SelectedIndex); // Down goes to the next title, not to the title's second row
    }

    [GeneratedRegex(@"\d{4}-\d{2}-\d{2} \d{2}:\d{2}")]
    private static partial Regex IsoMinute();
}
