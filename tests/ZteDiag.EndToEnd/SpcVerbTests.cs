using System.Text.Json;

namespace ZteDiag.EndToEnd;

public class SpcVerbTests
{
    [Fact]
    public async Task Spc_DefaultCode_IsAccepted_AndNeverPrintedInClear()
    {
        await using var emu = await EmulatorProcess.StartAsync("--profile", "mf627-mts");
        var (code, stdout, stderr) = await ZteDiagProcess.RunAsync(["spc", .. emu.PortArgs]);
        Assert.True(code == 0, stderr);
        Assert.Contains("accepted", stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("000000", stdout + stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Spc_WrongCode_IsRejected_ExitOne()
    {
        await using var emu = await EmulatorProcess.StartAsync("--profile", "mf627-mts");
        var (code, stdout, _) = await ZteDiagProcess.RunAsync(["spc", "123456", .. emu.PortArgs]);
        Assert.Equal(1, code);
        Assert.Contains("rejected", stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("123456", stdout, StringComparison.Ordinal);

        var (jcode, json, _) = await ZteDiagProcess.RunAsync(["spc", "123456", "--json", .. emu.PortArgs]);
        Assert.Equal(1, jcode);
        using var doc = JsonDocument.Parse(json);
        Assert.False(doc.RootElement.GetProperty("accepted").GetBoolean());
    }

    [Fact]
    public async Task Spc_NotSixDigits_IsAUsageError()
    {
        var (code, _, stderr) = await ZteDiagProcess.RunAsync(["spc", "12ab", "--port", "/nonexistent"]);
        Assert.Equal(2, code);
        Assert.Contains("6 digits", stderr, StringComparison.Ordinal);
    }
}
