using ZteDiag.Device.Diag;
using System.CommandLine;
using System.Text.Json;
using ZteDiag.Workbench.Archive;
using ZteDiag.Workbench.Connection;
using ZteDiag.Workbench.Jobs;
using ZteDiag.Workbench.Nv;
using ZteDiag.Workbench.Restore;
using ZteDiag.Workbench.Safety;

namespace ZteDiag.Cli.Commands;

/// <summary>`ztediag restore FILE` / `ztediag restore --resume [JOURNAL]`.</summary>
internal static class RestoreCommand
{
    private static readonly Argument<string?> FileArgument = new("FILE")
    {
        Description = "backup to restore: a ZteDiag .tar.gz or a plain folder (QPST \"Copy from Phone\")",
        Arity = ArgumentArity.ZeroOrOne,
    };

    private static readonly Option<bool> DryRunOption = new("--dry-run") { Description = "show the plan and stop; nothing is written" };
    private static readonly Option<string[]> OnlyOption = new("--only")
    {
        Description = "restore only these EFS paths (and what is below them)",
        AllowMultipleArgumentsPerToken = true,
    };

    private static readonly Option<bool> DeleteExtraOption = new("--delete-extra") { Description = "delete device entries below the backup's tree that the backup does not have" };
    private static readonly Option<bool> YesOption = new("--yes", "-y") { Description = "do not ask for confirmation (needed when stdin is not a terminal)" };
    private static readonly Option<bool> OtherDeviceOption = new("--other-device")
    {
        Description = "restore a backup whose IMEI differs from the modem's or cannot be matched to it (cloning a configuration); still asks for confirmation",
    };
    private static readonly Option<string?> ResumeOption = new("--resume")
    {
        Description = "continue a cut restore: the latest unfinished journal, or the JOURNAL given",
        Arity = ArgumentArity.ZeroOrOne,
    };

    private static readonly Option<string?> JournalDirOption = new("--journal-dir") { Description = "where journals and safety backups live (default $XDG_STATE_HOME/ztediag/restore; the NV part's in $XDG_STATE_HOME/ztediag/nv-restore, or DIR/nv)" };

    private static readonly Option<bool> NvOption = new("--nv")
    {
        Description = "also restore the backup's NV items (made with `backup --nv`; read from its nv.qcn, or nv.json in older archives) through the NV restore: after the files, each item that differs is written and read back, " +
            "after a verified safety backup of the old values; `ztediag nv restore --resume` finishes a cut NV part",
    };

    private static readonly Option<string> SpcOption = new("--spc") { Description = "with --nv: service programming code, sent only when the modem asks for it (BAD_SPC_MODE)", DefaultValueFactory = _ => "000000" };

    public static Command Build()
    {
        var cmd = new Command("restore",
            "Restore the EFS from a backup. Shows the plan (create / replace / mode / delete / unchanged) first;\n" +
            "then takes a verified safety backup of everything it will touch, writes each file under a temporary\n" +
            "name, reads it back, and renames it over the original (item files by PUT), keeping a journal.\n" +
            "After an unplug or power loss, `ztediag restore --resume` converges to the planned state.\n" +
            "Archives are validated in full before the modem is touched; a rejected one exits with 2.\n" +
            "The backup's salted IMEI hash is compared with the modem's IMEI first: a backup of another modem is\n" +
            "refused (exit 1) unless --other-device, and so is a backup or modem with no IMEI while the other has one;\n" +
            "when neither has an IMEI the plan says so and asks.\n" +
            "--nv restores the NV items of a `backup --nv` archive too (SAFETY: NV writes are the most dangerous thing this tool does): the plan\n" +
            "counts them by category (see `nv restore`), and a backup of another device's NV items is refused whatever the options.");
        cmd.Arguments.Add(FileArgument);
        cmd.Options.Add(DryRunOption);
        cmd.Options.Add(OnlyOption);
        cmd.Options.Add(DeleteExtraOption);
        cmd.Options.Add(YesOption);
        cmd.Options.Add(OtherDeviceOption);
        cmd.Options.Add(ResumeOption);
        cmd.Options.Add(JournalDirOption);
        cmd.Options.Add(NvOption);
        cmd.Options.Add(SpcOption);
        cmd.SetAction(RunAsync);
        return cmd;
    }

    private static async Task<int> RunAsync(ParseResult parse, CancellationToken ct)
    {
        TextWriter output = parse.InvocationConfiguration.Output;
        bool json = parse.GetValue(GlobalOptions.Json);
        string? file = parse.GetValue(FileArgument);
        bool resume = parse.GetResult(ResumeOption) is not null;
        string journalDir = parse.GetValue(JournalDirOption) ?? RestoreJournalStore.DefaultDirectory;
        string[] only = parse.GetValue(OnlyOption) ?? [];
        IReadOnlyList<string> normalizedOnly;
        try
        {
            normalizedOnly = RestorePlanner.NormalizeOnly(only);
        }
        catch (ArgumentException ex)
        {
            throw new UsageException(ex.Message);
        }

        var options = new RestoreOptions
        {
            Only = normalizedOnly,
            DeleteExtra = parse.GetValue(DeleteExtraOption),
            JournalDirectory = journalDir,
            AllowOtherDevice = parse.GetValue(OtherDeviceOption),
        };
        if (resume)
        {
            if (file is not null)
            {
                throw new UsageException("give either FILE or --resume, not both");
            }

            if (parse.GetValue(NvOption))
            {
                throw new UsageException("restore --resume continues the files; a cut NV part continues with `ztediag nv restore --resume`");
            }

            return await ResumeAsync(parse, output, json, parse.GetValue(ResumeOption), options, ct).ConfigureAwait(false);
        }

        if (file is null)
        {
            throw new UsageException("restore needs a backup FILE (or --resume)");
        }

        bool dryRun = parse.GetValue(DryRunOption);
        bool yes = parse.GetValue(YesOption);
        RefuseUnconfirmable(dryRun, yes); // SAFETY.md: refused before the modem is opened

        // untrusted input: validate all of it before the modem is even opened
        BackupSource source = await BackupSource.OpenAsync(file, ct: ct).ConfigureAwait(false);
        NvBackupFile? nvFile = parse.GetValue(NvOption) ? await RequireNvPartAsync(source, file, ct).ConfigureAwait(false) : null;
        await using ModemConnection modem = await JobSupport.OpenAsync(parse, ct).ConfigureAwait(false); // --trace too
        await modem.EnsureEfsAsync(ct).ConfigureAwait(false);
        RestoreDeviceCheck device = await RestoreDeviceCheck.ReadAsync(modem, source.Manifest.Device, ct).ConfigureAwait(false);
        RestorePlan plan = await RestorePlanner.PlanAsync(modem.Efs, source, options, null, ct).ConfigureAwait(false);
        NvRestorePlan? nvPlan = null;
        ProbedDevice? probed = null;
        string? nvRefusal = null;
        if (nvFile is not null)
        {
            probed = await DeviceProbe.ReadAsync(modem, ct).ConfigureAwait(false);
            try
            {
                NvFileDeviceCheck.Enforce(nvFile, probed, file, options.AllowOtherDevice);
            }
            catch (SafetyException ex) when (dryRun)
            {
                nvRefusal = ex.Message; // the dry run shows the plan and says a real run would be refused
            }

            nvPlan = await new NvJob(modem).PlanRestoreAsync(nvFile, ct, parse.GetValue(SpcOption)).ConfigureAwait(false);
        }

        bool nothing = plan.IsEmpty && (nvPlan is null || nvPlan.Changes.Count == 0);
        if (!json || dryRun || nothing || !yes) // the plan is what a y/N answer is about
        {
            WritePlan(output, plan, device, json, await NvPartAsync(source, file, nvPlan, ct).ConfigureAwait(false));
        }

        if (dryRun || nothing)
        {
            if (!json && nothing) await output.WriteLineAsync("Nothing to do: the device matches the backup.").ConfigureAwait(false);
            if (!json && nvRefusal is not null) await output.WriteLineAsync($"A real run would be refused for the NV items: {nvRefusal}").ConfigureAwait(false);
            if (!json && dryRun && device.NeedsOtherDevice && !options.AllowOtherDevice)
            {
                await output.WriteLineAsync("A real run would be refused: the backup is not known to belong to this device (add --other-device to restore it here anyway).").ConfigureAwait(false);
            }

            if (!json && dryRun && plan.Blockers.Count > 0 && !plan.IsEmpty)
            {
                await output.WriteLineAsync("A real run would be refused before writing anything (see 'refused' above).").ConfigureAwait(false);
            }

            return ExitCodes.Ok;
        }

        device.Enforce(source.SourcePath, options.AllowOtherDevice); // before asking: a refusal needs no answer
        plan.EnsureApplicable(); // paths over the modem's limits, or not enough free space: refused before the first write
        string question = device.NeedsConfirmation
            ? "The backup is not known to come from this modem. Apply these changes to it anyway? [y/N] "
            : "Apply these changes to the modem? [y/N] ";
        if (!yes && !await ConfirmAsync(output, question, ct).ConfigureAwait(false))
        {
            return ExitCodes.Usage;
        }

        if (device.NeedsConfirmation)
        {
            Serilog.Log.Warning("restoring {Source} although the device check says: {Verdict}", source.SourcePath, device.Verdict);
        }

        RestoreResult? result = null;
        if (!plan.IsEmpty)
        {
            using var bar = new ConsoleProgress("restore", plan.Changes.Where(s => s.Kind is EntryKind.File or EntryKind.ItemFile).Sum(s => s.Size), enabled: !json);
            result = await ResumeHint.RunAsync(
                () => RestoreJob.ApplyAsync(modem.Efs, source, plan, device, options, new Progress<JobProgress>(p => bar.Report(p.Done)), ct),
                parse.InvocationConfiguration.Error,
                "ztediag restore --resume").ConfigureAwait(false);
        }

        NvOutcome? nv = nvPlan is { Changes.Count: > 0 }
            ? await RestoreNvAsync(parse, modem, nvFile!, nvPlan, probed!, file, ct).ConfigureAwait(false)
            : null;
        WriteResult(output, json, result, plan, modem.Diag.Stats, nv);
        return ExitCodes.Ok;
    }

    /// <summary>The archive's NV items, or a usage error (exit 2, before the modem is opened) when it has none or they are damaged.</summary>
    private static async Task<NvBackupFile> RequireNvPartAsync(BackupSource source, string file, CancellationToken ct)
    {
        try
        {
            return await NvArchiveFile.ReadAsync(source, ct).ConfigureAwait(false)
                ?? throw new UsageException($"{file}: this backup holds no NV items (it was made without --nv); nothing was written");
        }
        catch (NvFileException ex)
        {
            throw new UsageException(ex.Message + "; nothing was written");
        }
    }

    /// <summary>The NV part: a verified safety backup of the old values, then the NV restore (journal, read-back after each write).</summary>
    private static async Task<NvOutcome> RestoreNvAsync(ParseResult parse, ModemConnection modem, NvBackupFile nvFile, NvRestorePlan nvPlan, ProbedDevice probed, string file, CancellationToken ct)
    {
        string? custom = parse.GetValue(JournalDirOption);
        string dir = NvRestoreJournalStore.DirectoryFor(custom);
        string safetyPath = NvSafetyBackup.PathIn(dir, DateTimeOffset.UtcNow);
        VerifiedBackup safety = await NvSafetyBackup.WriteAsync(nvPlan, probed.Identity, safetyPath, null, ct).ConfigureAwait(false);
        var options = new NvRestoreOptions
        {
            Spc = parse.GetValue(SpcOption)!,
            SourcePath = file,
            JournalDirectory = dir,
            DeviceImei = probed.Imei,
        };
        NvRestoreResult r = await ResumeHint.RunAsync(
            () => new NvJob(modem).RestoreAsync(nvFile, new SafeEfsWriter(safety), options, null, ct),
            parse.InvocationConfiguration.Error,
            "ztediag nv restore --resume" + (custom is null ? "" : $" --journal-dir {dir}")).ConfigureAwait(false);
        return new NvOutcome(r, safety.ArchivePath);
    }

    private sealed record NvOutcome(NvRestoreResult Result, string SafetyBackupPath);

    private static async Task<int> ResumeAsync(ParseResult parse, TextWriter output, bool json, string? journalPath, RestoreOptions options, CancellationToken ct)
    {
        string dir = options.JournalDirectory!;
        string path = journalPath ?? RestoreJournalStore.FindLatestUnfinished(dir)
            ?? throw new UsageException($"no unfinished restore journal in '{dir}'");
        if (!File.Exists(path))
        {
            throw new UsageException($"no journal at '{path}'");
        }

        RestoreJournal journal = RestoreJournalStore.Load(path);
        if (journal.Phase == RestorePhase.Complete)
        {
            await output.WriteLineAsync($"The restore in '{path}' is already complete.").ConfigureAwait(false);
            return ExitCodes.Ok;
        }

        bool dryRun = parse.GetValue(DryRunOption);
        bool yes = parse.GetValue(YesOption);
        RefuseUnconfirmable(dryRun, yes); // before the modem is opened, like a fresh restore
        var opts = options with { Only = journal.Only, DeleteExtra = journal.DeleteExtra, JournalDirectory = Path.GetDirectoryName(Path.GetFullPath(path)) };
        _ = await RestoreJob.OpenSourceForResumeAsync(journal, opts, ct).ConfigureAwait(false); // validate before device I/O
        if (dryRun || !yes)
        {
            WritePending(output, path, journal, json);
            if (dryRun)
            {
                return ExitCodes.Ok;
            }

            if (!await ConfirmAsync(output, "Resume this restore and write the pending steps to the modem? [y/N] ", ct).ConfigureAwait(false))
            {
                return ExitCodes.Usage;
            }
        }

        await using ModemConnection modem = await JobSupport.OpenAsync(parse, ct).ConfigureAwait(false);
        await modem.EnsureEfsAsync(ct).ConfigureAwait(false);
        ProbedDevice probed = await DeviceProbe.ReadAsync(modem, ct).ConfigureAwait(false);
        RestoreResult result = await ResumeHint.RunAsync(
            () => RestoreJob.ResumeAsync(modem.Efs, path, probed.Imei, opts, null, ct),
            parse.InvocationConfiguration.Error,
            "ztediag restore --resume").ConfigureAwait(false);
        WriteResult(output, json, result, null, modem.Diag.Stats);
        return ExitCodes.Ok;
    }

    /// <summary>A write nobody can confirm (stdin not a terminal, no --yes, no --dry-run) is refused with exit 2.</summary>
    private static void RefuseUnconfirmable(bool dryRun, bool yes)
    {
        if (!dryRun && !yes && !Confirmation.CanAsk)
        {
            throw new UsageException("refusing to write without confirmation: stdin is not a terminal; pass --yes");
        }
    }

    private static async Task<bool> ConfirmAsync(TextWriter output, string question, CancellationToken ct)
    {
        RefuseUnconfirmable(dryRun: false, yes: false);
        await output.WriteAsync(question).ConfigureAwait(false);
        await output.FlushAsync(ct).ConfigureAwait(false);
        string? answer = await Console.In.ReadLineAsync(ct).ConfigureAwait(false);
        bool yes = answer?.Trim().ToUpperInvariant() is "Y" or "YES";
        if (!yes)
        {
            await output.WriteLineAsync("Nothing written.").ConfigureAwait(false);
        }

        return yes;
    }

    /// <summary>What the plan says of the archive's NV items: restore writes files only, and says so.</summary>
    private static async Task<NvPart?> NvPartAsync(BackupSource source, string file, NvRestorePlan? plan, CancellationToken ct)
    {
        try
        {
            return await NvArchiveFile.ReadAsync(source, ct).ConfigureAwait(false) is { } nv
                ? new NvPart(nv.Items.Count, $"ztediag restore {file} --nv", null, plan)
                : null;
        }
        catch (NvFileException ex)
        {
            return new NvPart(0, null, ex.Message, null);
        }
    }

    private sealed record NvPart(int Items, string? Command, string? Problem, NvRestorePlan? Plan)
    {
        public string Line => Problem is not null
            ? $"NV items: not readable in this backup ({Problem}); restore writes files only"
            : Plan is { } p
            ? $"NV items: {Items} in this backup: {p.Count(NvPlanCategory.Changed)} changed, {p.Count(NvPlanCategory.Unchanged)} unchanged, " +
              $"{p.Count(NvPlanCategory.NotActive)} not active on the modem, {p.Count(NvPlanCategory.NeedsSpc)} need the SPC, " +
              $"{p.Count(NvPlanCategory.Unreadable) + p.Count(NvPlanCategory.Unwritable)} skipped (unreadable or unwritable)"
            : $"NV items: {Items} in this backup, not written without --nv; to write those that differ: {Command}";
    }

    private static void WritePlan(TextWriter output, RestorePlan plan, RestoreDeviceCheck device, bool json, NvPart? nv)
    {
        if (json)
        {
            output.WriteLine(JsonSerializer.Serialize(new
            {
                source = plan.SourcePath,
                origin = plan.Origin.ToString().ToLowerInvariant(),
                device = new { match = DeviceWord(device.Match), verdict = device.Verdict },
                summary = Summary(plan),
                refused = plan.Blockers,
                nv = nv is null ? null : new
                {
                    items = nv.Items,
                    restored = nv.Plan is not null,
                    command = nv.Plan is null ? nv.Command : null,
                    problem = nv.Problem,
                    plan = nv.Plan is { } p ? Enum.GetValues<NvPlanCategory>().ToDictionary(NvCategoryWord, p.Count) : null,
                    changes = nv.Plan?.Changes.Select(c => new { id = c.Id, name = c.Name, category = NvCategoryWord(c.Category) }),
                },
                steps = plan.Steps.Select(s => new
                {
                    action = Word(s.Action),
                    path = s.Path,
                    kind = RestorePlanner.Describe(s.Kind).Replace(' ', '_'),
                    size = s.Size,
                    reason = s.Reason,
                }),
            }, CliJson.Options));
            return;
        }

        output.WriteLine($"Restore plan from {plan.SourcePath} ({plan.Origin.ToString().ToLowerInvariant()}):");
        output.WriteLine($"  device: {device.Verdict}");
        foreach (RestoreStep s in plan.Steps.Where(s => s.Action != RestoreAction.Unchanged))
        {
            output.WriteLine($"  {Word(s.Action),-9} {RestorePlanner.Describe(s.Kind),-9} {s.Path}{(s.Reason is null ? "" : "  (" + s.Reason + ")")}");
        }

        var sum = Summary(plan);
        output.WriteLine($"{sum["create"]} create, {sum["replace"]} replace, {sum["mode"]} mode, {sum["delete"]} delete, {sum["skip"]} skip, {sum["unchanged"]} unchanged");
        if (nv is not null)
        {
            output.WriteLine(nv.Line);
            foreach (NvChange c in nv.Plan?.Changes ?? [])
            {
                output.WriteLine($"  nv {NvCategoryWord(c.Category),-10} {c.Id} {c.Name}");
            }
        }

        foreach (string b in plan.Blockers.Take(20))
        {
            output.WriteLine($"  refused: {b}");
        }
    }

    /// <summary>What a resume of <paramref name="journal"/> still has to do (steps not yet done).</summary>
    private static void WritePending(TextWriter output, string journalPath, RestoreJournal journal, bool json)
    {
        var pending = journal.Steps.Where(s => s.State == RestoreStepState.Pending).ToList();
        if (json)
        {
            output.WriteLine(JsonSerializer.Serialize(new
            {
                journal = Path.GetFullPath(journalPath),
                source = journal.SourcePath,
                pending = pending.Select(s => new
                {
                    action = Word(s.Action),
                    path = s.Path,
                    kind = RestorePlanner.Describe(s.Kind).Replace(' ', '_'),
                    size = s.Size,
                }),
            }, CliJson.Options));
            return;
        }

        output.WriteLine($"Unfinished restore {Path.GetFullPath(journalPath)} from {journal.SourcePath}: {pending.Count} step(s) pending");
        foreach (RestoreStep s in pending)
        {
            output.WriteLine($"  {Word(s.Action),-9} {RestorePlanner.Describe(s.Kind),-9} {s.Path}");
        }
    }

    private static Dictionary<string, int> Summary(RestorePlan plan) =>
        Enum.GetValues<RestoreAction>().ToDictionary(Word, plan.Count);

    private static void WriteResult(TextWriter output, bool json, RestoreResult? result, RestorePlan? plan, DiagSessionStats transport, NvOutcome? nv = null)
    {
        TransportReport.Log(transport);
        if (json)
        {
            output.WriteLine(JsonSerializer.Serialize(new
            {
                transport = TransportReport.Json(transport),
                journal = result?.JournalPath,
                safety_backup = result?.SafetyBackupPath,
                applied = result?.Applied ?? 0,
                already_done = result?.AlreadyDone ?? 0,
                summary = plan is null ? null : Summary(plan),
                nv = nv is null ? null : new
                {
                    written = nv.Result.Written,
                    safety_backup = nv.SafetyBackupPath,
                    journal = nv.Result.JournalPath,
                    changes = nv.Result.Changes.Select(c => new { id = c.Id, name = c.Name, category = NvCategoryWord(c.Category) }),
                },
            }, CliJson.Options));
            return;
        }

        if (result is not null)
        {
            output.WriteLine($"Restore complete: {result.Applied} steps applied, {result.AlreadyDone} already in place.");
            output.WriteLine($"Safety backup of what was replaced: {result.SafetyBackupPath}");
            output.WriteLine($"Journal: {result.JournalPath}");
        }

        if (nv is not null)
        {
            output.WriteLine($"NV restore complete: {nv.Result.Written} item(s) written and read back.");
            output.WriteLine($"Safety backup of the NV items' old values: {nv.SafetyBackupPath}");
            output.WriteLine($"NV journal: {nv.Result.JournalPath}");
        }
    }

    private static string NvCategoryWord(NvPlanCategory c) => c switch
    {
        NvPlanCategory.NotActive => "not_active",
        NvPlanCategory.NeedsSpc => "needs_spc",
        _ => c.ToString().ToLowerInvariant(),
    };

    private static string DeviceWord(DeviceMatch m) => m switch
    {
        DeviceMatch.Same => "same",
        DeviceMatch.Different => "different",
        DeviceMatch.BackupHasNoImei => "backup_has_no_imei",
        DeviceMatch.DeviceHasNoImei => "device_has_no_imei",
        _ => "neither_has_imei",
    };

    private static string Word(RestoreAction a) => a switch
    {
        RestoreAction.ModeChange => "mode",
        _ => a.ToString().ToLowerInvariant(),
    };
}
