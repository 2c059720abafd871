using ZteDiag.Emulator.At;
using ZteDiag.Emulator.State;

namespace ZteDiag.Emulator.Tests.At;

/// <summary>The virtual SIM's PIN/PUK machine and the network commands, as the AT dialect answers them.</summary>
public class SimAndNetworkDialectTests
{
    private static AtResponder Responder(IAtDevice device) => new(device) { Echo = false };

    [Fact]
    public void Three_wrong_PINs_block_it_and_the_PUK_sets_a_new_one()
    {
        var at = Responder(new FakeAtDevice { Sim = new SimCard("1234") });
        Assert.Equal("\r\n+ZPINPUK: 3,10\r\n\r\nOK\r\n", at.ExecuteLine("AT+ZPINPUK=?"));
        for (int left = 2; left >= 0; left--)
        {
            Assert.Equal("\r\n+CME ERROR: 16\r\n", at.ExecuteLine("AT+CPIN=\"0000\""));
            Assert.Equal($"\r\n+ZPINPUK: {left},10\r\n\r\nOK\r\n", at.ExecuteLine("AT+ZPINPUK=?"));
        }

        Assert.Equal("\r\n+CPIN: SIM PUK\r\n\r\nOK\r\n", at.ExecuteLine("AT+CPIN?"));
        Assert.Equal("\r\n+CME ERROR: 12\r\n", at.ExecuteLine("AT+CPIN=\"1234\"")); // the PIN no longer helps
        Assert.Equal("\r\n+CME ERROR: 16\r\n", at.ExecuteLine("AT+CPIN=\"00000000\",\"4321\""));
        Assert.Equal("\r\n+ZPINPUK: 0,9\r\n\r\nOK\r\n", at.ExecuteLine("AT+ZPINPUK=?"));
        Assert.Equal("\r\nOK\r\n", at.ExecuteLine($"AT+CPIN=\"{SimCard.DefaultPuk}\",\"4321\""));
        Assert.Equal("\r\n+CPIN: READY\r\n\r\nOK\r\n", at.ExecuteLine("AT+CPIN?"));
        Assert.Equal("\r\n+ZPINPUK: 3,10\r\n\r\nOK\r\n", at.ExecuteLine("AT+ZPINPUK=?"));
        Assert.Equal("\r\nOK\r\n", at.ExecuteLine("AT+CPWD=\"SC\",\"4321\",\"5678\"")); // the new PIN is the PIN
    }

    [Fact]
    public void Ten_wrong_PUKs_kill_the_SIM()
    {
        var sim = new SimCard("1234");
        var at = Responder(new FakeAtDevice { Sim = sim });
        for (int i = 0; i < 3; i++)
        {
            _ = at.ExecuteLine("AT+CPIN=\"0000\"");
        }

        for (int i = 0; i < 10; i++)
        {
            Assert.Equal("\r\n+CME ERROR: 16\r\n", at.ExecuteLine("AT+CPIN=\"00000000\",\"1111\""));
        }

        Assert.True(sim.IsDead);
        Assert.Equal("\r\n+CME ERROR: 13\r\n", at.ExecuteLine("AT+CPIN?"));
        Assert.Equal("\r\n+CME ERROR: 13\r\n", at.ExecuteLine($"AT+CPIN=\"{SimCard.DefaultPuk}\",\"1111\""));
    }

    [Fact]
    public void The_PIN_lock_switches_off_and_on_with_the_right_PIN_and_a_wrong_one_costs_an_attempt()
    {
        var at = Responder(new FakeAtDevice { Sim = new SimCard("1234") });
        Assert.Equal("\r\n+CME ERROR: 3\r\n", at.ExecuteLine("AT+CLCK=\"SC\",0,\"1234\"")); // not before the PIN is entered
        Assert.Equal("\r\nOK\r\n", at.ExecuteLine("AT+CPIN=\"1234\""));
        Assert.Equal("\r\n+CLCK: 1\r\n\r\nOK\r\n", at.ExecuteLine("AT+CLCK=\"SC\",2"));
        Assert.Equal("\r\n+CME ERROR: 16\r\n", at.ExecuteLine("AT+CLCK=\"SC\",0,\"9999\""));
        Assert.Equal("\r\n+ZPINPUK: 2,10\r\n\r\nOK\r\n", at.ExecuteLine("AT+ZPINPUK=?"));
        Assert.Equal("\r\nOK\r\n", at.ExecuteLine("AT+CLCK=\"SC\",0,\"1234\""));
        Assert.Equal("\r\n+CLCK: 0\r\n\r\nOK\r\n", at.ExecuteLine("AT+CLCK=\"SC\",2"));
        Assert.Equal("\r\n+CME ERROR: 4\r\n", at.ExecuteLine("AT+CLCK=\"PN\",2"));
    }

    [Fact]
    public void CRSM_reads_the_ICCID_in_swapped_nibble_BCD()
    {
        var at = Responder(new FakeAtDevice());
        // FakeAtDevice's IMSI 234201201366409 gives ICCID 8970101201201366409 (19 digits, padded with F)
        Assert.Equal("\r\n+CRSM: 144,0,\"980701211002316604F9\"\r\n\r\nOK\r\n", at.ExecuteLine("AT+CRSM=176,12258,0,0,10"));
        Assert.Equal("\r\n+CRSM: 106,130\r\n\r\nOK\r\n", at.ExecuteLine("AT+CRSM=176,28423,0,0,9"));
    }

    [Fact]
    public void COPS_scan_answers_late_with_the_list_and_the_ranges()
    {
        var device = new ScanningDevice();
        var at = Responder(device);
        Assert.Equal(string.Empty, at.ExecuteLine("AT+COPS=?"));
        DeferredReply late = Assert.IsType<DeferredReply>(at.TakeDeferred());
        Assert.Equal(TimeSpan.FromSeconds(7), late.Delay);
        Assert.Equal("\r\n+COPS: (2,\"3 UK\",\"3\",\"23420\",2),(3,\"O2 - UK\",\"O2\",\"23410\",0),,(0-4),(0-2)\r\n\r\nOK\r\n",
            System.Text.Encoding.Latin1.GetString(late.Bytes));
        Assert.Null(at.TakeDeferred());
    }

    [Fact]
    public void COPS_set_maps_refusals_to_CME_30_and_32()
    {
        var at = Responder(new ScanningDevice());
        Assert.Equal("\r\nOK\r\n", at.ExecuteLine("AT+COPS=1,2,\"23420\""));
        Assert.Equal("\r\n+CME ERROR: 32\r\n", at.ExecuteLine("AT+COPS=1,2,\"23410\""));
        Assert.Equal("\r\n+CME ERROR: 30\r\n", at.ExecuteLine("AT+COPS=1,2,\"99999\""));
        Assert.Equal("\r\nERROR\r\n", at.ExecuteLine("AT+COPS=1"));
    }

    /// <summary>FakeAtDevice with a scan list, a delay and selection by the list's status.</summary>
    private sealed class ScanningDevice : IAtDevice
    {
        private readonly FakeAtDevice _inner = new();

        public IReadOnlyList<VisibleNetwork> VisibleNetworks { get; } =
            [new VisibleNetwork(2, "3 UK", "3", "23420", 2), new VisibleNetwork(3, "O2 - UK", "O2", "23410", 0)];

        public TimeSpan NetworkScanDelay => TimeSpan.FromSeconds(7);

        public NetworkSelection SelectNetwork(int mode, string? numeric) =>
            mode != 1 ? NetworkSelection.Ok
            : VisibleNetworks.FirstOrDefault(n => n.Numeric == numeric) is not { } n ? NetworkSelection.NoNetwork
            : n.Status == 3 ? NetworkSelection.NotAllowed : NetworkSelection.Ok;

        public string Manufacturer => _inner.Manufacturer;
        public string Model => _inner.Model;
        public string Revision => _inner.Revision;
        public string Imei => _inner.Imei;
        public string Imsi => _inner.Imsi;
        public string Gcap => _inner.Gcap;
        public bool SimPresent => true;
        public SimCard Sim => _inner.Sim;
        public string OperatorName => _inner.OperatorName;
        public int CsqRssi => _inner.CsqRssi;
        public int CsqBer => _inner.CsqBer;
        public string ZpasTechnology => _inner.ZpasTechnology;
        public string ZpasDomain => _inner.ZpasDomain;
        public int NetworkMode { get => _inner.NetworkMode; set => _inner.NetworkMode = value; }
        public int AcquisitionOrder { get => _inner.AcquisitionOrder; set => _inner.AcquisitionOrder = value; }
        public bool Online { get => _inner.Online; set => _inner.Online = value; }
        public IReadOnlyList<PdpContext> PdpContexts => _inner.PdpContexts;
        public void SetPdpContext(int cid, PdpContext? context) => _inner.SetPdpContext(cid, context);
        public SmsStore Sms => _inner.Sms;
        public string? UssdAnswer(string code) => _inner.UssdAnswer(code);
        public bool AutorunEnabled => _inner.AutorunEnabled;
        public bool SetAutorun(bool enabled) => _inner.SetAutorun(enabled);
        public bool EnterDownloadMode() => _inner.EnterDownloadMode();
        public bool ExitDownloadMode() => _inner.ExitDownloadMode();
    }
}
