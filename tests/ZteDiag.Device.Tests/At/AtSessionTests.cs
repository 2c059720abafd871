using System.Text;
using ZteDiag.Device.At;
using ZteDiag.Device.Links;
using ZteDiag.Protocol.At;

namespace ZteDiag.Device.Tests.At;

public sealed class AtSessionTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Reads what the host writes; calls <paramref name="respond"/> per CR- or Ctrl-Z-terminated input.</summary>
    private static async Task RunModemAsync(IDiagLink device, Func<string, string?> respond, CancellationToken ct)
    {
        var buf = new byte[256];
        var line = new StringBuilder();
        try
        {
            while (true)
            {
                int n = await device.ReadAsync(buf, ct);
                if (n == 0)
                {
                    return;
                }

                foreach (char c in Encoding.Latin1.GetString(buf, 0, n))
                {
                    if (c is '\r' or '\x1A')
                    {
                        string? answer = respond(line.ToString() + (c == '\x1A' ? "^Z" : string.Empty));
                        line.Clear();
                        if (answer is not null)
                        {
                            await device.WriteAsync(Encoding.Latin1.GetBytes(answer), ct);
                        }
                    }
                    else
                    {
                        line.Append(c);
                    }
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private static async Task<T> WithModem<T>(Func<string, string?> respond, Func<AtSession, Task<T>> test, AtSessionOptions? options = null)
    {
        var pair = new InMemoryLinkPair();
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        Task modem = RunModemAsync(pair.Device, respond, cts.Token);
        var session = new AtSession(pair.Host, options);
        try
        {
            return await test(session);
        }
        finally
        {
            await session.DisposeAsync();
            await cts.CancelAsync();
            await modem;
        }
    }

    [Fact]
    public async Task Ati_is_parsed_into_manufacturer_model_revision_and_imei()
    {
        AtiInfo info = await WithModem(
            cmd => cmd == "ATI"
                ? "ATI\r\r\nManufacturer: ZTE INCORPORATED\r\nModel: MF626\r\nRevision: BD_TMOP673M3V1.0.1B07\r\nIMEI: 356938035643809\r\n+GCAP: +CGSM,+DS,+ES\r\n\r\nOK\r\n"
                : "\r\nERROR\r\n",
            s => s.GetInfoAsync(Ct));

        Assert.Equal("ZTE INCORPORATED", info.Manufacturer);
        Assert.Equal("MF626", info.Model);
        Assert.Equal("BD_TMOP673M3V1.0.1B07", info.Revision);
        Assert.Equal("356938035643809", info.Imei);
    }

    [Fact]
    public async Task Errors_are_returned_and_raised_only_on_request()
    {
        await WithModem(
            cmd => cmd switch
            {
                "AT+CPIN?" => "\r\n+CME ERROR: 10\r\n",
                _ => "\r\nERROR\r\n",
            },
            async s =>
            {
                AtReply r = await s.SendAsync("AT+CPIN?", cancellationToken: Ct);
                Assert.False(r.IsSuccess);
                Assert.Equal(AtFinalKind.CmeError, r.Final.Kind);

                var cme = Assert.Throws<AtCommandException>(() => r.EnsureSuccess());
                Assert.Contains("+CME ERROR: 10", cme.Message, StringComparison.Ordinal);
                Assert.Contains("SIM not inserted", cme.Message, StringComparison.OrdinalIgnoreCase);

                var plain = await Assert.ThrowsAsync<AtCommandException>(() => s.SendAsync("AT+FOO", throwOnError: true, cancellationToken: Ct));
                Assert.Equal("ERROR", plain.FinalResult);
                return 0;
            });
    }

    [Fact]
    public async Task A_urc_in_the_middle_of_a_reply_is_raised_and_kept_out_of_the_reply()
    {
        var urcs = new List<string>();
        AtReply r = await WithModem(
            cmd => "\r\n+CSQ: 12,99\r\n\r\n+ZUSIMR:2\r\n\r\nOK\r\n",
            s =>
            {
                s.Unsolicited += (_, e) => { lock (urcs) { urcs.Add(e.Line); } };
                return s.SendAsync("AT+CSQ", cancellationToken: Ct);
            });

        Assert.True(r.IsSuccess);
        Assert.Equal(["+CSQ: 12,99"], r.Lines);
        Assert.Equal(["+ZUSIMR:2"], urcs);
    }

    [Fact]
    public async Task Sms_waits_for_the_prompt_then_sends_the_body_and_ctrl_z()
    {
        var seen = new List<string>();
        AtReply r = await WithModem(
            cmd =>
            {
                lock (seen)
                {
                    seen.Add(cmd);
                }

                return cmd switch
                {
                    "AT+CMGF=1" => "\r\nOK\r\n",
                    "AT+CMGS=\"+447700900123\"" => "\r\n> ",
                    "Hello^Z" => "\r\n+CMGS: 42\r\n\r\nOK\r\n",
                    _ => "\r\nERROR\r\n",
                };
            },
            s => s.SendSmsAsync("+447700900123", "Hello", Ct));

        Assert.True(r.IsSuccess);
        Assert.Equal("+CMGS: 42", r.FindBody("+CMGS") is { } b ? "+CMGS: " + b.Trim() : null);
        Assert.Equal(["AT+CMGF=1", "AT+CMGS=\"+447700900123\"", "Hello^Z"], seen);
    }

    [Fact]
    public async Task Silence_gives_a_timeout_that_suggests_the_wrong_port()
    {
        var ex = await WithModem(
            _ => null,
            s => Assert.ThrowsAsync<DiagTimeoutException>(() => s.SendAsync("AT", TimeSpan.FromMilliseconds(200), cancellationToken: Ct)));

        Assert.Contains("no reply to AT on in-memory host within 0.2 s: is this the AT port? (the DIAG port is silent to AT)", ex.Message, StringComparison.Ordinal);
    }
}
