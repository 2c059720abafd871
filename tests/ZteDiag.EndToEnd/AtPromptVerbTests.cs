using System.Text.Json;

namespace ZteDiag.EndToEnd;

/// <summary>The AT console against `ztediag emulate`: SMS prompt, late URCs, CMGL in PDU mode, the port left usable.</summary>
public class AtPromptVerbTests
{
    [Fact]
    public async Task AtConsole_SendsAnSmsThroughThePrompt_AndTheNextCommandStillWorks()
    {
        await using var emu = await EmulatorProcess.StartAsync("--profile", "mf627-mts");
        var (code, stdout, stderr) = await ZteDiagProcess.RunAsync(["at", "--at-port", emu.AtPath!],
            stdin: "AT+CMGF=1\nAT+CMGS=\"+79001234567\"\nHello from the bench\nsecond line^Z\nAT+CSQ\n");
        Assert.True(code == 0, stdout + stderr);
        Assert.Matches(@"\+CMGS: \d+", stdout);
        Assert.Contains("+CSQ: 18,99", stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("no reply", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AtOneShot_SmsBodyFromStdin_IsSent_AndAnAbandonedPromptLeavesThePortUsableForTheNextVerb()
    {
        await using var emu = await EmulatorProcess.StartAsync("--profile", "mf627-mts");
        var (c1, _, e1) = await ZteDiagProcess.RunAsync(["at", "AT+CMGF=1", "--at-port", emu.AtPath!]);
        Assert.True(c1 == 0, e1);

        var (c2, o2, e2) = await ZteDiagProcess.RunAsync(["at", "AT+CMGS=\"+79001234567\"", "--at-port", emu.AtPath!], stdin: "Hi there\n");
        Assert.True(c2 == 0, o2 + e2);
        Assert.Matches(@"\+CMGS: \d+", o2);

        // nothing piped: the prompt is aborted with ESC instead of leaving the modem waiting for text
        var (_, o3, _) = await ZteDiagProcess.RunAsync(["at", "AT+CMGS=\"+79001234567\"", "--at-port", emu.AtPath!], stdin: "");
        Assert.Contains("aborted with ESC", o3, StringComparison.Ordinal);

        var (c4, o4, e4) = await ZteDiagProcess.RunAsync(["at", "ATI", "--at-port", emu.AtPath!]);
        Assert.True(c4 == 0, o4 + e4);
        Assert.Contains("Model: MF627", o4, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AtOneShot_Ussd_PrintsTheLateCusdAnswer()
    {
        await using var emu = await EmulatorProcess.StartAsync("--profile", "mf627-mts");
        var (code, stdout, stderr) = await ZteDiagProcess.RunAsync(["at", "AT+CUSD=1,\"*100#\",15", "--at-port", emu.AtPath!]);
        Assert.True(code == 0, stdout + stderr);
        Assert.Contains("+CUSD: 0,\"Balance: 123.45 RUB\",15", stdout, StringComparison.Ordinal);
        Assert.Contains("answer: Balance: 123.45 RUB", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AtOneShot_Ussd_Json_CarriesTheAnswerAsUnsolicited()
    {
        await using var emu = await EmulatorProcess.StartAsync("--profile", "mf627-mts");
        var (code, stdout, stderr) = await ZteDiagProcess.RunAsync(["at", "AT+CUSD=1,\"*100#\",15", "--json", "--at-port", emu.AtPath!]);
        Assert.True(code == 0, stdout + stderr);
        using var doc = JsonDocument.Parse(stdout);
        Assert.Contains("Balance: 123.45 RUB", doc.RootElement.GetProperty("unsolicited")[0].GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AtConsole_CmglInPduMode_ListsEachMessageAsStatLengthAndHex()
    {
        await using var emu = await EmulatorProcess.StartAsync("--profile", "mf627-mts");
        var (code, stdout, stderr) = await ZteDiagProcess.RunAsync(["at", "--at-port", emu.AtPath!], stdin: "AT+CMGF=0\nAT+CMGL=4\n");
        Assert.True(code == 0, stdout + stderr);
        Assert.Matches(@"\+CMGL: 1,0,,\d+", stdout);
        Assert.Contains("07910700000000F1", stdout, StringComparison.Ordinal); // the PDU, service centre first
    }
}
