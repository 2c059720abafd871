using Serilog;
using ZteDiag.Device;

namespace ZteDiag.Cli;

/// <summary>Turns exceptions into one readable line and an exit code; stack traces go to the log only.</summary>
internal static class ErrorReport
{
    /// <summary>
    /// The exit code and the line to print for <paramref name="ex"/>, by the one failure model (<see cref="Failures"/>).
    /// A bug (any exception ZteDiag does not raise on purpose, an <see cref="ArgumentException"/> among them) is
    /// exit 70 and names the log file that holds the stack.
    /// </summary>
    public static bool TryMap(Exception ex, out int exitCode, out string message)
    {
        Log.ForContext(LogSetup.FileOnly, true).Error(ex, "command failed");
        FailureKind kind = Failures.Classify(ex);
        exitCode = Failures.ExitCode(kind);
        message = kind switch
        {
            FailureKind.Internal => $"internal error ({ex.GetType().Name}: {ex.Message}); the details are in the log {LogSetup.CurrentLogFile}",
            _ when ex is ZteDiagException => ex.Message,
            _ => "local file: " + ex.Message, // a missing or unreadable file, a full disk: not the modem's fault
        };
        return true;
    }
}

/// <summary>A command-line or input mistake the user can fix (exit code 2).</summary>
internal sealed class UsageException(string message) : ZteDiagException(message, FailureKind.Usage);
