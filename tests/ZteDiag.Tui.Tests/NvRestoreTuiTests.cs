using Terminal.Gui.App;
using Terminal.Gui.Input;
using Terminal.Gui.Testing;
using ZteDiag.Tui;
using ZteDiag.Workbench.Jobs;
using ZteDiag.Workbench.Nv;
using static ZteDiag.Tui.Tests.Harness;

namespace ZteDiag.Tui.Tests;

/// <summary>Jobs → NV restore on the virtual modem: the plan first, a confirmation that defaults to No, then the safety backup and the writes.</summary>
public sealed class NvRestoreTuiTests : IDisposable
{
    private readonly DirectoryInfo _out = Directory.CreateTempSubdirectory("ztediag-tui-nv-restore-");

    public void Dispose() => _out.Delete(recursive: true);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static bool Idle(WorkbenchWindow w) => !w.Browser.IsListing && w.Browser.Entries.Count > 0;

    private string Journals => Path.Combine(_out.FullName, "journals");

    private static Task<byte[]> ReadAsync(WorkbenchContext ctx, ushort id) =>
        ctx.WithModemAsync(async m => (await m.Nv.ReadAsync(id, tolerateInactive: true, Ct)).Data.ToArray(), Ct);

    private static Task<bool> WriteAsync(WorkbenchContext ctx, ushort id, byte[] data) =>
        ctx.WithModemAsync(async m =>
        {
            await m.Nv.WriteAsync(id, data, Ct);
            return true;
        }, Ct);

    /// <summary>The steps of one Jobs → NV restore up to the plan: the file, the SPC, then <paramref name="answer"/> on the plan.</summary>
    private static Step[] UpToPlan(IApplication app, string path, string spc, Action<MessageDialog> answer) =>
    [
        new("path asked", () => app.TopRunnableView is TextPromptDialog { Title: "NV restore" }, () =>
        {
            ((TextPromptDialog)app.TopRunnableView!).Field.Text = path;
            app.InjectKey(Key.Enter);
        }),
        new("SPC asked", () => app.TopRunnableView is TextPromptDialog { Title: "NV restore: SPC" }, () =>
        {
            var d = (TextPromptDialog)app.TopRunnableView!;
            Assert.Equal("000000", d.Field.Text); // the CLI's default, sent only when the modem asks
            d.Field.Text = spc;
            app.InjectKey(Key.Enter);
        }),
        new("plan shown", () => app.TopRunnableView is MessageDialog { Title: "NV restore plan" }, () => answer((MessageDialog)app.TopRunnableView!))
        { Timeout = TimeSpan.FromMinutes(2) },
    ];

    [Fact]
    public async Task The_plan_names_the_changed_items_No_is_the_default_and_writes_nothing_Yes_restores_them_after_a_safety_backup()
    {
        await using WorkbenchContext ctx = await DemoAsync(_out.FullName, journalDirectory: Journals);
        string spc = ctx.Demo!.State.Profile.Spc;
        string qcn = Path.Combine(_out.FullName, "before.qcn");
        await ctx.WithModemAsync(m => ctx.Jobs.NvBackupAsync(m, qcn, spc, new Progress<JobProgress>(), Ct), Ct);
        byte[] mode = await ReadAsync(ctx, 10), bands = await ReadAsync(ctx, 441);
        await WriteAsync(ctx, 10, [0x0e]);
        await WriteAsync(ctx, 441, [0x5a, 0x5a]);

        using IApplication app = NewApp(120, 40);
        using var w = new WorkbenchWindow(app, ctx);
        string? plan = null, marked = null, result = null;
        bool stillChanged = false;
        Script(app, w,
        [
            new Step("started", () => Idle(w), w.NvRestore),
            .. UpToPlan(app, qcn, spc, d =>
            {
                plan = d.Message;
                marked = ButtonRule.Marked(d.Choices)?.Text;
                app.InjectKey(Key.Enter); // the marked button: No
            }),
            new Step("declined", () => ReferenceEquals(app.TopRunnableView, w), () =>
            {
                byte[] now = new byte[128]; // the virtual modem's own store: no DIAG round trip from the UI thread
                stillChanged = ctx.Demo.State.Nv.Read(10, now, spcUnlocked: true).Status == ZteDiag.Protocol.Diag.NvStatus.Done && now[0] == 0x0e;
                w.NvRestore();
            }),
            .. UpToPlan(app, qcn, spc, _ =>
            {
                app.InjectKey(Key.CursorRight);
                app.InjectKey(Key.Enter); // Yes
            }),
            new Step("result shown", () => app.TopRunnableView is MessageDialog { Title: "NV restore" }, () =>
            {
                result = ((MessageDialog)app.TopRunnableView!).Message;
                app.InjectKey(Key.Enter);
            }) { Timeout = TimeSpan.FromMinutes(2) },
            new Step("back", () => ReferenceEquals(app.TopRunnableView, w), () => { }),
        ]);

        Assert.StartsWith($"NV restore plan from {qcn}: 2 item(s) to write.", plan);
        Assert.Contains("     10 NV_PREF_MODE_I: 0e00", plan);
        Assert.Contains("    441 ", plan);
        Assert.Contains("2 changed, ", plan);
        Assert.Equal("_No", marked);
        Assert.True(stillChanged, "No wrote to the modem");

        Assert.StartsWith("NV restore complete: 2 item(s) written and read back.", result);
        string safety = result!.Split('\n').Single(l => l.StartsWith("Safety backup of the old values: ", StringComparison.Ordinal))["Safety backup of the old values: ".Length..].Trim();
        Assert.StartsWith(Path.Combine(Journals, "nv"), safety, StringComparison.Ordinal);
        NvBackupFile kept = await NvArchiveFile.LoadAsync(safety, Ct);
        Assert.Equal([(10, (byte)0x0e), (441, (byte)0x5a)], kept.Items.Select(i => (i.Id, Convert.FromHexString(i.Data)[0]))); // the values the restore overwrote
        Assert.Equal(mode, await ReadAsync(ctx, 10));
        Assert.Equal(bands, await ReadAsync(ctx, 441));
    }

    [Fact]
    public async Task A_hostile_file_is_refused_with_one_readable_line_before_the_plan_and_nothing_is_written()
    {
        await using WorkbenchContext ctx = await DemoAsync(_out.FullName, journalDirectory: Journals);
        string hostile = Path.Combine(_out.FullName, "hostile.qcn");
        await File.WriteAllBytesAsync(hostile, [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, .. Enumerable.Repeat((byte)0xFF, 1024)], Ct);
        byte[] before = await ReadAsync(ctx, 10);

        using IApplication app = NewApp(120, 40);
        using var w = new WorkbenchWindow(app, ctx);
        string? failure = null;
        Script(app, w,
            new Step("started", () => Idle(w), w.NvRestore),
            new Step("path asked", () => app.TopRunnableView is TextPromptDialog { Title: "NV restore" }, () =>
            {
                ((TextPromptDialog)app.TopRunnableView!).Field.Text = hostile;
                app.InjectKey(Key.Enter);
            }),
            new Step("SPC asked", () => app.TopRunnableView is TextPromptDialog { Title: "NV restore: SPC" }, () => app.InjectKey(Key.Enter)),
            new Step("refused", () => app.TopRunnableView is MessageDialog { Title: "NV restore plan" }, () =>
            {
                failure = ((MessageDialog)app.TopRunnableView!).Message;
                app.InjectKey(Key.Enter);
            }) { Timeout = TimeSpan.FromMinutes(1) },
            new Step("back", () => ReferenceEquals(app.TopRunnableView, w), () => { }));

        Assert.StartsWith($"Not a readable NV backup: {hostile}: not a readable QCN", failure);
        Assert.DoesNotContain("   at ", failure, StringComparison.Ordinal);
        Assert.Equal(before, await ReadAsync(ctx, 10));
        Assert.False(Directory.Exists(Journals));
    }

    [Theory]
    [InlineData("x.qcn", true)]
    [InlineData("x.XQCN", true)]
    [InlineData("x.json", true)]
    [InlineData("x.tar.gz", true)]
    [InlineData("x.txt", false)]
    public void Only_an_existing_nv_backup_is_accepted(string name, bool ok)
    {
        string path = Path.Combine(_out.FullName, name);
        Assert.StartsWith("No file", PathRules.CheckExistingNvFile(path));
        File.WriteAllText(path, "{}");
        Assert.Equal(ok, PathRules.CheckExistingNvFile(path) is null);
        Assert.Contains("is a folder", PathRules.CheckExistingNvFile(_out.FullName));
    }
}
