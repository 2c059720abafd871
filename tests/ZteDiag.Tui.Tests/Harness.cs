using System.Diagnostics;
using Terminal.Gui.App;
using Terminal.Gui.Drivers;
using Terminal.Gui.Time;
using ZteDiag.Emulator;
using ZteDiag.Tui;
using ZteDiag.Workbench.Connection;

namespace ZteDiag.Tui.Tests;

/// <summary>A headless Terminal.Gui app (ANSI driver, virtual time) and a scripted run loop.</summary>
internal static class Harness
{
    public static IApplication NewApp(int width = 80, int height = 24)
    {
        IApplication app = Application.Create(new VirtualTimeProvider());
        app.Init(DriverRegistry.Names.ANSI);
        app.Driver!.SetScreenSize(width, height);
        return app;
    }

    public static string Screen(IApplication app)
    {
        app.LayoutAndDraw(true);
        return app.Driver!.ToString()!;
    }

    /// <param name="registry">Where the jobs record verified backups; null = not recorded (never the user's registry).</param>
    /// <param name="journalDirectory">Restore journals and safety backups (a test's own folder for the jobs that write them).</param>
    public static async Task<WorkbenchContext> DemoAsync(string outputDirectory, Action<VirtualModem>? prepare = null, VirtualModemStartOptions? start = null,
        ZteDiag.Workbench.Backup.BackupRegistry? registry = null, string? journalDirectory = null)
    {
        VirtualModem vm = VirtualModem.Start(start ?? new VirtualModemStartOptions { NagInterval = null });
        prepare?.Invoke(vm);
        ModemConnection modem = await ModemConnection.OpenAsync(new ConnectionOptions { DiagPort = vm.DiagPath, AtPort = vm.AtPath }, TestContext.Current.CancellationToken);
        // checklist runs stay in the test's folder, never in the user's state directory
        return new WorkbenchContext(modem, vm, new WorkbenchJobs(registry, journalDirectory), outputDirectory,
            checklistStore: new ZteDiag.Workbench.Checklists.ChecklistStateStore(Path.Combine(outputDirectory, "checklist-state")));
    }

    /// <summary>
    /// Runs <paramref name="top"/> and feeds it the steps: each waits (real time) until its condition
    /// holds, then acts. Iteration also fires inside nested modal loops (dialogs).
    /// </summary>
    public static void Script(IApplication app, Terminal.Gui.App.IRunnable top, params Step[] steps)
    {
        int i = 0;
        var sw = Stopwatch.StartNew();
        string? failure = null;
        app.Iteration += (_, _) =>
        {
            if (failure is not null || i >= steps.Length)
            {
                app.RequestStop();
                return;
            }

            Step s = steps[i];
            bool ready;
            try
            {
                ready = s.Until();
            }
            catch (Exception ex)
            {
                failure = $"step {i} '{s.Name}' threw {ex}";
                return;
            }

            if (ready)
            {
                // advance first: Then may open a modal dialog whose loop raises Iteration again (re-entrantly)
                int current = i++;
                sw.Restart();
                try
                {
                    s.Then();
                }
                catch (Exception ex)
                {
                    failure = $"step {current} '{s.Name}' threw {ex}";
                }
            }
            else if (sw.Elapsed > s.Timeout)
            {
                failure = $"step {i} '{s.Name}' timed out; top {app.TopRunnableView?.GetType().Name} '{app.TopRunnableView?.Title}' stack {app.SessionStack?.Count}; screen:\n{Screen(app)}";
            }
            else
            {
                Thread.Sleep(1);
            }
        };
        app.Run(top);
        Assert.True(failure is null, failure);
        Assert.Equal(steps.Length, i);
    }

    public sealed record Step(string Name, Func<bool> Until, Action Then)
    {
        public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(20);
    }
}
