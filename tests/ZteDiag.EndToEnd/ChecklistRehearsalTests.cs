using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using ZteDiag.Workbench.Checklists;

namespace ZteDiag.EndToEnd;

/// <summary>
/// Every built-in checklist runs to completion on `ztediag emulate`, with its rehearsal controls
/// (`--control SOCKET`: pull the SIM, unplug, re-plug, "the updater flashed it") doing what the
/// technician's hands do, and `ztediag checklist run --demo` answering as a person would.
/// </summary>
public sealed partial class ChecklistRehearsalTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "ztediag-rehearsal-" + Guid.NewGuid().ToString("N"));
    private readonly Dictionary<string, string> _env;

    public ChecklistRehearsalTests()
    {
        Directory.CreateDirectory(_root);
        _env = new Dictionary<string, string>
        {
            ["XDG_CONFIG_HOME"] = Path.Combine(_root, "config"),
            ["XDG_STATE_HOME"] = Path.Combine(_root, "state"),
            ["XDG_DATA_HOME"] = Path.Combine(_root, "data"),
        };
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private string Links => Path.Combine(_root, "ports");

    private string Socket => Path.Combine(_root, "control.sock");

    private string Backups => Path.Combine(_root, "backups");

    /// <summary>What the technician does by hand at a step: control commands before confirming a manual step,
    /// or, at a wait step, the command that ends the unplug (re-plug, or the flash that brings the new firmware).</summary>
    private sealed record Hands(string[] BeforeDone, string? AfterUnplug, Func<string[]>? FileAnswers = null);

    public static TheoryData<string, string> Checklists() => new()
    {
        { "disable-cd-emulation", "mf627-mts" },
        { "mf627-unlock-globe", "mf627-mts" },
        { "mf627-voice-mts", "mf626-globe" },
        { "recover-download-mode", "mf627-mts" },
        { "restore-from-backup", "mf627-mts" },
    };

    private Dictionary<string, Hands> HandsFor(string checklist) => checklist switch
    {
        "mf627-unlock-globe" => new() { ["remove-sim"] = new(["sim out"], null), ["redetect"] = new([], "flash mf626-globe 0") },
        "mf627-voice-mts" => new()
        {
            // a `y` typed where a path is wanted is refused and asked again; then the real file
            ["swap-identifier"] = new([], null, () => ["y", WriteMtsPcui()]),
            ["remove-sim"] = new(["sim out"], null),
            ["redetect"] = new([], "flash mf627-mts-b02 0"),
        },
        "restore-from-backup" => new()
        {
            ["restore"] = new([], null, () => [Directory.EnumerateFiles(Backups, "*.tar.gz").Single()]),
            ["replug"] = new([], "replug"),
        },
        _ => new() { ["replug"] = new([], "replug") },
    };

    private string WriteMtsPcui()
    {
        string path = Path.Combine(_root, "PCUI.VN");
        File.WriteAllText(path, "MTS_MF627_BD_MTSP673A4V1.0.0B01");
        return path;
    }

    [Theory]
    [MemberData(nameof(Checklists))]
    public async Task A_built_in_checklist_runs_to_completion_on_the_virtual_modem_with_the_rehearsal_controls(string checklist, string profile)
    {
        await using EmulatorProcess modem = await EmulatorProcess.StartAsync("--profile", profile, "--link-dir", Links, "--control", Socket);
        using var control = new ControlClient(Socket);
        ChecklistDefinition definition = ChecklistLoader.LoadBuiltIn().Single(c => c.Id == checklist);
        Dictionary<string, Hands> hands = HandsFor(checklist);

        ProcessStartInfo psi = ZteDiagProcess.StartInfo(["checklist", "run", checklist, "--demo", "--backup-dir", Backups,
            "--port", Path.Combine(Links, "diag"), "--at-port", Path.Combine(Links, "at")], _env);
        using var run = Process.Start(psi)!;
        var stdout = new Transcript(run.StandardOutput);
        var stderr = new Transcript(run.StandardError);
        var sw = Stopwatch.StartNew();
        int answeredUpTo = 0, handledWaitStep = -1;
        Queue<string>? files = null;
        while (!run.HasExited)
        {
            Assert.True(sw.Elapsed < TimeSpan.FromMinutes(5), $"no progress; stdout:\n{stdout}\nstderr:\n{stderr}");
            string text = stdout.ToString();
            MatchCollection headers = StepHeader().Matches(text);
            if (headers.Count == 0)
            {
                await Task.Delay(20, TestContext.Current.CancellationToken);
                continue;
            }

            int index = int.Parse(headers[^1].Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) - 1;
            ChecklistStep step = definition.Steps[index];
            hands.TryGetValue(step.Id, out Hands? h);
            string pending = text[answeredUpTo..];
            if (step.Kind == StepKind.WaitForDevice && handledWaitStep != index && h?.AfterUnplug is { } back)
            {
                handledWaitStep = index;
                control.Send("unplug");
                await UntilAsync(() => UnplugSeen(checklist, step.Id), run, "the run to see the modem unplugged");
                control.Send(back);
            }
            else if (pending.Contains("Done? [", StringComparison.Ordinal))
            {
                foreach (string c in h?.BeforeDone ?? [])
                {
                    control.Send(c);
                }

                answeredUpTo = Answer(run, text, "y");
            }
            else if (pending.Contains("Go ahead? [", StringComparison.Ordinal))
            {
                answeredUpTo = Answer(run, text, "y");
            }
            else if (step.Action?.FilePrompt is { } question && pending.TrimEnd().EndsWith(':') && pending.Contains(question, StringComparison.Ordinal))
            {
                files ??= new Queue<string>(h!.FileAnswers!());
                answeredUpTo = Answer(run, text, files.Dequeue());
            }
            else
            {
                await Task.Delay(20, TestContext.Current.CancellationToken);
            }
        }

        await run.WaitForExitAsync(TestContext.Current.CancellationToken);
        string all = await stdout.CompleteAsync();
        string errors = await stderr.CompleteAsync();
        Assert.True(run.ExitCode == 0, $"exit {run.ExitCode}\n{all}\n{errors}");
        Assert.Contains($"Checklist {checklist} completed", all, StringComparison.Ordinal);
        Assert.Contains($"== Step {definition.Steps.Count}/{definition.Steps.Count}", all, StringComparison.Ordinal);
        Assert.DoesNotContain("FAIL", all, StringComparison.Ordinal);
        if (checklist == "mf627-voice-mts")
        {
            Assert.Contains("'y' is an answer, not a path", all, StringComparison.Ordinal);
        }

        if (checklist == "mf627-unlock-globe")
        {
            Assert.Contains("+CME ERROR: 10", all, StringComparison.Ordinal); // AT+CPIN? with the SIM pulled
            Assert.Equal("ok profile=mf626-globe connected=yes sim=out", control.Send("status", expectOk: false));
        }

        // --demo: the run is kept with the demo's runs, not with real modems'
        Assert.Single(Directory.EnumerateFiles(DemoStateDirectory, checklist + ".json", SearchOption.AllDirectories));
        string real = Path.Combine(_root, "state", "ztediag", "checklists");
        Assert.False(Directory.Exists(real) && Directory.EnumerateFiles(real, "*.json", SearchOption.AllDirectories).Any());
    }

    [Fact]
    public async Task The_control_socket_answers_ok_or_error_and_the_sim_controls_change_what_at_cpin_says()
    {
        await using EmulatorProcess modem = await EmulatorProcess.StartAsync("--link-dir", Links, "--control", Socket);
        using var control = new ControlClient(Socket);
        string[] at = ["--port", Path.Combine(Links, "diag"), "--at-port", Path.Combine(Links, "at"), "at", "AT+CPIN?"];

        Assert.Equal("ok", control.Send("sim out"));
        var (code, stdout, _) = await ZteDiagProcess.RunAsync(at, environment: _env);
        Assert.Equal(1, code);
        Assert.Contains("+CME ERROR: 10", stdout, StringComparison.Ordinal);

        Assert.Equal("ok", control.Send("sim in"));
        (code, stdout, _) = await ZteDiagProcess.RunAsync(at, environment: _env);
        Assert.Equal(0, code);
        Assert.Contains("+CPIN: READY", stdout, StringComparison.Ordinal);

        Assert.StartsWith("error: unknown profile 'mf999'", control.Send("flash mf999", expectOk: false), StringComparison.Ordinal);
        Assert.StartsWith("error: unknown command", control.Send("dance", expectOk: false), StringComparison.Ordinal);
        Assert.Equal("ok profile=mf627-mts connected=yes sim=in", control.Send("status", expectOk: false));
        Assert.Equal("ok", control.Send("unplug"));
        Assert.Equal("ok profile=mf627-mts connected=no sim=in", control.Send("status", expectOk: false));
        Assert.Equal("ok", control.Send("replug"));
        Assert.Equal("ok", control.Send("flash mf626-globe 0"));
        (code, stdout, _) = await ZteDiagProcess.RunAsync(["--port", Path.Combine(Links, "diag"), "--at-port", Path.Combine(Links, "at"), "at", "ATI"], environment: _env);
        Assert.Equal(0, code);
        Assert.Contains("MF626", stdout, StringComparison.Ordinal);
    }

    private string DemoStateDirectory => Path.Combine(_root, "state", "ztediag", "demo-checklists");

    private bool UnplugSeen(string checklist, string stepId)
    {
        string file = Directory.EnumerateFiles(DemoStateDirectory, checklist + ".json", SearchOption.AllDirectories).Single();
        using var doc = JsonDocument.Parse(File.ReadAllText(file));
        return doc.RootElement.GetProperty("steps").EnumerateArray()
            .Single(s => s.GetProperty("step_id").GetString() == stepId).GetProperty("unplug_seen").GetBoolean();
    }

    private static int Answer(Process run, string seen, string answer)
    {
        run.StandardInput.WriteLine(answer);
        run.StandardInput.Flush();
        return seen.Length;
    }

    private static async Task UntilAsync(Func<bool> condition, Process run, string what)
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
                ok = false; // the state file is being replaced
            }

            if (ok) return;
            Assert.False(run.HasExited, $"ztediag exited ({(run.HasExited ? run.ExitCode : 0)}) while waiting for {what}");
            Assert.True(sw.Elapsed < TimeSpan.FromMinutes(2), "timed out waiting for " + what);
            await Task.Delay(50, TestContext.Current.CancellationToken);
        }
    }

    [GeneratedRegex(@"== Step (\d+)/\d+")]
    private static partial Regex StepHeader();

    /// <summary>Everything a stream said so far (prompts end without a newline, so lines are not enough).</summary>
    private sealed class Transcript
    {
        private readonly StringBuilder _text = new();
        private readonly Task _pump;

        public Transcript(StreamReader reader) => _pump = Task.Run(async () =>
        {
            var buffer = new char[4096];
            int n;
            while ((n = await reader.ReadAsync(buffer)) > 0)
            {
                lock (_text) _text.Append(buffer, 0, n);
            }
        });

        public async Task<string> CompleteAsync()
        {
            await _pump;
            return ToString();
        }

        public override string ToString()
        {
            lock (_text) return _text.ToString();
        }
    }

    /// <summary>One connection to `emulate --control`: a line out, a line back.</summary>
    private sealed class ControlClient : IDisposable
    {
        private readonly System.Net.Sockets.Socket _socket = new(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        private readonly StreamReader _reader;
        private readonly StreamWriter _writer;

        public ControlClient(string path)
        {
            _socket.Connect(new UnixDomainSocketEndPoint(path));
            var stream = new NetworkStream(_socket, ownsSocket: false);
            _reader = new StreamReader(stream);
            _writer = new StreamWriter(stream) { AutoFlush = true, NewLine = "\n" };
        }

        public string Send(string command, bool expectOk = true)
        {
            _writer.WriteLine(command);
            string answer = _reader.ReadLine() ?? "(connection closed)";
            if (expectOk) Assert.True(answer == "ok", $"{command}: {answer}");
            return answer;
        }

        public void Dispose()
        {
            _reader.Dispose();
            _writer.Dispose();
            _socket.Dispose();
        }
    }
}
