using Terminal.Gui.App;
using Terminal.Gui.Input;
using Terminal.Gui.Testing;
using ZteDiag.Tui;
using static ZteDiag.Tui.Tests.Harness;

namespace ZteDiag.Tui.Tests;

/// <summary>Jobs → Restore of an archive that cannot be planned: the reason is shown once, and the modem is untouched.</summary>
public sealed class RestorePlanRefusalTuiTests : IDisposable
{
    private readonly DirectoryInfo _out = Directory.CreateTempSubdirectory("ztediag-tui-restore-plan-");

    public void Dispose() => _out.Delete(recursive: true);

    private static bool Idle(WorkbenchWindow w) => !w.Browser.IsListing && w.Browser.Entries.Count > 0;

    [Fact]
    public async Task A_damaged_archive_is_refused_in_one_dialog_and_the_window_is_back()
    {
        await using WorkbenchContext ctx = await DemoAsync(_out.FullName);
        string damaged = Path.Combine(_out.FullName, "damaged.tar.gz");
        await File.WriteAllBytesAsync(damaged, [0x1F, 0x8B, 0x08, 0x00, .. Enumerable.Repeat((byte)0x5A, 600)], TestContext.Current.CancellationToken);

        using IApplication app = NewApp(120, 40);
        using var w = new WorkbenchWindow(app, ctx);
        var shown = new List<string>();
        Script(app, w,
            new Step("started", () => Idle(w), w.Restore),
            new Step("path asked", () => app.TopRunnableView is TextPromptDialog { Title: "Restore" }, () =>
            {
                ((TextPromptDialog)app.TopRunnableView!).Field.Text = damaged;
                app.InjectKey(Key.Enter);
            }),
            new Step("refused", () => app.TopRunnableView is MessageDialog, () =>
            {
                var d = (MessageDialog)app.TopRunnableView!;
                shown.Add($"{d.Title}: {d.Message}");
                app.InjectKey(Key.Enter);
            }) { Timeout = TimeSpan.FromMinutes(1) },
            new Step("back, no second dialog", () => ReferenceEquals(app.TopRunnableView, w), () => { }));

        string only = Assert.Single(shown);
        Assert.StartsWith("Restore plan: ", only, StringComparison.Ordinal);
        Assert.Contains("damaged.tar.gz", only, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", only, StringComparison.Ordinal);
    }
}
