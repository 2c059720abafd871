using System.CommandLine;
using System.Text.Json;
using ZteDiag.Workbench.Jobs;

namespace ZteDiag.Cli.Commands;

/// <summary>`ztediag nv backup` and `ztediag nv restore` (the lead merges these into the shared `nv` group).</summary>
internal static class NvBackupCommand
{
    private static readonly Option<string> OutputOption = new("--output", "-o") { Description = "JSON file to write", Required = true };
    private static readonly Option<int> LastOption = new("--last") { Description = "last NV id of the scan range 0..N (plus the known backup set)", DefaultValueFactory = _ => NvJob.DefaultLastItem };
    private static readonly Argument<string> FileArgument = new("FILE") { Description = "NV backup JSON written by `ztediag nv backup`" };
    private static readonly Option<string> SpcOption = new("--spc") { Description = "service programming code, sent only when the modem asks for it (BAD_SPC_MODE)", DefaultValueFactory = _ => "000000" };

    /// <summary>The `nv` group with both subcommands (used only when no other `nv` command exists).</summary>
    public static Command BuildGroup()
    {
        var nv = new Command("nv", "NV items: backup to JSON and restore from it.");
        nv.Subcommands.Add(BuildBackup());
        nv.Subcommands.Add(BuildRestore());
        return nv;
    }

    public static Command BuildBackup()
    {
        var cmd = new Command("backup", $"Read NV items 0..N (default {NvJob.DefaultLastItem}) plus the known backup set into a JSON file (hex data, status).\nThe file holds NV 550 (IMEI): keep it private. The SPC is never sent.");
        cmd.Options.Add(OutputOption);
        cmd.Options.Add(LastOption);
        cmd.SetAction(async (parse, ct) =>
        {
            int last = parse.GetValue(LastOption);
            if (last is < 0 or > ushort.MaxValue)
            {
                throw new UsageException("--last must be 0..65535");
            }

            string path = parse.GetValue(OutputOption)!;
            await using var modem = await JobSupport.OpenAsync(parse, ct).ConfigureAwait(false);
            var device = await DeviceProbe.ReadAsync(modem, ct).ConfigureAwait(false);
            NvBackupFile file;
            using (var progress = new JobConsoleProgress("nv"))
            {
                file = await new NvJob(modem).BackupAsync((ushort)last, device.Identity, progress, ct).ConfigureAwait(false);
            }

            string full = Path.GetFullPath(path);
            string temp = full + ".partial";
            await File.WriteAllBytesAsync(temp, file.ToJson(), ct).ConfigureAwait(false);
            File.Move(temp, full, overwrite: true);
            await parse.InvocationConfiguration.Output.WriteLineAsync($"{file.Items.Count} NV items written to {full}").ConfigureAwait(false);
            return ExitCodes.Ok;
        });
        return cmd;
    }

    public static Command BuildRestore()
    {
        var cmd = new Command("restore",
            "Write the NV items of FILE that differ from the modem, reading each back. Needs a verified backup of\n" +
            "this device (--backup FILE or --take-backup) unless --dry-run, which only lists the changes.");
        cmd.Arguments.Add(FileArgument);
        cmd.Options.Add(SpcOption);
        JobSupport.AddGuardOptions(cmd);
        cmd.SetAction(async (parse, ct) =>
        {
            string path = parse.GetValue(FileArgument)!;
            NvBackupFile file;
            try
            {
                file = NvBackupFile.Parse(await File.ReadAllBytesAsync(path, ct).ConfigureAwait(false));
            }
            catch (JsonException ex)
            {
                throw new UsageException($"{path}: not an NV backup ({ex.Message})");
            }

            bool dry = parse.GetValue(JobSupport.DryRunOption);
            await using var modem = await JobSupport.OpenAsync(parse, ct).ConfigureAwait(false);
            var device = await DeviceProbe.ReadAsync(modem, ct).ConfigureAwait(false);
            if (file.Device is not null && !device.Matches(file.Device))
            {
                throw new SafetyException($"{path} was read from another device (IMEI fingerprint differs); not restoring it here");
            }

            SafeEfsWriter? writer = dry ? null : new SafeEfsWriter(await JobSupport.RequireBackupAsync(parse, modem, ct).ConfigureAwait(false));
            var r = await new NvJob(modem).RestoreAsync(file, writer, parse.GetValue(SpcOption)!, dry, null, ct).ConfigureAwait(false);
            var output = parse.InvocationConfiguration.Output;
            if (parse.GetValue(GlobalOptions.Json))
            {
                await output.WriteLineAsync(JsonSerializer.Serialize(new { dry_run = r.DryRun, written = r.Written, spc_sent = r.SpcSent, changes = r.Changes.Select(c => new { id = c.Id, name = c.Name, old = c.OldHex, @new = c.NewHex }) }, CliJson.Options)).ConfigureAwait(false);
            }
            else
            {
                await output.WriteLineAsync(r.Changes.Count == 0 ? "no changes: the modem already holds every item of the file" : $"{r.Changes.Count} item(s) differ{(r.DryRun ? " (dry run, nothing written)" : $", {r.Written} written and read back")}").ConfigureAwait(false);
                foreach (var c in r.Changes)
                {
                    await output.WriteLineAsync($"  {c.Id} {c.Name}: {c.OldHex ?? "(not active / protected)"} → {c.NewHex}").ConfigureAwait(false);
                }
            }

            return ExitCodes.Ok;
        });
        return cmd;
    }
}
