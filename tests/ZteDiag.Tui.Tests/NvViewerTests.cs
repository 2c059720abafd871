using Terminal.Gui.App;
using Terminal.Gui.Input;
using Terminal.Gui.Testing;
using ZteDiag.Emulator;
using ZteDiag.Protocol.Diag;
using ZteDiag.Tui;
using static ZteDiag.Tui.Tests.Harness;

namespace ZteDiag.Tui.Tests;

/// <summary>The NV viewer on the virtual modem: names, decoded values, the SPC field, the whole-image scan.</summary>
public sealed class NvViewerTests : IDisposable
{
    private readonly DirectoryInfo _out = Directory.CreateTempSubdirectory("ztediag-tui-nv-");

    public void Dispose() => _out.Delete(recursive: true);

    private static bool Idle(WorkbenchWindow w) => !w.Browser.IsListing && w.Browser.Entries.Count > 0;

    private static NvViewerDialog? Viewer(IApplication app) => app.TopRunnableView as NvViewerDialog;

    [Theory]
    [InlineData("NV_UE_IMEI_I", true)]
    [InlineData("nv_ue_imei_i", true)]
    [InlineData("550", true)]
    [InlineData("65535", true)]
    [InlineData("65536", false)]
    [InlineData("NV_NO_SUCH_ITEM", false)]
    [InlineData("", false)]
    public void An_item_is_typed_as_a_number_or_a_catalogue_name(string text, bool valid)
    {
        Assert.Equal(valid, NvViewerDialog.TryParseItem(text, out ushort item));
        if (text.Contains("IMEI", StringComparison.OrdinalIgnoreCase))
        {
            Assert.Equal(550, item);
        }
    }

    [Fact]
    public async Task Reading_by_name_shows_the_name_and_the_masked_IMEI_and_the_SPC_field_unlocks_SEC_CODE()
    {
        await using WorkbenchContext ctx = await DemoAsync(_out.FullName);
        string imei = ctx.Demo!.State.Profile.Imei;
        using IApplication app = NewApp(110, 34);
        using var w = new WorkbenchWindow(app, ctx);
        string? imeiRow = null, lockedRow = null, screenWithSpc = null, status = null;
        Script(app, w,
            new Step("started", () => Idle(w), () => app.InjectKey(Key.N.WithCtrl)),
            new Step("viewer open", () => Viewer(app) is not null, () =>
            {
                NvViewerDialog v = Viewer(app)!;
                v.ItemField.Text = "NV_UE_IMEI_I";
                v.ItemField.SetFocus();
                app.InjectKey(Key.Enter);
            }),
            new Step("IMEI read", () => Viewer(app) is { Busy: false } v && v.Lines.Count == 1, () =>
            {
                NvViewerDialog v = Viewer(app)!;
                imeiRow = v.Lines[0];
                v.ItemField.Text = "85";
                app.InjectKey(Key.Enter);
            }),
            new Step("SEC_CODE refused", () => Viewer(app) is { Busy: false } v && v.Lines.Count == 2, () =>
            {
                NvViewerDialog v = Viewer(app)!;
                lockedRow = v.Lines[1];
                v.SpcField.Text = ctx.Demo!.State.Profile.Spc;
                v.SpcField.SetFocus();
                screenWithSpc = Screen(app);
                app.InjectKey(Key.Enter);
            }),
            new Step("SPC accepted", () => Viewer(app) is { Busy: false } v && v.Status.StartsWith("SPC", StringComparison.Ordinal), () =>
            {
                NvViewerDialog v = Viewer(app)!;
                status = v.Status;
                v.ItemField.Text = "85";
                v.ItemField.SetFocus();
                app.InjectKey(Key.Enter);
            }),
            new Step("SEC_CODE read", () => Viewer(app) is { Busy: false } v && v.Lines.Count == 2 && !v.Lines[1].Contains("needs", StringComparison.Ordinal), () => Viewer(app)!.RequestStop()));
        Assert.Contains("550", imeiRow);
        Assert.Contains("NV_UE_IMEI_I", imeiRow);
        Assert.Contains("IMEI " + Imei.Mask(imei), imeiRow);
        Assert.Contains("needs the SPC", lockedRow);
        Assert.Contains("85", lockedRow);
        Assert.Contains("SPC: ∙∙∙∙∙∙", screenWithSpc); // typed, drawn masked
        Assert.StartsWith("SPC accepted", status);
    }

    [Fact]
    public async Task Scan_all_lists_the_active_items_with_names_and_says_what_it_counted()
    {
        await using WorkbenchContext ctx = await DemoAsync(_out.FullName);
        using IApplication app = NewApp(110, 34);
        using var w = new WorkbenchWindow(app, ctx);
        NvViewerDialog? done = null;
        string? screen = null;
        Script(app, w,
            new Step("started", () => Idle(w), () => app.InjectKey(Key.N.WithCtrl)),
            new Step("viewer open", () => Viewer(app) is not null, () => app.InjectKey(Key.C.WithAlt)),
            new Step("scanned", () => Viewer(app) is { Busy: false } v && v.Status.Contains("ids scanned", StringComparison.Ordinal), () =>
            {
                done = Viewer(app);
                screen = Screen(app);
            }) { Timeout = TimeSpan.FromMinutes(2) },
            new Step("close", () => true, () => done!.RequestStop()));
        Assert.Contains("8192 ids scanned", done!.Status);
        Assert.True(done.Lines.Count >= 100, $"only {done.Lines.Count} rows");
        Assert.Contains(done.Lines, l => l.Contains("NV_UE_IMEI_I", StringComparison.Ordinal));
        Assert.Contains(done.Lines, l => l.Contains("needs the SPC", StringComparison.Ordinal) || l.Contains("unreadable by design", StringComparison.Ordinal));
        Assert.Contains(done.Lines[0].TrimStart()[..24], screen); // the list starts at its first row
    }

    [Fact]
    public async Task Jobs_NV_backup_writes_a_QCN_naming_each_item_not_saved_and_with_the_SPC_saves_them()
    {
        await using WorkbenchContext ctx = await DemoAsync(_out.FullName);
        using IApplication app = NewApp(110, 34);
        using var w = new WorkbenchWindow(app, ctx);
        string without = Path.Combine(_out.FullName, "nv", "without-spc.qcn");
        string with = Path.Combine(_out.FullName, "nv", "with-spc.qcn");
        var results = new List<string>();

        Step[] Run(string path, string spc) =>
        [
            new("path asked", () => app.TopRunnableView is TextPromptDialog { Title: "NV backup" }, () =>
            {
                var d = (TextPromptDialog)app.TopRunnableView!;
                d.Field.Text = path;
                app.InjectKey(Key.Enter);
            }),
            new("SPC asked", () => app.TopRunnableView is TextPromptDialog { Title: "NV backup: SPC" }, () =>
            {
                ((TextPromptDialog)app.TopRunnableView!).Field.Text = spc;
                app.InjectKey(Key.Enter);
            }),
            new("result shown", () => app.TopRunnableView is MessageDialog, () =>
            {
                results.Add(((MessageDialog)app.TopRunnableView!).Message);
                app.InjectKey(Key.Enter);
            }) { Timeout = TimeSpan.FromMinutes(2) },
        ];

        Script(app, w,
        [
            new Step("started", () => Idle(w), w.NvBackup),
            .. Run(without, ""),
            new Step("again", () => ReferenceEquals(app.TopRunnableView, w), w.NvBackup),
            .. Run(with, ctx.Demo!.State.Profile.Spc),
            new Step("back", () => ReferenceEquals(app.TopRunnableView, w), () => { }),
        ]);

        Assert.Contains("NOT saved", results[0]);
        Assert.Contains("85 NV_SEC_CODE_I", results[0]);
        Assert.DoesNotContain("NOT saved", results[1]);
        var first = ZteDiag.Workbench.Nv.NvFiles.Load(without);
        var second = ZteDiag.Workbench.Nv.NvFiles.Load(with);
        Assert.True(first.Items.Count >= 100, $"{first.Items.Count} items");
        Assert.DoesNotContain(first.Items, i => i.Id == 85);
        Assert.Contains(second.Items, i => i.Id == 85);
    }
}
