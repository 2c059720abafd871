using System.Text.Json;

namespace ZteDiag.EndToEnd;

/// <summary>`status`, `pin` and `network` against `ztediag emulate`, whose SIM counts attempts like a real one.</summary>
public class ConnectionVerbTests
{
    private static Task<(int Code, string Out, string Err)> Run(EmulatorProcess emu, params string[] args) =>
        ZteDiagProcess.RunAsync([.. args, "--at-port", emu.AtPath!]);

    [Fact]
    public async Task Status_shows_every_field_with_identifiers_masked_and_a_locked_SIM_says_why_the_IMSI_is_unknown()
    {
        await using var emu = await EmulatorProcess.StartAsync("--profile", "mf627-mts", "--sim-pin", "1234");
        var (code, stdout, stderr) = await Run(emu, "status");
        Assert.True(code == 0, stderr);
        Assert.Contains("Model        MF627  firmware BD_MTSP673A4", stdout, StringComparison.Ordinal);
        Assert.Contains("SIM          waits for the PIN · PIN lock on · PIN 3 attempts left, PUK 10 attempts left", stdout, StringComparison.Ordinal);
        Assert.Contains("IMSI         unknown (the SIM waits for the PIN)", stdout, StringComparison.Ordinal);
        Assert.Contains("ICCID        8970101**********90", stdout, StringComparison.Ordinal);
        Assert.Contains("Registration not registered, not searching", stdout, StringComparison.Ordinal);
        Assert.Contains("CD autorun   on", stdout, StringComparison.Ordinal);
        Assert.Contains("CD-ROM flag  unknown (no DIAG port to read it from", stdout, StringComparison.Ordinal); // only --at-port given
        Assert.DoesNotContain("250011234567890", stdout, StringComparison.Ordinal);

        (code, _, stderr) = await Run(emu, "pin", "enter", "1234");
        Assert.True(code == 0, stderr);
        (code, stdout, stderr) = await Run(emu, "status", "--json");
        Assert.True(code == 0, stderr);
        using var doc = JsonDocument.Parse(stdout);
        JsonElement s = doc.RootElement;
        Assert.Equal("MTS RUS", s.GetProperty("operator").GetString());
        Assert.Equal("registered, home network", s.GetProperty("registration").GetString());
        Assert.Equal("25001123*****90", s.GetProperty("imsi").GetString());
        Assert.Equal("auto", s.GetProperty("network_mode").GetString());
        Assert.Equal("internet", s.GetProperty("apns")[0].GetProperty("apn").GetString());
        int dbm = s.GetProperty("signal").GetProperty("dbm").GetInt32();
        Assert.InRange(dbm, -113, -51);
        Assert.Empty(s.GetProperty("unknown").EnumerateObject());

        (code, stdout, stderr) = await Run(emu, "status", "--json", "--reveal-secrets");
        Assert.True(code == 0, stderr);
        Assert.Contains("\"imsi\":\"250011234567890\"", stdout, StringComparison.Ordinal);
        Assert.Contains("\"iccid\":\"8970101011234567890\"", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Status_reads_the_CD_startup_flag_over_the_DIAG_port_and_sees_cd_emulation_off()
    {
        await using var emu = await EmulatorProcess.StartAsync("--profile", "mf627-mts");
        var (code, stdout, stderr) = await ZteDiagProcess.RunAsync(["status", .. emu.PortArgs]);
        Assert.True(code == 0, stderr);
        Assert.Contains("CD-ROM flag  /CD_STARTUP_FLAG present", stdout, StringComparison.Ordinal);
        DirectoryInfo dir = Directory.CreateTempSubdirectory("ztediag-status-");
        try
        {
            string archive = Path.Combine(dir.FullName, "b.tar.gz");
            (code, _, stderr) = await ZteDiagProcess.RunAsync(["backup", "-o", archive, .. emu.PortArgs], timeout: TimeSpan.FromMinutes(3));
            Assert.True(code == 0, stderr);
            (code, _, stderr) = await ZteDiagProcess.RunAsync(["cd-emulation", "off", "--backup", archive, "--yes", .. emu.PortArgs]);
            Assert.True(code == 0, stderr);
        }
        finally
        {
            dir.Delete(recursive: true);
        }

        (code, stdout, stderr) = await ZteDiagProcess.RunAsync(["status", "--json", .. emu.PortArgs]);
        Assert.True(code == 0, stderr);
        Assert.Contains("\"cd_startup_flag\":false", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Status_watch_refreshes_and_the_signal_moves()
    {
        await using var emu = await EmulatorProcess.StartAsync("--profile", "mf627-mts");
        var (code, stdout, stderr) = await Run(emu, "status", "--watch", "--interval", "1", "--count", "3");
        Assert.True(code == 0, stderr);
        Assert.Contains("(refresh 3; Ctrl+C stops)", stdout, StringComparison.Ordinal);
        var signals = stdout.Split('\n').Where(l => l.StartsWith("Signal", StringComparison.Ordinal)).ToList();
        Assert.Equal(3, signals.Count);
        Assert.True(signals.Distinct().Count() > 1, string.Join(" | ", signals));
    }

    [Fact]
    public async Task Status_watch_json_prints_one_JSON_document_per_refresh()
    {
        await using var emu = await EmulatorProcess.StartAsync("--profile", "mf627-mts");
        var (code, stdout, stderr) = await Run(emu, "status", "--watch", "--json", "--interval", "1", "--count", "2");
        Assert.True(code == 0, stderr);
        string[] lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.All(lines, l => Assert.Equal("MTS RUS", JsonDocument.Parse(l).RootElement.GetProperty("operator").GetString()));
    }

    [Fact]
    public async Task Wrong_PINs_count_down_the_last_attempt_is_refused_without_force_and_the_PUK_unblocks()
    {
        await using var emu = await EmulatorProcess.StartAsync("--profile", "mf627-mts", "--sim-pin", "1234");
        var (code, stdout, stderr) = await Run(emu, "pin", "enter", "0000");
        Assert.Equal(1, code);
        Assert.Contains("before: waits for the PIN · PIN lock on · PIN 3 attempts left", stdout, StringComparison.Ordinal);
        Assert.Equal("ztediag: wrong PIN: PIN 2 attempts left, PUK 10 attempts left", stderr.Trim());

        (code, _, stderr) = await Run(emu, "pin", "enter", "0000");
        Assert.Equal(1, code);
        Assert.Contains("PIN 1 attempt left", stderr, StringComparison.Ordinal);

        (code, _, stderr) = await Run(emu, "pin", "enter", "0000");
        Assert.Equal(5, code);
        Assert.Contains("1 PIN attempt left", stderr, StringComparison.Ordinal);
        Assert.Contains("--force", stderr, StringComparison.Ordinal);

        (code, _, stderr) = await Run(emu, "pin", "enter", "0000", "--force");
        Assert.Equal(1, code);
        Assert.Contains("the PIN is now blocked", stderr, StringComparison.Ordinal);
        Assert.Contains("ztediag pin unblock PUK NEWPIN", stderr, StringComparison.Ordinal);

        (code, _, stderr) = await Run(emu, "pin", "enter", "1234");
        Assert.Equal(5, code); // the SIM waits for the PUK now: nothing is sent
        Assert.Contains("waits for the PUK", stderr, StringComparison.Ordinal);

        (code, stdout, stderr) = await Run(emu, "pin", "unblock", "12345678", "4321", "--json");
        Assert.True(code == 0, stderr);
        using (var doc = JsonDocument.Parse(stdout))
        {
            Assert.Equal("Ready", doc.RootElement.GetProperty("state").GetString());
            Assert.Equal(3, doc.RootElement.GetProperty("pin_retries").GetInt32());
        }

        (code, stdout, stderr) = await Run(emu, "pin", "change", "4321", "5678");
        Assert.True(code == 0, stderr);
        (code, stdout, stderr) = await Run(emu, "pin", "disable", "5678");
        Assert.True(code == 0, stderr);
        Assert.Contains("done; now: ready · PIN lock off", stdout, StringComparison.Ordinal);
        (code, stdout, _) = await Run(emu, "pin", "status");
        Assert.Equal(0, code);
        Assert.Contains("PIN lock off", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_malformed_PIN_is_a_usage_error_and_costs_no_attempt()
    {
        await using var emu = await EmulatorProcess.StartAsync("--profile", "mf627-mts", "--sim-pin", "1234");
        var (code, _, stderr) = await Run(emu, "pin", "enter", "12a4");
        Assert.Equal(2, code);
        Assert.Equal("ztediag: PIN must be 4 to 8 digits; nothing was sent to the SIM", stderr.Trim());
        var (_, stdout, _) = await Run(emu, "pin", "status");
        Assert.Contains("PIN 3 attempts left", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Network_mode_is_set_and_read_back_and_an_unknown_name_lists_the_valid_ones()
    {
        await using var emu = await EmulatorProcess.StartAsync("--profile", "mf627-mts");
        var (code, stdout, stderr) = await Run(emu, "network", "mode");
        Assert.True(code == 0, stderr);
        Assert.Equal("network mode: auto", stdout.Trim());

        (code, stdout, stderr) = await Run(emu, "network", "mode", "gsm");
        Assert.True(code == 0, stderr);
        Assert.Equal("network mode: auto -> gsm (read back)", stdout.Trim());
        (code, stdout, _) = await Run(emu, "status", "--json");
        Assert.Equal(0, code);
        Assert.Contains("\"technology\":\"GPRS/EDGE\"", stdout, StringComparison.Ordinal);

        (code, stdout, stderr) = await Run(emu, "network", "mode", "umts-first", "--json");
        Assert.True(code == 0, stderr);
        Assert.Contains("\"zsnt\":[0,0,2]", stdout, StringComparison.Ordinal);

        (code, _, stderr) = await Run(emu, "network", "mode", "lte");
        Assert.Equal(2, code);
        Assert.Contains("auto, gsm, umts, gsm-first, umts-first", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Network_scan_waits_for_the_late_answer_and_select_registers_or_says_why_not()
    {
        await using var emu = await EmulatorProcess.StartAsync("--profile", "mf627-mts", "--scan-delay", "1.5");
        var (code, stdout, stderr) = await Run(emu, "network", "scan");
        Assert.True(code == 0, stderr);
        Assert.Contains("scanning for networks", stderr, StringComparison.Ordinal);
        Assert.Contains("current    MTS RUS      25001   UMTS", stdout, StringComparison.Ordinal);
        Assert.Contains("forbidden  Rival 250 99 25099   GSM", stdout, StringComparison.Ordinal);

        (code, _, stderr) = await Run(emu, "network", "select", "25099");
        Assert.Equal(1, code);
        Assert.Contains("+CME ERROR: 32 (network not allowed - emergency calls only)", stderr, StringComparison.Ordinal);

        (code, stdout, stderr) = await Run(emu, "network", "select", "25098");
        Assert.True(code == 0, stderr);
        Assert.Equal("manual selection; registered on: Rival 250 98 (UMTS)", stdout.Trim());

        (code, stdout, stderr) = await Run(emu, "network", "select", "auto", "--json");
        Assert.True(code == 0, stderr);
        Assert.Contains("\"selection\":\"automatic\",\"operator\":\"MTS RUS\"", stdout, StringComparison.Ordinal);

        (code, _, stderr) = await Run(emu, "network", "select", "MTS");
        Assert.Equal(2, code);
        Assert.Contains("neither auto nor an MCC+MNC", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_scan_that_outlasts_wait_fails_with_a_timeout_and_the_port_still_answers()
    {
        await using var emu = await EmulatorProcess.StartAsync("--profile", "mf627-mts", "--scan-delay", "30");
        var (code, _, stderr) = await Run(emu, "network", "scan", "--wait", "5");
        Assert.Equal(4, code);
        Assert.DoesNotContain("   at ", stderr, StringComparison.Ordinal);
        var (code2, stdout, stderr2) = await Run(emu, "network", "mode");
        Assert.True(code2 == 0, stderr2);
        Assert.Equal("network mode: auto", stdout.Trim());
    }
}
