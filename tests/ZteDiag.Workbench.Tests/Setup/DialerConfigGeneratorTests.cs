using ZteDiag.Workbench.Setup;

namespace ZteDiag.Workbench.Tests.Setup;

public class DialerConfigGeneratorTests
{
    [Fact]
    public void Wvdial_config_matches_the_golden_file()
    {
        Golden.AssertMatches("dialer-wvdial.conf",
            DialerConfigGenerator.Generate(DialerFormat.Wvdial, "/dev/ttyUSB2", "internet.beeline.ru", "beeline", "beeline"));
    }

    [Fact]
    public void Pppd_peer_and_chat_script_match_the_golden_file()
    {
        Golden.AssertMatches("dialer-pppd.txt", DialerConfigGenerator.Generate(DialerFormat.Pppd, "/dev/ttyUSB2", "three.co.uk"));
    }

    [Fact]
    public void Nmcli_command_matches_the_golden_file()
    {
        Golden.AssertMatches("dialer-nm.sh", DialerConfigGenerator.Generate(DialerFormat.Nm, "/dev/ttyUSB2", "internet.mts.ru", "mts", "mts"));
    }

    [Theory]
    [InlineData(DialerFormat.Wvdial, "Init3 = AT+CGDCONT=1,\"IP\",\"internet\"")]
    [InlineData(DialerFormat.Pppd, "OK 'AT+CGDCONT=1,\"IP\",\"internet\"'")]
    [InlineData(DialerFormat.Nm, "gsm.apn 'internet'")]
    public void Every_format_defines_the_pdp_context(DialerFormat format, string line)
    {
        Assert.Contains(line, DialerConfigGenerator.Generate(format, "/dev/ttyUSB2", "internet"), StringComparison.Ordinal);
    }

    [Fact]
    public void Wvdial_points_at_the_modem_port_in_stupid_mode_dialing_star_99()
    {
        string conf = DialerConfigGenerator.Generate(DialerFormat.Wvdial, "/dev/ztediag/1234567890ABCDEF/modem", "internet");
        Assert.Contains("\nModem = /dev/ztediag/1234567890ABCDEF/modem\n", conf, StringComparison.Ordinal);
        Assert.Contains("\nPhone = *99#\n", conf, StringComparison.Ordinal);
        Assert.Contains("\nStupid Mode = 1\n", conf, StringComparison.Ordinal);
        Assert.Contains("\nUsername = any\n", conf, StringComparison.Ordinal);
    }

    [Fact]
    public void Pppd_gives_two_files_with_install_paths()
    {
        IReadOnlyList<DialerConfigFile> files = DialerConfigGenerator.GenerateFiles(DialerFormat.Pppd, "/dev/ttyUSB3", "internet");
        Assert.Equal(["/etc/ppp/peers/ztediag", "/etc/chatscripts/ztediag"], files.Select(f => f.Path));
        Assert.Contains("connect \"/usr/sbin/chat -v -f /etc/chatscripts/ztediag\"\n", files[0].Content, StringComparison.Ordinal);
        Assert.StartsWith("# ZteDiag pppd peer", files[0].Content, StringComparison.Ordinal);
    }

    [Fact]
    public void Nm_uses_any_modem_when_the_port_is_a_stable_link()
    {
        string nm = DialerConfigGenerator.Generate(DialerFormat.Nm, "/dev/ztediag/X/modem", "internet");
        Assert.Contains("ifname '*'", nm, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/dev/ttyUSB2", "inter\"net", null)]
    [InlineData("/dev/ttyUSB2", "internet", "a'b")]
    [InlineData("ttyUSB2", "internet", null)]
    [InlineData("/dev/tty USB2", "internet", null)]
    public void Unsafe_values_are_rejected(string port, string apn, string? user)
    {
        Assert.Throws<ArgumentException>(() => DialerConfigGenerator.Generate(DialerFormat.Wvdial, port, apn, user));
    }

    [Theory]
    [InlineData("wvdial", DialerFormat.Wvdial)]
    [InlineData("PPPD", DialerFormat.Pppd)]
    [InlineData("nm", DialerFormat.Nm)]
    public void Format_names_parse(string name, DialerFormat format)
    {
        Assert.Equal(format, DialerConfigGenerator.ParseFormat(name));
        Assert.Throws<ArgumentException>(() => DialerConfigGenerator.ParseFormat("kppp"));
    }
}
