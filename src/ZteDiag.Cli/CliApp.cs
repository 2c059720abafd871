using System.CommandLine;
using ZteDiag.Cli.Commands;

namespace ZteDiag.Cli;

/// <summary>Builds the `ztediag` command tree and runs it with uniform error handling.</summary>
internal static class CliApp
{
    public static RootCommand BuildRoot()
    {
        var root = new RootCommand(
            "ZteDiag: a workbench for Qualcomm-based ZTE USB modems (MF622, MF626, MF627 and kin).\n" +
            "Speaks DIAG on the diagnostics port (EFS, NV, SPC) and AT on the AT port; backs up, verifies\n" +
            "and restores the EFS; runs on a built-in virtual modem (`ztediag emulate`) for practice.\n\n" +
            ExitCodes.Help);
        foreach (Option o in GlobalOptions.Everywhere.Concat(GlobalOptions.Modem))
        {
            root.Options.Add(o);
        }

        root.Subcommands.Add(DecodeCommand.Build());
        root.Subcommands.Add(PortsCommand.Build());
        root.Subcommands.Add(EmulateCommand.Build());
        root.Subcommands.Add(Commands.Efs.EfsVerbs.Build());
        root.Subcommands.Add(RestoreCommand.Build());
        root.Subcommands.Add(InfoCommand.Build());
        root.Subcommands.Add(NvCommand.Build());
        root.Subcommands.Add(SpcCommand.Build());
        root.Subcommands.Add(AtCommand.Build());
        root.Subcommands.Add(UssdCommand.Build());
        root.Subcommands.Add(StatusCommand.Build());
        root.Subcommands.Add(PinCommand.Build());
        root.Subcommands.Add(NetworkCommand.Build());
        foreach (Command c in ConnectCommands.Build())
        {
            root.Subcommands.Add(c);
        }

        root.Subcommands.Add(SmsCommand.Build());
        root.Subcommands.Add(ChecklistCommand.Build());
        foreach (Command c in SetupCommands.Build())
        {
            root.Subcommands.Add(c);
        }

        root.Subcommands.Add(BackupCommand.BuildBackup());
        root.Subcommands.Add(BackupCommand.BuildVerify());
        foreach (Command c in MaintenanceCommands.Build())
        {
            root.Subcommands.Add(c);
        }

        root.Subcommands.Add(TuiCommand.Build());
        if (root.Subcommands.FirstOrDefault(c => c.Name == "nv") is { } nv)
        {
            nv.Subcommands.Add(NvBackupCommand.BuildBackup());
            nv.Subcommands.Add(NvBackupCommand.BuildRestore());
            nv.Subcommands.Add(NvImageCommands.BuildScan());
            nv.Subcommands.Add(NvImageCommands.BuildShow());
            nv.Subcommands.Add(NvDiffCommand.Build());
        }
        else
        {
            root.Subcommands.Add(NvBackupCommand.BuildGroup());
        }

        root.Options.Add(PortsCommand.SysfsRootOption);
        AttachModemOptions(root);
        return root;
    }

    /// <summary>Every verb that talks to a modem gets the modem options (see <see cref="GlobalOptions.Modem"/>).</summary>
    private static void AttachModemOptions(Command command)
    {
        foreach (Command sub in command.Subcommands)
        {
            AttachModemOptions(sub);
        }

        if (command is RootCommand || command.Subcommands.Count > 0 || GlobalOptions.OfflineVerbs.Contains(CliJson.PathOf(command)))
        {
            return;
        }

        foreach (Option o in GlobalOptions.Modem)
        {
            command.Options.Add(o);
        }
    }

    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr)
    {
        if (TuiCommand.ShouldStartByDefault(args))
        {
            args = [TuiCommand.Name];
        }

        try
        {
            args = UsbModeswitchSpelling.Rewrite(args);
        }
        catch (UsageException ex)
        {
            await stderr.WriteLineAsync($"ztediag: {ex.Message}").ConfigureAwait(false);
            return ExitCodes.Usage;
        }

        RootCommand root = BuildRoot();
        ParseResult parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var e in parse.Errors)
            {
                await stderr.WriteLineAsync($"ztediag: {e.Message}").ConfigureAwait(false);
            }

            await stderr.WriteLineAsync("Try 'ztediag --help'.").ConfigureAwait(false);
            if (args.Contains("--json", StringComparer.Ordinal))
            {
                await stdout.WriteAsync(CliJson.Finish("", string.Join("; ", parse.Errors.Select(e => e.Message)), ExitCodes.Usage)).ConfigureAwait(false);
            }

            return ExitCodes.Usage;
        }

        bool tui = parse.CommandResult.Command.Name == TuiCommand.Name;
        LogSetup.Configure(parse.GetValue(GlobalOptions.Verbose), parse.GetValue(GlobalOptions.Trace), console: !tui,
            extraSink: tui ? ZteDiag.Tui.TuiHost.LogSink : null);
        // --json: collect stdout and make sure what reaches it is JSON (CliJson.Finish); the exit code is the same
        using StringWriter? collected = parse.GetValue(GlobalOptions.Json) && CliJson.Buffers(parse.CommandResult.Command, !Console.IsInputRedirected)
            ? new StringWriter() : null;
        var config = new InvocationConfiguration { Output = collected ?? stdout, Error = stderr, EnableDefaultExceptionHandler = false };
        int code;
        string? error = null;
        try
        {
            code = await parse.InvokeAsync(config).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            error = "cancelled";
            code = 130;
        }
        catch (Exception ex) when (ErrorReport.TryMap(ex, out int mapped, out string message))
        {
            error = message;
            code = mapped;
        }
        finally
        {
            await Serilog.Log.CloseAndFlushAsync().ConfigureAwait(false);
        }

        if (error is not null)
        {
            await stderr.WriteLineAsync($"ztediag: {error}").ConfigureAwait(false);
        }

        if (collected is not null)
        {
            await stdout.WriteAsync(CliJson.Finish(collected.ToString(), error, code)).ConfigureAwait(false);
            await stdout.FlushAsync().ConfigureAwait(false);
        }

        return code;
    }
}
