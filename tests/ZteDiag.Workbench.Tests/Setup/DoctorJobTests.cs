using ZteDiag.Emulator;
using ZteDiag.Workbench.Connection;
using ZteDiag.Workbench.Setup;
using ZteDiag.Workbench.Tests.Archive;

namespace ZteDiag.Workbench.Tests.Setup;

/// <summary>
/// <see cref="DoctorJob"/> against the in-process virtual modem on real ptys: explicit ports (so the USB links
/// are skipped), an empty /proc (so no holder is seen), and the SIM, radio and PDP state changed the way a
/// technician would meet them: SIM pulled, PIN pending, radio off, APN deleted.
/// </summary>
[Trait("Issue", "8")]
public sealed class DoctorJobTests : IAsyncDisposable
{
    private readonly TempDir _tmp = new();
    private VirtualModem? _modem;

    public async ValueTask DisposeAsync()
    {
        if (_modem is not null) await _modem.DisposeAsync();
        _tmp.Dispose();
    }

    private VirtualModem Start(string? simPin = null)
    {
        _modem = VirtualModem.Start(new VirtualModemStartOptions { Profile = "mf627-mts", NagInterval = null, SimPin = simPin });
        return _modem;
    }

    /// <summary>Generous per-request timeout: a loaded machine must not turn a slow reply into a FAIL.</summary>
    private ConnectionOptions Options(VirtualModem m, TimeSpan? timeout = null)
    {
        Directory.CreateDirectory(_tmp.Combine("sys"));
        Directory.CreateDirectory(_tmp.Combine("proc"));
        return new ConnectionOptions
        {
            DiagPort = m.DiagPath, AtPort = m.AtPath, Timeout = timeout ?? TimeSpan.FromSeconds(15),
            SysfsRoot = _tmp.Combine("sys"), DevRoot = _tmp.Combine("dev"), ProcRoot = _tmp.Combine("proc"),
        };
    }

    private static async Task<Dictionary<string, DoctorFinding>> RunAsync(ConnectionOptions o)
    {
        IReadOnlyList<DoctorFinding> findings = await DoctorJob.RunAsync(o, null, TestContext.Current.CancellationToken);
        Assert.Equal(Chain, findings.Select(f => f.Check));
        return findings.ToDictionary(f => f.Check);
    }

    /// <summary>Starts the modem, sends AT commands as the technician would in the AT console, then runs doctor.</summary>
    private async Task<Dictionary<string, DoctorFinding>> RunAfterConsoleAsync(params string[] commands)
    {
        ConnectionOptions o = Options(Start());
        await using (var at = await AtConnector.OpenAsync(o, TestContext.Current.CancellationToken))
        {
            foreach (string c in commands)
            {
                Assert.True((await at.SendAsync(c, null, false, TestContext.Current.CancellationToken)).IsSuccess, c);
            }
        }

        return await RunAsync(o);
    }

    private static readonly string[] Chain = ["usb", "driver", "ports", "permissions", "modemmanager", "diag", "at", "sim", "registration", "signal", "apn"];

    [Fact]
    public async Task A_healthy_modem_on_explicit_ports_is_ok_on_every_modem_link_and_skips_the_usb_ones()
    {
        VirtualModem m = Start();
        var progress = new ListProgress();

        IReadOnlyList<DoctorFinding> all = await DoctorJob.RunAsync(Options(m), progress, TestContext.Current.CancellationToken);
        var f = all.ToDictionary(x => x.Check);

        Assert.Equal(all, progress.Seen);
        Assert.Equal(new DoctorFinding("usb", DoctorVerdict.Skip, "not checked (explicit --port/--tcp)"), f["usb"]);
        Assert.Equal(new DoctorFinding("driver", DoctorVerdict.Skip, "not checked (explicit --port/--tcp)"), f["driver"]);
        Assert.Equal(new DoctorFinding("ports", DoctorVerdict.Ok, $"DIAG {m.DiagPath}, AT {m.AtPath}"), f["ports"]);
        Assert.Equal(new DoctorFinding("permissions", DoctorVerdict.Ok, "ports can be opened"), f["permissions"]);
        Assert.Equal(new DoctorFinding("modemmanager", DoctorVerdict.Ok, "no other process holds the ports"), f["modemmanager"]);
        Assert.Equal(DoctorVerdict.Ok, f["diag"].Verdict);
        Assert.StartsWith("VERNO ", f["diag"].Detail, StringComparison.Ordinal);
        Assert.Equal(new DoctorFinding("at", DoctorVerdict.Ok, $"ATI: ZTE INCORPORATED MF627 {m.State.Profile.Revision}"), f["at"]);
        Assert.Equal(new DoctorFinding("sim", DoctorVerdict.Ok, "+CPIN: READY; PIN 3 / PUK 10 attempts left"), f["sim"]);
        Assert.Equal(new DoctorFinding("registration", DoctorVerdict.Ok, "registered, home network, operator \"MTS RUS\""), f["registration"]);
        Assert.Equal(new DoctorFinding("signal", DoctorVerdict.Ok, "+CSQ: 18 (-77 dBm)"), f["signal"]);
        Assert.Equal(new DoctorFinding("apn", DoctorVerdict.Ok, "context 1: IP \"internet\""), f["apn"]);
        Assert.False(DoctorFinding.AnyFailed(all));
    }

    [Fact]
    public async Task A_pulled_SIM_fails_sim_and_registration_with_CME_10()
    {
        VirtualModem m = Start();
        m.State.SimPresent = false;

        var f = await RunAsync(Options(m));

        Assert.Equal(new DoctorFinding("sim", DoctorVerdict.Fail, "SIM not inserted (+CME ERROR: 10)", "insert the SIM and re-plug the stick"), f["sim"]);
        Assert.Equal(DoctorVerdict.Fail, f["registration"].Verdict);
        Assert.StartsWith("not registered (+CME ERROR: 10", f["registration"].Detail, StringComparison.Ordinal);
        Assert.Equal(DoctorVerdict.Ok, f["at"].Verdict);
    }

    [Fact]
    public async Task A_SIM_waiting_for_its_PIN_fails_sim_with_the_PIN_advice_and_registration_points_to_the_PIN()
    {
        VirtualModem m = Start(simPin: "1234");

        var f = await RunAsync(Options(m));

        Assert.Equal(new DoctorFinding("sim", DoctorVerdict.Fail, "the SIM waits for its PIN; PIN 3 / PUK 10 attempts left", "`ztediag pin enter PIN` (it shows the attempts left first)"), f["sim"]);
        Assert.Equal(new DoctorFinding("registration", DoctorVerdict.Fail, "not registered, not searching (+CREG: 0,0)",
            "check `ztediag pin status` (a SIM waiting for its PIN does not register) and the radio (AT+ZOPRT=5 brings it online)"), f["registration"]);
    }

    [Fact]
    public async Task A_radio_switched_off_fails_registration_and_signal()
    {
        var f = await RunAfterConsoleAsync("AT+ZOPRT=6");

        Assert.Equal(new DoctorFinding("registration", DoctorVerdict.Fail, "not registered, not searching (+CREG: 0,0)",
            "check `ztediag pin status` (a SIM waiting for its PIN does not register) and the radio (AT+ZOPRT=5 brings it online)"), f["registration"]);
        Assert.Equal(new DoctorFinding("signal", DoctorVerdict.Fail, "+CSQ: 99 (no signal)", "move the stick (USB extension to a window), check coverage"), f["signal"]);
        Assert.Equal(DoctorVerdict.Ok, f["sim"].Verdict);
    }

    [Fact]
    public async Task A_deleted_APN_only_warns_so_nothing_fails()
    {
        var f = await RunAfterConsoleAsync("AT+CGDCONT=1");

        Assert.Equal(new DoctorFinding("apn", DoctorVerdict.Warn, "no APN in context 1", "`ztediag apn set <APN>` (see `ztediag apn list`); without it pppd's IPCP times out"), f["apn"]);
        Assert.False(DoctorFinding.AnyFailed(f.Values));
    }

    [Fact]
    public async Task A_missing_DIAG_node_fails_ports_and_skips_diag_while_AT_is_still_checked()
    {
        VirtualModem m = Start();
        string gone = _tmp.Combine("ttyUSB0");
        ConnectionOptions o = Options(m) with { DiagPort = gone };

        var f = await RunAsync(o);

        Assert.Equal(DoctorVerdict.Fail, f["ports"].Verdict);
        Assert.Equal($"sysfs lists them but {gone} do(es) not exist", f["ports"].Detail);
        Assert.Equal(new DoctorFinding("permissions", DoctorVerdict.Skip, "not checked (no ports)"), f["permissions"]);
        Assert.Equal(new DoctorFinding("diag", DoctorVerdict.Skip, "no DIAG port (see the ports line)"), f["diag"]);
        Assert.Equal(DoctorVerdict.Ok, f["at"].Verdict);
    }

    [Fact]
    public async Task An_AT_port_that_does_not_answer_fails_at_and_skips_the_checks_read_over_it()
    {
        VirtualModem m = Start();
        // the DIAG port takes AT text as bytes of an unfinished HDLC frame: no answer, like a wrong --at-port
        ConnectionOptions o = Options(m, TimeSpan.FromSeconds(3)) with { AtPort = m.DiagPath };

        var f = await RunAsync(o);

        Assert.Equal(DoctorVerdict.Fail, f["at"].Verdict);
        Assert.Equal("check the AT port (`ztediag ports`)", f["at"].Advice);
        Assert.All(ModemChainCheck.AtChecks, c => Assert.Equal(new DoctorFinding(c, DoctorVerdict.Skip, "not checked (no AT)"), f[c]));
        Assert.True(DoctorFinding.AnyFailed(f.Values));
    }

    /// <summary>Records reports synchronously (Progress&lt;T&gt; would post them to the thread pool).</summary>
    private sealed class ListProgress : IProgress<DoctorFinding>
    {
        public List<DoctorFinding> Seen { get; } = [];

        public void Report(DoctorFinding value) => Seen.Add(value);
    }
}
