using ZteDiag.Device;
using ZteDiag.Workbench.Restore;

namespace ZteDiag.Cli;

/// <summary>
/// Tells the technician how to finish a journaled write (restore, nv restore) that stopped part way:
/// the one-line error alone says what broke, not that the work is resumable.
/// </summary>
internal static class ResumeHint
{
    public static async Task<T> RunAsync<T>(Func<Task<T>> work, TextWriter error, string resumeCommand)
    {
        try
        {
            return await work().ConfigureAwait(false);
        }
        catch (Exception ex) when (IsInterruption(ex))
        {
            await error.WriteLineAsync(
                $"ztediag: the write stopped part way; its journal records every step done. Plug the modem back in, " +
                $"wait for its ports, and run `{resumeCommand}` to finish it.").ConfigureAwait(false);
            throw;
        }
    }

    // Usage and validation errors happen before anything is written; these can strike mid-way.
    private static bool IsInterruption(Exception ex) =>
        ex is ZteDiagException or RestoreException or IOException or OperationCanceledException;
}
