using System.CommandLine;
using System.Text.Json;
using ZteDiag.Workbench.Connection;
using ZteDiag.Workbench.Maintenance;
using ZteDiag.Workbench.Safety;

namespace ZteDiag.Cli.Commands;

/// <summary>`ztediag cd-emulation`, `autorun`, `download-mode`, `identifier`: one small write each, behind a verified backup.</summary>
internal static class MaintenanceCommands
{
    private static readonly Option<bool> ViaEfsOption = new("--via-efs") { Description = "change the flag file over EFS even when an AT port is known" };
    private static readonly Option<bool> ViaAtOption = new("--via-at") { Description = "also switch autorun with AT+ZCDRUN=8 (off) / =9 (on) on the AT port" };
    private static readonly Argument<string> FileArgument = new("FILE") { Description = "file whose bytes become the new /PCUI.VN" };

    public static IEnumerable<Command> Build() => [CdEmulation(), Autorun(), DownloadMode(), Identifier()];

    private static Command CdEmulation()
    {
        var cmd = new Command("cd-emulation", "Virtual CD-ROM at plug-in. status: each flag file (/CD_STARTUP_FLAG, /AUTORUN.FLG, /NODOWNLOAD.FLG)\n" +
            "and the AT+ZCDRUN=4 answer, each on its own line.\n" +
            "off: delete /CD_STARTUP_FLAG over EFS (the field write-up's step), read back. on: restore it from the backup.\n" +
            "--via-at also sends AT+ZCDRUN=8 / =9 (autorun, AUTORUN.FLG) and checks it. Re-plug the modem afterwards.");
        cmd.Subcommands.Add(Status("status"));
        cmd.Subcommands.Add(Flag("off", (j, b, o, ct) => j.CdEmulationAsync(false, b, o, ct), ViaAtOption));
        cmd.Subcommands.Add(Flag("on", (j, b, o, ct) => j.CdEmulationAsync(true, b, o, ct), ViaAtOption));
        return cmd;
    }

    private static Command Autorun()
    {
        var cmd = new Command("autorun", "Autorun flag /AUTORUN.FLG: off = AT+ZCDRUN=8 when an AT port is known, else (or --via-efs) delete it over EFS;\n" +
            "on = AT+ZCDRUN=9, or restore it from the backup. /AUTORUN.FLG and AT+ZCDRUN=4 are read back.");
        cmd.Subcommands.Add(Flag("off", (j, b, o, ct) => j.AutorunAsync(false, b, o, ct), ViaEfsOption));
        cmd.Subcommands.Add(Flag("on", (j, b, o, ct) => j.AutorunAsync(true, b, o, ct), ViaEfsOption));
        return cmd;
    }

    private static Command DownloadMode()
    {
        var cmd = new Command("download-mode", "Download mode (only DIAG/NMEA/modem ports appear).");
        cmd.Subcommands.Add(Flag("exit", (j, b, o, ct) => j.ExitDownloadModeAsync(b, o, ct), ViaEfsOption, "AT+ZCDRUN=F, then check /NODOWNLOAD.FLG is present"));
        return cmd;
    }

    private static Command Identifier()
    {
        var cmd = new Command("identifier", "The PCUI.VN identifier file at the EFS root.");
        var show = new Command("show", "Print /PCUI.VN.");
        show.SetAction(async (parse, ct) =>
        {
            await using var modem = await JobSupport.OpenAsync(parse, ct).ConfigureAwait(false);
            byte[]? b = await new MaintenanceJob(modem).ReadIdentifierAsync(ct).ConfigureAwait(false);
            await parse.InvocationConfiguration.Output.WriteLineAsync(b is null ? "(no /PCUI.VN)" : System.Text.Encoding.Latin1.GetString(b)).ConfigureAwait(false);
            return b is null ? ExitCodes.DeviceRefused : ExitCodes.Ok;
        });
        var swap = new Command("swap", "Replace /PCUI.VN with FILE atomically: temp name in /, read back + SHA-256, rename; shows old and new.\n" +
            "Asks y/N on a terminal before writing; with stdin not a terminal it refuses (exit 2) unless --yes.");
        swap.Arguments.Add(FileArgument);
        JobSupport.AddGuardOptions(swap);
        swap.SetAction(async (parse, ct) =>
        {
            byte[] content = await File.ReadAllBytesAsync(parse.GetValue(FileArgument)!, ct).ConfigureAwait(false);
            return await RunAsync(parse, (j, b, o, c) => j.SwapIdentifierAsync(content, b, o, c), ct).ConfigureAwait(false);
        });
        cmd.Subcommands.Add(show);
        cmd.Subcommands.Add(swap);
        return cmd;
    }

    private static Command Status(string name)
    {
        var cmd = new Command(name, "Show the flag files and AT+ZCDRUN=4.");
        cmd.SetAction(async (parse, ct) =>
        {
            await using var modem = await JobSupport.OpenAsync(parse, ct).ConfigureAwait(false);
            var s = await new MaintenanceJob(modem).StatusAsync(ct).ConfigureAwait(false);
            await WriteStatusAsync(parse, "status", s).ConfigureAwait(false);
            return ExitCodes.Ok;
        });
        return cmd;
    }

    private static Command Flag(string name, Func<MaintenanceJob, VerifiedBackup?, MaintenanceOptions, CancellationToken, Task<MaintenanceResult>> run, Option<bool> via, string? description = null)
    {
        var cmd = new Command(name, (description ?? $"Turn it {name}.") + " Needs --backup FILE or --take-backup (not with --dry-run).\n" +
            "Asks y/N on a terminal before writing; with stdin not a terminal it refuses (exit 2) unless --yes.");
        JobSupport.AddGuardOptions(cmd);
        cmd.Options.Add(via);
        cmd.SetAction((parse, ct) => RunAsync(parse, run, ct));
        return cmd;
    }

    private static async Task<int> RunAsync(
        ParseResult parse, Func<MaintenanceJob, VerifiedBackup?, MaintenanceOptions, CancellationToken, Task<MaintenanceResult>> run, CancellationToken ct)
    {
        var options = new MaintenanceOptions
        {
            DryRun = parse.GetValue(JobSupport.DryRunOption),
            ViaEfs = parse.GetResult(ViaEfsOption) is not null && parse.GetValue(ViaEfsOption),
            ViaAt = parse.GetResult(ViaAtOption) is not null && parse.GetValue(ViaAtOption),
        };
        JobSupport.RefuseUnconfirmable(parse); // before the modem is opened: piped stdin without --yes touches nothing
        await using ModemConnection modem = await JobSupport.OpenAsync(parse, ct).ConfigureAwait(false);
        VerifiedBackup? backup = options.DryRun ? null : await JobSupport.RequireBackupAsync(parse, modem, ct).ConfigureAwait(false);
        var job = new MaintenanceJob(modem);
        var output = parse.InvocationConfiguration.Output;
        if (JobSupport.NeedsConfirmation(parse))
        {
            // show the steps (a dry run of the same operation reads only), then ask
            var preview = await run(job, null, options with { DryRun = true }, ct).ConfigureAwait(false);
            await output.WriteLineAsync($"{preview.Operation} will:").ConfigureAwait(false);
            foreach (string step in preview.Steps)
            {
                await output.WriteLineAsync("  - " + step).ConfigureAwait(false);
            }

            if (!JobSupport.Confirm(parse, $"Apply {preview.Operation} to the modem?"))
            {
                return ExitCodes.Usage;
            }
        }

        var r = await run(job, backup, options, ct).ConfigureAwait(false);
        if (parse.GetValue(GlobalOptions.Json))
        {
            await output.WriteLineAsync(JsonSerializer.Serialize(new { operation = r.Operation, dry_run = r.DryRun, verified = r.Verified, checks = r.Checks.Select(c => new { what = c.What, ok = c.Ok }), steps = r.Steps, before = r.Before, after = r.After, old_content = r.OldContent, new_content = r.NewContent, backup = backup?.ArchivePath }, CliJson.Options)).ConfigureAwait(false);
        }
        else
        {
            await output.WriteLineAsync($"{r.Operation}{(r.DryRun ? " (dry run: nothing written)" : "")}").ConfigureAwait(false);
            foreach (string s in r.Steps)
            {
                await output.WriteLineAsync("  - " + s).ConfigureAwait(false);
            }

            if (r.OldContent is not null || r.NewContent is not null)
            {
                await output.WriteLineAsync($"  old: {r.OldContent ?? "(none)"}").ConfigureAwait(false);
                await output.WriteLineAsync($"  new: {r.NewContent ?? "(none)"}").ConfigureAwait(false);
            }

            await WriteStatusAsync(parse, "before", r.Before).ConfigureAwait(false);
            if (r.After is { } after)
            {
                await WriteStatusAsync(parse, "after", after).ConfigureAwait(false);
                foreach (MaintenanceCheck c in r.Checks)
                {
                    await output.WriteLineAsync((c.Ok ? "  verified: " : "  NOT VERIFIED: ") + c.What).ConfigureAwait(false);
                }
            }
        }

        return r.DryRun || r.Verified ? ExitCodes.Ok : ExitCodes.DeviceRefused;
    }

    private static Task WriteStatusAsync(ParseResult parse, string label, FlagStatus s)
    {
        if (parse.GetValue(GlobalOptions.Json) && label == "status")
        {
            return parse.InvocationConfiguration.Output.WriteLineAsync(JsonSerializer.Serialize(s, CliJson.Options));
        }

        string YesNo(bool b) => b ? "present" : "absent";
        string q = s.ZcdrunAutorun is bool z ? (z ? "1 (autorun on)" : "0 (autorun off)") : "n/a (no AT port)";
        return parse.InvocationConfiguration.Output.WriteLineAsync(
            $"  {label}:\n" +
            $"    /CD_STARTUP_FLAG  {YesNo(s.CdStartupFlag)} (virtual CD at plug-in)\n" +
            $"    /AUTORUN.FLG      {YesNo(s.AutorunFlag)} (autorun of the CD's installer)\n" +
            $"    /NODOWNLOAD.FLG   {YesNo(s.NoDownloadFlag)}{(s.NoDownloadFlag ? "" : " (download mode)")}\n" +
            $"    AT+ZCDRUN=4       {q}");
    }
}
