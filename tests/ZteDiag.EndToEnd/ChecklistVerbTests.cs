using System.Diagnostics;
using System.Text.Json;

namespace ZteDiag.EndToEnd;

/// <summary>
/// `ztediag checklist …` as a technician scripts it: answers piped on stdin, `ztediag emulate` as the modem
/// (stopped and started again on the same state directory to unplug and re-plug it), and the run state and
/// user checklists in private XDG directories.
/// </summary>
public sealed class ChecklistVerbTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "ztediag-checklist-" + Guid.NewGuid().ToString("N"));
    private readonly Dictionary<string, string> _env;

    public ChecklistVerbTests()
    {
        Directory.CreateDirectory(_root);
        _env = new Dictionary<string, string>
        {
            ["XDG_CONFIG_HOME"] = Path.Combine(_root, "config"),
            ["XDG_STATE_HOME"] = Path.Combine(_root, "state"),
            ["XDG_DATA_HOME"] = Path.Combine(_root, "data"),
        };
    }

    public void Dispose()
    {
        if (Directory.Exists(_root)) Directory.Delete(_root, recursive: true);
    }

    private string UserChecklists => Path.Combine(_root, "config", "ztediag", "checklists");

    private string Links => Path.Combine(_root, "ports");

    private string[] Ports => ["--port", Path.Combine(Links, "diag"), "--at-port", Path.Combine(Links, "at")];

    /// <summary>The emulated stick; the same state directory every time, so a restart is a re-plug of the same modem.</summary>
    private Task<EmulatorProcess> PlugAsync() =>
        EmulatorProcess.StartAsync("--profile", "mf627-mts", "--state", Path.Combine(_root, "modem"), "--link-dir", Links);

    private Task<(int ExitCode, string Stdout, string Stderr)> Ztediag(string[] args, string? stdin = null) =>
        ZteDiagProcess.RunAsync(args, stdin, TimeSpan.FromMinutes(3), _env);

    private string StateFile(string checklistId)
    {
        string dir = Path.Combine(_root, "state", "ztediag", "checklists");
        return Directory.EnumerateFiles(dir, checklistId + ".json", SearchOption.AllDirectories).Single();
    }

    private JsonElement State(string checklistId)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(StateFile(checklistId)));
        return doc.RootElement.Clone();
    }

    private static JsonElement StepOf(JsonElement state, string id) =>
        state.GetProperty("steps").EnumerateArray().Single(s => s.GetProperty("step_id").GetString() == id);

    [Fact]
    public async Task A_scripted_run_shows_its_evidence_pauses_on_quit_resumes_at_that_step_through_a_replug_and_reports()
    {
        EmulatorProcess modem = await PlugAsync();
        try
        {
            // 1st run: record the identity, back up, then quit at the first write
            string backups = Path.Combine(_root, "backups");
            var (code, stdout, stderr) = await Ztediag(["checklist", "run", "disable-cd-emulation", "--backup-dir", backups, .. Ports], "y\ny\nq\n");

            Assert.True(code == 75, stdout + stderr); // paused: not done
            Assert.Contains("== Step 1/6 [action]: Record the identity", stdout, StringComparison.Ordinal);
            Assert.Contains("Model: MF627", stdout, StringComparison.Ordinal);
            Assert.Contains("Revision: BD_MTSP673A4V1.0.0B01", stdout, StringComparison.Ordinal);
            Assert.Contains("verified: yes", stdout, StringComparison.Ordinal);
            Assert.Contains("About to: Send AT+ZCDRUN=8", stdout, StringComparison.Ordinal);
            Assert.Contains("Paused at zcdrun-off: stopped by the user", stdout, StringComparison.Ordinal);
            Assert.DoesNotContain("354613020012342", stdout, StringComparison.Ordinal); // the IMEI is masked in evidence
            Assert.Single(Directory.EnumerateFiles(backups, "*.tar.gz"));

            JsonElement state = State("disable-cd-emulation");
            Assert.Equal("paused", state.GetProperty("status").GetString());
            Assert.Equal("zcdrun-off", state.GetProperty("current_step").GetString());
            Assert.Equal("done", StepOf(state, "identity-before").GetProperty("status").GetString());
            Assert.Equal("done", StepOf(state, "backup-before").GetProperty("status").GetString());
            Assert.Equal("pending", StepOf(state, "zcdrun-off").GetProperty("status").GetString());
            Assert.StartsWith("imei-", state.GetProperty("device_key").GetString(), StringComparison.Ordinal);

            var (scode, status, _) = await Ztediag(["checklist", "status"]);
            Assert.Equal(0, scode);
            Assert.Matches(@"disable-cd-emulation\s+imei-[0-9a-f]{16}\s+Paused\s+zcdrun-off", status);

            // 2nd run: resumes at step 3, switches autorun off, skips the optional deletion, then waits for a re-plug
            using Process run = Process.Start(ZteDiagProcess.StartInfo(["checklist", "run", "disable-cd-emulation", "--backup-dir", backups, .. Ports], _env))!;
            await run.StandardInput.WriteAsync("y\nn\n");
            run.StandardInput.Close();
            Task<string> out2 = run.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
            Task<string> err2 = run.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);

            await Until(() => File.ReadAllText(StateFile("disable-cd-emulation")).Contains("\"current_step\": \"replug\"", StringComparison.Ordinal), run, "the run to reach the re-plug step");
            await modem.StopAsync(); // unplug: the port links disappear
            await Until(() => StepOf(State("disable-cd-emulation"), "replug").GetProperty("unplug_seen").GetBoolean(), run, "the run to see the modem gone");
            await modem.DisposeAsync();
            modem = await PlugAsync(); // plug back in: new ptys behind the same links, the same EFS

            using var exit = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
            exit.CancelAfter(TimeSpan.FromMinutes(2));
            await run.WaitForExitAsync(exit.Token);
            string stdout2 = await out2;
            string stderr2 = await err2;

            Assert.True(run.ExitCode == 0, stdout2 + stderr2);
            Assert.Matches(@"Resuming run from \d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC \(step 3 of 6: ", stdout2);
            Assert.True(stdout2.IndexOf("Resuming run from", StringComparison.Ordinal) < stdout2.IndexOf("== Step 3/6", StringComparison.Ordinal), stdout2);
            Assert.DoesNotContain("Step 1/6", stdout2, StringComparison.Ordinal);
            Assert.Contains("== Step 3/6 [action]: AT+ZCDRUN=8", stdout2, StringComparison.Ordinal);
            Assert.Contains("Inquiry autorun open state result(0:NO 1:YES):0", stdout2, StringComparison.Ordinal);
            Assert.Contains("-> Skipped", stdout2, StringComparison.Ordinal);
            Assert.Contains("waiting for the modem to be unplugged", stderr2, StringComparison.Ordinal);
            Assert.Contains("== Step 6/6 [check]: Setting kept after re-plug", stdout2, StringComparison.Ordinal);
            Assert.Contains("Checklist disable-cd-emulation completed", stdout2, StringComparison.Ordinal);

            state = State("disable-cd-emulation");
            Assert.Equal("completed", state.GetProperty("status").GetString());
            Assert.Equal("skipped", StepOf(state, "cd-startup-flag").GetProperty("status").GetString());
            Assert.Equal("passed", StepOf(state, "still-off").GetProperty("status").GetString());
            string[] replugEvidence = StepOf(state, "replug").GetProperty("evidence").EnumerateArray().Select(e => e.GetString()!).ToArray();
            Assert.Contains("modem gone", replugEvidence);
            Assert.Contains("modem back", replugEvidence);

            // reports
            var (rcode, md, rerr) = await Ztediag(["checklist", "report", "disable-cd-emulation"]);
            Assert.True(rcode == 0, rerr);
            Assert.Contains("# Checklist run: Switch the virtual CD (ZeroCD autorun) off", md, StringComparison.Ordinal);
            Assert.Contains("- Status: **completed**", md, StringComparison.Ordinal);
            Assert.Matches(@"\| Model \| MF627 \|", md);
            Assert.Contains("### 4. Delete CD_STARTUP_FLAG (`cd-startup-flag`)\n\n- Kind: action (optional)", md.ReplaceLineEndings("\n"), StringComparison.Ordinal);
            Assert.Contains("Inquiry autorun open state result(0:NO 1:YES):0", md, StringComparison.Ordinal);
            Assert.DoesNotContain("354613020012342", md, StringComparison.Ordinal);

            var (jcode, json, jerr) = await Ztediag(["checklist", "report", "disable-cd-emulation", "--json"]);
            Assert.True(jcode == 0, jerr);
            using var report = JsonDocument.Parse(json);
            JsonElement r = report.RootElement;
            Assert.Equal("disable-cd-emulation", r.GetProperty("checklist").GetString());
            Assert.Equal("completed", r.GetProperty("status").GetString());
            Assert.Equal("MF627", r.GetProperty("identity_before").GetProperty("model").GetString());
            Assert.Equal(6, r.GetProperty("steps").GetArrayLength());
            Assert.Single(r.GetProperty("backups").EnumerateArray());
        }
        finally
        {
            await modem.DisposeAsync();
        }
    }

    /// <summary>Polls <paramref name="condition"/> (a loaded machine may be slow) and fails early if the run exits.</summary>
    [Fact]
    public async Task A_run_with_empty_stdin_says_the_answers_ran_out_not_that_the_user_stopped_and_keeps_its_state()
    {
        await using EmulatorProcess modem = await PlugAsync();
        string[] run = ["checklist", "run", "disable-cd-emulation", "--backup-dir", Path.Combine(_root, "backups"), .. Ports];

        // as with </dev/null: the first question (step 1's confirmation) finds no answer
        var (code, stdout, stderr) = await Ztediag(run, stdin: null);

        Assert.True(code == 75, stdout + stderr); // paused, not done: a script can tell
        Assert.Contains("== Step 1/6 [action]: Record the identity", stdout, StringComparison.Ordinal);
        Assert.Contains("(end of input)", stdout, StringComparison.Ordinal);
        Assert.Contains("No more answers on standard input: paused at step 1 (identity-before); resume with `ztediag checklist run disable-cd-emulation`.",
            stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("stopped by the user", stdout, StringComparison.Ordinal);
        JsonElement state = State("disable-cd-emulation");
        Assert.Equal("paused", state.GetProperty("status").GetString());
        Assert.Equal("identity-before", state.GetProperty("current_step").GetString());
        Assert.Equal("pending", StepOf(state, "identity-before").GetProperty("status").GetString());
        Assert.Equal("no more answers: the input ended", StepOf(state, "identity-before").GetProperty("message").GetString());

        // the saved run resumes there: one answer does step 1, then the input runs out at step 2 (nothing backed up)
        var (code2, stdout2, stderr2) = await Ztediag(run, stdin: "y\n");

        Assert.True(code2 == 75, stdout2 + stderr2);
        Assert.Contains("Model: MF627", stdout2, StringComparison.Ordinal);
        Assert.Contains("No more answers on standard input: paused at step 2 (backup-before); resume with `ztediag checklist run disable-cd-emulation`.",
            stdout2, StringComparison.Ordinal);
        state = State("disable-cd-emulation");
        Assert.Equal("backup-before", state.GetProperty("current_step").GetString());
        Assert.Equal("done", StepOf(state, "identity-before").GetProperty("status").GetString());
        Assert.False(Directory.Exists(Path.Combine(_root, "backups")) && Directory.EnumerateFiles(Path.Combine(_root, "backups")).Any());

        // a q typed by a person is still a quit by the user
        var (code3, stdout3, _) = await Ztediag(run, stdin: "q\n");
        Assert.Equal(75, code3);
        Assert.Contains("Paused at backup-before: stopped by the user", stdout3, StringComparison.Ordinal);
        Assert.DoesNotContain("No more answers", stdout3, StringComparison.Ordinal);
    }

    private static async Task Until(Func<bool> condition, Process run, string what)
    {
        var sw = Stopwatch.StartNew();
        while (true)
        {
            bool ok;
            try
            {
                ok = condition();
            }
            catch (Exception ex) when (ex is IOException or JsonException or InvalidOperationException)
            {
                ok = false; // the state file is being replaced or does not have that step yet
            }

            if (ok) return;
            if (run.HasExited) Assert.Fail($"ztediag exited ({run.ExitCode}) while waiting for {what}");
            Assert.True(sw.Elapsed < TimeSpan.FromMinutes(2), "timed out waiting for " + what);
            await Task.Delay(50, TestContext.Current.CancellationToken);
        }
    }

    [Theory]
    [InlineData("syntax.json", "{\n  \"id\": \"broken\",\n  \"title\": \"Broken\"\n  \"description\": \"missing comma above\"\n}\n", 4, "title", "invalid JSON")]
    [InlineData("missing.json", "{\n  \"id\": \"no-title\",\n  \"title\": \"Step without a title\",\n  \"description\": \"d\",\n  \"steps\": [\n    { \"id\": \"a\", \"instruction\": \"i\", \"kind\": \"manual\", \"on_failure\": \"f\" }\n  ]\n}\n", 6, "steps[0].title", "required field 'title' is missing")]
    [InlineData("kind.json", "{\n  \"id\": \"bad-kind\",\n  \"title\": \"Unknown kind\",\n  \"description\": \"d\",\n  \"steps\": [\n    { \"id\": \"a\", \"title\": \"t\", \"instruction\": \"i\",\n      \"kind\": \"pray\", \"on_failure\": \"f\" }\n  ]\n}\n", 7, "steps[0].kind", "unknown step kind 'pray'")]
    public async Task A_malformed_user_checklist_stops_list_and_show_naming_the_file_line_and_field(string name, string content, int line, string field, string problem)
    {
        Directory.CreateDirectory(UserChecklists);
        string file = Path.Combine(UserChecklists, name);
        await File.WriteAllTextAsync(file, content, TestContext.Current.CancellationToken);

        foreach (string[] args in new[] { new[] { "checklist", "list" }, ["checklist", "show", "mf627-unlock-globe"] })
        {
            var (code, stdout, stderr) = await Ztediag(args);

            Assert.True(code == 2, $"{string.Join(' ', args)}: exit {code}\n{stdout}{stderr}");
            Assert.Contains($"{file}:{line}:", stderr, StringComparison.Ordinal);
            Assert.Contains($": {field}: ", stderr, StringComparison.Ordinal);
            Assert.Contains(problem, stderr, StringComparison.Ordinal);
            Assert.DoesNotContain("   at ", stderr, StringComparison.Ordinal); // no stack trace
            Assert.Equal("", stdout);
        }
    }

    [Fact]
    public async Task A_valid_user_checklist_is_listed_next_to_the_built_ins()
    {
        Directory.CreateDirectory(UserChecklists);
        await File.WriteAllTextAsync(Path.Combine(UserChecklists, "mine.json"),
            "{ \"id\": \"my-check\", \"title\": \"My own check\", \"description\": \"d\",\n" +
            "  \"steps\": [ { \"id\": \"a\", \"title\": \"t\", \"instruction\": \"i\", \"kind\": \"manual\", \"on_failure\": \"f\" } ] }\n",
            TestContext.Current.CancellationToken);

        var (code, stdout, stderr) = await Ztediag(["checklist", "list"]);

        Assert.True(code == 0, stderr);
        Assert.Matches(@"my-check\s+My own check", stdout);
        Assert.Contains("mf627-unlock-globe", stdout, StringComparison.Ordinal);
    }
}
