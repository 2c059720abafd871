using System.CommandLine;
using System.Text.Json;
using ZteDiag.Workbench.Jobs;
using ZteDiag.Workbench.Nv;
using ZteDiag.Workbench.Safety;

namespace ZteDiag.Cli.Commands;

/// <summary>`ztediag nv backup` and `ztediag nv restore` (the lead merges these into the shared `nv` group).</summary>
internal static class NvBackupCommand
{
    private static readonly Option<string> OutputOption = new("--output", "-o") { Description = "file to write: .qcn (QPST compound file), .xqcn (XML) or JSON (any other name)", Required = true };
    private static readonly Option<string?> FormatOption = new("--format") { Description = "qcn, xqcn or json (default: from the file name)" };
    private static readonly Option<string?> BackupSpcOption = new("--spc") { Description = "service programming code: read the SPC-protected items too (without it they are listed as not saved and the exit code is 1)" };
    private static readonly Option<bool> RestoreImeiOption = new("--restore-imei") { Description = "write the file's NV 550 (IMEI) although it differs from the modem's: only to put back this stick's own IMEI" };
    private static readonly Option<int> LastOption = new("--last") { Description = "last NV id of the scan range 0..N (plus the known backup set)", DefaultValueFactory = _ => NvJob.DefaultLastItem };
    private static readonly Argument<string?> FileArgument = new("FILE") { Description = "NV backup: .qcn, .xqcn, the JSON of `ztediag nv backup`, or a `ztediag backup --nv` archive", Arity = ArgumentArity.ZeroOrOne };
    private static readonly Option<string?> ResumeOption = new("--resume")
    {
        Description = "continue a cut NV restore: the latest unfinished journal, or the JOURNAL given",
        Arity = ArgumentArity.ZeroOrOne,
    };

    private static readonly Option<bool> OtherDeviceOption = new("--other-device")
    {
        Description = "restore a FILE that records no device (it cannot be matched to this modem), or, with --resume, continue a journal that recorded no IMEI; still asks for confirmation",
    };

    private static readonly Option<string[]> OnlyOption = new("--only")
    {
        Description = "restore only these items of FILE: ids (550, 0x226) or names (NV_UE_IMEI_I), space- or comma-separated; an id FILE does not hold is an error",
        AllowMultipleArgumentsPerToken = true,
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
        var cmd = new Command("backup",
            $"Read every active NV item (ids 0..N, default {NvJob.DefaultLastItem}, pipelined) and the EFS NV item files (/nv/item_files) into FILE:\n" +
            "QCN or XQCN as QPST lays them out (NV_ITEM_ARRAY, Provisioning_Item_Files), or JSON. The file holds NV 550 (IMEI): keep it private.\n" +
            "Items the modem protects by SPC are read only with --spc; without it each is listed as NOT saved (stderr and JSON) and the exit code is 1.\n" +
            "Items stock firmware never lets DIAG read (keys, passwords, PRL) are listed as unreadable by design (exit 0).");
        cmd.Options.Add(OutputOption);
        cmd.Options.Add(FormatOption);
        cmd.Options.Add(LastOption);
        cmd.Options.Add(BackupSpcOption);
        cmd.SetAction(async (parse, ct) =>
        {
            int last = parse.GetValue(LastOption);
            if (last is < 0 or > ushort.MaxValue)
            {
                throw new UsageException("--last must be 0..65535");
            }

            string path = parse.GetValue(OutputOption)!;
            NvFileFormat format = NvFiles.FormatOf(path, ParseFormat(parse.GetValue(FormatOption)));
            string? spc = parse.GetValue(BackupSpcOption);
            if (spc is not null && !Protocol.Diag.SpcRequest.IsValidCode(spc))
            {
                throw new UsageException("--spc takes the 6-digit service programming code, e.g. 000000");
            }

            await using var modem = await JobSupport.OpenAsync(parse, ct).ConfigureAwait(false);
            var device = await DeviceProbe.ReadAsync(modem, ct).ConfigureAwait(false);
            NvBackupFile file;
            using (var progress = new JobConsoleProgress("nv"))
            {
                file = await new NvJob(modem).BackupAsync((ushort)last, device.Identity, progress, ct, spc, itemFiles: true).ConfigureAwait(false);
            }

            string full = Path.GetFullPath(path);
            await NvFiles.SaveAsync(file, full, format, device.Identity.Revision ?? "", ct).ConfigureAwait(false);
            TransportReport.Log(modem.Diag.Stats);
            var notSaved = file.NotSaved ?? [];
            var unreadable = file.Unreadable ?? [];
            var err = parse.InvocationConfiguration.Error;
            foreach (int id in notSaved)
            {
                await err.WriteLineAsync($"ztediag: warning: NV {id} {Protocol.Diag.NvItems.Name((ushort)id)} NOT saved: the modem wants the SPC (give --spc CODE)").ConfigureAwait(false);
            }

            if (parse.GetValue(GlobalOptions.Json))
            {
                await parse.InvocationConfiguration.Output.WriteLineAsync(JsonSerializer.Serialize(new
                {
                    file = full,
                    format = format.ToString().ToLowerInvariant(),
                    items = file.Items.Count,
                    item_files = file.ItemFiles?.Count ?? 0,
                    not_saved = notSaved.Select(i => new { id = i, name = Protocol.Diag.NvItems.Name((ushort)i), reason = "needs the SPC" }),
                    unreadable_by_design = unreadable.Select(i => new { id = i, name = Protocol.Diag.NvItems.Name((ushort)i) }),
                    warnings = notSaved.Select(i => $"NV {i} not saved: needs the SPC"),
                    transport = TransportReport.Json(modem.Diag.Stats),
                }, CliJson.Options)).ConfigureAwait(false);
            }
            else
            {
                var o = parse.InvocationConfiguration.Output;
                await o.WriteLineAsync($"{file.Items.Count} NV items and {file.ItemFiles?.Count ?? 0} item files written to {full} ({format.ToString().ToUpperInvariant()})").ConfigureAwait(false);
                if (unreadable.Count > 0)
                {
                    await o.WriteLineAsync($"Unreadable by design (stock firmware never lets DIAG read them): {string.Join(", ", unreadable.Select(i => $"{i} {Protocol.Diag.NvItems.Name((ushort)i)}"))}").ConfigureAwait(false);
                }

                if (notSaved.Count > 0)
                {
                    await o.WriteLineAsync($"NOT saved ({notSaved.Count}, need the SPC): {string.Join(", ", notSaved)}").ConfigureAwait(false);
                }
            }

            return notSaved.Count > 0 ? ExitCodes.DeviceRefused : ExitCodes.Ok;
        });
        return cmd;
    }

    internal static NvFileFormat? ParseFormat(string? text) => text?.ToLowerInvariant() switch
    {
        null => null,
        "qcn" => NvFileFormat.Qcn,
        "xqcn" => NvFileFormat.Xqcn,
        "json" => NvFileFormat.Json,
        _ => throw new UsageException($"--format takes qcn, xqcn or json, not '{text}'"),
    };

    internal static async Task<NvBackupFile> LoadOrRefuseAsync(string path, CancellationToken ct, string consequence = "; nothing was written")
    {
        try
        {
            return NvArchiveFile.IsArchive(path) ? await NvArchiveFile.LoadAsync(path, ct).ConfigureAwait(false) : NvFiles.Load(path);
        }
        catch (NvFileException ex)
        {
            throw new UsageException(ex.Message + consequence);
        }
    }

    public static Command BuildRestore()
    {
        var cmd = new Command("restore",
            "Write the NV items of FILE (.qcn, .xqcn, JSON, or the NV part of a `backup --nv` .tar.gz) that differ from the modem, reading each back. A hostile or damaged FILE is refused\n" +
            "(exit 2) before the modem is touched. The plan sorts every item: changed, unchanged, not active on the modem (written), needs the SPC (written\n" +
            "after it, not compared), unreadable by design and unwritable (both skipped: an old value DIAG cannot read cannot be kept). --only ID… restricts it to those items\n" +
            "SAFETY: NV writes are the most dangerous thing this tool does (calibration, IMEI). Needs a verified backup of\n" +
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
        cmd.Options.Add(RestoreImeiOption);
        cmd.Options.Add(OnlyOption);
        JobSupport.AddGuardOptions(cmd);
        cmd.SetAction((parse, ct) => parse.GetResult(ResumeOption) is not null ? ResumeAsync(parse, ct) : RestoreAsync(parse, ct));
        return cmd;
    }

    private static async Task<int> RestoreAsync(ParseResult parse, CancellationToken ct)
    {
        string path = parse.GetValue(FileArgument) ?? throw new UsageException("nv restore needs an NV backup FILE (or --resume)");
        NvBackupFile whole = await LoadOrRefuseAsync(path, ct).ConfigureAwait(false); // a hostile or damaged file is refused before the modem is opened
        NvBackupFile file = whole;
        IReadOnlySet<int>? only = null;
        if (parse.GetValue(OnlyOption) is { Length: > 0 } tokens)
        {
            try
            {
                file = NvItemSelection.Restrict(whole, tokens, path, out var ids);
                only = ids;
            }
            catch (NvSelectionException ex)
            {
                throw new UsageException(ex.Message);
            }
        }

        bool dry = parse.GetValue(JobSupport.DryRunOption);
        JobSupport.RefuseUnconfirmable(parse); // before the modem is opened
        await using var modem = await JobSupport.OpenAsync(parse, ct).ConfigureAwait(false);
        var device = await DeviceProbe.ReadAsync(modem, ct).ConfigureAwait(false);
        NvFileDeviceCheck.Enforce(whole, device, path, parse.GetValue(OtherDeviceOption), parse.GetValue(RestoreImeiOption), only);

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
            NvRestorePlan plan = await job.PlanRestoreAsync(file, ct, options.Spc).ConfigureAwait(false);
            var planned = plan.Changes;
            if (planned.Count == 0)
            {
                await WriteResultAsync(parse, new NvRestoreResult(planned, 0, false, false) { Plan = plan }).ConfigureAwait(false);
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

        if (parse.GetValue(OnlyOption) is { Length: > 0 })
        {
            throw new UsageException("--only is for a fresh restore: a resume writes exactly the items its journal still has pending");
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
                plan = r.Plan is { } p ? Enum.GetValues<NvPlanCategory>().ToDictionary(CategoryWord, p.Count) : null,
                changes = r.Changes.Select(c => new { id = c.Id, name = c.Name, category = CategoryWord(c.Category), old = c.OldHex, @new = c.NewHex }),
                skipped = r.Plan?.Entries.Where(e => e.Category is NvPlanCategory.Unwritable or NvPlanCategory.Unreadable).Select(e => new { id = e.Id, name = e.Name, category = CategoryWord(e.Category), reason = SkipReason(e.Category) }),
            }, CliJson.Options)).ConfigureAwait(false);
            return;
        }

        string summary = r.Changes.Count == 0
            ? "no changes: the modem already holds every item of the file"
            : $"{r.Changes.Count} item(s) differ{(r.DryRun ? " (dry run, nothing written)" : $", {r.Written} written and read back{(r.AlreadyDone > 0 ? $", {r.AlreadyDone} already written before the cut" : "")}")}";
        await output.WriteLineAsync(summary).ConfigureAwait(false);
        if (r.Plan is { } plan)
        {
            await output.WriteLineAsync(PlanLine(plan)).ConfigureAwait(false);
            foreach (var e in plan.Entries.Where(e => e.Category is NvPlanCategory.Unwritable or NvPlanCategory.Unreadable))
            {
                await output.WriteLineAsync($"  skipped {e.Id} {e.Name}: {SkipReason(e.Category)}").ConfigureAwait(false);
            }
        }

        await WriteChangesAsync(output, r.Changes, r.Resumed).ConfigureAwait(false);
        if (r.JournalPath is not null)
        {
            await output.WriteLineAsync($"Journal: {r.JournalPath}").ConfigureAwait(false);
        }
    }

    private static async Task WriteChangesAsync(TextWriter output, IReadOnlyList<NvChange> changes, bool resumed = false)
    {
        // a resume knows only what it writes (the journal), not what the modem held before the first run
        foreach (var c in changes)
        {
            string old = c.OldHex ?? (resumed ? "(not read on resume)" : c.Category switch
            {
                NvPlanCategory.NotActive => "(not active on the modem)",
                NvPlanCategory.NeedsSpc => "(protected: needs the SPC, not compared)",
                _ => "(not read)",
            });
            await output.WriteLineAsync($"  {c.Id} {c.Name}: {old} → {c.NewHex}").ConfigureAwait(false);
        }
    }

    /// <summary>The plan's count per category, in the order a technician reads them.</summary>
    private static string PlanLine(NvRestorePlan p) =>
        $"Plan: {p.Count(NvPlanCategory.Changed)} changed, {p.Count(NvPlanCategory.Unchanged)} unchanged, " +
        $"{p.Count(NvPlanCategory.NotActive)} not active on the modem (written), {p.Count(NvPlanCategory.NeedsSpc)} need the SPC (written after it), " +
        $"{p.Count(NvPlanCategory.Unreadable)} unreadable by design (skipped), {p.Count(NvPlanCategory.Unwritable)} unwritable (skipped)";

    private static string SkipReason(NvPlanCategory c) => c == NvPlanCategory.Unwritable
        ? "unwritable (stock firmware refuses every write of it)"
        : "unreadable by design (DIAG cannot read its old value, so no backup could keep it)";

    private static string CategoryWord(NvPlanCategory c) => c switch
    {
        NvPlanCategory.NotActive => "not_active",
        NvPlanCategory.NeedsSpc => "needs_spc",
        _ => c.ToString().ToLowerInvariant(),
    };
}
