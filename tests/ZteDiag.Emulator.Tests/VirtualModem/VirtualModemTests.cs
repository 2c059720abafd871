using System.Text.Json;
using ZteDiag.Emulator.Host;
using ZteDiag.Emulator.State;
using ZteDiag.Emulator.Tests.Diag;
using ZteDiag.Emulator.Tests.Host;
using ZteDiag.Emulator.Tests.State;
using ZteDiag.Protocol.Efs;
using EfsOpenFlags = ZteDiag.Protocol.Efs.EfsOpenFlags;

namespace ZteDiag.Emulator.Tests.Modem;

public sealed class VirtualModemTests
{
    [Fact]
    public void The_ready_line_names_the_profile_every_port_and_the_state()
    {
        using var t = new TestModem();
        string line = t.Modem.ReadyJson();
        Assert.DoesNotContain('\n', line);
        using JsonDocument doc = JsonDocument.Parse(line);
        JsonElement r = doc.RootElement;
        Assert.Equal(["profile", "diag", "at", "modem", "state"], r.EnumerateObject().Select(p => p.Name));
        Assert.Equal("mf627-mts", r.GetProperty("profile").GetString());
        Assert.Equal(t.Modem.DiagPath, r.GetProperty("diag").GetString());
        Assert.Equal(t.Modem.AtPath, r.GetProperty("at").GetString());
        Assert.Equal(t.Modem.ModemPath, r.GetProperty("modem").GetString());
        Assert.Equal(t.Modem.StateDirectory, r.GetProperty("state").GetString());
    }

    [Fact]
    public void Zcdrun_8_on_the_at_port_removes_autorun_flg_seen_at_once_over_diag()
    {
        using var t = new TestModem();
        string flag = t.Modem.State.FlagPath(EfsGenerator.AutorunFlag);
        Assert.Equal(EfsErrno.ENOERR, t.Diag.Stat(flag).Errno);
        using var at = new SerialClient(t.Modem.AtPath);
        at.WriteText("AT+ZCDRUN=8\r");
        Assert.EndsWith("OK\r\n", at.ReadUntil("OK\r\n", "ERROR\r\n"), StringComparison.Ordinal);
        Assert.Equal(EfsErrno.ENOENT, t.Diag.Stat(flag).Errno);
    }

    [Fact]
    public async Task Diag_and_at_clients_work_at_the_same_time()
    {
        using var t = new TestModem();
        using var at = new SerialClient(t.Modem.ModemPath);
        CancellationToken ct = TestContext.Current.CancellationToken;
        Task diag = Task.Run(
            () =>
            {
                for (int i = 0; i < 40; i++)
                {
                    Assert.Equal(EfsErrno.ENOERR, t.Diag.Stat("/PCUI.VN").Errno);
                }
            },
            ct);
        Task atLoop = Task.Run(
            () =>
            {
                for (int i = 0; i < 40; i++)
                {
                    at.WriteText("AT+CGMM\r");
                    Assert.Contains("MF627", at.ReadUntil("\r\nOK\r\n"), StringComparison.Ordinal);
                }
            },
            ct);
        await Task.WhenAll(diag, atLoop);
    }

    [Fact]
    public void Replug_gives_new_ports_over_the_same_state_and_relocks_the_spc()
    {
        using var t = new TestModem();
        Assert.True(t.Diag.Send<Protocol.Diag.SpcResponse>(Protocol.Diag.SpcRequest.Create("000000"), Protocol.Diag.SpcResponse.TryParse).Accepted);
        int fd = t.Diag.Open("/kept.txt", EfsOpenFlags.WriteOnly | EfsOpenFlags.Create, 0x1A4).Fd;
        Assert.Equal(3, t.Diag.Write(fd, [1, 2, 3]).BytesWritten);
        string oldDiag = t.Modem.DiagPath;
        t.Modem.Replug();
        Assert.NotEqual(oldDiag, t.Modem.DiagPath);
        Assert.False(t.Modem.State.SpcUnlocked);
        using var c = new DiagTestClient(t.Modem.DiagPath);
        Assert.Equal(3, c.Stat("/kept.txt").FileSize);
    }

    [Fact]
    public void Switch_profile_reflashes_and_replugs()
    {
        using var t = new TestModem();
        t.Modem.SwitchProfile("mf627-mts-b02");
        Assert.Equal("mf627-mts-b02", t.Modem.ProfileName);
        Assert.Contains("mf627-mts-b02", t.Modem.ReadyJson(), StringComparison.Ordinal);
        using var c = new DiagTestClient(t.Modem.DiagPath);
        Assert.Equal(55, c.Send([0x00]).Length);
    }

    [Fact]
    public void Sysfs_numbers_ttyusb_in_interface_order_skipping_mass_storage()
    {
        using var t = new TestModem();
        using var root = new TempDir();
        IReadOnlyList<SysfsTty> ttys = t.Modem.WriteSysfs(root.Path);
        Assert.Equal(["ttyUSB0", "ttyUSB1", "ttyUSB2"], ttys.Select(x => x.TtyName));
        Assert.Equal([0, 1, 3], ttys.Select(x => x.InterfaceNumber));
        Assert.Equal(["diag", "at", "modem"], ttys.Select(x => x.Role));
        Assert.Equal(t.Modem.DiagPath, new FileInfo(ttys[0].DevPath!).LinkTarget);
        string dev = Directory.GetDirectories(Path.Combine(root.Path, SysfsWriter.ControllerPath), "1-3", SearchOption.AllDirectories).Single();
        Assert.Equal("19d2\n", File.ReadAllText(Path.Combine(dev, "idVendor")));
        Assert.Equal("0031\n", File.ReadAllText(Path.Combine(dev, "idProduct")));
    }

    [Fact]
    public void A_temp_state_is_deleted_on_dispose_and_a_given_one_is_kept_and_reusable()
    {
        string temp;
        using (var m = VirtualModem.Start(new VirtualModemStartOptions { NagInterval = null }))
        {
            temp = m.StateDirectory;
            Assert.True(Directory.Exists(temp));
        }

        Assert.False(Directory.Exists(temp));

        using var dir = new TempDir();
        string state = dir.Sub("s");
        using (var m = VirtualModem.Start(new VirtualModemStartOptions { StateDirectory = state, NagInterval = null }))
        {
            Assert.True(m.State.SetAutorun(false));
        }

        Assert.True(Directory.Exists(state));
        using var again = VirtualModem.Start(new VirtualModemStartOptions { StateDirectory = state, ReuseState = true, NagInterval = null });
        Assert.False(again.State.AutorunEnabled);
    }
}
