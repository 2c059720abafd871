using ZteDiag.Device;
using ZteDiag.Protocol.Efs;

namespace ZteDiag.Cli;

/// <summary>
/// Tells the technician how to finish a journaled write (restore, nv restore) that stopped part way:
/// the one-line error alone says what broke, not what to do next. Only a link failure (unplug, power
/// loss, timeout, Ctrl-C) is worth a plain resume; when the modem itself refused a step, resuming
/// would fail again in a second, so the hint says what to change first (issue 19.6).
/// </summary>
internal static class ResumeHint
{
    public static async Task<T> RunAsync<T>(Func<Task<T>> work, TextWriter error, string resumeCommand)
    {
        try
        {
            return await work().ConfigureAwait(false);
        }
        catch (Exception ex) when (For(ex, resumeCommand) is { } hint)
        {
            await error.WriteLineAsync("ztediag: " + hint).ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>The hint for <paramref name="ex"/>, or null when there is nothing to add (nothing was written, or the message says it all).</summary>
    internal static string? For(Exception ex, string resumeCommand) => ex switch
    {
        EfsException { Errno: EfsErrno.ENOSPC } =>
            "the modem's EFS is full; the write stopped part way and its journal records every step done. Free space on the modem " +
            $"(`ztediag efs df /`, then remove what is not needed), then run `{resumeCommand}`.",
        EfsException { Errno: EfsErrno.ENAMETOOLONG or EfsErrno.PATH_TOO_LONG } e =>
            $"the modem refused '{e.Path}' as too long; resuming would fail the same way. Restore without it (--only the other paths), " +
            "or shorten the name in the backup.",
        EfsException { Errno: EfsErrno.EINVAL } e =>
            $"the modem refused '{e.Path}' as invalid; resuming would fail the same way. Restore without it (--only the other paths).",
        EfsException => null, // another refusal by the modem: its one line says which path and why
        DiagLinkException or PortException or IOException or OperationCanceledException =>
            "the write stopped part way; its journal records every step done. Plug the modem back in, " +
            $"wait for its ports, and run `{resumeCommand}` to finish it.",
        _ => null, // usage and validation errors happen before anything is written; SafetyException says what differed
    };
}
