using System.Text.Json;

namespace ZteDiag.EndToEnd;

public class NvVerbTests
{
    [Fact]
    public async Task NvReadOfTheSpcItem_WithoutSpc_ExitsOneWithTheSpcHint()
    {
        await using var emu = await EmulatorProcess.StartAsync("--profile", "mf627-mts");
        var (code, _, stderr) = await ZteDiagProcess.RunAsync(["nv", "read", "NV_SEC_CODE_I", .. emu.PortArgs]);
        Assert.Equal(1, code);
        Assert.Contains("ztediag spc", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NvRead550_WithSpc_DecodesTheImeiMasked_AndHidesTheBytes()
    {
        await using var emu = await EmulatorProcess.StartAsync("--profile", "mf627-mts");
        var (code, stdout, stderr) = await ZteDiagProcess.RunAsync(["nv", "read", "550", "--spc", "000000", .. emu.PortArgs]);
        Assert.True(code == 0, stderr);
        Assert.Contains("NV_UE_IMEI_I", stdout, StringComparison.Ordinal);
        Assert.Contains("status Done", stdout, StringComparison.Ordinal);
        Assert.Contains("IMEI 35461302*****42", stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("08 3a", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NvRead550_RevealSecrets_ShowsTheHexDumpAndTheImei()
    {
        await using var emu = await EmulatorProcess.StartAsync("--profile", "mf627-mts");
        Assert.Equal(0, (await ZteDiagProcess.RunAsync(["spc", "000000", .. emu.PortArgs])).ExitCode);
        var (code, stdout, stderr) = await ZteDiagProcess.RunAsync(["nv", "read", "550", "--reveal-secrets", .. emu.PortArgs]);
        Assert.True(code == 0, stderr);
        Assert.Contains("0000  08 3a 45 16 03 02 10 32 24 00", stdout, StringComparison.Ordinal);
        Assert.Contains("IMEI 354613020012342", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NvRead_OfAnInactiveItem_ReportsNotActive_AndExitsOne()
    {
        await using var emu = await EmulatorProcess.StartAsync("--profile", "mf627-mts");
        var (code, stdout, _) = await ZteDiagProcess.RunAsync(["nv", "read", "7777", .. emu.PortArgs]);
        Assert.Equal(1, code);
        Assert.Contains("status NotActive", stdout, StringComparison.Ordinal);

        var (jcode, json, _) = await ZteDiagProcess.RunAsync(["nv", "read", "7777", "--json", .. emu.PortArgs]);
        Assert.Equal(1, jcode);
        using var doc = JsonDocument.Parse(json);
        Assert.Equal("NotActive", doc.RootElement.GetProperty("status").GetString());
        Assert.Equal(5, doc.RootElement.GetProperty("status_code").GetInt32());
    }

    [Fact]
    public async Task NvRead_PlainItem_PrintsAHexDump()
    {
        await using var emu = await EmulatorProcess.StartAsync("--profile", "mf627-mts");
        var (code, stdout, stderr) = await ZteDiagProcess.RunAsync(["nv", "read", "441", .. emu.PortArgs]);
        Assert.True(code == 0, stderr);
        Assert.Contains("NV_BAND_PREF_I", stdout, StringComparison.Ordinal);
        Assert.Contains("0000  80 03 00", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NvWrite550_WithoutSpc_ExitsOneWithTheSpcHint()
    {
        // mf626-globe is the profile whose firmware protects NV 550 (stock code lets it be read and written)
        await using var emu = await EmulatorProcess.StartAsync("--profile", "mf626-globe");
        var (code, _, stderr) = await ZteDiagProcess.RunAsync(["nv", "write", "550", "083a451603021032 24", "--yes", .. emu.PortArgs]);
        Assert.Equal(1, code);
        Assert.Contains("ztediag spc 000000", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NvWrite_WithoutYes_OnAPipe_RefusesAndNamesSafety()
    {
        await using var emu = await EmulatorProcess.StartAsync("--profile", "mf627-mts");
        var (code, _, stderr) = await ZteDiagProcess.RunAsync(["nv", "write", "10", "02", .. emu.PortArgs], stdin: "y\n");
        Assert.Equal(2, code);
        Assert.Contains("--yes", stderr, StringComparison.Ordinal);
        Assert.Contains("SAFETY", stderr, StringComparison.Ordinal);
        var (_, after, _) = await ZteDiagProcess.RunAsync(["nv", "read", "10", .. emu.PortArgs]);
        Assert.Contains("0000  04 00", after, StringComparison.Ordinal); // unchanged
    }

    [Fact]
    public async Task SpcThenNvWrite_InTwoProcesses_Works_BecauseTheModemKeepsTheSpcState()
    {
        await using var emu = await EmulatorProcess.StartAsync("--profile", "mf627-mts");
        Assert.Equal(0, (await ZteDiagProcess.RunAsync(["spc", "000000", .. emu.PortArgs])).ExitCode);
        var (code, stdout, stderr) = await ZteDiagProcess.RunAsync(["nv", "write", "550", "08 3a 65 78 05 10 65 82 08", "--yes", .. emu.PortArgs]);
        Assert.True(code == 0, stderr);
        Assert.Contains("wrote 9 byte(s)", stdout, StringComparison.Ordinal);
        var (_, read, _) = await ZteDiagProcess.RunAsync(["nv", "read", "550", "--reveal-secrets", .. emu.PortArgs]);
        Assert.Contains("IMEI 356875001562880", read, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NvWrite_WithTheSpcOption_SendsItFirst()
    {
        await using var emu = await EmulatorProcess.StartAsync("--profile", "mf627-mts");
        var (code, _, stderr) = await ZteDiagProcess.RunAsync(["nv", "write", "550", "083a451603021032 24", "--yes", "--spc", "000000", .. emu.PortArgs]);
        Assert.True(code == 0, stderr);
    }

    [Fact]
    public async Task NvWrite_BadHex_IsAUsageError()
    {
        var (code, _, stderr) = await ZteDiagProcess.RunAsync(["nv", "write", "10", "zz", "--yes", "--port", "/nonexistent"]);
        Assert.Equal(2, code);
        Assert.Contains("not hex", stderr, StringComparison.Ordinal);
    }
}
