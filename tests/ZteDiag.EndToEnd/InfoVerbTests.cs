using System.Text.Json;

namespace ZteDiag.EndToEnd;

public class InfoVerbTests
{
    [Fact]
    public async Task Info_ShowsModelRevisionAndBuild_WithTheImeiMasked()
    {
        await using var emu = await EmulatorProcess.StartAsync("--profile", "mf627-mts");
        var (code, stdout, stderr) = await ZteDiagProcess.RunAsync(["info", .. emu.PortArgs]);
        Assert.True(code == 0, stderr);
        Assert.Matches(@"Model\s+MF627", stdout);
        Assert.Contains("BD_MTSP673A4V1.0.0B01", stdout, StringComparison.Ordinal);
        Assert.Contains("M6290A-KPRZL-2.4.0105T", stdout, StringComparison.Ordinal);
        Assert.Contains("KP671A2", stdout, StringComparison.Ordinal);
        Assert.Contains("35461302*****42", stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("354613020012342", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Info_WithRevealSecrets_ShowsTheFifteenDigits()
    {
        await using var emu = await EmulatorProcess.StartAsync("--profile", "mf627-mts");
        var (code, stdout, stderr) = await ZteDiagProcess.RunAsync(["info", "--reveal-secrets", .. emu.PortArgs]);
        Assert.True(code == 0, stderr);
        Assert.Matches(@"IMEI \(ATI\)\s+354613020012342", stdout);
    }

    [Fact]
    public async Task Info_AfterSpc_ReadsTheImeiFromNv550Too()
    {
        await using var emu = await EmulatorProcess.StartAsync("--profile", "mf627-mts");
        Assert.Equal(0, (await ZteDiagProcess.RunAsync(["spc", .. emu.PortArgs])).ExitCode);
        var (code, stdout, stderr) = await ZteDiagProcess.RunAsync(["info", "--json", "--reveal-secrets", .. emu.PortArgs]);
        Assert.True(code == 0, stderr);
        using var doc = JsonDocument.Parse(stdout);
        Assert.Equal("354613020012342", doc.RootElement.GetProperty("imei").GetString());
    }

    [Fact]
    public async Task Info_Json_HasTheIdentityFields()
    {
        await using var emu = await EmulatorProcess.StartAsync("--profile", "mf627-mts");
        var (code, stdout, stderr) = await ZteDiagProcess.RunAsync(["info", "--json", .. emu.PortArgs]);
        Assert.True(code == 0, stderr);
        using var doc = JsonDocument.Parse(stdout);
        JsonElement root = doc.RootElement;
        Assert.Equal(emu.DiagPath, root.GetProperty("diag_port").GetString());
        Assert.Equal("KP671A2", root.GetProperty("verno").GetProperty("version_directory").GetString());
        Assert.Equal("M6290A-KPRZL-2.4.0105T", root.GetProperty("build_id").GetString());
        Assert.Equal(8, root.GetProperty("diag_version").GetInt32());
        Assert.Equal("80000005", root.GetProperty("esn").GetString());
        Assert.Equal("35461302*****42", root.GetProperty("imei").GetString()); // NV 550 is readable without the SPC, as in stock code
        Assert.True(root.GetProperty("imei_masked").GetBoolean());
        JsonElement ati = root.GetProperty("ati");
        Assert.Equal("ZTE INCORPORATED", ati.GetProperty("manufacturer").GetString());
        Assert.Equal("MF627", ati.GetProperty("model").GetString());
        Assert.Equal("BD_MTSP673A4V1.0.0B01", ati.GetProperty("revision").GetString());
        Assert.Equal("35461302*****42", ati.GetProperty("imei").GetString());
    }

    [Fact]
    public async Task Info_OnTheAtPort_ExitsThreeSayingItIsNotTheDiagPort()
    {
        await using var emu = await EmulatorProcess.StartAsync("--profile", "mf627-mts");
        var (code, _, stderr) = await ZteDiagProcess.RunAsync(["info", "--port", emu.AtPath!]);
        Assert.Equal(3, code);
        Assert.Contains("not the DIAG port", stderr, StringComparison.Ordinal);
    }
}
