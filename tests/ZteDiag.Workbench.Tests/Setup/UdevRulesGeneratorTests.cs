using ZteDiag.Device.Usb;
using ZteDiag.Workbench.Setup;

namespace ZteDiag.Workbench.Tests.Setup;

public class UdevRulesGeneratorTests
{
    [Fact]
    public void The_rules_for_the_whole_table_match_the_golden_file()
    {
        Golden.AssertMatches("60-ztediag.rules", UdevRulesGenerator.Generate());
    }

    [Fact]
    public void The_storage_id_runs_the_switch_with_bus_and_address()
    {
        string rules = UdevRulesGenerator.Generate([KnownUsbDevices.Find(0x19d2, 0x2000)!], new UdevRulesOptions("/opt/ztediag/ztediag"));
        Assert.Contains(
            "ACTION==\"add\", SUBSYSTEM==\"usb\", ENV{DEVTYPE}==\"usb_device\", ATTR{idVendor}==\"19d2\", ATTR{idProduct}==\"2000\", " +
            "RUN+=\"/opt/ztediag/ztediag usb switch --device $attr{busnum}:$attr{devnum}\"\n", rules, StringComparison.Ordinal);
        Assert.DoesNotContain("SUBSYSTEM==\"tty\"", rules, StringComparison.Ordinal);
    }

    [Fact]
    public void The_0031_ports_get_dialout_stable_names_and_the_diag_port_is_hidden_from_modemmanager()
    {
        string[] lines = UdevRulesGenerator.Generate([KnownUsbDevices.Find(0x19d2, 0x0031)!], UdevRulesOptions.Default).Split('\n')
            .Where(l => !l.StartsWith('#')).ToArray();
        string Rule(string ifnum) => Assert.Single(lines, l => l.Contains($"ENV{{ID_USB_INTERFACE_NUM}}==\"{ifnum}\"", StringComparison.Ordinal));

        Assert.Equal(
            "ACTION!=\"remove\", SUBSYSTEM==\"tty\", ATTRS{idVendor}==\"19d2\", ATTRS{idProduct}==\"0031\", ENV{ID_USB_INTERFACE_NUM}==\"00\", " +
            "GROUP=\"dialout\", MODE=\"0660\", SYMLINK+=\"ztediag/$env{ID_SERIAL_SHORT}/diag\", ENV{ID_MM_PORT_IGNORE}=\"1\"",
            Rule("00"));
        Assert.EndsWith("SYMLINK+=\"ztediag/$env{ID_SERIAL_SHORT}/at\"", Rule("01"), StringComparison.Ordinal);
        Assert.EndsWith("SYMLINK+=\"ztediag/$env{ID_SERIAL_SHORT}/modem\"", Rule("03"), StringComparison.Ordinal);
        Assert.DoesNotContain(lines, l => l.Contains("==\"02\"", StringComparison.Ordinal)); // storage: no tty
        Assert.Single(lines, l => l.Contains("ID_MM_PORT_IGNORE", StringComparison.Ordinal));
    }

    [Fact]
    public void Only_diag_ports_are_ignored_by_modemmanager()
    {
        string[] lines = [.. UdevRulesGenerator.Generate().Split('\n').Where(l => !l.StartsWith('#'))];
        Assert.All(lines.Where(l => l.Contains("ID_MM_PORT_IGNORE", StringComparison.Ordinal)),
            l => Assert.EndsWith("/diag\", ENV{ID_MM_PORT_IGNORE}=\"1\"", l, StringComparison.Ordinal));
        Assert.Equal(3, lines.Count(l => l.Contains("ID_MM_PORT_IGNORE", StringComparison.Ordinal))); // 0016, 0031, 0037
    }

    [Theory]
    [InlineData("ztediag")]
    [InlineData("/usr/bin/zte diag")]
    [InlineData("/usr/bin/$x")]
    [InlineData("/usr/bin/\"x")]
    public void A_tool_path_udev_cannot_run_is_rejected(string path)
    {
        Assert.Throws<ArgumentException>(() => UdevRulesGenerator.Generate(KnownUsbDevices.All, new UdevRulesOptions(path)));
    }
}
