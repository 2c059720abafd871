using System.Text;
using System.Text.Json;

namespace ZteDiag.EndToEnd;

/// <summary>QCN/XQCN backup and restore against `ztediag emulate`, end to end.</summary>
public sealed class NvQcnVerbTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("ztediag-nv-qcn-e2e-").FullName;

    private static readonly string Fixture = Path.Combine(AppContext.BaseDirectory, "fixtures", "qcn", "thirdparty-backup-of-virtual-mf627.xqcn");

    public void Dispose()
    {
        try { Directory.Delete(_dir, recursive: true); }
        catch (IOException) { }
    }

    private Task<(int Code, string Out, string Err)> Run(params string[] args) =>
        ZteDiagProcess.RunAsync(args, timeout: TimeSpan.FromMinutes(3), environment: new Dictionary<string, string> { ["XDG_STATE_HOME"] = Path.Combine(_dir, "xdg") });

    private static Dictionary<int, string> Items(string json)
    {
        using var doc = JsonDocument.Parse(json);
        return doc.RootElement.GetProperty("items").EnumerateArray().ToDictionary(i => i.GetProperty("id").GetInt32(), i => i.GetProperty("data").GetString()!);
    }

    [Theory]
    [InlineData("qcn")]
    [InlineData("xqcn")]
    public async Task A_backup_restores_the_changed_items_and_the_imei_so_the_nv_image_equals_the_backup(string format)
    {
        await using var emu = await EmulatorProcess.StartAsync("--profile", "mf627-mts");
        string backup = Path.Combine(_dir, "stick." + format);
        var (b, bo, be) = await Run(["nv", "backup", "-o", backup, "--spc", "000000", .. emu.PortArgs]);
        Assert.True(b == 0, bo + be);
        Assert.Contains("item files", bo, StringComparison.Ordinal);

        // the technician (or a bad flash) changes items, the IMEI among them (with the SPC)
        Assert.Equal(0, (await Run(["nv", "write", "10", "0e", "--yes", .. emu.PortArgs])).Code);
        var (w, wo, we) = await Run(["nv", "write", "550", "08 3a 45 16 03 02 10 32 99", "--spc", "000000", "--yes", .. emu.PortArgs]);
        Assert.True(w == 0, wo + we);

        var (r, ro, re) = await Run(["nv", "restore", backup, "--spc", "000000", "--restore-imei", "--take-backup", "--yes", "--other-device",
            "--journal-dir", Path.Combine(_dir, "journals"), .. emu.PortArgs]);
        Assert.True(r == 0, ro + re);
        Assert.Contains("2 item(s) differ", ro, StringComparison.Ordinal);

        string before = Path.Combine(_dir, "before.json"), after = Path.Combine(_dir, "after.json");
        var (s1, s1o, s1e) = await Run(["nv", "show", backup, "--json", "--reveal-secrets"]);
        Assert.True(s1 == 0, s1e);
        File.WriteAllText(before, s1o);
        var (n, no, ne) = await Run(["nv", "backup", "-o", after, "--spc", "000000", .. emu.PortArgs]);
        Assert.True(n == 0, no + ne);
        var (s2, s2o, s2e) = await Run(["nv", "show", after, "--json", "--reveal-secrets"]);
        Assert.True(s2 == 0, s2e);
        var want = Items(s1o);
        var got = Items(s2o);
        Assert.True(want.Count >= 500, $"{want.Count} items");
        Assert.Equal(want, got);
    }

    [Fact]
    public async Task A_backup_without_the_spc_exits_1_and_names_each_protected_item()
    {
        await using var emu = await EmulatorProcess.StartAsync("--profile", "mf627-mts");
        string backup = Path.Combine(_dir, "nospc.qcn");
        var (code, stdout, stderr) = await Run(["nv", "backup", "-o", backup, "--json", .. emu.PortArgs]);
        Assert.Equal(1, code);
        Assert.Contains("NV 85 NV_SEC_CODE_I NOT saved", stderr, StringComparison.Ordinal);
        using var doc = JsonDocument.Parse(stdout);
        var notSaved = doc.RootElement.GetProperty("not_saved").EnumerateArray().Select(e => e.GetProperty("id").GetInt32()).ToList();
        Assert.Contains(85, notSaved);
        Assert.Contains(184, notSaved); // NV_FSC_I, on the stock SP read list
        var unreadable = doc.RootElement.GetProperty("unreadable_by_design").EnumerateArray().Select(e => e.GetProperty("id").GetInt32()).ToList();
        Assert.Contains(25, unreadable); // NV_A_KEY_I
        Assert.True(File.Exists(backup));
    }

    [Fact]
    public async Task The_third_party_xqcn_is_shown_and_dry_run_restored_with_its_8_items()
    {
        var (code, stdout, stderr) = await Run(["nv", "show", Fixture, "--json", "--reveal-secrets"]);
        Assert.True(code == 0, stderr);
        var items = Items(stdout);
        Assert.Equal(new[] { 0, 10, 85, 441, 453, 550, 946, 1877 }, items.Keys.Order());
        Assert.Equal("083a45160302103224", items[550]);
        Assert.Contains("IMEI 354613020012342", stdout, StringComparison.Ordinal);

        await using var emu = await EmulatorProcess.StartAsync("--profile", "mf627-mts");
        var (d, dout, derr) = await Run(["nv", "restore", Fixture, "--dry-run", "--spc", "000000", .. emu.PortArgs]);
        Assert.True(d == 0, dout + derr);
        Assert.Contains("no changes: the modem already holds every item", dout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_hostile_xqcn_is_refused_in_one_line_with_exit_2_before_the_modem_is_touched()
    {
        string bad = Path.Combine(_dir, "bad.xqcn");
        File.WriteAllText(bad, File.ReadAllText(Fixture, Encoding.Latin1).Replace("88 00 01 00 0A 00", "88 00 01 00 00 00", StringComparison.Ordinal), Encoding.Latin1);
        var (code, _, stderr) = await Run(["nv", "restore", bad, "--dry-run", "--port", "/dev/null-no-modem"]);
        Assert.Equal(2, code);
        Assert.Contains("NV item 0 appears twice", stderr, StringComparison.Ordinal);
        Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }
}
