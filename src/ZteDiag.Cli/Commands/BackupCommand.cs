using ZteDiag.Device.Diag;
using System.CommandLine;
using System.Text.Json;
using ZteDiag.Workbench.Archive;
using ZteDiag.Workbench.Backup;
using ZteDiag.Workbench.Local;
using ZteDiag.Workbench.Nv;
using ZteDiag.Workbench.Safety;
using ZteDiag.Workbench.Verify;

namespace ZteDiag.Cli.Commands;

/// <summary>`ztediag backup` and `ztediag verify`.</summary>
internal static class BackupCommand
{
    private static readonly Option<string?> OutputOption = new("--output", "-o") { Description = "archive path or directory (default: <model>-<revision>-<yyyyMMdd-HHmmss>.tar.gz in the current directory); '-' streams the verified archive to standard output; an existing path must be a regular file (with --overwrite)" };
    private static readonly Option<string> PathOption = new("--path") { Description = "back up only this EFS subtree", DefaultValueFactory = _ => "/" };
    private static readonly Option<bool> NvOption = new("--nv") { Description = $"also store the NV image (ids 0..{NvJob.DefaultLastItem} plus the known backup set, status ≠ not active, and the EFS item files under /nv/item_files) as nv.qcn (QPST's QCN) and nv.json" };
    private static readonly Option<int> NvLastOption = new("--nv-last") { Description = "last NV id of the scan range", DefaultValueFactory = _ => NvJob.DefaultLastItem };
    private static readonly Option<string?> SpcOption = new("--spc")
    {
        Description = "with --nv: the service programming code, so SPC-protected items (IMEI 550, 85…) are saved too; asked on a terminal when not given",
    };
    private static readonly Option<bool> OverwriteOption = new("--overwrite") { Description = "replace an existing archive (a regular file only; FIFOs and devices are refused)" };
    private static readonly Argument<string> FileArgument = new("FILE") { Description = "backup archive (.tar.gz) or folder" };
    private static readonly Option<string?> VerifySpcOption = new("--spc") { Description = "with --against-device: send this SPC so that the SPC-protected NV items of a `backup --nv` archive are compared too" };
    private static readonly Option<bool> AgainstDeviceOption = new("--against-device") { Description = "also compare with the connected modem: missing, extra and changed entries" };

    public static Command BuildBackup()
    {
        var cmd = new Command("backup",
            "Back up the whole EFS (or --path) into a .tar.gz with manifest.json (device identity, per-entry kind, mode,\n" +
            "size, SHA-256), verify it, and remember it in $XDG_STATE_HOME/ztediag/backups.json.\n" +
            "Entries the modem refuses to read are recorded as unreadable and listed; exit 1 then.\n" +
            "With --nv the archive also holds the NV image twice over: nv.qcn (QPST's QCN, NV items and /nv/item_files, as `nv backup -o x.qcn`)\n" +
            "and nv.json (the same items as JSON); both are listed in the manifest with size and SHA-256.\n" +
            "NV items the modem protects by SPC are saved only with the SPC (--spc CODE, or asked on a terminal);\n" +
            "without it each is listed as NOT saved (stderr and JSON) and the exit code is 1.\n" +
            "backup --all [-o DIR]: every plugged stick in parallel, each into DIR/<model>-<revision>-<stick>-<time>.tar.gz\n" +
            "(<stick> = its name in `ztediag ports`); a summary table; exit code = number of sticks that failed.");
        cmd.Options.Add(OutputOption);
        cmd.Options.Add(PathOption);
        cmd.Options.Add(NvOption);
        cmd.Options.Add(NvLastOption);
        cmd.Options.Add(SpcOption);
        cmd.Options.Add(OverwriteOption);
        cmd.Options.Add(FleetCommands.AllOption);
        cmd.SetAction(RunBackupAsync);
        return cmd;
    }

    public static Command BuildVerify()
    {
        var cmd = new Command("verify",
            "Check a backup archive against its manifest (sizes, SHA-256, structure); with --against-device also\n" +
            "compare it with the modem. The NV part of a `backup --nv` archive is read and counted (nv.qcn must be a readable QCN holding\n" +
            "the same items and item files as nv.json; archives from before nv.qcn carry nv.json only), and with --against-device compared\n" +
            "item by item with the modem's NV (as `nv diff --against-device`; --spc for the protected items). Exit 0 when there is no difference, 1 when there are differences.\n" +
            "verify --all [DIR]: every plugged stick against its newest *-<stick>-*.tar.gz in DIR; exit code = sticks that failed.");
        FileArgument.Arity = ArgumentArity.ZeroOrOne;
        cmd.Arguments.Add(FileArgument);
        cmd.Options.Add(AgainstDeviceOption);
        cmd.Options.Add(VerifySpcOption);
        cmd.Options.Add(FleetCommands.AllOption);
        cmd.SetAction(RunVerifyAsync);
        return cmd;
    }

    private static async Task<int> RunBackupAsync(ParseResult parse, CancellationToken ct)
    {
        int nvLast = parse.GetValue(NvLastOption);
        if (nvLast is < 0 or > ushort.MaxValue)
        {
            throw new UsageException("--nv-last must be 0..65535");
        }

        string root = Efs.EfsVerbs.RemotePath(parse.GetValue(PathOption)!); // absolute, as for every efs verb
        if (parse.GetValue(FleetCommands.AllOption))
        {
            return await FleetCommands.BackupAllAsync(parse, parse.GetValue(OutputOption), _ => new BackupPlan
            {
                Root = root,
                IncludeNv = parse.GetValue(NvOption),
                NvLastItem = (ushort)nvLast,
                Overwrite = parse.GetValue(OverwriteOption),
                Registry = new BackupRegistry(BackupRegistry.DefaultPath),
            }, ct).ConfigureAwait(false);
        }

        string? outputPath = parse.GetValue(OutputOption);
        bool overwrite = parse.GetValue(OverwriteOption);
        bool toStdout = outputPath == "-";
        if (!toStdout && outputPath is not null && !Directory.Exists(outputPath))
        {
            LocalPaths.CheckOutput(outputPath, overwrite, "--overwrite"); // before the modem is opened
        }

        // `-o -`: the archive is built and verified in a private temp folder, then streamed to stdout
        string? staging = toStdout ? Directory.CreateTempSubdirectory("ztediag-backup-").FullName : null;
        try
        {
            return await BackupAsync(parse, nvLast, root, staging is null ? outputPath : Path.Combine(staging, "backup.tar.gz"), overwrite, ct).ConfigureAwait(false);
        }
        finally
        {
            if (staging is not null)
            {
                Directory.Delete(staging, recursive: true);
            }
        }
    }

    private static async Task<int> BackupAsync(ParseResult parse, int nvLast, string root, string? outputPath, bool overwrite, CancellationToken ct)
    {
        bool toStdout = parse.GetValue(OutputOption) == "-";
        var output = toStdout ? parse.InvocationConfiguration.Error : parse.InvocationConfiguration.Output; // stdout carries the archive
        string? spc = NvSpc(parse);
        await using var modem = await JobSupport.OpenAsync(parse, ct).ConfigureAwait(false);
        BackupResult r;
        using (var progress = new JobConsoleProgress("backup"))
        {
            r = await new BackupJob(modem).RunAsync(new BackupPlan
            {
                OutputPath = outputPath,
                Root = root,
                IncludeNv = parse.GetValue(NvOption),
                NvLastItem = (ushort)nvLast,
                NvSpc = spc,
                Overwrite = overwrite,
                Registry = toStdout ? null : new BackupRegistry(BackupRegistry.DefaultPath),
            }, progress, ct).ConfigureAwait(false);
        }

        if (toStdout && r.Verification.IsValid)
        {
            await StreamToStdoutAsync(parse, r.ArchivePath, ct).ConfigureAwait(false);
        }

        var v = r.Verification;
        DiagSessionStats transport = modem.Diag.Stats;
        TransportReport.Log(transport);
        if (parse.GetValue(GlobalOptions.Json))
        {
            await output.WriteLineAsync(JsonSerializer.Serialize(new
            {
                path = r.ArchivePath,
                verified = v.IsValid,
                files = v.Files,
                item_files = v.ItemFiles,
                directories = v.Directories,
                symlinks = v.Symlinks,
                unreadable = r.Unreadable.Select(u => new { path = u.Path, reason = u.Reason }),
                nv_items = r.NvItems,
                bytes = r.ContentBytes,
                seconds = r.Elapsed.TotalSeconds,
                problems = v.Problems.Select(p => p.Message),
                warnings = r.Warnings,
                refused_names = r.RefusedNames.Select(n => new { directory = n.Directory, name = n.Name, reason = n.Reason }),
                nv_not_saved = r.NvNotSaved.Select(id => new { id, name = Protocol.Diag.NvItems.Name((ushort)id), reason = "the modem wants the SPC" }),
                transport = TransportReport.Json(transport),
            }, CliJson.Options)).ConfigureAwait(false);
        }
        else
        {
            foreach (string w in r.Warnings)
            {
                await output.WriteLineAsync("warning: " + w).ConfigureAwait(false);
            }

            await output.WriteLineAsync($"backup {r.ArchivePath}").ConfigureAwait(false);
            await output.WriteLineAsync($"  {v.Files} files, {v.ItemFiles} item files, {v.Directories} directories, {v.Symlinks} symlinks, " +
                $"{ConsoleProgress.Human(r.ContentBytes)} in {r.Elapsed.TotalSeconds:0.0} s{(r.NvItems > 0 ? $", {r.NvItems} NV items" : "")}").ConfigureAwait(false);
            foreach (var u in r.Unreadable)
            {
                await output.WriteLineAsync($"  UNREADABLE {u.Path} ({u.Reason}) — recorded in the manifest, no content stored").ConfigureAwait(false);
            }

            foreach (var n in r.RefusedNames)
            {
                await output.WriteLineAsync($"  REFUSED NAME '{EfsNameRule.Printable(n.Name)}' in {EfsNameRule.Printable(n.Directory)} ({n.Reason}) — recorded in the manifest, nothing stored").ConfigureAwait(false);
            }

            await output.WriteLineAsync(v.IsValid ? "  verified: archive matches its manifest" : $"  VERIFY FAILED: {v.Problems.Count} problem(s)").ConfigureAwait(false);
            foreach (var p in v.Problems.Take(20))
            {
                await output.WriteLineAsync("    " + p.Message).ConfigureAwait(false);
            }
        }

        if (r.Unreadable.Count > 0)
        {
            // stdout may be a pipe to jq or a log; the refusal behind exit 1 must also reach the terminal
            await parse.InvocationConfiguration.Error.WriteLineAsync(
                $"ztediag: the modem refused to read {r.Unreadable.Count} entr{(r.Unreadable.Count == 1 ? "y" : "ies")} " +
                $"(recorded as unreadable, no content stored): {string.Join(", ", r.Unreadable.Take(10).Select(u => $"{u.Path} ({u.Reason})"))}" +
                (r.Unreadable.Count > 10 ? ", …" : "")).ConfigureAwait(false);
        }

        if (r.RefusedNames.Count > 0)
        {
            // a name the archive cannot hold (or that would name another path): still exit 1, the archive is not the whole tree
            await parse.InvocationConfiguration.Error.WriteLineAsync(
                $"ztediag: the backup left out {r.RefusedNames.Count} name{(r.RefusedNames.Count == 1 ? "" : "s")} the modem listed (recorded in the manifest): " +
                string.Join(", ", r.RefusedNames.Take(10).Select(n => $"'{EfsNameRule.Printable(n.Name)}' in {EfsNameRule.Printable(n.Directory)} ({n.Reason})")) +
                (r.RefusedNames.Count > 10 ? ", …" : "")).ConfigureAwait(false);
        }

        foreach (int id in r.NvNotSaved)
        {
            await parse.InvocationConfiguration.Error.WriteLineAsync(
                $"ztediag: warning: NV {id} {Protocol.Diag.NvItems.Name((ushort)id)} NOT saved: the modem wants the SPC (give --spc CODE)").ConfigureAwait(false);
        }

        return !v.IsValid || r.Unreadable.Count > 0 || r.NvNotSaved.Count > 0 || r.RefusedNames.Count > 0 ? ExitCodes.DeviceRefused : ExitCodes.Ok;
    }

    /// <summary>--spc, checked; with --nv on a terminal and no --spc, asked for (Enter skips the protected items).</summary>
    private static string? NvSpc(ParseResult parse)
    {
        string? spc = parse.GetValue(SpcOption);
        if (spc is not null && !parse.GetValue(NvOption))
        {
            throw new UsageException("--spc is for the NV items of --nv: add --nv, or leave --spc out");
        }

        if (spc is null && parse.GetValue(NvOption) && Confirmation.CanAsk)
        {
            TextWriter prompt = parse.InvocationConfiguration.Error;
            prompt.Write("SPC (6 digits) to save the SPC-protected NV items too, Enter to leave them out: ");
            prompt.Flush();
            spc = Console.In.ReadLine()?.Trim() is { Length: > 0 } typed ? typed : null;
        }

        if (spc is not null && !Protocol.Diag.SpcRequest.IsValidCode(spc))
        {
            throw new UsageException("--spc takes the 6-digit service programming code, e.g. 000000");
        }

        return spc;
    }

    private static async Task<int> RunVerifyAsync(ParseResult parse, CancellationToken ct)
    {
        if (parse.GetValue(FleetCommands.AllOption))
        {
            return await FleetCommands.VerifyAllAsync(parse, parse.GetValue(FileArgument), ct).ConfigureAwait(false);
        }

        string file = parse.GetValue(FileArgument) ?? throw new UsageException("verify needs FILE (or --all [DIR] to check every stick against its newest archive in DIR)");
        var output = parse.InvocationConfiguration.Output;
        bool json = parse.GetValue(GlobalOptions.Json);
        if (!parse.GetValue(AgainstDeviceOption))
        {
            var v = await VerifyJob.VerifyArchiveAsync(file, ct).ConfigureAwait(false);
            var (nvItems, nvProblem) = v.IsValid && v.Manifest!.NvItems ? await ReadNvPartAsync(v.Path, ct).ConfigureAwait(false) : (null, null);
            bool valid = v.IsValid && nvProblem is null;
            var problems = v.Problems.Select(p => p.Message).Concat(nvProblem is null ? [] : [nvProblem]).ToList();
            int leftOut = v.Manifest?.RefusedNames?.Count ?? 0; // names the backup could not hold: not part of the archive
            if (json)
            {
                await output.WriteLineAsync(JsonSerializer.Serialize(new { path = v.Path, valid, problems, files = v.Files, item_files = v.ItemFiles, directories = v.Directories, symlinks = v.Symlinks, unreadable = v.Unreadable, left_out = leftOut, bytes = v.TotalBytes, nv_items = nvItems, nv_files = NvFilesOf(v.Manifest) }, CliJson.Options)).ConfigureAwait(false);
            }
            else
            {
                string nv = nvItems is int n ? $", {n} NV items ({string.Join(" + ", NvFilesOf(v.Manifest))})" : "";
                await output.WriteLineAsync($"{v.Path}: {(valid ? "OK" : "BAD")} — {v.Files} files, {v.ItemFiles} item files, {v.Directories} directories, {v.Symlinks} symlinks, {v.Unreadable} unreadable, " +
                    $"{(leftOut > 0 ? $"{leftOut} listed names left out, " : "")}{ConsoleProgress.Human(v.TotalBytes)}{nv}").ConfigureAwait(false);
                foreach (string p in problems)
                {
                    await output.WriteLineAsync("  " + p).ConfigureAwait(false);
                }
            }

            return valid ? ExitCodes.Ok : ExitCodes.DeviceRefused;
        }

        string? spc = parse.GetValue(VerifySpcOption);
        if (spc is not null && !Protocol.Diag.SpcRequest.IsValidCode(spc))
        {
            throw new UsageException("--spc takes the 6-digit service programming code, e.g. 000000");
        }

        await using var modem = await JobSupport.OpenAsync(parse, ct).ConfigureAwait(false);
        DeviceComparison c;
        NvImageDiffResult? nvDiff;
        using (var progress = new JobConsoleProgress("verify"))
        {
            c = await new VerifyJob(modem).AgainstDeviceAsync(file, progress, ct).ConfigureAwait(false);
            try
            {
                nvDiff = await new VerifyJob(modem).NvAgainstDeviceAsync(file, spc, progress, ct).ConfigureAwait(false);
            }
            catch (NvFileException ex)
            {
                throw new SafetyException($"the archive's NV part cannot be read ({ex.Message}); not comparing it with the device");
            }
        }

        if (json)
        {
            await output.WriteLineAsync(JsonSerializer.Serialize(new
            {
                path = c.Archive.Path,
                compared = c.Compared,
                differences = c.Differences.Select(d => new { path = d.Path, kind = d.Kind.ToString().ToLowerInvariant(), detail = d.Detail }),
                nv = nvDiff is null ? null : new
                {
                    same = nvDiff.SameItems,
                    equal = nvDiff.AreEqual,
                    differences = nvDiff.Items.Select(d => new { id = d.Id, name = d.Name, kind = NvWord(d.Kind).Replace(' ', '_'), reason = d.Reason })
                        .Concat(nvDiff.ItemFiles.Select(f => new { id = -1, name = f.Path, kind = NvWord(f.Kind).Replace(' ', '_'), reason = (string?)"item file" })),
                },
            }, CliJson.Options)).ConfigureAwait(false);
        }
        else
        {
            await output.WriteLineAsync($"{c.Archive.Path}: archive OK; compared {c.Compared} entries with the device: {c.Differences.Count} difference(s)").ConfigureAwait(false);
            foreach (var d in c.Differences)
            {
                await output.WriteLineAsync($"  {d.Kind.ToString().ToLowerInvariant(),-8} {d.Path}  {d.Detail}").ConfigureAwait(false);
            }

            if (nvDiff is not null)
            {
                int n = nvDiff.Items.Count + nvDiff.ItemFiles.Count;
                await output.WriteLineAsync($"NV items: {nvDiff.SameItems} same as on the device, {n} difference(s)").ConfigureAwait(false);
                foreach (var d in nvDiff.Items)
                {
                    await output.WriteLineAsync($"  nv {NvWord(d.Kind),-14} {d.Id} {d.Name}{(d.Reason is null ? "" : $"  ({d.Reason})")}").ConfigureAwait(false);
                }

                foreach (var f in nvDiff.ItemFiles)
                {
                    await output.WriteLineAsync($"  nv {NvWord(f.Kind),-14} item file {f.Path}").ConfigureAwait(false);
                }
            }
        }

        return c.Differences.Count == 0 && nvDiff?.AreEqual != false ? ExitCodes.Ok : ExitCodes.DeviceRefused;
    }

    /// <summary>The NV files an archive holds (nv.qcn, nv.json), empty without NV items.</summary>
    private static string[] NvFilesOf(Workbench.Archive.BackupManifest? m) =>
        m is null ? [] : [.. (m.NvQcn is null ? Array.Empty<string>() : ["nv.qcn"]).Concat(m.Nv is null ? [] : ["nv.json"])];

    /// <summary>The item count of the archive's NV part (nv.qcn preferred, checked against nv.json), or the reason it cannot be read.</summary>
    private static async Task<(int? Items, string? Problem)> ReadNvPartAsync(string path, CancellationToken ct)
    {
        try
        {
            return ((await NvArchiveFile.LoadAsync(path, ct).ConfigureAwait(false)).Items.Count, null);
        }
        catch (NvFileException ex)
        {
            return (null, ex.Message);
        }
    }

    /// <summary>An NV difference in the words of the archive's side: "in backup only" is what the device lost.</summary>
    private static string NvWord(NvDiffKind k) => k switch
    {
        NvDiffKind.OnlyInA => "missing",
        NvDiffKind.OnlyInB => "extra",
        NvDiffKind.Differs => "changed",
        _ => "not compared",
    };

    /// <summary>Copies the verified archive to standard output (in-process callers get it through their writer as Latin-1).</summary>
    private static async Task StreamToStdoutAsync(ParseResult parse, string archive, CancellationToken ct)
    {
        TextWriter stdout = parse.InvocationConfiguration.Output;
        await stdout.FlushAsync(ct).ConfigureAwait(false);
        await using var file = new FileStream(archive, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024, useAsync: true);
        if (ReferenceEquals(stdout, Console.Out))
        {
            await using Stream raw = Console.OpenStandardOutput();
            await file.CopyToAsync(raw, ct).ConfigureAwait(false);
            await raw.FlushAsync(ct).ConfigureAwait(false);
        }
        else
        {
            using var ms = new MemoryStream();
            await file.CopyToAsync(ms, ct).ConfigureAwait(false);
            await stdout.WriteAsync(System.Text.Encoding.Latin1.GetString(ms.ToArray())).ConfigureAwait(false);
        }
    }
}
