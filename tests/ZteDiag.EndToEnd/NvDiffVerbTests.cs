using System.Text;
using System.Text.Json;

namespace ZteDiag.EndToEnd;

/// <summary>`ztediag nv diff` between files and against `ztediag emulate`, end to end.</summary>
public sealed class NvDiffVerbTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("ztediag-nv-diff-e2e-").FullName;

    private static readonly string Fixture = Path.Combine(AppContext.BaseDirectory, "fixtures", "qcn", "thirdparty-backup-of-virtual-mf627.xqcn");

    public void Dispose()
    {
        try { Directory.Delete(_dir, recursive: true); }
        catch (IOException) { }
    }

    private Task<(int Code, string Out, string Err)> Run(params string[] args) =>
        ZteDiagProcess.RunAsync(args, timeout: TimeSpan.FromMinutes(3), environment: new Dictionary<string, string> { ["XDG_STATE_HOME"] = Path.Combine(_dir, "xdg") });

    private static List<JsonElement> Items(JsonDocument doc) => [.. doc.RootElement.GetProperty("items").EnumerateArray()];

    [Fact]
    public async Task Against_the_device_a_fresh_backup_is_equal_and_an_item_changed_with_nv_write_is_named_with_both_values()
    {
        await using var emu = await EmulatorProcess.StartAsync("--profile", "mf627-mts");
        string backup = Path.Combine(_dir, "stick.qcn");
        var (b, bo, be) = await Run(["nv", "backup", "-o", backup, "--spc", "000000", .. emu.PortArgs]);
        Assert.True(b == 0, bo + be);

        var (same, so, se) = await Run(["nv", "diff", backup, "--against-device", "--spc", "000000", .. emu.PortArgs]);
        Assert.True(same == 0, so + se);
        Assert.EndsWith(": equal", so.TrimEnd(), StringComparison.Ordinal);

        var (w, wo, we) = await Run(["nv", "write", "10", "0e", "--yes", .. emu.PortArgs]);
        Assert.True(w == 0, wo + we);
        var (code, stdout, stderr) = await Run(["nv", "diff", backup, "--against-device", "--spc", "000000", "--json", .. emu.PortArgs]);
        Assert.True(code == 1, stdout + stderr);
        using var doc = JsonDocument.Parse(stdout);
        Assert.False(doc.RootElement.GetProperty("equal").GetBoolean());
        var summary = doc.RootElement.GetProperty("summary");
        Assert.Equal(1, summary.GetProperty("differ").GetInt32());
        Assert.Equal(0, summary.GetProperty("only_in_a").GetInt32());
        Assert.Equal(0, summary.GetProperty("only_in_b").GetInt32());
        Assert.True(summary.GetProperty("same").GetInt32() >= 500, stdout);
        Assert.Equal(0, summary.GetProperty("item_files").GetProperty("differ").GetInt32());
        JsonElement changed = Assert.Single(Items(doc));
        Assert.Equal(10, changed.GetProperty("id").GetInt32());
        Assert.Equal("differs", changed.GetProperty("kind").GetString());
        Assert.Equal("0e", changed.GetProperty("b").GetString());
        Assert.NotEqual("0e", changed.GetProperty("a").GetString());
        Assert.Equal("mode preference WCDMA only", changed.GetProperty("b_decoded").GetString());

        var (t, to, te) = await Run(["nv", "diff", backup, "--against-device", "--spc", "000000", .. emu.PortArgs]);
        Assert.True(t == 1, to + te);
        Assert.Contains("differs", to, StringComparison.Ordinal);
        Assert.Contains("NV_PREF_MODE_I", to, StringComparison.Ordinal);
        Assert.Contains("→ 0e [mode preference WCDMA only]", to, StringComparison.Ordinal);
        Assert.Contains("1 differ, 0 only in A, 0 only in B", to, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_the_spc_the_protected_items_are_listed_as_not_compared_and_the_exit_code_is_1()
    {
        string state = Path.Combine(_dir, "state");
        var emu = await EmulatorProcess.StartAsync("--profile", "mf627-mts", "--state", state);
        string backup = Path.Combine(_dir, "stick.json");
        var (b, bo, be) = await Run(["nv", "backup", "-o", backup, "--spc", "000000", .. emu.PortArgs]);
        Assert.True(b == 0, bo + be);
        await emu.DisposeAsync(); // a power cycle: the SPC is locked again

        await using var again = await EmulatorProcess.StartAsync("--profile", "mf627-mts", "--state", state);
        var (code, stdout, stderr) = await Run(["nv", "diff", backup, "--against-device", .. again.PortArgs]);
        Assert.True(code == 1, stdout + stderr);
        Assert.Matches(@"not compared +85 NV_SEC_CODE_I +\(B could not read it without the SPC: give --spc\)", stdout);
        Assert.Contains(" 0 differ, 0 only in A, 0 only in B", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Two_files_in_different_formats_of_one_image_are_equal_and_the_third_party_xqcn_shares_its_8_items()
    {
        await using var emu = await EmulatorProcess.StartAsync("--profile", "mf627-mts");
        string qcn = Path.Combine(_dir, "stick.qcn"), json = Path.Combine(_dir, "stick.json");
        Assert.Equal(0, (await Run(["nv", "backup", "-o", qcn, "--spc", "000000", .. emu.PortArgs])).Code);
        Assert.Equal(0, (await Run(["nv", "backup", "-o", json, "--spc", "000000", .. emu.PortArgs])).Code);

        var (eq, eo, ee) = await Run(["nv", "diff", qcn, json]);
        Assert.True(eq == 0, eo + ee);

        var (code, stdout, stderr) = await Run(["nv", "diff", Fixture, qcn, "--json"]);
        Assert.True(code == 1, stdout + stderr);
        using var doc = JsonDocument.Parse(stdout);
        var summary = doc.RootElement.GetProperty("summary");
        Assert.Equal(8, summary.GetProperty("same").GetInt32());
        Assert.Equal(0, summary.GetProperty("differ").GetInt32());
        Assert.Equal(0, summary.GetProperty("only_in_a").GetInt32());
        Assert.Equal(doc.RootElement.GetProperty("b").GetProperty("items").GetInt32() - 8, summary.GetProperty("only_in_b").GetInt32());
        Assert.All(Items(doc), i => Assert.Equal("only_in_b", i.GetProperty("kind").GetString()));
    }

    [Fact]
    public async Task A_hostile_file_is_refused_in_one_line_with_exit_2_before_the_modem_is_opened()
    {
        string bad = Path.Combine(_dir, "bad.xqcn");
        File.WriteAllText(bad, File.ReadAllText(Fixture, Encoding.Latin1).Replace("88 00 01 00 0A 00", "88 00 01 00 00 00", StringComparison.Ordinal), Encoding.Latin1);
        var (code, _, stderr) = await Run(["nv", "diff", bad, "--against-device", "--port", "/dev/null-no-modem"]);
        Assert.Equal(2, code);
        Assert.Contains("NV item 0 appears twice", stderr, StringComparison.Ordinal);
        Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));

        var (both, _, be) = await Run(["nv", "diff", Fixture, Fixture, "--against-device"]);
        Assert.Equal(2, both);
        Assert.Contains("give OTHER or --against-device", be, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_help_says_what_the_exit_codes_mean()
    {
        var (code, stdout, _) = await Run("nv", "diff", "--help");
        Assert.Equal(0, code);
        Assert.Contains("0 the images are equal, 1 they differ", stdout, StringComparison.Ordinal);
    }
}
