using System.Text;
using ZteDiag.Device.At;
using ZteDiag.Device.Links;
using ZteDiag.Protocol.Sms;

namespace ZteDiag.Device.Tests.At;

/// <summary><see cref="SmsClient"/> against scripted sticks: a text-only firmware, and a network that refuses a second part.</summary>
public sealed class SmsClientTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>A scripted stick: answers each CR- or Ctrl-Z-terminated input (Ctrl-Z shown as ^Z) and records it.</summary>
    private sealed class ScriptedStick(Func<string, string> answer)
    {
        public List<string> Received { get; } = [];

        public async Task RunAsync(IDiagLink device, CancellationToken ct)
        {
            var buf = new byte[512];
            var line = new StringBuilder();
            try
            {
                while (await device.ReadAsync(buf, ct) is int n and > 0)
                {
                    foreach (char c in Encoding.Latin1.GetString(buf, 0, n))
                    {
                        if (c is not ('\r' or '\x1A'))
                        {
                            line.Append(c);
                            continue;
                        }

                        string input = line + (c == '\x1A' ? "^Z" : string.Empty);
                        line.Clear();
                        lock (Received)
                        {
                            Received.Add(input);
                        }

                        await device.WriteAsync(Encoding.Latin1.GetBytes(answer(input)), ct);
                    }
                }
            }
            catch (OperationCanceledException)
            {
            }
        }
    }

    private static async Task<T> With<T>(ScriptedStick stick, Func<SmsClient, Task<T>> test, TimeSpan? simBusyPause = null)
    {
        var pair = new InMemoryLinkPair();
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        Task modem = stick.RunAsync(pair.Device, cts.Token);
        var session = new AtSession(pair.Host);
        try
        {
            return await test(new SmsClient(session, simBusyPause ?? TimeSpan.Zero));
        }
        finally
        {
            await session.DisposeAsync();
            await cts.CancelAsync();
            await modem;
        }
    }

    [Fact]
    public async Task A_stick_without_PDU_mode_is_read_in_text_mode()
    {
        var stick = new ScriptedStick(cmd => cmd switch
        {
            "AT+CPMS?" => "\r\n+CPMS: \"SM\",2,30,\"SM\",2,30,\"SM\",2,30\r\n\r\nOK\r\n",
            "AT+CMGF=0" => "\r\nERROR\r\n",
            "AT+CMGF=1" => "\r\nOK\r\n",
            "AT+CMGL=\"ALL\"" => "\r\n+CMGL: 0,\"REC UNREAD\",\"+441234567890\",,\"14/02/01,15:07:43+04\"\r\nHi\r\n" +
                                 "+CMGL: 3,\"STO SENT\",\"900\",,\r\nBalance?\r\n\r\nOK\r\n",
            _ => "\r\nERROR\r\n",
        });
        var (info, mode, list) = await With(stick, async c =>
        {
            SmsStorageInfo info = await c.SelectStorageAsync(null, Ct);
            SmsMode mode = await c.UseModeAsync(SmsMode.Auto, Ct);
            return (info, mode, await c.ListAsync(mode, Ct));
        });

        Assert.Equal(new SmsStorageInfo("SM", 2, 30), info);
        Assert.Equal(SmsMode.Text, mode);
        Assert.Equal(["AT+CPMS?", "AT+CMGF=0", "AT+CMGF=1", "AT+CMGL=\"ALL\""], stick.Received);
        Assert.Equal(2, list.Count);
        Assert.Equal(new DateTimeOffset(2014, 2, 1, 15, 7, 43, TimeSpan.FromHours(1)), list[0].Timestamp);
        Assert.Equal(("STO SENT", "900", "Balance?", (DateTimeOffset?)null), (list[1].Status, list[1].Address, list[1].Text, list[1].Timestamp));
    }

    [Fact]
    public async Task A_refused_second_part_is_named_with_how_many_went_before_and_both_parts_share_one_reference()
    {
        string text = new('a', 200);
        IReadOnlyList<SmsSubmitPart> expected = SmsSubmitEncoder.Encode("+79161234567", text, 0x11);
        int bodies = 0;
        var stick = new ScriptedStick(cmd => cmd switch
        {
            "AT+CMGF=0" => "\r\nOK\r\n",
            _ when cmd.StartsWith("AT+CMGS=", StringComparison.Ordinal) => "\r\n> ",
            _ when cmd.EndsWith("^Z", StringComparison.Ordinal) => ++bodies == 1 ? "\r\n+CMGS: 7\r\n\r\nOK\r\n" : "\r\n+CMS ERROR: 331\r\n",
            _ => "\r\nERROR\r\n",
        });
        var ex = await Assert.ThrowsAsync<AtCommandException>(() => With(stick, c => c.SendAsync("+79161234567", text, SmsMode.Auto, Ct)));

        Assert.Contains("+CMS ERROR: 331 (no network service) (part 2 of 2; 1 sent before it)", ex.Message, StringComparison.Ordinal);
        Assert.Equal("AT+CMGF=0", stick.Received[0]); // too long for text mode: straight to PDU mode
        Assert.Equal("AT+CMGS=" + expected[0].TpduLength, stick.Received[1]);
        Assert.Equal("AT+CMGS=" + expected[1].TpduLength, stick.Received[3]);
        // both parts carry one concatenation reference (a random one: compare the header after it)
        static string Header(string hex) => hex.Substring(hex.IndexOf("050003", StringComparison.Ordinal), 12); // 05 00 03 ref total seq
        string first = Header(stick.Received[2]), second = Header(stick.Received[4]);
        Assert.Equal("0201", first[8..]);
        Assert.Equal("0202", second[8..]);
        Assert.Equal(first[6..8], second[6..8]);
    }

    [Fact]
    public async Task A_busy_SIM_is_asked_again_until_it_answers()
    {
        int asked = 0;
        var stick = new ScriptedStick(cmd => cmd == "AT+CPMS=\"ME\",\"ME\""
            ? (++asked < 3 ? "\r\n+CMS ERROR: 314\r\n" : "\r\n+CPMS: 0,50,0,50,3,20\r\n\r\nOK\r\n")
            : "\r\nERROR\r\n");
        SmsStorageInfo info = await With(stick, c => c.SelectStorageAsync("ME", Ct));
        Assert.Equal(new SmsStorageInfo("ME", 0, 50), info);
        Assert.Equal(3, asked);
    }

    [Fact]
    public async Task A_SIM_busy_for_too_long_is_reported_with_the_code_explained()
    {
        var stick = new ScriptedStick(_ => "\r\n+CME ERROR: 14\r\n");
        var ex = await Assert.ThrowsAsync<AtCommandException>(() => With(stick, c => c.SelectStorageAsync(null, Ct)));
        Assert.Contains("+CME ERROR: 14 (SIM busy) after 5 tries", ex.Message, StringComparison.Ordinal);
        Assert.Equal(SmsClient.SimBusyTries, stick.Received.Count);
    }
}
