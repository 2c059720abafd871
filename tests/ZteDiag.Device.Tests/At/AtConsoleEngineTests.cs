using System.Text;
using ZteDiag.Device.At;
using ZteDiag.Device.Links;
using ZteDiag.Device.Tests.Support;

namespace ZteDiag.Device.Tests.At;

public sealed class AtConsoleEngineTests
{
    private static readonly TimeSpan SmsTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(3);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>
    /// A modem on the device end of an in-memory link: every input up to CR, Ctrl-Z or ESC is logged
    /// (as text, "^Z", "&lt;ESC&gt;") and answered by <c>respond</c> (null = silence).
    /// </summary>
    private sealed class ScriptedModem : IAsyncDisposable
    {
        private readonly CancellationTokenSource _cts = new();
        private readonly Task _loop;
        private readonly List<string> _received = [];
        private readonly IDiagLink _device;

        public ScriptedModem(IDiagLink device, Func<string, string?> respond)
        {
            _device = device;
            _loop = Task.Run(() => RunAsync(respond, _cts.Token));
        }

        public IReadOnlyList<string> Received
        {
            get
            {
                lock (_received)
                {
                    return [.. _received];
                }
            }
        }

        public Task WriteAsync(string text) => _device.WriteAsync(Encoding.Latin1.GetBytes(text), Ct).AsTask();

        public async ValueTask DisposeAsync()
        {
            await _cts.CancelAsync();
            await _loop;
            _cts.Dispose();
        }

        private async Task RunAsync(Func<string, string?> respond, CancellationToken ct)
        {
            var buf = new byte[256];
            var line = new StringBuilder();
            try
            {
                while (await _device.ReadAsync(buf, ct) is int n and > 0)
                {
                    foreach (char c in Encoding.Latin1.GetString(buf, 0, n))
                    {
                        string? input = c switch
                        {
                            '\r' => line.ToString(),
                            '\x1A' => line + "^Z",
                            '\x1B' => line + "<ESC>",
                            _ => null,
                        };
                        if (input is null)
                        {
                            line.Append(c);
                            continue;
                        }

                        line.Clear();
                        lock (_received)
                        {
                            _received.Add(input);
                        }

                        if (respond(input) is { } answer)
                        {
                            await _device.WriteAsync(Encoding.Latin1.GetBytes(answer), ct);
                        }
                    }
                }
            }
            catch (OperationCanceledException)
            {
            }
        }
    }

    private static async Task WithEngine(Func<string, string?> respond, Func<AtConsoleEngine, ScriptedModem, ManualTimeProvider, Task> test, bool reveal = false)
    {
        var time = new ManualTimeProvider();
        var pair = new InMemoryLinkPair();
        await using var modem = new ScriptedModem(pair.Device, respond);
        var session = new AtSession(pair.Host, new AtSessionOptions
        {
            DefaultTimeout = DefaultTimeout,
            SmsTimeout = SmsTimeout,
            ResyncTimeout = TimeSpan.FromSeconds(1),
            TimeProvider = time,
        });
        await using (session)
        {
            using var engine = new AtConsoleEngine(session, reveal, time);
            await test(engine, modem, time);
        }
    }

    [Fact]
    public async Task The_sms_prompt_takes_the_body_and_ctrl_z_and_reports_the_message_reference()
    {
        await WithEngine(
            input => input switch
            {
                "AT+CMGS=\"+79001234567\"" => "\r\n> ",
                "Hello^Z" => "Hello\r\n+CMGS: 7\r\n\r\nOK\r\n",
                _ => "\r\nERROR\r\n",
            },
            async (engine, modem, _) =>
            {
                AtConsoleResult r = await engine.ExecuteAsync("AT+CMGS=\"+79001234567\"", _ => Task.FromResult<string?>("Hello"), Ct);

                Assert.True(r.IsSuccess);
                Assert.Equal(["+CMGS: 7", "OK"], r.Lines.Select(l => l.Text));
                Assert.Equal(["AT+CMGS=\"+79001234567\"", "Hello^Z"], modem.Received);
            });
    }

    [Fact]
    public async Task A_null_body_aborts_the_prompt_with_esc_and_says_nothing_was_sent()
    {
        await WithEngine(
            input => input switch
            {
                "AT+CMGS=\"123\"" => "\r\n> ",
                "<ESC>" => "\r\nOK\r\n",
                _ => "\r\nERROR\r\n",
            },
            async (engine, modem, _) =>
            {
                AtConsoleResult r = await engine.ExecuteAsync("AT+CMGS=\"123\"", _ => Task.FromResult<string?>(null), Ct);

                Assert.Equal(["AT+CMGS=\"123\"", "<ESC>"], modem.Received);
                Assert.Contains(r.Lines, l => l.Kind == AtConsoleLineKind.Note && l.Text.Contains("aborted with ESC", StringComparison.Ordinal));
            });
    }

    [Fact]
    public async Task A_timeout_in_the_prompt_sends_esc_and_resyncs_with_at_before_reporting_and_the_next_command_works()
    {
        bool inPrompt = false;
        await WithEngine(
            input =>
            {
                switch (input)
                {
                    case "AT+CMGS=\"123\"":
                        inPrompt = true;
                        return "\r\n> ";
                    case "Stuck^Z":
                        return null; // the network never answers
                    case "<ESC>":
                        inPrompt = false;
                        return null;
                    case "AT" or "AT+CSQ" when !inPrompt:
                        return input == "AT" ? "\r\nOK\r\n" : "\r\n+CSQ: 18,99\r\n\r\nOK\r\n";
                    default:
                        return null; // still in the prompt: a real modem takes the line as SMS text
                }
            },
            async (engine, modem, time) =>
            {
                Task<AtConsoleResult> pending = engine.ExecuteAsync("AT+CMGS=\"123\"", _ => Task.FromResult<string?>("Stuck"), Ct);
                await time.WaitForTimerAsync(SmsTimeout, Ct);
                time.Advance(SmsTimeout + TimeSpan.FromSeconds(1));
                AtConsoleResult r = await pending;

                Assert.False(r.IsSuccess);
                AtConsoleLine error = Assert.Single(r.Lines);
                Assert.Equal(AtConsoleLineKind.Error, error.Kind);
                Assert.Contains("answers OK again", error.Text, StringComparison.Ordinal);
                Assert.Equal(["AT+CMGS=\"123\"", "Stuck^Z", "<ESC>", "AT"], modem.Received);

                AtConsoleResult next = await engine.ExecuteAsync("AT+CSQ", null, Ct);
                Assert.True(next.IsSuccess);
                Assert.Equal("+CSQ: 18,99", next.Lines[0].Text);
            });
    }

    [Fact]
    public async Task A_prompt_nobody_answers_is_escaped_at_once_so_a_plain_send_cannot_leave_the_modem_waiting()
    {
        var pairs = new InMemoryLinkPair();
        await using var m = new ScriptedModem(pairs.Device, input => input switch
        {
            "AT+CMGS=\"123\"" => "\r\n> ",
            "<ESC>" => "\r\nOK\r\n",
            "AT" => "\r\nOK\r\n",
            _ => null,
        });
        await using var session = new AtSession(pairs.Host);
        await session.SendAsync("AT+CMGS=\"123\"", cancellationToken: Ct);
        Assert.True((await session.SendAsync("AT", cancellationToken: Ct)).IsSuccess);
        Assert.Equal(["AT+CMGS=\"123\"", "<ESC>", "AT"], m.Received);
    }

    [Fact]
    public async Task A_ussd_one_shot_waits_for_the_late_cusd_answer_and_decodes_it()
    {
        await WithEngine(
            input => input == "AT+CUSD=1,\"*100#\",15" ? "\r\nOK\r\n" : "\r\nERROR\r\n",
            async (engine, modem, time) =>
            {
                Task<AtConsoleResult> pending = engine.ExecuteAsync("AT+CUSD=1,\"*100#\",15", null, Ct);
                await time.WaitForTimerAsync(AtCommandExpectations.UssdTimeout, Ct); // OK came, the URC wait is armed
                await modem.WriteAsync("\r\n+CUSD: 0,\"Balance: 123.45 RUB\",15\r\n");
                AtConsoleResult r = await pending;

                Assert.True(r.IsSuccess);
                Assert.Equal(["OK", "+CUSD: 0,\"Balance: 123.45 RUB\",15", "answer: Balance: 123.45 RUB"], r.Lines.Select(l => l.Text));
                Assert.Equal(AtConsoleLineKind.Urc, r.Lines[1].Kind);
            });
    }

    [Fact]
    public async Task A_cusd_that_never_comes_ends_the_wait_after_its_bound_with_a_note()
    {
        var others = new List<AtUrcUpdate>();
        await WithEngine(
            input => input.StartsWith("AT+CUSD", StringComparison.Ordinal) ? "\r\nOK\r\n" : "\r\nERROR\r\n",
            async (engine, _, time) =>
            {
                engine.Unsolicited += (_, u) => { lock (others) { others.Add(u); } };
                Task<AtConsoleResult> pending = engine.ExecuteAsync("AT+CUSD=1,\"*100#\"", null, Ct);
                await time.WaitForTimerAsync(AtCommandExpectations.UssdTimeout, Ct);
                time.Advance(AtCommandExpectations.UssdTimeout);
                AtConsoleResult r = await pending;

                Assert.True(r.IsSuccess);
                Assert.Contains("no +CUSD answer within 30 s", r.Lines[^1].Text, StringComparison.Ordinal);
            });
        Assert.Empty(others);
    }

    [Fact]
    public async Task Cmgl_in_pdu_mode_is_explained_and_text_mode_is_offered()
    {
        await WithEngine(
            input => input == "AT+CMGL=4" ? "\r\n+CMS ERROR: 303\r\n" : "\r\nERROR\r\n",
            async (engine, _, _) =>
            {
                AtConsoleResult r = await engine.ExecuteAsync("AT+CMGL=4", null, Ct);

                Assert.False(r.IsSuccess);
                Assert.Contains(r.Lines, l => l.Kind == AtConsoleLineKind.Note && l.Text.Contains("PDU mode", StringComparison.Ordinal));
                Assert.NotNull(r.Offer);
                Assert.Equal(["AT+CMGF=1", "AT+CMGL=\"ALL\""], r.Offer.Commands);
            });
    }

    [Theory]
    [InlineData(false, "IMEI: ***********3809")]
    [InlineData(true, "IMEI: 356938035643809")]
    public async Task Imeis_in_replies_are_masked_unless_revealed(bool reveal, string expected)
    {
        await WithEngine(
            input => input == "ATI" ? "\r\nModel: MF627\r\nIMEI: 356938035643809\r\n\r\nOK\r\n" : "\r\nERROR\r\n",
            async (engine, _, _) =>
            {
                AtConsoleResult r = await engine.ExecuteAsync("ATI", null, Ct);
                Assert.Equal(expected, r.Lines[1].Text);
            },
            reveal);
    }

    [Fact]
    public async Task Urcs_nobody_awaits_are_raised_masked_and_counted()
    {
        var updates = new List<AtUrcUpdate>();
        using var arrived = new SemaphoreSlim(0);
        await WithEngine(
            _ => null,
            async (engine, modem, _) =>
            {
                engine.Unsolicited += (_, u) =>
                {
                    lock (updates)
                    {
                        updates.Add(u);
                    }

                    arrived.Release();
                };
                await modem.WriteAsync("\r\n+ZUSIMR:2\r\n\r\n+ZUSIMR:2\r\n\r\n+ZUSIMR:2\r\n");
                for (int i = 0; i < 3; i++)
                {
                    await arrived.WaitAsync(Ct);
                }
            });

        Assert.Equal([1, 2, 3], updates.Select(u => u.Count));
        Assert.Equal("+ZUSIMR:2 (×3)", updates[2].Text);
        Assert.Equal(["AT+CPMS?"], updates[2].Offer!.Commands);
    }
}
