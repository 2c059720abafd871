using System.Text.Json;

namespace ZteDiag.EndToEnd;

/// <summary>`ztediag nv restore --only` and the plan's categories against `ztediag emulate`.</summary>
public sealed class NvRestoreOnlyVerbTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("ztediag-nv-only-e2e-").FullName;

    public void Dispose()
    {
        try { Directory.Delete(_dir, recursive: true); }
        catch (IOException) { }
    }

    private Task<(int Code, string Out, string Err)> Run(params string[] args) =>
        ZteDiagProcess.RunAsync(args, timeout: TimeSpan.FromMinutes(3), environment: new Dictionary<string, string> { ["XDG_STATE_HOME"] = Path.Combine(_dir, "xdg") });

    [Fact]
    public async Task Only_the_listed_item_is_restored_and_the_other_changed_item_keeps_its_new_value()
    {
        await using var emu = await EmulatorProcess.StartAsync("--profile", "mf627-mts");
        string backup = Path.Combine(_dir, "stick.json");
        var (b, bo, be) = await Run(["nv", "backup", "-o", backup, "--spc", "000000", .. emu.PortArgs]);
        Assert.True(b == 0, bo + be);
        Assert.Equal(0, (await Run(["nv", "write", "10", "0e", "--yes", .. emu.PortArgs])).Code);
        Assert.Equal(0, (await Run(["nv", "write", "441", "5a 5a", "--yes", .. emu.PortArgs])).Code);

        var (d, dout, derr) = await Run(["nv", "restore", backup, "--dry-run", "--only", "NV_PREF_MODE_I", "--json", .. emu.PortArgs]);
        Assert.True(d == 0, dout + derr);
        using (var plan = JsonDocument.Parse(dout))
        {
            Assert.Equal(1, plan.RootElement.GetProperty("plan").GetProperty("changed").GetInt32());
            Assert.Equal(0, plan.RootElement.GetProperty("plan").GetProperty("unchanged").GetInt32());
            JsonElement change = Assert.Single(plan.RootElement.GetProperty("changes").EnumerateArray());
            Assert.Equal(10, change.GetProperty("id").GetInt32());
            Assert.Equal("changed", change.GetProperty("category").GetString());
            Assert.StartsWith("0e", change.GetProperty("old").GetString(), StringComparison.Ordinal);
        }

        var (r, ro, re) = await Run(["nv", "restore", backup, "--only", "10", "--take-backup", "--yes", "--journal-dir", Path.Combine(_dir, "journals"), .. emu.PortArgs]);
        Assert.True(r == 0, ro + re);
        Assert.Contains("1 item(s) differ, 1 written and read back", ro, StringComparison.Ordinal);
        Assert.Contains("Plan: 1 changed, 0 unchanged", ro, StringComparison.Ordinal);

        var (code, stdout, stderr) = await Run(["nv", "diff", backup, "--against-device", "--spc", "000000", "--json", .. emu.PortArgs]);
        Assert.True(code == 1, stdout + stderr);
        using var diff = JsonDocument.Parse(stdout);
        JsonElement left = Assert.Single(diff.RootElement.GetProperty("items").EnumerateArray());
        Assert.Equal(441, left.GetProperty("id").GetInt32());
        Assert.Equal("5a5a", left.GetProperty("b").GetString());
    }

    [Fact]
    public async Task A_full_dry_run_counts_every_item_as_unchanged_on_the_modem_it_came_from()
    {
        await using var emu = await EmulatorProcess.StartAsync("--profile", "mf627-mts");
        string backup = Path.Combine(_dir, "stick.json");
        Assert.Equal(0, (await Run(["nv", "backup", "-o", backup, "--spc", "000000", .. emu.PortArgs])).Code);
        var (code, stdout, stderr) = await Run(["nv", "restore", backup, "--dry-run", .. emu.PortArgs]);
        Assert.True(code == 0, stdout + stderr);
        Assert.Contains("no changes: the modem already holds every item", stdout, StringComparison.Ordinal);
        Assert.Matches(@"Plan: 0 changed, \d{3,} unchanged, 0 not active on the modem \(written\), 0 need the SPC", stdout);
    }

    [Fact]
    public async Task An_only_id_not_in_the_file_is_refused_in_one_line_with_exit_2_before_the_modem_is_opened()
    {
        string file = Path.Combine(_dir, "small.json");
        File.WriteAllText(file, """{"schema_version":1,"created_utc":"2026-01-01T00:00:00+00:00","items":[{"id":10,"name":"NV_PREF_MODE_I","status":"done","data":"04"}]}""");
        var (code, _, stderr) = await Run(["nv", "restore", file, "--dry-run", "--only", "10", "NV_BAND_PREF_I", "--port", "/dev/null-no-modem"]);
        Assert.Equal(2, code);
        Assert.Contains("NV 441 NV_BAND_PREF_I is not in", stderr, StringComparison.Ordinal);
        Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));

        var (bad, _, be) = await Run(["nv", "restore", file, "--dry-run", "--only", "NV_NOPE", "--port", "/dev/null-no-modem"]);
        Assert.Equal(2, bad);
        Assert.Contains("'NV_NOPE' is not an NV item id", be, StringComparison.Ordinal);
    }
}
