using ZteDiag.Device.Links;

namespace ZteDiag.Device.Tests.Links;

/// <summary>
/// Issue 19.8: what a technician reads when the serial open fails. Root is not refused by TIOCEXCL or by file
/// modes, so the OS errors are given here as System.IO.Ports raises them; each message is whole sentences, one line.
/// </summary>
public sealed class PortOpenFailureMessageTests
{
    [Fact]
    public void A_busy_port_is_one_sentence_with_its_cause_then_what_to_do()
    {
        PortException ex = SerialLink.MapOpenFailure("/dev/null", new IOException("Device or resource busy"));
        Assert.Equal(PortErrorKind.Busy, ex.Kind);
        Assert.Equal(
            "/dev/null is busy (Device or resource busy): another program (often ModemManager) holds it open. Close that program first.",
            ex.Message);
    }

    [Fact]
    public void A_forbidden_port_says_so_then_how_to_get_the_permission()
    {
        PortException ex = SerialLink.MapOpenFailure("/dev/null", new UnauthorizedAccessException("Permission denied"));
        Assert.Equal(PortErrorKind.AccessDenied, ex.Kind);
        Assert.StartsWith("no permission to open /dev/null (Permission denied). Add yourself to the dialout group (`sudo usermod -aG dialout $USER`", ex.Message, StringComparison.Ordinal);
        Assert.EndsWith("`sudo ztediag udev-rules --install`.", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', ex.Message);
    }
}
