using System.CommandLine;
using System.Globalization;
using ZteDiag.Workbench.Backup;
using ZteDiag.Workbench.Checklists;

namespace ZteDiag.Cli.Commands;

/// <summary>`ztediag checklist list|show|run|status|reset|report`: guided procedures (reflash, CD off, recovery).</summary>
internal static class ChecklistCommand
{
    private static readonly Option<bool> Yes = new("--yes", "-y")
    {
        Description = "confirm every action that writes to the modem without asking. Manual steps (pull the SIM, run the updater) " +
                      "are NEVER auto-confirmed: a person has to do them, so they are still read from the terminal or stdin",
    };

    private static readonly Option<string?> DeviceKey = new("--state-key") { Description = "run state key (default: derived from the IMEI hash); the stick itself is picked with the global --device" };
    private static readonly Option<string?> BackupDir = new("--backup-dir") { Description = "where backups made by the run go (default ./backups)" };
    private static readonly Option<bool> Demo = new("--demo")
    {
        Description = "the modem is the virtual one (`ztediag emulate`, `tui --demo`): keep its runs in the demo state, apart from real modems' runs",
        Recursive = true,
    };

    private static readonly Option<string?> OutFile = new("-o", "--output") { Description = "write the report to FILE instead of stdout" };

    public static Command Build()
    {
        var cmd = new Command("checklist",
            "Guided procedures on a modem: automatic checks, manual steps you confirm, actions that ask before writing, and waits\n" +
            "for the stick to come back. State is saved after every step; `run` resumes where the last run stopped.\n" +
            "Answers are read from the terminal, or line by line from stdin when it is not a terminal (y = yes, n = skip, q = quit).\n" +
            "A resumed run says so first (\"Resuming run from <date> (step N of M…)\"). `run` exits 0 when the checklist is\n" +
            $"completed, {ExitCodes.ChecklistPaused} when it paused (not done; run it again to resume), 1 when a step failed.\n" +
            "Rehearse on the virtual modem: `ztediag emulate --control PATH` (pull the SIM, unplug, flash) and `--demo` here.\n" +
            "User checklists: " + ChecklistPaths.FromEnvironment().UserChecklistDirectory);

        var list = new Command("list", "List built-in and user checklists");
        list.SetAction(parse =>
        {
            var all = ChecklistLoader.LoadAll(ChecklistPaths.FromEnvironment().UserChecklistDirectory);
            if (parse.GetValue(GlobalOptions.Json))
            {
                parse.InvocationConfiguration.Output.WriteLine(System.Text.Json.JsonSerializer.Serialize(
                    all.Select(c => new { id = c.Id, title = c.Title, devices = c.Devices, origin = c.Origin }), CliJson.Options));
                return ExitCodes.Ok;
            }

            foreach (var c in all)
            {
                parse.InvocationConfiguration.Output.WriteLine($"{c.Id,-24} {c.Title}");
            }

            return ExitCodes.Ok;
        });

        var name = new Argument<string>("NAME") { Description = "checklist id (see `ztediag checklist list`)" };
        var show = new Command("show", "Print a checklist's steps") { name };
        show.SetAction(parse =>
        {
            var c = Find(parse.GetValue(name)!);
            var o = parse.InvocationConfiguration.Output;
            if (parse.GetValue(GlobalOptions.Json))
            {
                o.WriteLine(System.Text.Json.JsonSerializer.Serialize(new
                {
                    id = c.Id, title = c.Title, description = c.Description, devices = c.Devices, origin = c.Origin,
                    steps = c.Steps.Select(s => new
                    {
                        id = s.Id, kind = KindText(s.Kind), optional = s.Optional, title = s.Title, instruction = s.Instruction,
                        warnings = s.Warnings.Select(w => w.Text),
                    }),
                }, CliJson.Options));
                return ExitCodes.Ok;
            }

            o.WriteLine($"{c.Id}: {c.Title}");
            o.WriteLine(c.Description);
            o.WriteLine($"devices: {string.Join(", ", c.Devices)}   (from {c.Origin})");
            for (int i = 0; i < c.Steps.Count; i++)
            {
                var s = c.Steps[i];
                o.WriteLine();
                o.WriteLine($"{i + 1}. [{KindText(s.Kind)}{(s.Optional ? ", optional" : "")}] {s.Title}  ({s.Id})");
                o.WriteLine("   " + s.Instruction);
                foreach (var w in s.Warnings) o.WriteLine($"   WARNING{(w.CommonAdvice ? " (common advice, no documented source)" : "")}: {w.Text}");
                if (s.ExpectedDuration is { } d) o.WriteLine($"   takes {d}");
            }

            return ExitCodes.Ok;
        });

        var run = new Command("run", "Run (or resume) a checklist on the modem") { name, Yes, DeviceKey, BackupDir };
        run.SetAction(async (parse, ct) =>
        {
            var c = Find(parse.GetValue(name)!);
            var o = parse.InvocationConfiguration.Output;
            var device = new ModemChecklistDevice(() => CliConnection.Options(parse), new ModemChecklistDeviceOptions
            {
                BackupDirectory = Path.GetFullPath(parse.GetValue(BackupDir) ?? "backups"),
                Registry = new BackupRegistry(BackupRegistry.DefaultPath), // backups: BackupJob, restore: RestorePlanner + RestoreJob (the defaults)
            });
            var prompter = new ConsolePrompter(Console.In, o, parse.InvocationConfiguration.Error, !Console.IsInputRedirected, parse.GetValue(Yes));
            var runner = new ChecklistRunner(c, device, prompter, Store(parse), TimeProvider.System, new ChecklistRunnerOptions { DeviceKey = parse.GetValue(DeviceKey) });
            ChecklistRunResult r = await runner.RunAsync(ct).ConfigureAwait(false);
            o.WriteLine();
            switch (r.Status)
            {
                case RunStatus.Completed:
                    o.WriteLine($"Checklist {c.Id} completed. Report: ztediag checklist report {c.Id}");
                    return ExitCodes.Ok;
                case RunStatus.Failed:
                    o.WriteLine($"FAILED at {r.StepId}: {r.Message}");
                    if (r.Remedy is not null) o.WriteLine("What to do: " + r.Remedy);
                    o.WriteLine($"Rerun `ztediag checklist run {c.Id}` to retry this step.");
                    return ExitCodes.DeviceRefused;
                default:
                    o.WriteLine(prompter.InputEnded
                        ? $"No more answers on standard input: paused at step {StepNumber(c, r.StepId)} ({r.StepId}); resume with `ztediag checklist run {c.Id}`."
                        : $"Paused at {r.StepId}{(r.Message is null ? "" : ": " + r.Message)}. Resume with `ztediag checklist run {c.Id}`.");
                    return ExitCodes.ChecklistPaused;
            }
        });

        var status = new Command("status", "Saved runs: checklist, device, status, current step");
        status.SetAction(parse =>
        {
            var o = parse.InvocationConfiguration.Output;
            var runs = Store(parse).List();
            if (parse.GetValue(GlobalOptions.Json))
            {
                o.WriteLine(System.Text.Json.JsonSerializer.Serialize(runs.Select(r => new
                {
                    checklist = r.ChecklistId, device = r.DeviceKey, status = r.Status.ToString().ToLowerInvariant(),
                    current_step = r.CurrentStep, started_at = r.StartedAt, updated_at = r.UpdatedAt,
                }), CliJson.Options));
                return ExitCodes.Ok;
            }

            if (runs.Count == 0) o.WriteLine("No checklist runs saved.");
            foreach (var s in runs)
            {
                o.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{s.ChecklistId,-24} {s.DeviceKey,-20} {s.Status,-10} {(s.CurrentStep ?? "-"),-18} updated {s.UpdatedAt:yyyy-MM-dd HH:mm}"));
            }

            return ExitCodes.Ok;
        });

        var reset = new Command("reset", "Forget the saved run(s) of a checklist so it starts from the top") { name, DeviceKey };
        reset.SetAction(parse =>
        {
            var c = Find(parse.GetValue(name)!);
            var store = Store(parse);
            string? key = parse.GetValue(DeviceKey);
            int n = store.List().Where(s => s.ChecklistId == c.Id && (key is null || s.DeviceKey == key)).Count(s => store.Delete(s.DeviceKey, c.Id));
            parse.InvocationConfiguration.Output.WriteLine($"{n} run(s) of {c.Id} reset.");
            return ExitCodes.Ok;
        });

        var report = new Command("report", "Markdown (or --json) report of the latest run of a checklist") { name, DeviceKey, OutFile };
        report.SetAction(parse =>
        {
            var c = Find(parse.GetValue(name)!);
            string? key = parse.GetValue(DeviceKey);
            var state = Store(parse).List().Where(s => s.ChecklistId == c.Id && (key is null || s.DeviceKey == key)).MaxBy(s => s.UpdatedAt)
                ?? throw new UsageException($"no saved run of {c.Id}{(key is null ? "" : " for " + key)}: run it first");
            string text = parse.GetValue(GlobalOptions.Json) ? ChecklistReport.ToJson(c, state) : ChecklistReport.ToMarkdown(c, state);
            if (parse.GetValue(OutFile) is { } file)
            {
                File.WriteAllText(file, text);
                parse.InvocationConfiguration.Output.WriteLine($"report written to {file}");
            }
            else
            {
                parse.InvocationConfiguration.Output.Write(text);
            }

            return ExitCodes.Ok;
        });

        cmd.Options.Add(Demo);
        cmd.Subcommands.Add(list);
        cmd.Subcommands.Add(show);
        cmd.Subcommands.Add(run);
        cmd.Subcommands.Add(status);
        cmd.Subcommands.Add(reset);
        cmd.Subcommands.Add(report);
        return cmd;
    }

    /// <summary>1-based position of step <paramref name="stepId"/>, as `== Step N/M` shows it.</summary>
    private static int StepNumber(ChecklistDefinition c, string? stepId)
    {
        for (int i = 0; i < c.Steps.Count; i++)
        {
            if (c.Steps[i].Id == stepId) return i + 1;
        }

        return 0;
    }

    private static ChecklistStateStore Store(ParseResult parse) => new(parse.GetValue(Demo)
        ? ChecklistPaths.FromEnvironment().DemoStateDirectory
        : ChecklistPaths.FromEnvironment().StateDirectory);

    /// <summary>Loads all checklists (a malformed user file throws <see cref="ChecklistLoadException"/> naming file, line and field: exit 2).</summary>
    private static ChecklistDefinition Find(string id)
    {
        var all = ChecklistLoader.LoadAll(ChecklistPaths.FromEnvironment().UserChecklistDirectory);
        return all.FirstOrDefault(c => c.Id == id)
            ?? throw new UsageException($"no checklist '{id}'; known: {string.Join(", ", all.Select(c => c.Id))}");
    }

    internal static string KindText(StepKind k) => k switch
    {
        StepKind.Manual => "manual",
        StepKind.Check => "check",
        StepKind.Action => "action",
        _ => "wait for device",
    };
}

/// <summary>
/// The checklist on a terminal. Prompts and evidence go to stdout, the countdown to stderr. Answers come from
/// <c>input</c> line by line (a terminal or a script); at the end of input the run pauses (<see cref="PromptAnswer.EndOfInput"/>)
/// and can be resumed. <c>--yes</c> answers action prompts only; manual steps always need an answer.
/// </summary>
internal sealed class ConsolePrompter(TextReader input, TextWriter output, TextWriter error, bool interactive, bool autoConfirmActions) : IChecklistPrompter
{
    private TimeSpan _lastCountdown = TimeSpan.MaxValue;

    /// <summary>True once a question found the input at its end (an empty or exhausted stdin, Ctrl+D).</summary>
    public bool InputEnded { get; private set; }

    public void ShowStep(ChecklistStep step, int index, int count)
    {
        output.WriteLine();
        output.WriteLine($"== Step {index + 1}/{count} [{ChecklistCommand.KindText(step.Kind)}{(step.Optional ? ", optional" : "")}]: {step.Title}");
        output.WriteLine(step.Instruction);
        foreach (var w in step.Warnings) output.WriteLine($"WARNING{(w.CommonAdvice ? " (common advice)" : "")}: {w.Text}");
        if (step.ExpectedDuration is { } d) output.WriteLine($"Usually takes {d}.");
        _lastCountdown = TimeSpan.MaxValue;
    }

    public void ShowResuming(string notice)
    {
        output.WriteLine(char.ToUpperInvariant(notice[0]) + notice[1..] + ".");
        output.Flush();
    }

    public Task<PromptAnswer> ConfirmManualAsync(ChecklistStep step, CancellationToken ct) =>
        AskAsync(step.Optional ? "Done? [y = done, n = skip, q = quit] " : "Done? [y = done, q = quit] ", ct);

    public Task<PromptAnswer> ConfirmActionAsync(ChecklistStep step, string description, CancellationToken ct)
    {
        output.WriteLine("About to: " + description);
        if (autoConfirmActions)
        {
            output.WriteLine("(--yes: confirmed)");
            return Task.FromResult(PromptAnswer.Yes);
        }

        return AskAsync(step.Optional ? "Go ahead? [y/N = skip, q = quit] " : "Go ahead? [y/N, q = quit] ", ct);
    }

    public async Task<string?> AskForFileAsync(ChecklistStep step, string question, CancellationToken ct)
    {
        output.Write(question + ": ");
        output.Flush();
        string? line = await input.ReadLineAsync(ct).ConfigureAwait(false);
        InputEnded |= line is null;
        if (!interactive) output.WriteLine(line ?? "(end of input)");
        return string.IsNullOrWhiteSpace(line) ? null : line.Trim();
    }

    public void ShowEvidence(ChecklistStep step, string title, IReadOnlyList<string> lines)
    {
        output.WriteLine($"  [{title}]");
        foreach (string l in lines) output.WriteLine("    " + l);
    }

    public void ShowCountdown(ChecklistStep step, TimeSpan remaining, string waitingFor)
    {
        // one line per 10 s (every poll on a terminal) so logs stay short
        if (!interactive && _lastCountdown - remaining < TimeSpan.FromSeconds(10) && remaining > TimeSpan.Zero) return;
        _lastCountdown = remaining;
        string text = string.Create(CultureInfo.InvariantCulture, $"waiting for {waitingFor}: {remaining.TotalSeconds:0} s left");
        if (interactive) error.Write("\r" + text + "   ");
        else error.WriteLine(text);
    }

    public void ShowProgress(ChecklistStep step, DeviceJobProgress progress)
    {
        if (interactive) error.Write(("\r  " + string.Create(CultureInfo.InvariantCulture, $"{progress.Done}/{progress.Total} {progress.Path}")).PadRight(72)[..72]);
    }

    public void ShowStepResult(ChecklistStep step, StepRecord record)
    {
        if (interactive) error.WriteLine();
        output.WriteLine($"-> {record.Status}{(record.Message is null ? "" : ": " + record.Message)}");
        if (record.Remedy is not null) output.WriteLine("   What to do: " + record.Remedy);
    }

    private async Task<PromptAnswer> AskAsync(string question, CancellationToken ct)
    {
        while (true)
        {
            output.Write(question);
            output.Flush();
            string? line = await input.ReadLineAsync(ct).ConfigureAwait(false);
            if (!interactive) output.WriteLine(line ?? "(end of input)");
            switch (line?.Trim().ToUpperInvariant())
            {
                case null:
                    InputEnded = true;
                    return PromptAnswer.EndOfInput;
                case "Q" or "QUIT": return PromptAnswer.Quit;
                case "Y" or "YES": return PromptAnswer.Yes;
                case "" or "N" or "NO" or "S" or "SKIP": return PromptAnswer.No;
                default: output.WriteLine("Please answer y, n or q."); break;
            }
        }
    }
}
