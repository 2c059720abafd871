using System.Text.Json;

namespace ZteDiag.EndToEnd;

public class DecodeVerbTests
{
    [Fact]
    public async Task Decode_HexOption_PrintsOneLinePerFrameWithDirection()
    {
        var (code, stdout, _) = await ZteDiagProcess.RunAsync(["decode", "--hex", "> 4b 13 0b 00 2f 00 19 11 7e"]);
        Assert.Equal(0, code);
        Assert.StartsWith("> ", stdout.Trim());
    }

    [Fact]
    public async Task Decode_F4SierraFrames_AreReportedAsBadFrames_NotFatal()
    {
        var (code, stdout, _) = await ZteDiagProcess.RunAsync(
            ["decode", "--json", "--hex", "00 0a 6b 74 00 00 07 00 00 00 00 00 00 00 7e 00 78 f0 7e"]);
        Assert.Equal(0, code);
        var lines = stdout.Trim().Split('\n');
        Assert.Equal(2, lines.Length);
        using var bad = JsonDocument.Parse(lines[0]);
        Assert.False(bad.RootElement.GetProperty("crc_ok").GetBoolean());
        using var good = JsonDocument.Parse(lines[1]);
        Assert.True(good.RootElement.GetProperty("crc_ok").GetBoolean());
        Assert.Equal("VERNO", good.RootElement.GetProperty("command").GetString());
    }

    [Fact]
    public async Task Decode_FromStdin_Works()
    {
        var (code, stdout, _) = await ZteDiagProcess.RunAsync(["decode"], stdin: "> 01 f1 e1 7e\n");
        Assert.Equal(0, code);
        Assert.Contains("ESN", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Decode_MissingFile_IsAUsageErrorWithoutStackTrace()
    {
        var (code, _, stderr) = await ZteDiagProcess.RunAsync(["decode", "/nonexistent/capture.txt"]);
        Assert.Equal(2, code);
        Assert.Contains("no such file", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Decode_UnknownOption_IsAUsageError()
    {
        var (code, _, stderr) = await ZteDiagProcess.RunAsync(["decode", "--hex", "00", "--frobnicate"]);
        Assert.Equal(2, code);
        Assert.Contains("ztediag", stderr, StringComparison.Ordinal);
    }
}
