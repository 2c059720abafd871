using System.Text.Json;
using ZteDiag.Emulator.Host;
using ZteDiag.Emulator.Tests.At;

namespace ZteDiag.Emulator.Tests.Host;

public sealed class VirtualModemHostTests
{
    private static readonly PortRole[] AllRoles = [PortRole.Diag, PortRole.At, PortRole.Modem];

    private static VirtualModemHost NewHost(VirtualModemOptions? options = null) =>
        new(AllRoles, BadCommandResponder.Instance, new FakeAtDevice(), options ?? new VirtualModemOptions { NagInterval = null });

    [Fact]
    public void The_ready_line_is_one_JSON_object_with_profile_ports_and_state()
    {
        using VirtualModemHost host = NewHost(new VirtualModemOptions { Profile = "mf627-mts", NagInterval = null });
        string line = host.ReadyJson("/tmp/state");
        Assert.DoesNotContain('\n', line);
        using JsonDocument doc = JsonDocument.Parse(line);
        JsonElement r = doc.RootElement;
        Assert.Equal(["profile", "diag", "at", "modem", "state"], r.EnumerateObject().Select(p => p.Name));
        Assert.Equal("mf627-mts", r.GetProperty("profile").GetString());
        Assert.Equal(host.PathOf(PortRole.Diag), r.GetProperty("diag").GetString());
        Assert.Equal(host.SlavePaths[PortRole.Modem], r.GetProperty("modem").GetString());
        Assert.Equal("/tmp/state", r.GetProperty("state").GetString());
        Assert.Equal(3, host.SlavePaths.Values.Distinct().Count());
    }

    [Fact]
    public async Task Diag_and_AT_clients_work_at_the_same_time()
    {
        using VirtualModemHost host = NewHost();
        using var diag = new SerialClient(host.PathOf(PortRole.Diag));
        using var at = new SerialClient(host.PathOf(PortRole.At));
        using var modem = new SerialClient(host.PathOf(PortRole.Modem));
        CancellationToken ct = TestContext.Current.CancellationToken;
        Task diagLoop = Task.Run(
            () =>
            {
                for (int i = 0; i < 50; i++)
                {
                    diag.Write([0x7E, 0x00, 0x78, 0xF0, 0x7E]);
                    Assert.Equal(new byte[] { 0x13, 0x00, 0xBE, 0xB0, 0x7E }, diag.ReadFrame());
                }
            },
            ct);
        Task atLoop = Task.Run(
            () =>
            {
                for (int i = 0; i < 50; i++)
                {
                    at.WriteText("AT+CSQ\r");
                    Assert.Equal("AT+CSQ\r\r\n+CSQ: 12,99\r\n\r\nOK\r\n", at.ReadUntil("\r\nOK\r\n"));
                }
            },
            ct);
        modem.WriteText("ATI\r");
        Assert.Contains("Model: MF627", modem.ReadUntil("\r\nOK\r\n"), StringComparison.Ordinal);
        await Task.WhenAll(diagLoop, atLoop);
        Assert.Equal(50, host.DiagServer!.RequestCount);
    }

    [Fact]
    public void The_link_directory_holds_symlinks_named_after_the_roles_and_they_open()
    {
        string dir = Path.Combine(Path.GetTempPath(), "ztediag-links-" + Guid.NewGuid().ToString("N"));
        try
        {
            using (VirtualModemHost host = NewHost(new VirtualModemOptions { LinkDirectory = dir, NagInterval = null }))
            {
                foreach (PortRole role in AllRoles)
                {
                    Assert.Equal(host.PathOf(role), new FileInfo(Path.Combine(dir, VirtualModemHost.RoleName(role))).LinkTarget);
                }

                using var at = new SerialClient(Path.Combine(dir, "at"));
                at.WriteText("AT\r");
                Assert.Equal("AT\r\r\nOK\r\n", at.ReadUntil("\r\nOK\r\n"));
            }

            Assert.False(File.Exists(Path.Combine(dir, "diag")));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void Disconnect_makes_the_device_vanish_for_a_client()
    {
        using VirtualModemHost host = NewHost();
        using var at = new SerialClient(host.PathOf(PortRole.At), readTimeoutMs: 1000);
        at.WriteText("AT\r");
        at.ReadUntil("\r\nOK\r\n");
        host.Disconnect();
        Assert.False(host.IsConnected);
        Exception? e = Record.Exception(() => at.ReadUntil("never"));
        Assert.True(e is ObjectDisposedException or IOException or TimeoutException, e?.GetType().Name);
        // (no reopen check: the kernel recycles the /dev/pts number at once, another test may own it)
    }

    [Fact]
    public void A_fault_plan_unplug_closes_every_port()
    {
        using VirtualModemHost host = NewHost(new VirtualModemOptions { Faults = FaultPlan.Parse("disconnect-after-requests=1"), NagInterval = null });
        using var diag = new SerialClient(host.PathOf(PortRole.Diag));
        diag.Write([0x7E, 0x00, 0x78, 0xF0, 0x7E]);
        Assert.Equal(new byte[] { 0x13, 0x00, 0xBE, 0xB0, 0x7E }, diag.ReadFrame());
        SpinWait.SpinUntil(() => !host.IsConnected, 1000);
        Assert.False(host.IsConnected);
    }

    [Fact]
    public void Power_loss_is_forwarded_by_the_host()
    {
        using VirtualModemHost host = NewHost(new VirtualModemOptions { Faults = new FaultPlan { PowerLossAfterRequests = 1 }, NagInterval = null });
        using var fired = new ManualResetEventSlim();
        host.PowerLoss += (_, _) => fired.Set();
        using var diag = new SerialClient(host.PathOf(PortRole.Diag));
        diag.Write([0x7E, 0x00, 0x78, 0xF0, 0x7E]);
        Assert.True(fired.Wait(1000, TestContext.Current.CancellationToken));
        SpinWait.SpinUntil(() => !host.IsConnected, 1000);
        Assert.False(host.IsConnected);
    }

    [Fact]
    public void The_nag_runs_on_both_AT_ports_and_one_CPMS_stops_it_everywhere()
    {
        using VirtualModemHost host = NewHost(new VirtualModemOptions { NagInterval = TimeSpan.FromMilliseconds(50) });
        using var at = new SerialClient(host.PathOf(PortRole.At));
        using var modem = new SerialClient(host.PathOf(PortRole.Modem));
        at.WriteText("ATE0\r");
        modem.WriteText("ATE0\r");
        Assert.Contains("+ZUSIMR:2", at.ReadUntilContains("+ZUSIMR:2\r\n"), StringComparison.Ordinal);
        Assert.Contains("+ZUSIMR:2", modem.ReadUntilContains("+ZUSIMR:2\r\n"), StringComparison.Ordinal);
        modem.WriteText("AT+CPMS?\r");
        modem.ReadUntilContains("\r\nOK\r\n");
        Assert.False(host.Nag!.IsActive);
        _ = at.Drain(60); // a nag already on its way
        Assert.DoesNotContain("ZUSIMR", at.Drain(200) + modem.Drain(0), StringComparison.Ordinal);
    }

    [Fact]
    public void Roles_must_be_distinct_and_need_their_backends()
    {
        Assert.Throws<ArgumentException>(() => new VirtualModemHost([PortRole.At, PortRole.At], null, new FakeAtDevice()));
        Assert.Throws<ArgumentNullException>(() => new VirtualModemHost([PortRole.Diag], null, null));
        Assert.Throws<ArgumentNullException>(() => new VirtualModemHost([PortRole.Modem], BadCommandResponder.Instance, null));
    }
}
