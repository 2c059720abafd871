using Serilog;
using Terminal.Gui.App;
using ZteDiag.Device;

namespace ZteDiag.Tui;

/// <summary>Entry point of `ztediag tui`: connects (or shows the no-modem screen), then runs the workbench.</summary>
public static class TuiHost
{
    /// <summary>Exit code when the technician leaves from the no-modem screen.</summary>
    public const int NoDeviceExitCode = 3;

    /// <summary>The Serilog sink that feeds the log pane (add it to the logger before calling <see cref="RunAsync"/>).</summary>
    public static TuiLogSink LogSink { get; } = new();

    /// <summary>Runs the TUI until the technician quits; returns the process exit code.</summary>
    public static Task<int> RunAsync(TuiOptions options, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(options);
        // Terminal.Gui is initialised and run on one thread; the modem work runs on the pool.
        return Task.Factory.StartNew(() => Run(options, ct), ct, TaskCreationOptions.LongRunning, TaskScheduler.Default);
    }

    private static int Run(TuiOptions options, CancellationToken ct)
    {
        using IApplication app = Application.Create();
        app.Init();
        using CancellationTokenRegistration reg = ct.Register(() => app.Invoke(() => app.RequestStop()));
        try
        {
            bool demo = options.Demo;
            WorkbenchContext? ctx = null;
            while (ctx is null)
            {
                try
                {
                    ctx = WorkbenchContext.OpenAsync(options, demo, ct).GetAwaiter().GetResult();
                }
                catch (Exception ex) when (ex is ZteDiagException or IOException or UnauthorizedAccessException)
                {
                    Log.Warning("No modem: {Reason}", Readable.Error(ex));
                    using var none = new NoModemView(Readable.Error(ex));
                    app.Run(none);
                    if (none.Choice == NoModemChoice.Quit || ct.IsCancellationRequested)
                    {
                        return NoDeviceExitCode;
                    }

                    demo = none.Choice == NoModemChoice.Demo;
                }
            }

            try
            {
                using var window = new WorkbenchWindow(app, ctx, LogSink);
                app.Run(window);
            }
            finally
            {
                LogSink.Attach(null, null);
                ctx.DisposeAsync().AsTask().GetAwaiter().GetResult();
            }

            return 0;
        }
        finally
        {
            LogSink.Attach(null, null);
        }
    }
}
