using ZteDiag.Protocol.Diag;
using ZteDiag.Protocol.Efs;

namespace ZteDiag.Emulator.Tests.Diag;

public sealed class SecurityTests
{
    private const string Password = "0102030405060708";

    [Fact]
    public void With_a_password_every_efs_request_is_bad_sec_mode_until_the_right_password()
    {
        using var t = new TestModem(new VirtualModemStartOptions { SecurityPassword = Password });
        byte[] hello = EfsHelloRequest.Default().ToArray();
        Assert.Equal([0x47, .. hello[..16]], t.Diag.Send(hello));
        byte[] stat = new EfsStatRequest("/").ToArray();
        Assert.Equal([0x47, .. stat], t.Diag.Send(stat));

        Assert.Equal(new byte[] { 0x46, 0x01 }, t.Diag.Send([0x46, 1, 2, 3, 4, 5, 6, 7, 8]));
        Assert.Equal(44, t.Diag.Send(hello).Length);
        Assert.Equal(EfsErrno.ENOERR, t.Diag.Stat("/").Errno);
    }

    [Fact]
    public async Task A_wrong_password_powers_the_modem_down_and_closes_the_ports()
    {
        using var t = new TestModem(new VirtualModemStartOptions { SecurityPassword = Password });
        var down = new TaskCompletionSource();
        t.Modem.PoweredDown += (_, _) => down.TrySetResult();
        Assert.Equal(new byte[] { 0x46, 0x00 }, t.Diag.Send([0x46, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFE]));
        await down.Task.WaitAsync(TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken);
        Assert.False(t.Modem.IsConnected);
        Assert.ThrowsAny<Exception>(() => t.Diag.Send([0x00]));

        t.Modem.Replug(); // power on again: locked as at boot
        using var again = new DiagTestClient(t.Modem.DiagPath);
        Assert.Equal(0x47, again.Send(new EfsQueryRequest())[0]);
    }

    [Fact]
    public void Without_a_programmed_password_the_efs_is_open_and_any_password_is_accepted()
    {
        using var t = new TestModem();
        Assert.Equal(28, t.Diag.Send(new EfsQueryRequest()).Length);
        Assert.Equal(new byte[] { 0x46, 0x01 }, t.Diag.Send([0x46, 0x46, 0x46, 0x46, 0x46, 0x46, 0x46, 0x46, 0x46]));
        Assert.True(t.Modem.IsConnected);
    }
}
