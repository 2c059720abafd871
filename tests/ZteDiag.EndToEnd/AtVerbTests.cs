using System.Text.Json;

namespace ZteDiag.EndToEnd;

public class AtVerbTests
{
    [Fact]
    public async Task At_Ati_PrintsTheIdentityLines_WithTheImeiMasked()
    {
        await using var emu = await EmulatorProcess.StartAsync("--profile", "mf627-mts");
        var (code, stdout, stderr) = await ZteDiagProcess.RunAsync(["at", "ATI", "--at-port", emu.AtPath!]);
        Assert.True(code == 0, stderr);
        Assert.Contains("Manufacturer: ZTE INCORPORATED", stdout, StringComparison.Ordinal);
        Assert.Contains("Model: MF627", stdout, StringComparison.Ordinal);
        Assert.Contains("IMEI: 35461302*****42", stdout, StringComparison.Ordinal);
        Assert.EndsWith("OK", stdout.TrimEnd(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task At_UnknownCommand_ExitsOne_WithTheFinalResult()
    {
        await using var emu = await EmulatorProcess.StartAsync("--profile", "mf627-mts");
        var (code, stdout, _) = await ZteDiagProcess.RunAsync(["at", "AT+BOGUS", "--at-port", emu.AtPath!]);
        Assert.Equal(1, code);
        Assert.Contains("ERROR", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task At_Json_GivesLinesAndFinal()
    {
        await using var emu = await EmulatorProcess.StartAsync("--profile", "mf627-mts");
        var (code, stdout, stderr) = await ZteDiagProcess.RunAsync(["at", "AT+CSQ", "--json", "--at-port", emu.AtPath!]);
        Assert.True(code == 0, stderr);
        using var doc = JsonDocument.Parse(stdout);
        Assert.Equal("OK", doc.RootElement.GetProperty("final").GetString());
        Assert.StartsWith("+CSQ: 18,99", doc.RootElement.GetProperty("lines")[0].GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task At_DangerousCommand_FromAScriptWithoutYes_IsRefused()
    {
        await using var emu = await EmulatorProcess.StartAsync("--profile", "mf627-mts");
        var (code, _, stderr) = await ZteDiagProcess.RunAsync(["at", "AT+ZCDRUN=E", "--at-port", emu.AtPath!]);
        Assert.Equal(2, code);
        Assert.Contains("--yes", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AtConsole_FedByStdin_RunsCommandsAndHelp()
    {
        await using var emu = await EmulatorProcess.StartAsync("--profile", "mf627-mts");
        var (code, stdout, stderr) = await ZteDiagProcess.RunAsync(["at", "--at-port", emu.AtPath!], stdin: "ATI\n? AT+ZCDRUN\nAT+CPIN?\nexit\nAT+CSQ\n");
        Assert.True(code == 0, stderr);
        Assert.Contains("> ATI", stdout, StringComparison.Ordinal);
        Assert.Contains("Model: MF627", stdout, StringComparison.Ordinal);
        Assert.Contains("AT+ZCDRUN=8", stdout, StringComparison.Ordinal);
        Assert.Contains("AUTORUN.FLG", stdout, StringComparison.Ordinal);
        Assert.Contains("+CPIN: READY", stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("+CSQ", stdout, StringComparison.Ordinal); // after exit
    }

    [Fact]
    public async Task AtConsole_FedByStdin_ExitsOneWhenACommandFails()
    {
        await using var emu = await EmulatorProcess.StartAsync("--profile", "mf627-mts");
        var (code, stdout, _) = await ZteDiagProcess.RunAsync(["at", "--at-port", emu.AtPath!], stdin: "AT+BOGUS\nAT\n");
        Assert.Equal(1, code);
        Assert.Contains("ERROR", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AtConsole_ShowsUnsolicitedCodesMarked()
    {
        await using var emu = await EmulatorProcess.StartAsync("--profile", "mf627-mts");
        // the +ZUSIMR:2 nag starts at plug-in and repeats every ~2 s until AT+CPMS; the pty keeps it for us
        await Task.Delay(TimeSpan.FromSeconds(2.5), TestContext.Current.CancellationToken);
        var (code, stdout, stderr) = await ZteDiagProcess.RunAsync(["at", "--at-port", emu.AtPath!], stdin: "AT+CSQ\n");
        Assert.True(code == 0, stderr);
        Assert.Contains("[URC] +ZUSIMR:2", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task At_WithoutAnAtPort_ExitsThree()
    {
        var (code, _, stderr) = await ZteDiagProcess.RunAsync(["at", "ATI", "--port", "/dev/null"]);
        Assert.Equal(3, code);
        Assert.Contains("--at-port", stderr, StringComparison.Ordinal);
    }
}
