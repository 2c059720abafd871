using System.IO.Ports;

namespace ZteDiag.EndToEnd;

public class EmulateVerbTests
{
    [Fact]
    public async Task Emulate_PrintsReadyJson_ServesAt_AndExitsZeroOnSigterm()
    {
        await using var emu = await EmulatorProcess.StartAsync("--profile", "mf627-mts");
        Assert.Equal("mf627-mts", emu.Profile);
        Assert.StartsWith("/dev/pts/", emu.DiagPath, StringComparison.Ordinal);
        Assert.True(Directory.Exists(emu.StateDirectory));

        using (var at = new SerialPort(emu.AtPath!, 115200) { NewLine = "\r\n", ReadTimeout = 5000, Encoding = System.Text.Encoding.Latin1 })
        {
            at.Open();
            at.Write("ATE0\r");
            Assert.Equal("OK", ReadUntilFinal(at));
            at.Write("AT+CGMR\r");
            Assert.Equal("OK", ReadUntilFinal(at, out var lines));
            Assert.Contains("BD_MTSP673A4V1.0.0B01", lines);
            at.BaseStream.Dispose();
            at.Close();
        }

        Assert.Equal(0, await emu.StopAsync());
    }

    [Fact]
    public async Task Emulate_UnknownProfile_IsAUsageError()
    {
        var (code, _, stderr) = await ZteDiagProcess.RunAsync(["emulate", "--profile", "nokia3310"]);
        Assert.Equal(2, code);
        Assert.Contains("mf627-mts", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Emulate_BadFaultSpec_IsAUsageErrorNamingTheItem()
    {
        var (code, _, stderr) = await ZteDiagProcess.RunAsync(["emulate", "--faults", "explode=1"]);
        Assert.Equal(2, code);
        Assert.Contains("explode", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ports_FindsTheEmulatorsFakeSysfsTree_AndNamesTheRightTtys()
    {
        string root = Path.Combine(Path.GetTempPath(), "ztediag-sysfs-" + Guid.NewGuid().ToString("N"));
        try
        {
            await using var emu = await EmulatorProcess.StartAsync("--sysfs", root);
            var (code, stdout, _) = await ZteDiagProcess.RunAsync(["ports", "--sysfs-root", root]);
            Assert.Equal(0, code);
            Assert.Contains("19d2:0031", stdout, StringComparison.Ordinal);
            Assert.Matches(@"if00\s+ttyUSB0\s+diag\s", stdout);
            Assert.Matches(@"if01\s+ttyUSB1\s+at\s", stdout);
            Assert.Matches(@"if03\s+ttyUSB2\s+modem", stdout);
            Assert.Equal(emu.DiagPath, new FileInfo(Path.Combine(root, "dev", "ttyUSB0")).LinkTarget);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    internal static string ReadUntilFinal(SerialPort port) => ReadUntilFinal(port, out _);

    internal static string ReadUntilFinal(SerialPort port, out List<string> lines)
    {
        lines = [];
        while (true)
        {
            string line = port.ReadLine().Trim();
            if (line.Length == 0 || line.StartsWith("+ZUSIMR", StringComparison.Ordinal))
            {
                continue;
            }

            if (line is "OK" or "ERROR" || line.StartsWith("+CME ERROR", StringComparison.Ordinal))
            {
                return line;
            }

            lines.Add(line);
        }
    }
}
