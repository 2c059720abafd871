using System.CommandLine;
using System.Diagnostics;
using System.Text.Json;
using ZteDiag.Cli;

namespace ZteDiag.EndToEnd;

/// <summary>
/// `--json` on every verb of the real command tree (walked, so a new verb is covered without editing this
/// test): stdout parses as JSON (one document, or one per line) and the exit code is the same as without
/// --json. The verbs run as real processes against `ztediag emulate` and its fake sysfs tree.
/// </summary>
public sealed class JsonEveryVerbTests : IDisposable
{
    /// <summary>Verbs that run until stopped (a server, a full-screen UI); `emulate`'s JSON ready line is tested by EmulateVerbTests.</summary>
    private static readonly string[] RunUntilStopped = ["emulate", "tui"];

    private readonly string _root = Path.Combine(Path.GetTempPath(), "ztediag-json-" + Guid.NewGuid().ToString("N"));

    public JsonEveryVerbTests() => Directory.CreateDirectory(_root);

    public void Dispose() => Directory.Delete(_root, recursive: true);

    /// <summary>Leaf verbs of the tree with their path, e.g. ["efs", "ls"].</summary>
    private static IEnumerable<(string[] Path, Command Command)> Leaves(Command c, string[] path)
    {
        if (c.Subcommands.Count == 0)
        {
            yield return (path, c);
        }

        foreach (Command sub in c.Subcommands.Where(s => !s.Hidden))
        {
            foreach (var leaf in Leaves(sub, [.. path, sub.Name]))
            {
                yield return leaf;
            }
        }
    }

    /// <summary>
    /// A value for each argument that leaves the modem as it was (missing paths and files, reads), so the two
    /// runs of a verb meet the same modem.
    /// </summary>
    private static string Sample(Argument a) => a.Name.ToUpperInvariant() switch
    {
        "NAME" => "disable-cd-emulation",
        "COMMAND" => "ATI",
        "CODE" => "000000",
        "ID" or "ITEM" => "550",
        "HEX" or "DATA" or "VALUE" => "00",
        "APN" => "internet",
        "ACTION" or "STATE" => "status",
        _ => "/nonexistent-ztediag/x",
    };

    private static bool ParsesAsJson(string text)
    {
        static bool One(string t)
        {
            try
            {
                using var _ = JsonDocument.Parse(t);
                return true;
            }
            catch (JsonException)
            {
                return false;
            }
        }

        string[] lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return lines.Length > 0 && (One(text) || lines.All(One));
    }

    private async Task<(int Code, string Stdout, string Stderr)> RunAsync(string[] args, string workDir)
    {
        ProcessStartInfo psi = ZteDiagProcess.StartInfo(args, new Dictionary<string, string>
        {
            ["XDG_CONFIG_HOME"] = Path.Combine(_root, "config"),
            ["XDG_STATE_HOME"] = Path.Combine(_root, "state"),
            ["XDG_DATA_HOME"] = Path.Combine(_root, "data"),
        });
        psi.WorkingDirectory = workDir;
        using var p = Process.Start(psi)!;
        p.StandardInput.Close();
        Task<string> o = p.StandardOutput.ReadToEndAsync();
        Task<string> e = p.StandardError.ReadToEndAsync();
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        cts.CancelAfter(TimeSpan.FromMinutes(3));
        try
        {
            await p.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            p.Kill(entireProcessTree: true);
            return (-1, await o, "did not finish: " + await e);
        }

        return (p.ExitCode, await o, await e);
    }

    [Fact]
    public async Task Every_verb_prints_valid_json_under_json_with_the_exit_code_of_its_plain_run()
    {
        string sysfs = Path.Combine(_root, "sys");
        await using EmulatorProcess modem = await EmulatorProcess.StartAsync("--sysfs", sysfs);
        var leaves = Leaves(CliApp.BuildRoot(), []).Where(l => !RunUntilStopped.Contains(l.Path[0])).ToList();
        Assert.True(leaves.Count >= 30, $"only {leaves.Count} verbs found");
        Assert.Contains(leaves, l => l.Path.SequenceEqual(["checklist", "status"]));
        var failures = new List<string>();
        foreach ((string[] path, Command command) in leaves)
        {
            string[] args = [.. path, .. command.Arguments.Where(a => a.Arity.MinimumNumberOfValues > 0 || a.Name.Equals("COMMAND", StringComparison.OrdinalIgnoreCase)).Select(Sample),
                "--sysfs-root", sysfs];
            if (command.Options.Contains(GlobalOptions.Port))
            {
                args = [.. args, .. modem.PortArgs];
            }

            string work = Path.Combine(_root, "work-" + string.Join('-', path));
            Directory.CreateDirectory(work);
            var plain = await RunAsync(args, work);
            var json = await RunAsync([.. args, "--json"], work);
            string verb = string.Join(' ', args);
            if (!ParsesAsJson(json.Stdout))
            {
                failures.Add($"{verb} --json: stdout is not JSON (exit {json.Code}):\n{json.Stdout}\n{json.Stderr}");
            }

            if (plain.Code != json.Code)
            {
                failures.Add($"{verb}: exit {plain.Code} without --json, {json.Code} with it\n{plain.Stderr}\n{json.Stderr}");
            }

            if (json.Code < 0 || plain.Code < 0)
            {
                failures.Add($"{verb}: hung");
            }
        }

        Assert.True(failures.Count == 0, $"{failures.Count} of {leaves.Count} verbs:\n" + string.Join("\n---\n", failures));
    }

    [Fact]
    public async Task Ports_exits_3_with_no_modem_with_and_without_json_and_json_says_so_with_an_empty_list()
    {
        string empty = Path.Combine(_root, "empty-sys");
        Directory.CreateDirectory(empty);

        var plain = await RunAsync(["ports", "--sysfs-root", empty], _root);
        var json = await RunAsync(["ports", "--sysfs-root", empty, "--json"], _root);

        Assert.Equal(3, plain.Code);
        Assert.Equal(3, json.Code);
        Assert.Equal("[]", json.Stdout.Trim());
        Assert.Contains("No modem found", plain.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ports_its_json_and_usb_list_name_the_roles_with_one_vocabulary()
    {
        string sysfs = Path.Combine(_root, "sys");
        await using EmulatorProcess modem = await EmulatorProcess.StartAsync("--sysfs", sysfs);

        var ports = await RunAsync(["ports", "--sysfs-root", sysfs], _root);
        var portsJson = await RunAsync(["ports", "--sysfs-root", sysfs, "--json"], _root);
        var usb = await RunAsync(["usb", "list", "--sysfs-root", sysfs], _root);
        var usbJson = await RunAsync(["usb", "list", "--sysfs-root", sysfs, "--json"], _root);

        Assert.True(ports.Code == 0 && usb.Code == 0, ports.Stderr + usb.Stderr);
        using var pj = JsonDocument.Parse(portsJson.Stdout);
        string[] jsonRoles = pj.RootElement[0].GetProperty("ports").EnumerateArray().Select(p => p.GetProperty("role").GetString()!).ToArray();
        Assert.Equal(["diag", "at", "modem"], jsonRoles);
        using var uj = JsonDocument.Parse(usbJson.Stdout);
        string[] usbRoles = uj.RootElement.EnumerateArray().First().GetProperty("interfaces").EnumerateArray()
            .Select(i => i.GetProperty("role").GetString()!).Where(r => r != "storage").ToArray();
        Assert.Equal(jsonRoles, usbRoles);
        foreach ((string role, string tty) in new[] { ("diag", "ttyUSB0"), ("at", "ttyUSB1"), ("modem", "ttyUSB2") })
        {
            Assert.Matches($@"{tty}\s+{role}\s", ports.Stdout);
            Assert.Matches($@"\s{role}\s+{tty}", usb.Stdout);
        }

        Assert.DoesNotContain("DIAG", ports.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("Diag", usb.Stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("udev-rules")]
    [InlineData("apn list")]
    [InlineData("decode")]
    [InlineData("checklist list")]
    [InlineData("ports")]
    public async Task A_verb_that_never_touches_the_modem_does_not_offer_the_modem_options_in_its_help(string verb)
    {
        var (code, stdout, _) = await RunAsync([.. verb.Split(' '), "--help"], _root);

        Assert.Equal(0, code);
        Assert.Contains("--json", stdout, StringComparison.Ordinal);
        foreach (string option in new[] { "--window", "--trace", "--port", "--at-port", "--tcp", "--timeout", "--reveal-secrets" })
        {
            Assert.DoesNotContain(option, stdout.Split('\n').Where(l => l.TrimStart().StartsWith("--", StringComparison.Ordinal)).Select(l => l.Trim().Split(' ')[0]));
        }
    }

    [Theory]
    [InlineData("info")]
    [InlineData("efs ls")]
    [InlineData("checklist run")]
    public async Task A_verb_that_talks_to_the_modem_offers_the_modem_options(string verb)
    {
        var (code, stdout, _) = await RunAsync([.. verb.Split(' '), "--help"], _root);

        Assert.Equal(0, code);
        Assert.Contains("--window", stdout, StringComparison.Ordinal);
        Assert.Contains("--trace", stdout, StringComparison.Ordinal);
        Assert.Contains("--port", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_modem_options_still_work_before_the_verb_as_the_readme_spells_them()
    {
        await using EmulatorProcess modem = await EmulatorProcess.StartAsync();
        var (code, stdout, stderr) = await RunAsync([.. modem.PortArgs, "info"], _root);

        Assert.True(code == 0, stderr);
        Assert.Contains("MF627", stdout, StringComparison.Ordinal);
    }
}
