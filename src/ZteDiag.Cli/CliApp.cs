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
        foreach (Option o in GlobalOptions.All)
        {
            root.Options.Add(o);
        }

        root.Subcommands.Add(DecodeCommand.Build());
        root.Subcommands.Add(PortsCommand.Build());
        root.Subcommands.Add(EmulateCommand.Build());
        root.Subcommands.Add(Commands.Efs.EfsCommand.Build());
        root.Subcommands.Add(RestoreCommand.Build());
        root.Subcommands.Add(InfoCommand.Build());
        root.Subcommands.Add(NvCommand.Build());
        root.Subcommands.Add(SpcCommand.Build());
        root.Subcommands.Add(AtCommand.Build());
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
        }
        else
        {
            root.Subcommands.Add(NvBackupCommand.BuildGroup());
        }

        root.Options.Add(PortsCommand.SysfsRootOption);
        return root;
    }

    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr)
    {
        if (TuiCommand.ShouldStartByDefault(args))
        {
            args = [TuiCommand.Name];
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
            return ExitCodes.Usage;
        }

        bool tui = parse.CommandResult.Command.Name == TuiCommand.Name;
        LogSetup.Configure(parse.GetValue(GlobalOptions.Verbose), parse.GetValue(GlobalOptions.Trace), console: !tui,
            extraSink: tui ? ZteDiag.Tui.TuiHost.LogSink : null);
        var config = new InvocationConfiguration { Output = stdout, Error = stderr, EnableDefaultExceptionHandler = false };
        try
        {
            return await parse.InvokeAsync(config).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            await stderr.WriteLineAsync("ztediag: cancelled").ConfigureAwait(false);
            return 130;
        }
        catch (Exception ex) when (ErrorReport.TryMap(ex, out int code, out string message))
        {
            await stderr.WriteLineAsync($"ztediag: {message}").ConfigureAwait(false);
            return code;
        }
        finally
        {
            await Serilog.Log.CloseAndFlushAsync().ConfigureAwait(false);
        }
    }
}
