using ZteDiag.Emulator.State;
using ZteDiag.Emulator.At;
using ZteDiag.Emulator.Pty;
using ZteDiag.Emulator.Tests.Host;

namespace ZteDiag.Emulator.Tests.At;

public sealed class AtPortServerTests
{
    private static readonly string[] Finals = ["\r\nOK\r\n", "\r\nERROR\r\n", "\r\nNO CARRIER\r\n", "\r\n> "];

    private sealed class Rig : IDisposable
    {
        public Rig(FakeAtDevice? device = null, UnsolicitedNag? nag = null)
        {
            Device = device ?? new FakeAtDevice();
            Pty = new PseudoTerminal();
            Server = new AtPortServer(Pty, new AtResponder(Device, nag), nag);
            Server.Start();
            Client = new SerialClient(Pty.SlavePath);
        }

        public FakeAtDevice Device { get; }

        public PseudoTerminal Pty { get; }

        public AtPortServer Server { get; }

        public SerialClient Client { get; }

        /// <summary>Sends a command line and returns everything up to its final result.</summary>
        public string Send(string line)
        {
            Client.WriteText(line + "\r");
            return ReadFinal();
        }

        public string ReadFinal()
        {
            string s = Client.ReadUntil([.. Finals, "ERROR: 10\r\n", "ERROR: 3\r\n", "ERROR: 16\r\n", "SIM not inserted\r\n", "ERROR: 310\r\n", "ERROR: 303\r\n", "ERROR: 302\r\n", "ERROR: 304\r\n", "ERROR: 305\r\n", "ERROR: 321\r\n"]);
            return s;
        }

        /// <summary>Turns echo off and returns the rig.</summary>
        public Rig Quiet()
        {
            Assert.Equal("ATE0\r\r\nOK\r\n", Send("ATE0"));
            return this;
        }

        public void Dispose()
        {
            Client.Dispose(); // client before the master (ECOSYSTEM.md §2 gotcha 8)
            Server.Dispose();
            Pty.Dispose();
        }
    }

    [Fact]
    public void AT_is_echoed_and_answered_OK()
    {
        using var rig = new Rig();
        Assert.Equal("AT\r\r\nOK\r\n", rig.Send("AT"));
    }

    [Fact]
    public void ATE1_turns_echo_back_on()
    {
        using var rig = new Rig().Quiet();
        Assert.Equal("\r\nOK\r\n", rig.Send("AT"));
        Assert.Equal("\r\nOK\r\n", rig.Send("ATE1"));
        Assert.Equal("AT\r\r\nOK\r\n", rig.Send("AT"));
    }

    [Theory]
    [InlineData("ATI", "\r\nManufacturer: ZTE INCORPORATED\r\nModel: MF627\r\nRevision: BD_3GHAP673A4V1.0.0B07\r\nIMEI: 353143020000001\r\n+GCAP: +CGSM,+DS,+ES\r\n\r\nOK\r\n")]
    [InlineData("AT+CGMR", "\r\nBD_3GHAP673A4V1.0.0B07\r\n\r\nOK\r\n")]
    [InlineData("AT+CGSN", "\r\n353143020000001\r\n\r\nOK\r\n")]
    [InlineData("AT+GCAP", "\r\n+GCAP: +CGSM,+DS,+ES\r\n\r\nOK\r\n")]
    [InlineData("AT+CIMI", "\r\n234201201366409\r\n\r\nOK\r\n")]
    [InlineData("AT+CPIN?", "\r\n+CPIN: READY\r\n\r\nOK\r\n")]
    [InlineData("AT+CSQ", "\r\n+CSQ: 12,99\r\n\r\nOK\r\n")]
    [InlineData("AT+COPS?", "\r\n+COPS: 0,0,\"3 UK\",2\r\n\r\nOK\r\n")]
    [InlineData("AT+CREG?", "\r\n+CREG: 0,1\r\n\r\nOK\r\n")]
    [InlineData("AT+CREG=?", "\r\n+CREG: (0-2)\r\n\r\nOK\r\n")]
    [InlineData("AT+CREG=3", "\r\nERROR\r\n")]
    [InlineData("AT+ZPAS?", "\r\n+ZPAS: \"HSDPA\",\"CS_PS\"\r\n\r\nOK\r\n")]
    [InlineData("AT+ZSNT?", "\r\n+ZSNT: 0,0,0\r\n\r\nOK\r\n")]
    [InlineData("AT+ZOPRT?", "\r\n+ZOPRT: 5\r\n\r\nOK\r\n")]
    [InlineData("AT+CGDCONT?", "\r\n+CGDCONT: 1,\"IP\",\"internet\",\"0.0.0.0\",0,0\r\n\r\nOK\r\n")]
    [InlineData("AT+CPMS?", "\r\n+CPMS: \"SM\",2,20,\"SM\",2,20,\"SM\",2,20\r\n\r\nOK\r\n")]
    [InlineData("AT+CPMS=\"SM\",\"SM\",\"SM\"", "\r\n+CPMS: 2,20,2,20,2,20\r\n\r\nOK\r\n")]
    [InlineData("AT+CPMS=\"ME\",\"ME\"", "\r\n+CPMS: 0,50,0,50,2,20\r\n\r\nOK\r\n")]
    [InlineData("AT+CPMS=\"SM\",\"SM\",\"ME\"", "\r\n+CMS ERROR: 302\r\n")]
    [InlineData("AT+CMGF=1", "\r\nOK\r\n")]
    [InlineData("AT+CMGF?", "\r\n+CMGF: 0\r\n\r\nOK\r\n")]
    [InlineData("AT+CMEE?", "\r\n+CMEE: 1\r\n\r\nOK\r\n")]
    [InlineData("AT+ZCDRUN=4", "\r\nInquiry autorun open state result(0:NO 1:YES):1\r\n\r\nOK\r\n")]
    [InlineData("AT+ZCDRUN=8", "\r\nClose autorun state result(0:FAIL 1:SUCCESS):1\r\n\r\nOK\r\n")]
    [InlineData("AT+ZCDRUN=9", "\r\nOpen autorun state result(0:FAIL 1:SUCCESS):1\r\n\r\nOK\r\n")]
    [InlineData("AT+ZCDRUN=E", "\r\nEnter download mode result(0:FAIL 1:SUCCESS):1\r\n\r\nOK\r\n")]
    [InlineData("AT+ZCDRUN=F", "\r\nexit download mode result(0:FAIL 1:SUCCESS):1\r\n\r\nOK\r\n")]
    [InlineData("AT+ZCDRUN=7", "\r\nERROR\r\n")]
    [InlineData("AT+BOGUS", "\r\nERROR\r\n")]
    [InlineData("ATE0V1X4&C1+CMEE=1;+CFUN=1", "\r\nOK\r\n")]
    [InlineData("ATD*99#", "\r\nNO CARRIER\r\n")]
    public void Each_command_answers_with_the_exact_lines(string command, string reply)
    {
        using var rig = new Rig().Quiet();
        Assert.Equal(reply, rig.Send(command));
    }

    [Fact]
    public void ZCDRUN_changes_are_visible_in_the_device_and_the_query()
    {
        using var rig = new Rig().Quiet();
        rig.Send("AT+ZCDRUN=8");
        Assert.False(rig.Device.AutorunEnabled);
        Assert.Equal("\r\nInquiry autorun open state result(0:NO 1:YES):0\r\n\r\nOK\r\n", rig.Send("AT+ZCDRUN=4"));
        rig.Send("AT+ZCDRUN=e");
        Assert.True(rig.Device.InDownloadMode);
    }

    [Fact]
    public void ZSNT_and_ZOPRT_set_the_device()
    {
        using var rig = new Rig().Quiet();
        Assert.Equal("\r\nOK\r\n", rig.Send("AT+ZSNT=2,0,2"));
        Assert.Equal("\r\n+ZSNT: 2,0,2\r\n\r\nOK\r\n", rig.Send("AT+ZSNT?"));
        Assert.Equal("\r\nERROR\r\n", rig.Send("AT+ZSNT=5,0,0"));
        Assert.Equal("\r\nOK\r\n", rig.Send("AT+ZOPRT=6"));
        Assert.False(rig.Device.Online);
        Assert.Equal("\r\n+ZOPRT: 6\r\n\r\nOK\r\n", rig.Send("AT+ZOPRT?"));
        Assert.Equal("\r\n+COPS: 0\r\n\r\nOK\r\n", rig.Send("AT+COPS?"));
        Assert.Equal("\r\n+CREG: 0,0\r\n\r\nOK\r\n", rig.Send("AT+CREG?"));
        Assert.Equal("\r\nOK\r\n", rig.Send("AT+ZOPRT=5"));
        Assert.True(rig.Device.Online);
    }

    [Fact]
    public void CGDCONT_defines_and_lists_contexts()
    {
        using var rig = new Rig().Quiet();
        Assert.Equal("\r\nOK\r\n", rig.Send("AT+CGDCONT=1,\"IP\",\"three.co.uk\""));
        Assert.Equal("\r\nOK\r\n", rig.Send("AT+CGDCONT=2,\"IP\",\"mms,apn\""));
        Assert.Equal(
            "\r\n+CGDCONT: 1,\"IP\",\"three.co.uk\",\"0.0.0.0\",0,0\r\n+CGDCONT: 2,\"IP\",\"mms,apn\",\"0.0.0.0\",0,0\r\n\r\nOK\r\n",
            rig.Send("AT+CGDCONT?"));
        Assert.Equal("\r\nOK\r\n", rig.Send("AT+CGDCONT=2"));
        Assert.Single(rig.Device.PdpContexts);
    }

    [Fact]
    public void CUSD_answers_OK_then_the_network_text()
    {
        using var rig = new Rig().Quiet();
        rig.Client.WriteText("AT+CUSD=1,\"*100#\",15\r");
        Assert.Equal("\r\nOK\r\n\r\n+CUSD: 0,\"Balance: 3.12 GBP\",15\r\n", rig.Client.ReadUntil("\",15\r\n"));
        rig.Client.WriteText("AT+CUSD=1,\"*999#\",15\r");
        Assert.Equal("\r\nOK\r\n\r\n+CUSD: 4\r\n", rig.Client.ReadUntil("+CUSD: 4\r\n"));
    }

    [Fact]
    public void CMGL_lists_messages_in_text_mode()
    {
        using var rig = new Rig().Quiet();
        rig.Send("AT+CMGF=1");
        Assert.Equal(
            "\r\n+CMGL: 1,\"REC UNREAD\",\"+441234567890\",,\"14/02/01,15:07:43+00\"\r\nHi\r\n" +
            "+CMGL: 2,\"REC READ\",\"+441234567891\",,\"14/02/02,09:00:00+00\"\r\nLine one\r\nLine two\r\n\r\nOK\r\n",
            rig.Send("AT+CMGL=\"ALL\""));
        Assert.Equal("\r\nOK\r\n", rig.Send("AT+CMGL=\"STO SENT\"")); // empty list: just OK
    }

    [Fact]
    public void CMGS_prompts_takes_the_body_until_CtrlZ_and_reports_the_reference()
    {
        using var rig = new Rig();
        rig.Send("AT+CMGF=1");
        Assert.Equal("AT+CMGS=\"+447700900123\"\r\r\n> ", rig.Send("AT+CMGS=\"+447700900123\""));
        rig.Client.WriteText("Hello there\u001A");
        Assert.Equal("Hello there\r\n+CMGS: 1\r\n\r\nOK\r\n", rig.Client.ReadUntil("\r\nOK\r\n"));
        Assert.Equal(("+447700900123", "Hello there"), Assert.Single(rig.Device.Sent));
    }

    [Fact]
    public void Esc_cancels_an_SMS()
    {
        using var rig = new Rig().Quiet();
        rig.Send("AT+CMGF=1");
        Assert.Equal("\r\n> ", rig.Send("AT+CMGS=\"123\""));
        rig.Client.WriteText("never mind\u001B");
        Assert.Equal("never mind\r\nOK\r\n".Replace("never mind", string.Empty, StringComparison.Ordinal), rig.Client.ReadUntil("\r\nOK\r\n"));
        Assert.Empty(rig.Device.Sent);
        Assert.Equal("\r\nOK\r\n", rig.Send("AT"));
    }

    [Fact]
    public void CMEE_switches_between_ERROR_numeric_and_text_errors()
    {
        using var rig = new Rig(new FakeAtDevice { SimPresent = false }).Quiet();
        Assert.Equal("\r\n+CME ERROR: 10\r\n", rig.Send("AT+CPIN?"));
        Assert.Equal("\r\nOK\r\n", rig.Send("AT+CMEE=2"));
        Assert.Equal("\r\n+CME ERROR: SIM not inserted\r\n", rig.Send("AT+CPIN?"));
        Assert.Equal("\r\nOK\r\n", rig.Send("AT+CMEE=0"));
        Assert.Equal("\r\nERROR\r\n", rig.Send("AT+CPIN?"));
    }

    [Fact]
    public void A_locked_SIM_asks_for_its_PIN()
    {
        using var rig = new Rig(new FakeAtDevice { Sim = new SimCard("1234") }).Quiet();
        Assert.Equal("\r\n+CPIN: SIM PIN\r\n\r\nOK\r\n", rig.Send("AT+CPIN?"));
        Assert.Equal("\r\n+CME ERROR: 16\r\n", rig.Send("AT+CPIN=\"0000\""));
        Assert.Equal("\r\nOK\r\n", rig.Send("AT+CPIN=\"1234\""));
        Assert.Equal("\r\n+CPIN: READY\r\n\r\nOK\r\n", rig.Send("AT+CPIN?"));
    }

    [Fact]
    public void The_ZUSIMR_nag_repeats_until_any_CPMS_then_stops()
    {
        var nag = new UnsolicitedNag(TimeSpan.FromMilliseconds(60));
        using var rig = new Rig(nag: nag).Quiet();
        Assert.Equal("\r\n+ZUSIMR:2\r\n\r\n+ZUSIMR:2\r\n", rig.Client.ReadUntil("\r\n+ZUSIMR:2\r\n\r\n+ZUSIMR:2\r\n"));
        string reply = rig.Send("AT+CPMS=\"XX\""); // even a malformed CPMS stops it
        Assert.EndsWith("\r\nERROR\r\n", reply, StringComparison.Ordinal);
        Assert.False(nag.IsActive);
        Assert.DoesNotContain("ZUSIMR", rig.Client.Drain(250), StringComparison.Ordinal);
    }

    [Fact]
    public void The_nag_never_lands_inside_a_reply()
    {
        var nag = new UnsolicitedNag(TimeSpan.FromMilliseconds(5));
        using var rig = new Rig(nag: nag);
        const string nagLine = "\r\n+ZUSIMR:2\r\n";
        const string ati = "\r\nManufacturer: ZTE INCORPORATED\r\nModel: MF627\r\nRevision: BD_3GHAP673A4V1.0.0B07\r\nIMEI: 353143020000001\r\n+GCAP: +CGSM,+DS,+ES\r\n\r\nOK\r\n";

        // Each reply is read up to its OK, whatever the reads' chunks: on a loaded machine one read brings the
        // OK and the nags after it (so "ends with OK" never holds), or ends inside a nag, carried to the next.
        string carry = string.Empty;
        void Expect(string command, string reply)
        {
            rig.Client.WriteText(command + "\r");
            string stream = carry;
            while (!stream.Contains("\r\nOK\r\n", StringComparison.Ordinal))
            {
                stream += rig.Client.ReadUntilContains("\n");
            }

            int end = stream.IndexOf("\r\nOK\r\n", StringComparison.Ordinal) + "\r\nOK\r\n".Length;
            carry = stream[end..];
            string raw = stream[..end];
            Assert.Contains(reply, raw, StringComparison.Ordinal); // whole: a nag inside it would break it up
            Assert.Equal(string.Empty, raw.Replace(reply, string.Empty, StringComparison.Ordinal).Replace(nagLine, string.Empty, StringComparison.Ordinal));
        }

        Expect("ATE0", "ATE0\r\r\nOK\r\n");
        for (int i = 0; i < 20; i++)
        {
            Expect("ATI", ati);
        }
    }

    [Fact]
    public void Text_is_latin1_both_ways()
    {
        using var rig = new Rig().Quiet();
        rig.Send("AT+CMGF=1");
        rig.Send("AT+CMGS=\"1\"");
        rig.Client.WriteText("caf\u00e9 \u00a3\u001A");
        Assert.EndsWith("\r\nOK\r\n", rig.Client.ReadUntil("\r\nOK\r\n"), StringComparison.Ordinal);
        Assert.Equal("caf\u00e9 \u00a3", rig.Device.Sent[0].Text);
    }

    [Fact]
    public void A_client_can_close_and_reopen_the_AT_port()
    {
        using var rig = new Rig();
        rig.Client.Dispose();
        for (int i = 0; i < 3; i++)
        {
            using var c = new SerialClient(rig.Pty.SlavePath);
            c.WriteText("AT\r");
            Assert.EndsWith("\r\nOK\r\n", c.ReadUntil("\r\nOK\r\n"), StringComparison.Ordinal);
        }
    }
}
