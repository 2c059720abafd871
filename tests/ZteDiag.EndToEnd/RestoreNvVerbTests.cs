using System.Text.Json;

namespace ZteDiag.EndToEnd;

/// <summary>`restore --nv` and `verify` of a `backup --nv` archive's NV part, against `ztediag emulate`.</summary>
public sealed class RestoreNvVerbTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("ztediag-restore-nv-e2e-").FullName;

    public void Dispose()
    {
        try { Directory.Delete(_dir, recursive: true); }
        catch (IOException) { }
    }

    private Task<(int Code, string Out, string Err)> Run(params string[] args) =>
        ZteDiagProcess.RunAsync(args, timeout: TimeSpan.FromMinutes(3), environment: new Dictionary<string, string> { ["XDG_STATE_HOME"] = Path.Combine(_dir, "xdg") });

    private static List<(int Id, string Kind)> NvDifferences(string verifyJson)
    {
        using var doc = JsonDocument.Parse(verifyJson);
        return [.. doc.RootElement.GetProperty("nv").GetProperty("differences").EnumerateArray().Select(d => (d.GetProperty("id").GetInt32(), d.GetProperty("kind").GetString()!))];
    }

    [Fact]
    public async Task Verify_finds_the_changed_nv_items_restore_nv_puts_them_back_after_a_safety_backup_and_verify_then_passes()
    {
        await using var emu = await EmulatorProcess.StartAsync("--profile", "mf627-mts");
        string archive = Path.Combine(_dir, "b.tar.gz");
        var (b, bo, be) = await Run(["backup", "--path", "/nv", "--nv", "--spc", "000000", "-o", archive, .. emu.PortArgs]);
        Assert.True(b == 0, bo + be);
        var (v0, vo0, ve0) = await Run(["verify", archive]);
        Assert.True(v0 == 0, vo0 + ve0);
        Assert.Matches(@": OK — .*, \d{3,} NV items", vo0);

        var (w1, wo1, we1) = await Run(["nv", "write", "10", "0e", "--yes", .. emu.PortArgs]);
        Assert.True(w1 == 0, wo1 + we1);
        Assert.Equal(0, (await Run(["nv", "write", "441", "5a 5a", "--yes", .. emu.PortArgs])).Code);

        var (v1, vo1, ve1) = await Run(["verify", archive, "--against-device", "--spc", "000000", "--json", .. emu.PortArgs]);
        Assert.True(v1 == 1, vo1 + ve1);
        Assert.Equal([(10, "changed"), (441, "changed")], NvDifferences(vo1));

        var (d, dout, derr) = await Run(["restore", archive, "--nv", "--dry-run", "--json", .. emu.PortArgs]);
        Assert.True(d == 0, dout + derr);
        using (var plan = JsonDocument.Parse(dout))
        {
            JsonElement nv = plan.RootElement.GetProperty("nv");
            Assert.True(nv.GetProperty("restored").GetBoolean());
            Assert.Equal(2, nv.GetProperty("plan").GetProperty("changed").GetInt32());
            Assert.Equal([10, 441], nv.GetProperty("changes").EnumerateArray().Select(c => c.GetProperty("id").GetInt32()));
        }

        var (r, ro, re) = await Run(["restore", archive, "--nv", "--yes", "--journal-dir", Path.Combine(_dir, "journals"), .. emu.PortArgs]);
        Assert.True(r == 0, ro + re);
        Assert.Contains("NV restore complete: 2 item(s) written and read back.", ro, StringComparison.Ordinal);
        string safety = ro.Split('\n').Single(l => l.StartsWith("Safety backup of the NV items' old values: ", StringComparison.Ordinal))["Safety backup of the NV items' old values: ".Length..].Trim();
        Assert.StartsWith(Path.Combine(_dir, "journals", "nv"), safety, StringComparison.Ordinal);

        // the safety backup holds the values restore overwrote, readable by nv show
        var (s, so, se) = await Run(["nv", "show", safety, "--json"]);
        Assert.True(s == 0, so + se);
        using (var kept = JsonDocument.Parse(so))
        {
            var items = kept.RootElement.GetProperty("items").EnumerateArray().ToDictionary(i => i.GetProperty("id").GetInt32(), i => i.GetProperty("data").GetString());
            Assert.Equal("0e", items[10]);
            Assert.Equal("5a5a", items[441]);
        }

        var (v2, vo2, ve2) = await Run(["verify", archive, "--against-device", "--spc", "000000", .. emu.PortArgs]);
        Assert.True(v2 == 0, vo2 + ve2);
        Assert.Contains("NV items: ", vo2, StringComparison.Ordinal);
        Assert.Contains(" same as on the device, 0 difference(s)", vo2, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Restore_nv_of_a_backup_made_without_nv_is_refused_with_exit_2_and_the_plan_without_nv_names_the_option()
    {
        await using var emu = await EmulatorProcess.StartAsync("--profile", "mf627-mts");
        string plain = Path.Combine(_dir, "plain.tar.gz");
        Assert.Equal(0, (await Run(["backup", "--path", "/nv", "-o", plain, .. emu.PortArgs])).Code);
        var (code, stdout, stderr) = await Run(["restore", plain, "--nv", "--dry-run", .. emu.PortArgs]);
        Assert.Equal(2, code);
        Assert.Contains("this backup holds no NV items (it was made without --nv)", stderr, StringComparison.Ordinal);
        Assert.Empty(stdout);

        var (rc, _, re) = await Run(["restore", "--resume", "--nv"]);
        Assert.Equal(2, rc);
        Assert.Contains("ztediag nv restore --resume", re, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Restore_nv_of_another_sticks_archive_is_refused_before_any_write_even_with_other_device()
    {
        string archive = Path.Combine(_dir, "mts.tar.gz");
        await using (var mts = await EmulatorProcess.StartAsync("--profile", "mf627-mts"))
        {
            var (b, bo, be) = await Run(["backup", "--path", "/nv", "--nv", "--nv-last", "600", "--spc", "000000", "-o", archive, .. mts.PortArgs]);
            Assert.True(b == 0, bo + be);
        }

        await using var globe = await EmulatorProcess.StartAsync("--profile", "mf626-globe");
        string journals = Path.Combine(_dir, "journals");
        var (code, stdout, stderr) = await Run(["restore", archive, "--nv", "--other-device", "--yes", "--journal-dir", journals, .. globe.PortArgs]);
        Assert.True(code == 5, stdout + stderr);
        Assert.Contains("another device", stderr, StringComparison.Ordinal);
        Assert.Contains("Nothing was written", stderr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(journals)); // no EFS journal, no NV safety backup: refused before the first write
    }
}
