using System.Text.Json;

namespace ZteDiag.EndToEnd;

/// <summary>
/// `connect` / `disconnect` drive the machine's connection manager. NetworkManager and ModemManager are not on
/// the test machine, so stand-in nmcli/mmcli scripts on PATH record their arguments and answer as the real tools do.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class ConnectVerbTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("ztediag-connect-");

    public void Dispose() => _dir.Delete(recursive: true);

    private string Log => Path.Combine(_dir.FullName, "calls.log");

    /// <summary>A tool script: logs one line per call (arguments separated by |), then runs <paramref name="body"/>.</summary>
    private void Tool(string name, string body)
    {
        string path = Path.Combine(_dir.FullName, name);
        File.WriteAllText(path, "#!/bin/sh\n" + $"printf '%s' '{name}' >> '{Log}'; for a in \"$@\"; do printf '|%s' \"$a\" >> '{Log}'; done; echo >> '{Log}'\n" + body + "\n");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    private Dictionary<string, string> OnlyOurTools => new() { ["PATH"] = _dir.FullName + ":/usr/bin:/bin" };

    private const string NmcliRunning = """
        case "$*" in
          "-t -f RUNNING general") echo running ;;
          "-t -f NAME connection show") echo "Wired connection 1" ;;
          "connection up ztediag-gsm") echo "Connection successfully activated (D-Bus active path: /org/freedesktop/NetworkManager/ActiveConnection/7)" ;;
        esac
        exit 0
        """;

    [Fact]
    public async Task Connect_with_NetworkManager_creates_the_gsm_profile_brings_it_up_and_masks_the_password()
    {
        Tool("nmcli", NmcliRunning);
        var (code, stdout, stderr) = await ZteDiagProcess.RunAsync(["connect", "--apn", "internet.mts.ru", "--user", "mts", "--password", "secret"], environment: OnlyOurTools);
        Assert.True(code == 0, stdout + stderr);
        Assert.Contains("running: nmcli connection add type gsm ifname '*' con-name ztediag-gsm gsm.apn internet.mts.ru gsm.username mts gsm.password '****'", stdout, StringComparison.Ordinal);
        Assert.Contains("Connection successfully activated", stdout, StringComparison.Ordinal);
        Assert.EndsWith("connected (NetworkManager)", stdout.Trim(), StringComparison.Ordinal);
        Assert.DoesNotContain("secret", stdout, StringComparison.Ordinal);
        string[] calls = File.ReadAllLines(Log);
        Assert.Equal(
        [
            "nmcli|-t|-f|RUNNING|general",
            "nmcli|-t|-f|NAME|connection|show",
            "nmcli|connection|add|type|gsm|ifname|*|con-name|ztediag-gsm|gsm.apn|internet.mts.ru|gsm.username|mts|gsm.password|secret",
            "nmcli|connection|up|ztediag-gsm",
        ], calls);
    }

    [Fact]
    public async Task A_second_connect_updates_the_existing_profile_and_a_failed_activation_is_exit_1_with_nmclis_words()
    {
        Tool("nmcli", """
            case "$*" in
              "-t -f RUNNING general") echo running ;;
              "-t -f NAME connection show") printf 'Wired connection 1\nztediag-gsm\n' ;;
              "connection up ztediag-gsm") echo "Error: Connection activation failed: No suitable device found for this connection." >&2; exit 4 ;;
            esac
            exit 0
            """);
        var (code, _, stderr) = await ZteDiagProcess.RunAsync(["connect", "--apn", "internet"], environment: OnlyOurTools);
        Assert.Equal(1, code);
        Assert.Equal("ztediag: nmcli failed (exit 4): Error: Connection activation failed: No suitable device found for this connection.", stderr.Trim());
        Assert.Contains("nmcli|connection|modify|ztediag-gsm|gsm.apn|internet", File.ReadAllLines(Log));
    }

    [Fact]
    public async Task Without_NetworkManager_ModemManager_simple_connect_is_used_and_disconnect_undoes_it()
    {
        Tool("mmcli", """
            case "$*" in
              "-L") echo "    /org/freedesktop/ModemManager1/Modem/0 [ZTE INCORPORATED] MF627" ;;
              *simple-connect*) echo "successfully connected the modem" ;;
              *simple-disconnect*) echo "successfully disconnected all bearers in the modem" ;;
            esac
            exit 0
            """);
        var (code, stdout, stderr) = await ZteDiagProcess.RunAsync(["connect", "--apn", "internet", "--json"], environment: OnlyOurTools);
        Assert.True(code == 0, stdout + stderr);
        using (var doc = JsonDocument.Parse(stdout))
        {
            Assert.Equal("ModemManager", doc.RootElement.GetProperty("manager").GetString());
            Assert.Equal("mmcli -m any --simple-connect=apn=internet", doc.RootElement.GetProperty("commands")[0].GetProperty("command").GetString());
        }

        (code, stdout, stderr) = await ZteDiagProcess.RunAsync(["disconnect"], environment: OnlyOurTools);
        Assert.True(code == 0, stdout + stderr);
        Assert.Contains("mmcli|-m|any|--simple-disconnect", File.ReadAllLines(Log));
    }

    [Fact]
    public async Task Dry_run_prints_the_commands_and_runs_none_of_them()
    {
        Tool("nmcli", NmcliRunning);
        var (code, stdout, stderr) = await ZteDiagProcess.RunAsync(["connect", "--apn", "internet", "--dry-run"], environment: OnlyOurTools);
        Assert.True(code == 0, stderr);
        Assert.Contains("would run: nmcli connection up ztediag-gsm", stdout, StringComparison.Ordinal);
        Assert.DoesNotContain(File.ReadAllLines(Log), l => l.Contains("|up|", StringComparison.Ordinal) || l.Contains("|add|", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Without_any_connection_manager_the_pppd_setup_is_printed_and_the_exit_says_refused()
    {
        var (code, stdout, stderr) = await ZteDiagProcess.RunAsync(["connect", "--apn", "internet.mts.ru", "--modem-port", "/dev/ttyUSB2"], environment: OnlyOurTools);
        Assert.Equal(5, code);
        Assert.Contains("# ---- /etc/ppp/peers/ztediag ----", stdout, StringComparison.Ordinal);
        Assert.Contains("OK 'AT+CGDCONT=1,\"IP\",\"internet.mts.ru\"'", stdout, StringComparison.Ordinal);
        Assert.Contains("sudo pppd call ztediag", stdout, StringComparison.Ordinal);
        Assert.Contains("ZteDiag does not run PPP itself", stderr, StringComparison.Ordinal);

        (code, _, stderr) = await ZteDiagProcess.RunAsync(["connect", "--apn", "bad apn"], environment: OnlyOurTools);
        Assert.Equal(2, code);
        Assert.Contains("is not an APN", stderr, StringComparison.Ordinal);
    }
}
