using System.CommandLine;
using ZteDiag.Workbench.Backup;
using ZteDiag.Workbench.Connection;
using ZteDiag.Workbench.Jobs;
using ZteDiag.Workbench.Safety;

namespace ZteDiag.Cli.Commands;

/// <summary>Shared pieces of the job verbs: connection, progress line, backup options of write commands.</summary>
internal static class JobSupport
{
    public static readonly Option<string?> BackupOption = new("--backup") { Description = "a verified backup of this device (same IMEI, ≤24 h old) that makes this write allowed" };
    public static readonly Option<bool> TakeBackupOption = new("--take-backup") { Description = "take a fresh full backup (default name in the current directory) before writing" };
    public static readonly Option<bool> DryRunOption = new("--dry-run") { Description = "show what would change; write nothing" };
    public static readonly Option<bool> YesOption = new("--yes", "-y") { Description = "do not ask for confirmation (needed when stdin is not a terminal)" };

    public static async Task<ModemConnection> OpenAsync(ParseResult parse, CancellationToken ct)
    {
        ModemConnection modem = await ModemConnection.OpenAsync(CliConnection.Options(parse), ct, w => parse.InvocationConfiguration.Error.WriteLine("ztediag: " + w))
            .ConfigureAwait(false);
        if (parse.GetValue(GlobalOptions.Trace))
        {
            CliSession.HookTrace(modem.Diag, parse.GetValue(GlobalOptions.RevealSecrets));
        }

        return modem;
    }

    public static void AddGuardOptions(Command cmd)
    {
        cmd.Options.Add(BackupOption);
        cmd.Options.Add(TakeBackupOption);
        cmd.Options.Add(DryRunOption);
        cmd.Options.Add(YesOption);
    }

    /// <summary>True when the write needs a y/N answer: not a dry run and no --yes.</summary>
    public static bool NeedsConfirmation(ParseResult parse) => !parse.GetValue(DryRunOption) && !parse.GetValue(YesOption);

    /// <summary>
    /// The restore's rule, checked before the modem is opened: a write that needs confirmation
    /// while nobody can answer (stdin not a terminal) is refused with exit 2.
    /// </summary>
    public static void RefuseUnconfirmable(ParseResult parse)
    {
        if (NeedsConfirmation(parse) && !Confirmation.CanAsk)
        {
            throw new UsageException("refusing to write without confirmation: stdin is not a terminal; pass --yes");
        }
    }

    /// <summary>Asks <paramref name="question"/> (unless --yes or --dry-run); on "no" says so on stderr.</summary>
    public static bool Confirm(ParseResult parse, string question)
    {
        if (!NeedsConfirmation(parse))
        {
            return true;
        }

        RefuseUnconfirmable(parse);
        TextWriter err = parse.InvocationConfiguration.Error;
        if (Confirmation.Ask(question, err))
        {
            return true;
        }

        err.WriteLine("Nothing written.");
        return false;
    }

    /// <summary>The verified backup a write needs, or a <see cref="SafetyException"/> (exit 1).</summary>
    /// <param name="parse">The command line.</param>
    /// <param name="modem">The open modem.</param>
    /// <param name="ct">Cancellation.</param>
    /// <param name="fallbackBackup">Archive to use when no --backup is given (a resumed job's own backup).</param>
    /// <param name="includeNv">--take-backup also saves the NV items (an NV write needs their old values).</param>
    public static async Task<VerifiedBackup> RequireBackupAsync(ParseResult parse, ModemConnection modem, CancellationToken ct, string? fallbackBackup = null, bool includeNv = false)
    {
        using var progress = new JobConsoleProgress("backup");
        var backup = await BackupGuard.RequireAsync(modem, new BackupRequirement
        {
            BackupFile = parse.GetValue(BackupOption) ?? (parse.GetValue(TakeBackupOption) ? null : fallbackBackup),
            TakeBackup = parse.GetValue(TakeBackupOption),
            IncludeNv = includeNv,
            Registry = new BackupRegistry(BackupRegistry.DefaultPath),
        }, progress, null, ct).ConfigureAwait(false);
        await parse.InvocationConfiguration.Error.WriteLineAsync($"using verified backup {backup.ArchivePath}").ConfigureAwait(false);
        return backup;
    }
}

/// <summary>Renders <see cref="JobProgress"/> as the one-line bar of <see cref="ConsoleProgress"/>.</summary>
internal sealed class JobConsoleProgress(string label) : IProgress<JobProgress>, IDisposable
{
    private ConsoleProgress? _bar;
    private long _total = -1;

    public void Report(JobProgress value)
    {
        if (value.Total != _total)
        {
            _bar?.Dispose();
            _total = value.Total;
            _bar = new ConsoleProgress($"{label} {value.Phase}", value.Total);
        }

        _bar?.Report(value.Done);
    }

    public void Dispose() => _bar?.Dispose();
}
