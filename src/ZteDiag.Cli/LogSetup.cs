using Serilog;
using Serilog.Events;

namespace ZteDiag.Cli;

/// <summary>Serilog: a rolling file under the XDG state directory, warnings on stderr.</summary>
internal static class LogSetup
{
    /// <summary>Property that keeps an event out of the console sink.</summary>
    public const string FileOnly = "FileOnly";

    /// <summary>Today's log file (the rolling file sink names it by date).</summary>
    public static string CurrentLogFile => Path.Combine(LogDirectory, $"ztediag-{DateTime.Now:yyyyMMdd}.log");

    public static string LogDirectory
    {
        get
        {
            string? state = Environment.GetEnvironmentVariable("XDG_STATE_HOME");
            if (string.IsNullOrEmpty(state))
            {
                state = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "state");
            }

            return Path.Combine(state, "ztediag", "logs");
        }
    }

    /// <summary>
    /// Configures the global logger; <paramref name="console"/> false for the TUI (it owns the terminal),
    /// which passes its log pane as <paramref name="extraSink"/>.
    /// </summary>
    public static void Configure(bool verbose, bool trace, bool console, Serilog.Core.ILogEventSink? extraSink = null)
    {
        var cfg = new LoggerConfiguration().MinimumLevel.Is(trace ? LogEventLevel.Verbose : LogEventLevel.Debug);
        try
        {
            Directory.CreateDirectory(LogDirectory);
            cfg = cfg.WriteTo.File(Path.Combine(LogDirectory, "ztediag-.log"), rollingInterval: RollingInterval.Day,
                retainedFileCountLimit: 14, formatProvider: System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            // A read-only home must not stop the tool; console logging still works.
        }
        catch (UnauthorizedAccessException)
        {
            // Same as above.
        }

        if (console)
        {
            // Errors already reported to the user as one line carry FileOnly, so they are not printed twice.
            cfg = cfg.WriteTo.Logger(lc => lc
                .Filter.ByExcluding(Serilog.Filters.Matching.WithProperty(FileOnly))
                .WriteTo.Console(
                    restrictedToMinimumLevel: trace ? LogEventLevel.Verbose : verbose ? LogEventLevel.Information : LogEventLevel.Warning,
                    standardErrorFromLevel: LogEventLevel.Verbose,
                    outputTemplate: "{Level:u3} {Message:lj}{NewLine}",
                    formatProvider: System.Globalization.CultureInfo.InvariantCulture));
        }

        if (extraSink is not null)
        {
            cfg = cfg.WriteTo.Sink(extraSink);
        }

        Log.Logger = cfg.CreateLogger();
    }
}
