using System.CommandLine;
using System.Text.Json;
using ZteDiag.Workbench.Jobs;

namespace ZteDiag.Cli.Commands;

/// <summary>`ztediag nv backup` and `ztediag nv restore` (the lead merges these into the shared `nv` group).</summary>
internal static class NvBackupCommand
{
    private static readonly Option<string> OutputOption = new("--output", "-o") { Description = "JSON file to write", Required = true };
    private static readonly Option<int> LastOption = new("--last") { Description = "last NV id of the scan range 0..N (plus the known backup set)", DefaultValueFactory = _ => NvJob.DefaultLastItem };
    private static readonly Argument<string?> FileArgument = new("FILE") { Description = "NV backup JSON written by `ztediag nv backup`", Arity = ArgumentArity.ZeroOrOne };
    private static readonly Option<string?> ResumeOption = new("--resume")
    {
        Description = "continue a cut NV restore: the latest unfinished journal, or the JOURNAL given",
        Arity = ArgumentArity.ZeroOrOne,
    };

    private static readonly Option<bool> OtherDeviceOption = new("--other-device")
    {
        Description = "restore a FILE that records no device (it cannot be matched to this modem), or, with --resume, continue a journal that recorded no IMEI; still asks for confirmation",
    };

    private static readonly Option<string?> JournalDirOption = new("--journal-dir") { Description = "where NV restore journals live (default $XDG_STATE_HOME/ztediag/nv-restore)" };
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
            TransportReport.Log(modem.Diag.Stats);
            if (parse.GetValue(GlobalOptions.Json))
            {
                await parse.InvocationConfiguration.Output.WriteLineAsync(JsonSerializer.Serialize(
                    new { path = full, nv_items = file.Items.Count, transport = TransportReport.Json(modem.Diag.Stats) }, CliJson.Options)).ConfigureAwait(false);
            }
            else
            {
                await parse.InvocationConfiguration.Output.WriteLineAsync($"{file.Items.Count} NV items written to {full}").ConfigureAwait(false);
            }

            return ExitCodes.Ok;
        });
        return cmd;
    }

    public static Command BuildRestore()
    {
        var cmd = new Command("restore",
            "Write the NV items of FILE that differ from the modem, reading each back. Needs a verified backup of\n" +
            "this device (--backup FILE or --take-backup) unless --dry-run, which only lists the changes. Asks y/N on\n" +
            "a terminal before writing; with stdin not a terminal it refuses (exit 2) unless --yes. A FILE of another\n" +
            "modem, or one holding another IMEI (NV 550), is refused; one that records no device needs --other-device.\n" +
            "A journal records every item written: after an unplug, `ztediag nv restore --resume` writes the rest (it reuses the\n" +
            "restore's backup unless --backup or --take-backup is given).");
        cmd.Arguments.Add(FileArgument);
        cmd.Options.Add(SpcOption);
        cmd.Options.Add(ResumeOption);
        cmd.Options.Add(JournalDirOption);
        cmd.Options.Add(OtherDeviceOption);
        JobSupport.AddGuardOptions(cmd);
        cmd.SetAction((parse, ct) => parse.GetResult(ResumeOption) is not null ? ResumeAsync(parse, ct) : RestoreAsync(parse, ct));
        return cmd;
    }

    private static async Task<int> RestoreAsync(ParseResult parse, CancellationToken ct)
    {
        string path = parse.GetValue(FileArgument) ?? throw new UsageException("nv restore needs an NV backup FILE (or --resume)");
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
        JobSupport.RefuseUnconfirmable(parse); // before the modem is opened
        await using var modem = await JobSupport.OpenAsync(parse, ct).ConfigureAwait(false);
        var device = await DeviceProbe.ReadAsync(modem, ct).ConfigureAwait(false);
        NvFileDeviceCheck.Enforce(file, device, path, parse.GetValue(OtherDeviceOption));

        var job = new NvJob(modem);
        var options = new NvRestoreOptions
        {
            Spc = parse.GetValue(SpcOption)!,
            DryRun = dry,
            SourcePath = path,
            JournalDirectory = parse.GetValue(JournalDirOption),
            DeviceImei = device.Imei,
        };
        SafeEfsWriter? writer = null;
        if (!dry)
        {
            var planned = await job.PlanAsync(file, ct).ConfigureAwait(false);
            if (planned.Count == 0)
            {
                await WriteResultAsync(parse, new NvRestoreResult(planned, 0, false, false)).ConfigureAwait(false);
                return ExitCodes.Ok;
            }

            if (JobSupport.NeedsConfirmation(parse))
            {
                await WriteChangesAsync(parse.InvocationConfiguration.Output, planned).ConfigureAwait(false);
                if (!JobSupport.Confirm(parse, $"Write these {planned.Count} NV item(s) to the modem?"))
                {
                    return ExitCodes.Usage;
                }
            }

            writer = new SafeEfsWriter(await JobSupport.RequireBackupAsync(parse, modem, ct, includeNv: true).ConfigureAwait(false));
        }

        var r = dry
            ? await job.RestoreAsync(file, writer, options, null, ct).ConfigureAwait(false)
            : await ResumeHint.RunAsync(() => job.RestoreAsync(file, writer, options, null, ct), parse.InvocationConfiguration.Error, "ztediag nv restore --resume").ConfigureAwait(false);
        await WriteResultAsync(parse, r).ConfigureAwait(false);
        return ExitCodes.Ok;
    }

    private static async Task<int> ResumeAsync(ParseResult parse, CancellationToken ct)
    {
        if (parse.GetValue(FileArgument) is not null)
        {
            throw new UsageException("give either FILE or --resume, not both");
        }

        string dir = parse.GetValue(JournalDirOption) ?? NvRestoreJournalStore.DefaultDirectory;
        string journalPath = parse.GetValue(ResumeOption) ?? NvRestoreJournalStore.FindLatestUnfinished(dir)
            ?? throw new UsageException($"no unfinished NV restore journal in '{dir}'");
        if (!File.Exists(journalPath))
        {
            throw new UsageException($"no journal at '{journalPath}'");
        }

        NvRestoreJournal journal = NvRestoreJournalStore.Load(journalPath);
        if (journal.Complete)
        {
            await parse.InvocationConfiguration.Output.WriteLineAsync($"The NV restore in '{journalPath}' is already complete.").ConfigureAwait(false);
            return ExitCodes.Ok;
        }

        JobSupport.RefuseUnconfirmable(parse); // before the modem is opened, like a fresh restore
        var pending = journal.Items.Where(i => i.State != NvItemState.Done).Select(i => new NvChange(i.Id, i.Name, null, i.Data)).ToList();
        if (parse.GetValue(JobSupport.DryRunOption))
        {
            await WriteResultAsync(parse, new NvRestoreResult(pending, 0, true, false) { JournalPath = Path.GetFullPath(journalPath), Resumed = true }).ConfigureAwait(false);
            return ExitCodes.Ok;
        }

        if (JobSupport.NeedsConfirmation(parse))
        {
            await WriteChangesAsync(parse.InvocationConfiguration.Output, pending, resumed: true).ConfigureAwait(false);
            if (!JobSupport.Confirm(parse, $"Resume the NV restore and write its {pending.Count} pending item(s) to the modem?"))
            {
                return ExitCodes.Usage;
            }
        }

        await using var modem = await JobSupport.OpenAsync(parse, ct).ConfigureAwait(false);
        var device = await DeviceProbe.ReadAsync(modem, ct).ConfigureAwait(false);
        var writer = new SafeEfsWriter(await JobSupport.RequireBackupAsync(parse, modem, ct, journal.BackupPath).ConfigureAwait(false));
        var r = await ResumeHint.RunAsync(
            () => new NvJob(modem).ResumeAsync(journalPath, writer, device.Imei, parse.GetValue(SpcOption)!, parse.GetValue(OtherDeviceOption), null, ct),
            parse.InvocationConfiguration.Error,
            "ztediag nv restore --resume").ConfigureAwait(false);
        await WriteResultAsync(parse, r).ConfigureAwait(false);
        return ExitCodes.Ok;
    }

    private static async Task WriteResultAsync(ParseResult parse, NvRestoreResult r)
    {
        var output = parse.InvocationConfiguration.Output;
        if (parse.GetValue(GlobalOptions.Json))
        {
            await output.WriteLineAsync(JsonSerializer.Serialize(new
            {
                dry_run = r.DryRun,
                written = r.Written,
                already_done = r.AlreadyDone,
                spc_sent = r.SpcSent,
                journal = r.JournalPath,
                changes = r.Changes.Select(c => new { id = c.Id, name = c.Name, old = c.OldHex, @new = c.NewHex }),
            }, CliJson.Options)).ConfigureAwait(false);
            return;
        }

        string summary = r.Changes.Count == 0
            ? "no changes: the modem already holds every item of the file"
            : $"{r.Changes.Count} item(s) differ{(r.DryRun ? " (dry run, nothing written)" : $", {r.Written} written and read back{(r.AlreadyDone > 0 ? $", {r.AlreadyDone} already written before the cut" : "")}")}";
        await output.WriteLineAsync(summary).ConfigureAwait(false);
        await WriteChangesAsync(output, r.Changes, r.Resumed).ConfigureAwait(false);
        if (r.JournalPath is not null)
        {
            await output.WriteLineAsync($"Journal: {r.JournalPath}").ConfigureAwait(false);
        }
    }

    private static async Task WriteChangesAsync(TextWriter output, IReadOnlyList<NvChange> changes, bool resumed = false)
    {
        // a resume knows only what it writes (the journal), not what the modem held before the first run
        string unknownOld = resumed ? "(not read on resume)" : "(not active / protected)";
        foreach (var c in changes)
        {
            await output.WriteLineAsync($"  {c.Id} {c.Name}: {c.OldHex ?? unknownOld} → {c.NewHex}").ConfigureAwait(false);
        }
    }
}
