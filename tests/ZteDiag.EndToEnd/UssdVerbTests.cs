using System.Text.Json;

namespace ZteDiag.EndToEnd;

/// <summary>`ztediag ussd` against the virtual modem, which answers in the three ways ZTE firmware does.</summary>
public class UssdVerbTests
{
    [Fact]
    public async Task Ussd_prints_the_balance_whether_the_modem_sends_text_packed_gsm7_or_ucs2()
    {
        await using var emu = await EmulatorProcess.StartAsync("--profile", "mf627-mts");
        string at = emu.AtPath!;

        var (code, stdout, stderr) = await ZteDiagProcess.RunAsync(["ussd", "*100#", "--at-port", at]);
        Assert.True(code == 0, stderr);
        Assert.Equal("Balance: 123.45 RUB", stdout.Trim());

        (code, stdout, stderr) = await ZteDiagProcess.RunAsync(["ussd", "*101#", "--json", "--at-port", at]);
        Assert.True(code == 0, stderr);
        using (var doc = JsonDocument.Parse(stdout))
        {
            Assert.Equal("Balance: 123.45 RUB", doc.RootElement.GetProperty("text").GetString());
            Assert.Equal(15, doc.RootElement.GetProperty("dcs").GetInt32());
            // the emulator sent hex of packed septets, not the text
            Assert.StartsWith("C2303B", doc.RootElement.GetProperty("raw").GetString(), StringComparison.Ordinal);
        }

        (code, stdout, stderr) = await ZteDiagProcess.RunAsync(["ussd", "*102#", "--json", "--at-port", at]);
        Assert.True(code == 0, stderr);
        using (var doc = JsonDocument.Parse(stdout))
        {
            Assert.Equal("Баланс: 123,45 руб.", doc.RootElement.GetProperty("text").GetString());
            Assert.Equal(72, doc.RootElement.GetProperty("dcs").GetInt32());
            Assert.StartsWith("0411043004", doc.RootElement.GetProperty("raw").GetString(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_menu_is_answered_with_reply_and_the_port_stays_usable()
    {
        await using var emu = await EmulatorProcess.StartAsync("--profile", "mf627-mts");
        string at = emu.AtPath!;

        var (code, stdout, stderr) = await ZteDiagProcess.RunAsync(["ussd", "*111#", "--at-port", at]);
        Assert.True(code == 0, stderr);
        Assert.Contains("1. Balance", stdout, StringComparison.Ordinal);
        Assert.Contains("ussd --reply", stdout, StringComparison.Ordinal);

        (code, stdout, stderr) = await ZteDiagProcess.RunAsync(["ussd", "--reply", "1", "--at-port", at]);
        Assert.True(code == 0, stderr);
        Assert.Equal("Balance: 123.45 RUB", stdout.Trim());

        (code, _, stderr) = await ZteDiagProcess.RunAsync(["ussd", "*111#", "--at-port", at]);
        Assert.True(code == 0, stderr);
        (code, stdout, stderr) = await ZteDiagProcess.RunAsync(["ussd", "--cancel", "--at-port", at]);
        Assert.True(code == 0, stderr);
        Assert.Contains("closed", stdout, StringComparison.Ordinal);

        // after cancel a menu reply is a new request again: "1" is not a code, the network says not supported
        (code, stdout, _) = await ZteDiagProcess.RunAsync(["ussd", "--reply", "1", "--at-port", at]);
        Assert.Equal(1, code);
        Assert.Contains("not supported", stdout, StringComparison.Ordinal);

        (code, stdout, stderr) = await ZteDiagProcess.RunAsync(["at", "AT", "--at-port", at]);
        Assert.True(code == 0, stderr);
        Assert.Contains("OK", stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("*100\"#")]
    [InlineData("*100#", "--cancel")]
    public async Task Bad_requests_are_usage_errors_before_the_port_is_opened(params string[] args)
    {
        var (code, stdout, stderr) = await ZteDiagProcess.RunAsync(["ussd", .. args, "--at-port", "/nonexistent/at"]);
        Assert.Equal(2, code);
        Assert.Empty(stdout);
        Assert.DoesNotContain("Exception", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("Parameter", stderr, StringComparison.Ordinal);
    }
}
