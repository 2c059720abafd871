using ZteDiag.Device;
using ZteDiag.Device.Discovery;
using ZteDiag.Workbench.Connection;

namespace ZteDiag.Workbench.Tests.Connection;

/// <summary>
/// Issue 19.8: a busy port's error names who holds it in sentences of their own; it used to run the port's clause
/// and the holder's advice together ("... holds it open ModemManager (pid 812) holds ...").
/// </summary>
public sealed class BusyPortMessageTests
{
    private static PortException Busy => new(PortErrorKind.Busy, "/dev/ttyUSB1",
        "/dev/ttyUSB1 is busy (Device or resource busy): another program (often ModemManager) holds it open. Close that program first.");

    [Fact]
    public void A_busy_port_held_by_ModemManager_is_two_sentences_on_one_line()
    {
        PortException ex = DiagConnector.NameHolders(Busy, [new PortHolder(812, "ModemManager", "/dev/ttyUSB1")]);
        Assert.Equal(PortErrorKind.Busy, ex.Kind);
        Assert.StartsWith("/dev/ttyUSB1 is busy: another program holds it open. ModemManager (pid 812) holds /dev/ttyUSB1. Stop it: `sudo systemctl stop ModemManager`", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', ex.Message);
    }

    [Fact]
    public void Two_holders_are_named_one_sentence_each_on_the_same_line()
    {
        PortException ex = DiagConnector.NameHolders(Busy, [new PortHolder(812, "ModemManager", "/dev/ttyUSB1"), new PortHolder(900, "minicom", "/dev/ttyUSB1")]);
        Assert.EndsWith("minicom (pid 900) holds /dev/ttyUSB1. Close that program first (or `kill 900`).", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', ex.Message);
    }

    [Fact]
    public void With_no_holder_found_the_port_error_is_kept_as_it_is()
    {
        PortException busy = Busy;
        Assert.Same(busy, DiagConnector.NameHolders(busy, []));
    }
}
