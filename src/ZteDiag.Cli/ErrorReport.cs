using Serilog;

namespace ZteDiag.Cli;

/// <summary>Turns exceptions into one readable line and an exit code; stack traces go to the log only.</summary>
internal static class ErrorReport
{
    public static bool TryMap(Exception ex, out int exitCode, out string message)
    {
        Log.ForContext(LogSetup.FileOnly, true).Error(ex, "command failed");
        switch (ex)
        {
            case UsageException u:
                exitCode = ExitCodes.Usage;
                message = u.Message;
                return true;
            case ZteDiag.Device.ZteDiagException z:
                exitCode = z.ExitCode;
                message = z.Message;
                return true;
            case FileNotFoundException or DirectoryNotFoundException or UnauthorizedAccessException:
                exitCode = ExitCodes.Usage;
                message = ex.Message;
                return true;
            case IOException io:
                exitCode = ExitCodes.LinkFailure;
                message = io.Message;
                return true;
            default:
                exitCode = ExitCodes.Internal;
                message = $"internal error ({ex.GetType().Name}: {ex.Message}); details are in the log {LogSetup.LogDirectory}";
                return true;
        }
    }
}

/// <summary>A command-line or input mistake the user can fix (exit code 2).</summary>
internal sealed class UsageException(string message) : Exception(message);
