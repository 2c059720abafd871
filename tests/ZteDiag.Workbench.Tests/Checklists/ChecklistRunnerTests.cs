using System.Text.Json;
using ZteDiag.Workbench.Checklists;
using ZteDiag.Workbench.Tests.Archive;

namespace ZteDiag.Workbench.Tests.Checklists;

public sealed class ChecklistRunnerTests : IDisposable
{
    private readonly TempDir _tmp = new();
    private readonly ChecklistStateStore _store;
    private static readonly ChecklistRunnerOptions Fast = new() { UserName = "tester", PollInterval = TimeSpan.FromMilliseconds(1) };

    public ChecklistRunnerTests() => _store = new ChecklistStateStore(_tmp.Combine("state"));

    public void Dispose() => _tmp.Dispose();

    private static ChecklistDefinition BuiltIn(string id) => ChecklistLoader.LoadBuiltIn().Single(c => c.Id == id);

    private ChecklistRunner Runner(ChecklistDefinition c, FakeChecklistDevice d, ScriptedPrompter p, ChecklistRunnerOptions? o = null) =>
        new(c, d, p, _store, TimeProvider.System, o ?? Fast);

    /// <summary>The user's side of the Globe procedure: pulls the SIM, runs the updater (profile switch
    /// MF627 MTS → MF626 Globe), unplugs and replugs.</summary>
    private static ScriptedPrompter GlobeUser(FakeChecklistDevice device) => new()
    {
        Manual = step =>
        {
            if (step.Id == "remove-sim") device.SimInserted = false;
            if (step.Id == "run-updater")
            {
                device.Flash("MF626", "BD_P673M3V1.0.1B02", "GLOBE_MF626");
                foreach (bool b in new[] { true, false, false, true }) device.ProbeScript.Enqueue(b); // still there, gone, gone, back
            }
            return PromptAnswer.Yes;
        },
    };

    [Fact]
    public async Task The_globe_unlock_runs_to_the_end_with_the_profile_switch()
    {
        var device = new FakeChecklistDevice();
        ScriptedPrompter user = GlobeUser(device);
        ChecklistDefinition c = BuiltIn("mf627-unlock-globe");

        ChecklistRunResult r = await Runner(c, device, user).RunAsync(TestContext.Current.CancellationToken);

        Assert.Equal(RunStatus.Completed, r.Status);
        Assert.Equal(c.Steps.Select(s => s.Id), user.StepsShown);
        ChecklistRunState s = r.State;
        Assert.Equal(DeviceKeys.FromImei(device.Imei), s.DeviceKey);
        Assert.Equal(("MF627", "BD_MTSP673A4V1.0.0B01"), (s.IdentityBefore!.Model, s.IdentityBefore.Revision));
        Assert.Equal(("MF626", "BD_P673M3V1.0.1B02"), (s.IdentityAfter!.Model, s.IdentityAfter.Revision));
        Assert.Equal("35123406*****23", s.IdentityAfter.ImeiMasked);
        Assert.Equal(["/backups/MF627-1.tar", "/backups/MF626-2.tar"], s.Backups.Select(b => b.Path));
        Assert.All(s.Steps, st => Assert.True(st.IsFinished));
        Assert.Equal(StepStatus.Confirmed, s.Step("remove-sim")!.Status);
        Assert.Equal("tester", s.Step("remove-sim")!.ConfirmedBy);
        Assert.Equal(StepStatus.Passed, s.Step("redetect")!.Status);
        Assert.True(s.Step("redetect")!.UnplugSeen);
        Assert.Equal(StepStatus.Done, s.Step("cd-emulation-off")!.Status);
        Assert.Contains("remove-sim: +CME ERROR: 10", user.Evidence);
        Assert.Contains("cd-emulation-off: Inquiry autorun open state result(0:NO 1:YES):0", user.Evidence);
        Assert.Contains("redetect: Model: MF626", user.Evidence);
        Assert.DoesNotContain("/CD_STARTUP_FLAG", device.Efs);
        Assert.DoesNotContain("/AUTORUN.FLG", device.Efs);
        Assert.NotEmpty(user.Countdowns);
        Assert.NotEmpty(user.Progress);

        ChecklistRunState? saved = _store.Load(s.DeviceKey, c.Id);
        Assert.Equal(RunStatus.Completed, saved!.Status);
        Assert.Empty(Directory.EnumerateFiles(_store.Root, "*.tmp-*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task An_unplug_during_re_detection_resumes_at_that_step_with_a_new_runner()
    {
        var device = new FakeChecklistDevice();
        ScriptedPrompter userA = GlobeUser(device);
        ChecklistDefinition c = BuiltIn("mf627-unlock-globe");
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        // The stick stays away: the user quits (Ctrl-C) while the countdown runs.
        userA.Manual = step =>
        {
            if (step.Id == "remove-sim") device.SimInserted = false;
            if (step.Id == "run-updater")
            {
                device.Flash("MF626", "BD_P673M3V1.0.1B02", "GLOBE_MF626");
                device.Present = false;
            }
            return PromptAnswer.Yes;
        };
        userA.OnCountdown = (_, _) => { if (userA.Countdowns.Count == 3) cts.Cancel(); };

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Runner(c, device, userA).RunAsync(cts.Token));

        ChecklistRunState a = _store.FindLatestUnfinished(c.Id)!;
        Assert.Equal(RunStatus.Paused, a.Status);
        Assert.Equal("redetect", a.CurrentStep);
        Assert.True(a.Step("redetect")!.UnplugSeen);
        Assert.Equal(StepStatus.Confirmed, a.Step("run-updater")!.Status);

        // Later: the stick is back, a fresh process starts the same checklist.
        device.Present = true;
        var userB = new ScriptedPrompter();
        ChecklistRunResult b = await Runner(c, device, userB).RunAsync(TestContext.Current.CancellationToken);

        Assert.Equal(RunStatus.Completed, b.Status);
        Assert.Equal(["redetect", "cd-emulation-off", "cd-startup-flag", "autorun-off", "identity-after", "backup-after"], userB.StepsShown);
        Assert.Equal(2, b.State.Step("redetect")!.Attempts);
        Assert.Equal("MF626", b.State.IdentityAfter!.Model);
    }

    [Fact]
    public async Task A_run_started_while_the_stick_is_away_finds_the_unfinished_run()
    {
        var device = new FakeChecklistDevice();
        ChecklistDefinition c = BuiltIn("mf627-unlock-globe");
        var quitAtUpdater = new ScriptedPrompter
        {
            Manual = step =>
            {
                if (step.Id == "remove-sim") { device.SimInserted = false; return PromptAnswer.Yes; }
                return step.Id == "run-updater" ? PromptAnswer.Quit : PromptAnswer.Yes;
            },
        };
        ChecklistRunResult first = await Runner(c, device, quitAtUpdater).RunAsync(TestContext.Current.CancellationToken);
        Assert.Equal(RunStatus.Paused, first.Status);
        Assert.Equal("run-updater", first.StepId);

        device.Present = false; // the updater has the stick
        var again = new ScriptedPrompter { Manual = _ => PromptAnswer.Quit };
        ChecklistRunResult second = await Runner(c, device, again).RunAsync(TestContext.Current.CancellationToken);

        Assert.Equal(first.State.DeviceKey, second.State.DeviceKey);
        Assert.Equal(["run-updater"], again.StepsShown);
    }

    [Fact]
    public async Task A_failing_check_stops_the_run_with_its_remedy_and_the_rerun_retries_it()
    {
        var device = new FakeChecklistDevice(); // the SIM stays in
        ChecklistDefinition c = BuiltIn("mf627-unlock-globe");
        var user = new ScriptedPrompter();

        ChecklistRunResult r = await Runner(c, device, user).RunAsync(TestContext.Current.CancellationToken);

        Assert.Equal(RunStatus.Failed, r.Status);
        Assert.Equal("remove-sim", r.StepId);
        Assert.Equal(c.Steps[c.IndexOf("remove-sim")].OnFailure, r.Remedy);
        Assert.Contains("+CME ERROR: 10", r.Message, StringComparison.Ordinal);
        Assert.Equal(["identity-before", "backup-before", "remove-sim"], user.StepsShown);
        StepRecord rec = _store.Load(r.State.DeviceKey, c.Id)!.Step("remove-sim")!;
        Assert.Equal(StepStatus.Failed, rec.Status);
        Assert.Contains("+CPIN: READY", rec.Evidence);
        Assert.Equal(r.Remedy, rec.Remedy);

        device.SimInserted = false;
        var user2 = new ScriptedPrompter { Manual = s => s.Id == "run-updater" ? PromptAnswer.Quit : PromptAnswer.Yes };
        ChecklistRunResult r2 = await Runner(c, device, user2).RunAsync(TestContext.Current.CancellationToken);
        Assert.Equal(RunStatus.Paused, r2.Status);
        Assert.Equal(["remove-sim", "prepare-host", "run-updater"], user2.StepsShown);
        Assert.Equal(2, r2.State.Step("remove-sim")!.Attempts);
        Assert.Empty(user.Notices); // a fresh run has nothing to resume
        string notice = Assert.Single(user2.Notices);
        Assert.Matches(@"^resuming run from \d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC \(step 3 of 11: " + System.Text.RegularExpressions.Regex.Escape(c.Steps[2].Title) + @"\), last saved ", notice);
        Assert.Contains(r.State.StartedAt.ToUniversalTime().ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture), notice, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_yes_typed_at_a_path_question_is_not_taken_as_the_file_and_the_question_comes_again()
    {
        var device = new FakeChecklistDevice();
        device.Flash("MF626", "BD_P673M3V1.0.1B02", "GLOBE_MF626");
        string pcui = _tmp.Combine("PCUI.VN");
        await File.WriteAllTextAsync(pcui, "MTS_MF627_BD_MTSP673A4V1.0.0B01", TestContext.Current.CancellationToken);
        var answers = new Queue<string>(["y", _tmp.Combine("no-such.VN"), pcui]);
        var user = new ScriptedPrompter { File = _ => answers.Dequeue(), Manual = _ => PromptAnswer.Quit };

        ChecklistRunResult r = await Runner(BuiltIn("mf627-voice-mts"), device, user).RunAsync(TestContext.Current.CancellationToken);

        Assert.Equal("remove-sim", r.StepId); // the swap went through with the third answer, then the user quit
        Assert.Equal("MTS_MF627_BD_MTSP673A4V1.0.0B01", device.Contents["/PCUI.VN"]);
        Assert.Equal(3, user.FileQuestions.Count);
        Assert.StartsWith("'y' is an answer, not a path", user.FileQuestions[1], StringComparison.Ordinal);
        Assert.StartsWith("file not found: " + _tmp.Combine("no-such.VN"), user.FileQuestions[2], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_stick_that_comes_back_with_the_old_firmware_fails_re_detection()
    {
        var device = new FakeChecklistDevice();
        ChecklistDefinition c = BuiltIn("mf627-unlock-globe");
        var user = new ScriptedPrompter
        {
            Manual = s =>
            {
                device.SimInserted = false;
                if (s.Id == "run-updater") device.ProbeScript.Enqueue(false); // replugged, but no flash happened
                return PromptAnswer.Yes;
            },
        };
        ChecklistRunResult r = await Runner(c, device, user).RunAsync(TestContext.Current.CancellationToken);
        Assert.Equal(RunStatus.Failed, r.Status);
        Assert.Equal("redetect", r.StepId);
        Assert.Equal("model is MF627, expected MF626", r.Message);
        Assert.Contains("recover-download-mode", r.Remedy, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Wait_for_device_times_out_with_a_countdown_and_the_remedy()
    {
        ChecklistDefinition c = ChecklistLoader.Parse("""
            { "id": "wait", "title": "Wait", "steps": [
              { "id": "w", "title": "W", "instruction": "plug it in", "kind": "wait-for-device", "timeout_seconds": 0.05, "on_failure": "try another port" } ] }
            """, "wait.json");
        var device = new FakeChecklistDevice { Present = false };
        var user = new ScriptedPrompter();
        ChecklistRunResult r = await Runner(c, device, user, new ChecklistRunnerOptions { UserName = "t", PollInterval = TimeSpan.FromMilliseconds(5) })
            .RunAsync(TestContext.Current.CancellationToken);
        Assert.Equal(RunStatus.Failed, r.Status);
        Assert.Equal("try another port", r.Remedy);
        Assert.Equal("the modem did not come back within 0.05 s", r.Message);
        Assert.True(user.Countdowns.Count >= 2);
        Assert.Equal(TimeSpan.Zero, user.Countdowns[^1]);
        Assert.Equal(user.Countdowns.OrderByDescending(t => t), user.Countdowns); // counts down
        Assert.StartsWith(DeviceKeys.ProvisionalPrefix, r.State.DeviceKey, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_voice_option_swaps_the_identifier_file_and_checks_the_mts_revision()
    {
        var device = new FakeChecklistDevice();
        device.Flash("MF626", "BD_P673M3V1.0.1B02", "GLOBE_MF626");
        string pcui = _tmp.Combine("PCUI.VN");
        await File.WriteAllTextAsync(pcui, "MTS_MF627_BD_MTSP673A4V1.0.0B01", TestContext.Current.CancellationToken);
        var user = new ScriptedPrompter
        {
            File = _ => pcui,
            Manual = step =>
            {
                if (step.Id == "remove-sim") device.SimInserted = false;
                if (step.Id == "run-updater")
                {
                    device.Flash("MF627", "BD_MTSP673A4V1.0.0B02", device.Contents["/PCUI.VN"]);
                    device.ProbeScript.Enqueue(false);
                }
                return PromptAnswer.Yes;
            },
        };
        ChecklistRunResult r = await Runner(BuiltIn("mf627-voice-mts"), device, user).RunAsync(TestContext.Current.CancellationToken);

        Assert.Equal(RunStatus.Completed, r.Status);
        Assert.Equal("MTS_MF627_BD_MTSP673A4V1.0.0B01", device.Contents["/PCUI.VN"]);
        Assert.Equal("MF626", r.State.IdentityBefore!.Model);
        Assert.Equal("BD_MTSP673A4V1.0.0B02", r.State.IdentityAfter!.Revision);
        Assert.Contains("swap-identifier: read back: identical", user.Evidence);
    }

    [Fact]
    public async Task The_voice_option_refuses_a_stick_still_on_mts_firmware()
    {
        var device = new FakeChecklistDevice();
        ChecklistRunResult r = await Runner(BuiltIn("mf627-voice-mts"), device, new ScriptedPrompter()).RunAsync(TestContext.Current.CancellationToken);
        Assert.Equal(RunStatus.Failed, r.Status);
        Assert.Equal("identity-before", r.StepId);
        Assert.Contains("mf627-unlock-globe", r.Remedy, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Disable_cd_emulation_runs_on_the_globe_profile()
    {
        var device = new FakeChecklistDevice();
        device.Flash("MF626", "BD_P673M3V1.0.1B02", "GLOBE_MF626");
        device.ProbeScript.Enqueue(true); // open
        device.ProbeScript.Enqueue(false); // unplugged at the replug step
        var user = new ScriptedPrompter { Action = s => s.Optional ? PromptAnswer.No : PromptAnswer.Yes };
        ChecklistRunResult r = await Runner(BuiltIn("disable-cd-emulation"), device, user).RunAsync(TestContext.Current.CancellationToken);
        Assert.Equal(RunStatus.Completed, r.Status);
        Assert.Equal(StepStatus.Skipped, r.State.Step("cd-startup-flag")!.Status);
        Assert.Contains("/CD_STARTUP_FLAG", device.Efs);
        Assert.False(device.Autorun);
        Assert.Contains("AT+ZCDRUN=8", device.Log);
    }

    [Fact]
    public async Task Recover_download_mode_starts_provisional_and_rekeys_to_the_imei()
    {
        var device = new FakeChecklistDevice { Model = "MF626", Revision = "BD_P673M3V1.0.1B02" };
        device.Efs.Remove("/NODOWNLOAD.FLG");
        device.ProbeScript.Enqueue(false); // not answering yet when the run opens
        device.ProbeScript.Enqueue(true);  // symptom step
        device.ProbeScript.Enqueue(false); // replug: gone
        var user = new ScriptedPrompter();
        ChecklistRunResult r = await Runner(BuiltIn("recover-download-mode"), device, user).RunAsync(TestContext.Current.CancellationToken);
        Assert.Equal(RunStatus.Completed, r.Status);
        Assert.Equal(DeviceKeys.FromImei(device.Imei), r.State.DeviceKey);
        Assert.Contains("/NODOWNLOAD.FLG", device.Efs);
        Assert.Single(_store.List());
        Assert.Contains(r.State.Step("identity-before")!.Evidence, e => e.StartsWith("run state keyed to imei-", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Restore_asks_for_the_archive_and_backs_up_first()
    {
        var device = new FakeChecklistDevice();
        string archive = _tmp.Combine("old.tar");
        await File.WriteAllTextAsync(archive, "x", TestContext.Current.CancellationToken);
        device.ProbeScript.Enqueue(true);
        device.ProbeScript.Enqueue(false);
        var user = new ScriptedPrompter { File = _ => archive };
        ChecklistRunResult r = await Runner(BuiltIn("restore-from-backup"), device, user).RunAsync(TestContext.Current.CancellationToken);
        Assert.Equal(RunStatus.Completed, r.Status);
        Assert.Equal(1, device.Backups);
        Assert.Contains("restore " + archive, device.Log);
        Assert.True(device.Log.IndexOf("restore " + archive) > device.Log.IndexOf("ATI"));
    }

    [Fact]
    public async Task Declining_a_required_action_pauses_and_a_missing_file_is_asked_again_then_pauses()
    {
        var device = new FakeChecklistDevice();
        var decline = new ScriptedPrompter { Action = _ => PromptAnswer.No };
        ChecklistRunResult r = await Runner(BuiltIn("restore-from-backup"), device, decline).RunAsync(TestContext.Current.CancellationToken);
        Assert.Equal(RunStatus.Paused, r.Status);
        Assert.Equal("identity-before", r.StepId);
        Assert.Equal(0, device.Log.Count(l => l.StartsWith("restore", StringComparison.Ordinal)));

        var noFile = new ScriptedPrompter { File = _ => _tmp.Combine("nope.tar") };
        ChecklistRunResult r2 = await Runner(BuiltIn("restore-from-backup"), device, noFile).RunAsync(TestContext.Current.CancellationToken);
        Assert.Equal(RunStatus.Paused, r2.Status);
        Assert.Equal("restore", r2.StepId);
        Assert.Equal("this step needs a file: file not found: " + _tmp.Combine("nope.tar"), r2.Message);
        Assert.Equal(3, noFile.FileQuestions.Count); // asked again, each time saying why
        Assert.StartsWith("file not found: ", noFile.FileQuestions[1], StringComparison.Ordinal);
        Assert.Equal(0, device.Log.Count(l => l.StartsWith("restore", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task An_unverified_backup_stops_the_run()
    {
        var device = new FakeChecklistDevice { BackupVerifies = false };
        ChecklistRunResult r = await Runner(BuiltIn("mf627-unlock-globe"), device, new ScriptedPrompter()).RunAsync(TestContext.Current.CancellationToken);
        Assert.Equal(RunStatus.Failed, r.Status);
        Assert.Equal("backup-before", r.StepId);
        Assert.Contains("verified: NO", r.State.Step("backup-before")!.Evidence);
    }

    [Fact]
    public async Task A_device_error_during_a_check_fails_the_step_instead_of_crashing()
    {
        var device = new FakeChecklistDevice();
        var user = new ScriptedPrompter { Manual = s => { device.Present = s.Id != "remove-sim"; return PromptAnswer.Yes; } };
        ChecklistRunResult r = await Runner(BuiltIn("mf627-unlock-globe"), device, user).RunAsync(TestContext.Current.CancellationToken);
        Assert.Equal(RunStatus.Failed, r.Status);
        Assert.Equal("remove-sim", r.StepId);
        Assert.Contains("unplugged", r.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_completed_run_is_not_repeated_until_reset()
    {
        var device = new FakeChecklistDevice();
        device.Flash("MF626", "BD_P673M3V1.0.1B02", "G");
        device.ProbeScript.Enqueue(true);
        device.ProbeScript.Enqueue(false);
        ChecklistDefinition c = BuiltIn("disable-cd-emulation");
        ChecklistRunResult first = await Runner(c, device, new ScriptedPrompter()).RunAsync(TestContext.Current.CancellationToken);
        Assert.Equal(RunStatus.Completed, first.Status);

        var again = new ScriptedPrompter();
        ChecklistRunResult second = await Runner(c, device, again).RunAsync(TestContext.Current.CancellationToken);
        Assert.Equal(RunStatus.Completed, second.Status);
        Assert.Empty(again.StepsShown);

        Assert.True(_store.Delete(first.State.DeviceKey, c.Id));
        Assert.Null(_store.Load(first.State.DeviceKey, c.Id));
    }

    [Fact]
    public async Task The_report_records_every_step_identity_evidence_and_backups()
    {
        var device = new FakeChecklistDevice();
        ChecklistDefinition c = BuiltIn("mf627-unlock-globe");
        ChecklistRunResult r = await Runner(c, device, GlobeUser(device)).RunAsync(TestContext.Current.CancellationToken);

        string md = ChecklistReport.ToMarkdown(c, r.State);
        Assert.StartsWith("# Checklist run: " + c.Title, md, StringComparison.Ordinal);
        Assert.Contains("- Status: **completed**", md, StringComparison.Ordinal);
        for (int i = 0; i < c.Steps.Count; i++)
        {
            Assert.Contains($"### {i + 1}. {c.Steps[i].Title} (`{c.Steps[i].Id}`)", md, StringComparison.Ordinal);
        }
        Assert.Contains("| Model | MF627 | MF626 |", md, StringComparison.Ordinal);
        Assert.Contains("| Revision | BD_MTSP673A4V1.0.0B01 | BD_P673M3V1.0.1B02 |", md, StringComparison.Ordinal);
        Assert.Contains("- Confirmed by: tester", md, StringComparison.Ordinal);
        Assert.Contains("- `/backups/MF627-1.tar` — ", md, StringComparison.Ordinal);
        Assert.Contains("+CME ERROR: 10", md, StringComparison.Ordinal);
        Assert.DoesNotContain(device.Imei, md, StringComparison.Ordinal);

        using JsonDocument json = JsonDocument.Parse(ChecklistReport.ToJson(c, r.State));
        JsonElement root = json.RootElement;
        Assert.Equal("mf627-unlock-globe", root.GetProperty("checklist").GetString());
        Assert.Equal("completed", root.GetProperty("status").GetString());
        Assert.Equal(c.Steps.Select(s => s.Id), root.GetProperty("steps").EnumerateArray().Select(s => s.GetProperty("step_id").GetString()));
        Assert.Equal("MF626", root.GetProperty("identity_after").GetProperty("model").GetString());
        Assert.Equal(2, root.GetProperty("backups").GetArrayLength());
        JsonElement sim = root.GetProperty("steps")[c.IndexOf("remove-sim")];
        Assert.Equal("confirmed", sim.GetProperty("status").GetString());
        Assert.Equal("tester", sim.GetProperty("confirmed_by").GetString());
        Assert.Equal("manual", sim.GetProperty("kind").GetString());
        Assert.DoesNotContain(device.Imei, json.RootElement.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_report_of_a_failed_run_shows_the_remedy()
    {
        var device = new FakeChecklistDevice();
        ChecklistDefinition c = BuiltIn("mf627-unlock-globe");
        ChecklistRunResult r = await Runner(c, device, new ScriptedPrompter()).RunAsync(TestContext.Current.CancellationToken);
        string md = ChecklistReport.ToMarkdown(c, r.State);
        Assert.Contains("- Status: **failed** at step `remove-sim`", md, StringComparison.Ordinal);
        Assert.Contains("- Remedy: " + c.Steps[c.IndexOf("remove-sim")].OnFailure, md, StringComparison.Ordinal);
        Assert.Contains("\"remedy\"", ChecklistReport.ToJson(c, r.State), StringComparison.Ordinal);
    }

    [Fact]
    public void Device_keys_are_stable_hashes_and_never_the_imei()
    {
        string k = DeviceKeys.FromImei("351234067890123");
        Assert.Equal(k, DeviceKeys.FromImei("35-1234067890 123"));
        Assert.Matches("^imei-[0-9a-f]{16}$", k);
        Assert.NotEqual(k, DeviceKeys.FromImei("351234067890124"));
        Assert.Equal("provisional-dev-ttyusb1", DeviceKeys.Provisional("/dev/ttyUSB1"));
        Assert.Throws<ArgumentException>(() => _store.PathOf("../x", "y"));
    }

    [Fact]
    public void A_corrupt_state_file_names_the_file()
    {
        string path = _store.PathOf("imei-0011223344556677", "mf627-unlock-globe");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, "{ \"status\": ");
        var ex = Assert.Throws<InvalidDataException>(() => _store.Load("imei-0011223344556677", "mf627-unlock-globe"));
        Assert.StartsWith(path, ex.Message, StringComparison.Ordinal);
        Assert.Empty(_store.List());
    }
}
