using ZteDiag.Device;
using ZteDiag.Device.Links;
using ZteDiag.Emulator.Pty;

namespace ZteDiag.Device.Tests.Links;

public sealed class PortLockTests
{
    [Fact]
    public async Task A_second_serial_link_on_a_locked_pty_is_refused_as_busy_even_for_root_and_free_again_after_close()
    {
        using var pty = new PseudoTerminal();
        await using (SerialLink first = SerialLink.Open(pty.SlavePath))
        {
            var ex = Assert.Throws<PortException>(() => SerialLink.Open(pty.SlavePath));

            Assert.Equal(PortErrorKind.Busy, ex.Kind);
            Assert.IsType<PortInUseException>(ex.InnerException);
            Assert.StartsWith($"port {pty.SlavePath} in use by ", ex.Message, StringComparison.Ordinal);
        }

        await using SerialLink again = SerialLink.Open(pty.SlavePath);
        Assert.Equal(pty.SlavePath, again.Path);
    }

    [Fact]
    public void A_lock_is_on_the_device_not_the_name_so_a_symlink_to_the_same_pty_is_refused_too()
    {
        using var pty = new PseudoTerminal();
        string dir = Directory.CreateTempSubdirectory("ztediag-lock-").FullName;
        try
        {
            string link = Path.Combine(dir, "diag");
            File.CreateSymbolicLink(link, pty.SlavePath);
            using PortLock? held = PortLock.TryAcquire(pty.SlavePath);

            Assert.NotNull(held);
            Assert.Equal(PortErrorKind.Busy, Assert.Throws<PortException>(() => PortLock.TryAcquire(link)).Kind);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void A_missing_port_gets_no_lock_so_the_serial_open_reports_it_as_not_found()
    {
        Assert.Null(PortLock.TryAcquire("/dev/ztediag-test-no-such-tty"));
        Assert.Equal(PortErrorKind.NotFound, Assert.Throws<PortException>(() => SerialLink.Open("/dev/ztediag-test-no-such-tty")).Kind);
    }
}
