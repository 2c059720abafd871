using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace ZteDiag.EndToEnd;

/// <summary>
/// `ztediag sms list|read|send|delete` against `ztediag emulate`, whose SIM holds a GSM 7-bit message (#1) and a
/// Russian notice in two concatenated UCS2 parts (#2, #3).
/// </summary>
public sealed class SmsVerbTests
{
    private const string Notice = "Уважаемый абонент! Ваш баланс 123,45 руб. Подключите услугу «Интернет 3G» и получите 1 ГБ в подарок.";

    [Fact]
    public async Task List_decodes_pdu_mode_and_joins_the_two_ucs2_parts()
    {
        await using var emu = await EmulatorProcess.StartAsync("--profile", "mf627-mts");
        var (code, stdout, stderr) = await ZteDiagProcess.RunAsync(["sms", "list", "--at-port", emu.AtPath!]);
        Assert.True(code == 0, stderr);
        Assert.Contains("SM: 3 of 20 slots used, 2 messages (pdu mode)", stdout, StringComparison.Ordinal);
        Assert.Contains("REC UNREAD  +70000000111  2010-03-12 09:15:00 +03:00", stdout, StringComparison.Ordinal);
        Assert.Contains("Welcome to the network", stdout, StringComparison.Ordinal);
        Assert.Contains("#2,3", stdout, StringComparison.Ordinal);
        Assert.Contains("(2 parts, UCS2)", stdout, StringComparison.Ordinal);
        Assert.Contains(Notice, stdout, StringComparison.Ordinal);

        (code, stdout, stderr) = await ZteDiagProcess.RunAsync(["sms", "list", "--json", "--at-port", emu.AtPath!]);
        Assert.True(code == 0, stderr);
        using var doc = JsonDocument.Parse(stdout);
        JsonElement messages = doc.RootElement.GetProperty("messages");
        Assert.Equal(2, messages.GetArrayLength());
        Assert.Equal("REC READ", messages[0].GetProperty("status").GetString()); // the first listing marked it read
        Assert.Equal("2010-03-12T09:15:00+03:00", messages[0].GetProperty("timestamp").GetString());
        Assert.Equal([2, 3], messages[1].GetProperty("indexes").EnumerateArray().Select(i => i.GetInt32()));
        Assert.Equal("ucs2", messages[1].GetProperty("encoding").GetString());
        Assert.Equal(Notice, messages[1].GetProperty("text").GetString());
        Assert.Equal(20, doc.RootElement.GetProperty("storage").GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task Text_mode_lists_what_the_stick_shows_in_text_mode()
    {
        await using var emu = await EmulatorProcess.StartAsync("--profile", "mf627-mts");
        var (code, stdout, stderr) = await ZteDiagProcess.RunAsync(["sms", "list", "--mode", "text", "--json", "--at-port", emu.AtPath!]);
        Assert.True(code == 0, stderr);
        using var doc = JsonDocument.Parse(stdout);
        Assert.Equal("text", doc.RootElement.GetProperty("mode").GetString());
        JsonElement messages = doc.RootElement.GetProperty("messages");
        Assert.Equal(3, messages.GetArrayLength()); // text mode has no concatenation header: the parts stay apart
        Assert.Equal("Welcome to the network", messages[0].GetProperty("text").GetString());
        Assert.Equal("2010-03-12T09:15:00+03:00", messages[0].GetProperty("timestamp").GetString());
    }

    [Fact]
    public async Task Read_of_either_part_shows_the_whole_message_and_an_empty_or_invalid_index_is_explained()
    {
        await using var emu = await EmulatorProcess.StartAsync("--profile", "mf627-mts");
        var (code, stdout, stderr) = await ZteDiagProcess.RunAsync(["sms", "read", "3", "--at-port", emu.AtPath!]);
        Assert.True(code == 0, stderr);
        Assert.Contains("From:   +70000000222", stdout, StringComparison.Ordinal);
        Assert.Contains("#2,3 on SM", stdout, StringComparison.Ordinal);
        Assert.Contains(Notice, stdout, StringComparison.Ordinal);

        (code, stdout, stderr) = await ZteDiagProcess.RunAsync(["sms", "read", "1", "--json", "--at-port", emu.AtPath!]);
        Assert.True(code == 0, stderr);
        using (var doc = JsonDocument.Parse(stdout))
        {
            Assert.Equal("REC UNREAD", doc.RootElement.GetProperty("message").GetProperty("status").GetString());
            Assert.Equal("Welcome to the network", doc.RootElement.GetProperty("message").GetProperty("text").GetString());
        }

        // an empty slot: the MF62x answers a bare OK; past the end of the memory: +CMS ERROR: 321
        (code, stdout, stderr) = await ZteDiagProcess.RunAsync(["sms", "read", "17", "--at-port", emu.AtPath!]);
        Assert.Equal(1, code);
        Assert.Empty(stdout);
        Assert.Contains("there is no message at index 17", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", stderr, StringComparison.Ordinal);

        (code, stdout, stderr) = await ZteDiagProcess.RunAsync(["sms", "read", "42", "--at-port", emu.AtPath!]);
        Assert.Equal(1, code);
        Assert.Empty(stdout);
        Assert.Contains("+CMS ERROR: 321 (invalid memory index)", stderr, StringComparison.Ordinal);

        (code, stdout, _) = await ZteDiagProcess.RunAsync(["sms", "read", "42", "--json", "--at-port", emu.AtPath!]);
        Assert.Equal(1, code);
        using (var doc = JsonDocument.Parse(stdout))
        {
            Assert.Contains("invalid memory index", doc.RootElement.GetProperty("error").GetString(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Send_goes_in_text_mode_for_plain_text_and_pdu_mode_for_unicode_and_long_text_and_the_port_stays_usable()
    {
        await using var emu = await EmulatorProcess.StartAsync("--profile", "mf627-mts");
        string at = emu.AtPath!;
        var (code, stdout, stderr) = await ZteDiagProcess.RunAsync(["sms", "send", "+79161234567", "Test", "from", "the", "bench", "--at-port", at]);
        Assert.True(code == 0, stderr);
        Assert.Equal("Sent to +79161234567 in 1 part (text mode, GSM 7-bit); message reference 1.", stdout.Trim());

        (code, stdout, stderr) = await ZteDiagProcess.RunAsync(["sms", "send", "900", "Баланс?", "--json", "--at-port", at]);
        Assert.True(code == 0, stderr);
        using (var doc = JsonDocument.Parse(stdout))
        {
            Assert.Equal("pdu", doc.RootElement.GetProperty("mode").GetString());
            Assert.Equal("ucs2", doc.RootElement.GetProperty("encoding").GetString());
            Assert.Equal(1, doc.RootElement.GetProperty("parts").GetInt32());
        }

        string longText = string.Concat(Enumerable.Repeat("0123456789", 20)); // 200 characters: two parts
        (code, stdout, stderr) = await ZteDiagProcess.RunAsync(["sms", "send", "+79161234567", longText, "--at-port", at]);
        Assert.True(code == 0, stderr);
        Assert.Contains("in 2 parts (pdu mode, GSM 7-bit)", stdout, StringComparison.Ordinal);

        // the stick kept what it sent: the long one reads back joined, from its own parts
        (code, stdout, stderr) = await ZteDiagProcess.RunAsync(["sms", "list", "--json", "--at-port", at]);
        Assert.True(code == 0, stderr);
        using (var doc = JsonDocument.Parse(stdout))
        {
            var sent = doc.RootElement.GetProperty("messages").EnumerateArray().Where(m => m.GetProperty("status").GetString() == "STO SENT").ToList();
            Assert.Equal(["Test from the bench", "Баланс?", longText], sent.Select(m => m.GetProperty("text").GetString()));
            Assert.Equal(2, sent[2].GetProperty("parts").GetInt32());
        }

        (code, stdout, stderr) = await ZteDiagProcess.RunAsync(["at", "AT", "--at-port", at]);
        Assert.True(code == 0, stderr);
        Assert.Contains("OK", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_send_the_network_refuses_is_CMS_331_explained_in_both_modes_and_the_prompt_is_closed()
    {
        await using var emu = await EmulatorProcess.StartAsync("--profile", "mf627-mts");
        string at = emu.AtPath!;
        var (code, _, stderr) = await ZteDiagProcess.RunAsync(["at", "AT+CFUN=4", "--at-port", at]); // radio off: not registered
        Assert.True(code == 0, stderr);

        foreach (string text in new[] { "plain text", "Привет" })
        {
            (code, var stdout, stderr) = await ZteDiagProcess.RunAsync(["sms", "send", "+79161234567", text, "--at-port", at]);
            Assert.Equal(1, code);
            Assert.Empty(stdout);
            Assert.Contains("+CMS ERROR: 331 (no network service)", stderr, StringComparison.Ordinal);
        }

        (code, var ok, stderr) = await ZteDiagProcess.RunAsync(["at", "AT+CMGF?", "--at-port", at]); // in command mode, not in a prompt
        Assert.True(code == 0, stderr);
        Assert.Contains("+CMGF: 0", ok, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Delete_takes_every_part_of_a_concatenated_message()
    {
        await using var emu = await EmulatorProcess.StartAsync("--profile", "mf627-mts");
        string at = emu.AtPath!;
        var (code, stdout, stderr) = await ZteDiagProcess.RunAsync(["sms", "delete", "2", "--at-port", at]);
        Assert.True(code == 0, stderr);
        Assert.Equal("Deleted #2,3 (2 parts of one message) from SM.", stdout.Trim());

        (code, stdout, stderr) = await ZteDiagProcess.RunAsync(["sms", "delete", "1", "--json", "--at-port", at]);
        Assert.True(code == 0, stderr);
        using (var doc = JsonDocument.Parse(stdout))
        {
            Assert.Equal([1], doc.RootElement.GetProperty("deleted").EnumerateArray().Select(i => i.GetInt32()));
        }

        (code, stdout, _) = await ZteDiagProcess.RunAsync(["sms", "list", "--at-port", at]);
        Assert.Equal(0, code);
        Assert.Contains("SM: 0 of 20 slots used, 0 messages", stdout, StringComparison.Ordinal);

        foreach (string mode in new[] { "pdu", "text" })
        {
            (code, _, stderr) = await ZteDiagProcess.RunAsync(["sms", "delete", "2", "--mode", mode, "--at-port", at]);
            Assert.Equal(1, code);
            Assert.Contains("there is no message at index 2", stderr, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Storage_ME_is_the_sticks_own_empty_memory()
    {
        await using var emu = await EmulatorProcess.StartAsync("--profile", "mf627-mts");
        var (code, stdout, stderr) = await ZteDiagProcess.RunAsync(["sms", "list", "--storage", "me", "--at-port", emu.AtPath!]);
        Assert.True(code == 0, stderr);
        Assert.Contains("ME: 0 of 50 slots used, 0 messages", stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("list", "--storage", "SR")]
    [InlineData("list", "--mode", "binary")]
    [InlineData("read", "-1")]
    [InlineData("send", "+7 916", "hi")]
    [InlineData("send", "12345", "")]
    [InlineData("send", "12345", "Привет", "--mode", "text")]
    public async Task Bad_input_is_a_usage_error_before_the_port_is_opened(params string[] args)
    {
        var (code, stdout, stderr) = await ZteDiagProcess.RunAsync(["sms", .. args, "--at-port", "/nonexistent/at"]);
        Assert.Equal(2, code);
        Assert.Empty(stdout);
        Assert.DoesNotContain("Exception", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("nonexistent", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_a_sim_every_verb_says_so_with_CMS_310()
    {
        string socket = Path.Combine(Path.GetTempPath(), $"zsms-{Guid.NewGuid():N}"[..13] + ".sock");
        await using var emu = await EmulatorProcess.StartAsync("--profile", "mf627-mts", "--control", socket);
        Assert.Equal("ok", await ControlAsync(socket, "sim out"));
        foreach (string[] verb in new[] { new[] { "list" }, ["read", "1"], ["delete", "1"], ["send", "123", "hi"] })
        {
            var (code, _, stderr) = await ZteDiagProcess.RunAsync(["sms", .. verb, "--at-port", emu.AtPath!]);
            Assert.Equal(1, code);
            Assert.Contains("+CMS ERROR: 310 (SIM not inserted)", stderr, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_delivered_message_shows_as_CMTI_in_the_console_and_in_the_list()
    {
        string socket = Path.Combine(Path.GetTempPath(), $"zsms-{Guid.NewGuid():N}"[..13] + ".sock");
        await using var emu = await EmulatorProcess.StartAsync("--profile", "mf627-mts", "--control", socket);
        using var console = Process.Start(ZteDiagProcess.StartInfo(["at", "--at-port", emu.AtPath!]))!;
        var seen = new StringBuilder();
        var cmti = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var ok = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        console.OutputDataReceived += (_, e) =>
        {
            lock (seen)
            {
                seen.AppendLine(e.Data);
            }

            if (e.Data?.Contains("OK", StringComparison.Ordinal) == true) ok.TrySetResult();
            if (e.Data?.Contains("+CMTI: \"SM\",4", StringComparison.Ordinal) == true) cmti.TrySetResult();
        };
        console.BeginOutputReadLine();
        try
        {
            await console.StandardInput.WriteLineAsync("AT+CPMS?");
            await console.StandardInput.FlushAsync(TestContext.Current.CancellationToken);
            await ok.Task.WaitAsync(TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken); // the console holds the port

            Assert.Equal("ok index=4", await ControlAsync(socket, "sms +70000000555 Код 1234"));
            await cmti.Task.WaitAsync(TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken);
            console.StandardInput.Close();
            await console.WaitForExitAsync(TestContext.Current.CancellationToken);
        }
        finally
        {
            if (!console.HasExited) console.Kill(entireProcessTree: true);
        }

        string text;
        lock (seen)
        {
            text = seen.ToString();
        }

        Assert.Contains("[URC] +CMTI: \"SM\",4", text, StringComparison.Ordinal);
        Assert.Contains("sms read 4", text, StringComparison.Ordinal);

        var (code, stdout, stderr) = await ZteDiagProcess.RunAsync(["sms", "read", "4", "--at-port", emu.AtPath!]);
        Assert.True(code == 0, stderr);
        Assert.Contains("From:   +70000000555", stdout, StringComparison.Ordinal);
        Assert.Contains("Код 1234", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reading_a_part_finds_the_other_one_across_a_gap_without_marking_other_unread_messages_read()
    {
        string socket = Path.Combine(Path.GetTempPath(), $"zsms-{Guid.NewGuid():N}"[..13] + ".sock");
        await using var emu = await EmulatorProcess.StartAsync("--profile", "mf627-mts", "--control", socket);
        string at = emu.AtPath!;
        var (code, _, stderr) = await ZteDiagProcess.RunAsync(["sms", "delete", "1", "--at-port", at]);
        Assert.True(code == 0, stderr);
        string longText = string.Concat(Enumerable.Repeat("The quick brown fox. ", 10)).TrimEnd(); // 209 characters: 2 parts
        Assert.Equal("ok index=1,4", await ControlAsync(socket, "sms +70000000666 " + longText)); // the lowest free slots
        Assert.Equal("ok index=5", await ControlAsync(socket, "sms +70000000777 Unrelated"));

        (code, var stdout, stderr) = await ZteDiagProcess.RunAsync(["sms", "read", "4", "--json", "--at-port", at]);
        Assert.True(code == 0, stderr);
        using (var doc = JsonDocument.Parse(stdout))
        {
            JsonElement m = doc.RootElement.GetProperty("message");
            Assert.Equal(longText, m.GetProperty("text").GetString());
            Assert.Equal([1, 4], m.GetProperty("indexes").EnumerateArray().Select(i => i.GetInt32()));
            Assert.Equal("REC UNREAD", m.GetProperty("status").GetString());
        }

        (code, stdout, stderr) = await ZteDiagProcess.RunAsync(["sms", "list", "--json", "--at-port", at]);
        Assert.True(code == 0, stderr);
        using (var doc = JsonDocument.Parse(stdout))
        {
            var byIndex = doc.RootElement.GetProperty("messages").EnumerateArray()
                .ToDictionary(e => e.GetProperty("indexes")[0].GetInt32(), e => e.GetProperty("status").GetString());
            Assert.Equal("REC READ", byIndex[1]); // read above
            Assert.Equal("REC UNREAD", byIndex[5]); // this listing is the first to show it
        }
    }

    private static async Task<string> ControlAsync(string socketPath, string command)
    {
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath), TestContext.Current.CancellationToken);
        await using var stream = new NetworkStream(socket, ownsSocket: false);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        await using var writer = new StreamWriter(stream, new UTF8Encoding(false)) { AutoFlush = true, NewLine = "\n" };
        await writer.WriteLineAsync(command);
        return await reader.ReadLineAsync(TestContext.Current.CancellationToken) ?? "(closed)";
    }
}
