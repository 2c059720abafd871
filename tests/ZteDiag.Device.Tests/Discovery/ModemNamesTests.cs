using ZteDiag.Device.Discovery;

namespace ZteDiag.Device.Tests.Discovery;

public sealed class ModemNamesTests
{
    private static DiscoveredModem Stick(string path, string? serial) =>
        new(0x19d2, 0x0031, "ZTE MF627", ModemPersonality.Modem, path, serial, null, null, []);

    [Theory]
    [InlineData("P673A4V1", "P673A4V1")]
    [InlineData("  ZTE Stick 01 ", "ZTE_Stick_01")]
    [InlineData("a  \t b", "a_b")]
    [InlineData("x/y*z", "x_y_z")]
    [InlineData("id#1+2-3.4:5=6@7_8", "id#1+2-3.4:5=6@7_8")]
    [InlineData("   ", null)]
    [InlineData(null, null)]
    public void The_serial_is_spelt_as_udev_ID_SERIAL_SHORT(string? serial, string? expected) =>
        Assert.Equal(expected, ModemNames.UdevSerial(serial));

    [Fact]
    public void A_stick_is_named_by_its_serial_else_by_its_USB_path()
    {
        DiscoveredModem a = Stick("1-3", "P673A4V1"), b = Stick("1-4", null);
        DiscoveredModem[] all = [a, b];

        Assert.Equal(("P673A4V1", "1-4"), (ModemNames.Of(a, all), ModemNames.Of(b, all)));
    }

    [Fact]
    public void A_serial_two_plugged_sticks_share_names_neither_of_them()
    {
        DiscoveredModem a = Stick("1-3", "1234567890ABCDEF"), b = Stick("1-4", "1234567890ABCDEF"), c = Stick("1-5", "OWN");
        DiscoveredModem[] all = [a, b, c];

        Assert.Equal(["1-3", "1-4", "OWN"], all.Select(m => ModemNames.Of(m, all)));
    }
}
