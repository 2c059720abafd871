using ZteDiag.Emulator.Control;
using ZteDiag.Emulator.Tests.Host;

namespace ZteDiag.Emulator.Tests.Modem;

/// <summary>The rehearsal controls: what a technician's hands do to the stick, as text commands and on the API.</summary>
public sealed class RehearsalControlTests
{
    private static string Cpin(VirtualModem modem)
    {
        using var at = new SerialClient(modem.AtPath);
        at.WriteText("AT+CPIN?\r");
        return at.ReadUntil("OK\r\n", "ERROR\r\n", "ERROR: 10\r\n");
    }

    [Fact]
    public void A_pulled_sim_makes_at_cpin_answer_cme_error_10_and_stays_out_through_a_replug_until_inserted()
    {
        using var m = VirtualModem.Start(new VirtualModemStartOptions { NagInterval = null });
        var control = new RehearsalControl(m);
        Assert.Contains("+CPIN: READY", Cpin(m), StringComparison.Ordinal);

        Assert.Equal("ok", control.Execute("sim out"));
        Assert.EndsWith("+CME ERROR: 10\r\n", Cpin(m), StringComparison.Ordinal);
        Assert.Equal("ok", control.Execute("replug"));
        Assert.EndsWith("+CME ERROR: 10\r\n", Cpin(m), StringComparison.Ordinal); // a power cycle does not put it back

        Assert.Equal("ok", control.Execute("SIM IN"));
        Assert.Contains("+CPIN: READY", Cpin(m), StringComparison.Ordinal);
    }

    [Fact]
    public void Unplug_closes_the_ports_and_replug_brings_them_back()
    {
        using var m = VirtualModem.Start(new VirtualModemStartOptions { NagInterval = null });
        var control = new RehearsalControl(m);

        Assert.Equal("ok", control.Execute("unplug"));
        Assert.False(m.IsConnected);
        Assert.Equal("ok profile=mf627-mts connected=no sim=in", control.Execute("status"));
        Assert.Equal("ok", control.Execute("replug"));
        Assert.True(m.IsConnected);
        using var at = new SerialClient(m.AtPath); // the new ports answer
        at.WriteText("AT\r");
        Assert.EndsWith("OK\r\n", at.ReadUntil("OK\r\n", "ERROR\r\n"), StringComparison.Ordinal);
    }

    [Fact]
    public void Flash_makes_it_the_other_profile_keeping_nv_and_the_pulled_sim()
    {
        using var m = VirtualModem.Start(new VirtualModemStartOptions { NagInterval = null });
        var control = new RehearsalControl(m);
        byte[] imei = new byte[128];
        Assert.Equal(ZteDiag.Protocol.Diag.NvStatus.Done, m.State.Nv.Read(550, imei, spcUnlocked: true).Status);
        control.Execute("sim out");

        Assert.Equal("ok", control.Execute("flash mf626-globe 0"));

        Assert.True(m.IsConnected);
        Assert.Equal("mf626-globe", m.ProfileName);
        Assert.False(m.SimInserted);
        byte[] after = new byte[128];
        m.State.Nv.Read(550, after, spcUnlocked: true);
        Assert.Equal(imei, after); // NV survives a reflash
        using var at = new SerialClient(m.AtPath);
        at.WriteText("ATI\r");
        Assert.Contains("MF626", at.ReadUntil("OK\r\n", "ERROR\r\n"), StringComparison.Ordinal);
    }

    [Fact]
    public void Flash_with_a_reboot_time_leaves_the_ports_away_until_then_or_an_early_replug()
    {
        using var m = VirtualModem.Start(new VirtualModemStartOptions { NagInterval = null });

        m.Flash("mf626-globe", TimeSpan.FromHours(1));

        Assert.False(m.IsConnected);
        Assert.Equal("mf626-globe", m.ProfileName);
        m.Replug();
        Assert.True(m.IsConnected);
    }

    [Theory]
    [InlineData("", "error: empty command")]
    [InlineData("sim sideways", "error: say `sim out` or `sim in`")]
    [InlineData("flash", "error: say `flash PROFILE [SECONDS]`")]
    [InlineData("flash mf999", "error: unknown profile 'mf999'")]
    [InlineData("flash mf622 soon", "error: 'soon' is not a number of seconds")]
    [InlineData("flash mf622 -1", "error: '-1' is not a number of seconds")]
    [InlineData("reboot now", "error: unknown command 'reboot now'")]
    public void A_bad_command_answers_an_error_and_changes_nothing(string command, string answer)
    {
        using var m = VirtualModem.Start(new VirtualModemStartOptions { NagInterval = null });
        var control = new RehearsalControl(m);

        Assert.StartsWith(answer, control.Execute(command), StringComparison.Ordinal);
        Assert.Equal("ok profile=mf627-mts connected=yes sim=in", control.Execute("status"));
    }
}
