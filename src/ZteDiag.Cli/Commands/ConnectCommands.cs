using System.CommandLine;
using System.Text.Json;
using ZteDiag.Workbench.Setup;

namespace ZteDiag.Cli.Commands;

/// <summary>
/// `ztediag connect --apn APN` / `disconnect`: drive NetworkManager (nmcli) or ModemManager (mmcli) when the
/// machine has one; ZteDiag runs no PPP of its own, so without them it prints the pppd setup and says why.
/// </summary>
internal static class ConnectCommands
{
    private static readonly TimeSpan ToolTimeout = TimeSpan.FromSeconds(90);

    public static IEnumerable<Command> Build() => [BuildConnect(), BuildDisconnect()];

    private static Command BuildConnect()
    {
        var apn = new Option<string>("--apn") { Description = "access point name (see `ztediag apn list`)", Required = true };
        var user = new Option<string?>("--user") { Description = "APN user, when the operator wants one" };
        var password = new Option<string?>("--password") { Description = "APN password" };
        var dryRun = new Option<bool>("--dry-run") { Description = "print the commands, run nothing" };
        var modemPort = new Option<string?>("--modem-port") { Description = "the modem (PPP) port for the pppd setup printed when no connection manager is here" };
        var cmd = new Command("connect",
            "Bring a data connection up with the machine's connection manager: NetworkManager (nmcli: a gsm profile\n" +
            $"'{ConnectionManagerPlan.ProfileName}' created or updated, then `nmcli connection up`), else ModemManager (mmcli --simple-connect).\n" +
            "Without either, ZteDiag prints the pppd peer and chat script for the modem port and exits 5: it does not run\n" +
            "PPP itself. Exit 0 connected, 1 the connection manager failed (its message is shown).\n" +
            "Examples: ztediag connect --apn internet.mts.ru --user mts --password mts    ztediag connect --apn internet --dry-run")
        { apn, user, password, dryRun, modemPort };
        cmd.SetAction(async (parse, ct) =>
        {
            string a = parse.GetValue(apn)!;
            string? u = parse.GetValue(user), p = parse.GetValue(password);
            if (ConnectionManagerPlan.Refusal(a, u, p) is { } why)
            {
                throw new UsageException(why);
            }

            ConnectionManagerKind kind = await ExternalTools.DetectAsync(ct).ConfigureAwait(false);
            if (kind == ConnectionManagerKind.None)
            {
                return NoManager(parse, a, u, p, parse.GetValue(modemPort));
            }

            bool exists = false;
            if (kind == ConnectionManagerKind.NetworkManager)
            {
                var (code, names, _) = await ExternalTools.RunAsync(new ExternalCommand("nmcli", ["-t", "-f", "NAME", "connection", "show"]), ToolTimeout, ct).ConfigureAwait(false);
                exists = code == 0 && names.Split('\n').Any(n => n.Trim() == ConnectionManagerPlan.ProfileName);
            }

            return await RunAllAsync(parse, kind, ConnectionManagerPlan.Connect(kind, a, u, p, exists), parse.GetValue(dryRun), "connected", ct).ConfigureAwait(false);
        });
        return cmd;
    }

    private static Command BuildDisconnect()
    {
        var dryRun = new Option<bool>("--dry-run") { Description = "print the commands, run nothing" };
        var cmd = new Command("disconnect",
            $"Take the data connection down: `nmcli connection down {ConnectionManagerPlan.ProfileName}` or `mmcli -m any --simple-disconnect`.\n" +
            "Without a connection manager: stop pppd (`sudo poff ztediag`), exit 5.")
        { dryRun };
        cmd.SetAction(async (parse, ct) =>
        {
            ConnectionManagerKind kind = await ExternalTools.DetectAsync(ct).ConfigureAwait(false);
            if (kind == ConnectionManagerKind.None)
            {
                throw new ConnectRefusedException("neither NetworkManager (nmcli) nor ModemManager (mmcli) runs here: a pppd link started by hand stops with `sudo poff ztediag`");
            }

            return await RunAllAsync(parse, kind, ConnectionManagerPlan.Disconnect(kind), parse.GetValue(dryRun), "disconnected", ct).ConfigureAwait(false);
        });
        return cmd;
    }

    private static async Task<int> RunAllAsync(ParseResult parse, ConnectionManagerKind kind, IReadOnlyList<ExternalCommand> commands, bool dryRun, string done, CancellationToken ct)
    {
        var output = parse.InvocationConfiguration.Output;
        bool json = parse.GetValue(GlobalOptions.Json);
        var ran = new List<object>();
        foreach (ExternalCommand c in commands)
        {
            string shown = Masked(c);
            if (dryRun)
            {
                ran.Add(new { command = shown, exitCode = (int?)null });
                if (!json)
                {
                    output.WriteLine("would run: " + shown);
                }

                continue;
            }

            if (!json)
            {
                output.WriteLine("running: " + shown);
            }

            var (code, stdout, stderr) = await ExternalTools.RunAsync(c, ToolTimeout, ct).ConfigureAwait(false);
            ran.Add(new { command = shown, exitCode = (int?)code });
            if (code != 0)
            {
                string said = (stderr.Trim().Length > 0 ? stderr : stdout).Trim().ReplaceLineEndings(" ");
                throw new ConnectFailedException($"{c.Program} failed (exit {code}): {said}");
            }

            if (!json && stdout.Trim().Length > 0)
            {
                output.WriteLine("  " + stdout.Trim().ReplaceLineEndings(Environment.NewLine + "  "));
            }
        }

        if (json)
        {
            output.WriteLine(JsonSerializer.Serialize(new { manager = kind.ToString(), dryRun, commands = ran, result = dryRun ? "dry run" : done }, CliJson.Options));
        }
        else
        {
            output.WriteLine(dryRun ? "dry run: nothing was run" : $"{done} ({kind})");
        }

        return ExitCodes.Ok;
    }

    private static int NoManager(ParseResult parse, string apn, string? user, string? password, string? port)
    {
        port ??= DialerPortChoice.Choose(PortsCommand.Discover(parse), Path.Exists).Path;
        var output = parse.InvocationConfiguration.Output;
        output.Write(DialerConfigGenerator.Generate(DialerFormat.Pppd, port, apn, user, password));
        output.WriteLine("# install the two files above, then: sudo pppd call " + DialerConfigGenerator.PeerName);
        throw new ConnectRefusedException("neither NetworkManager (nmcli) nor ModemManager (mmcli) runs here, and ZteDiag does not run PPP itself: " +
            "the pppd setup for " + port + " is printed above");
    }

    /// <summary>The command as shown and logged: the APN password starred.</summary>
    private static string Masked(ExternalCommand c)
    {
        var args = c.Arguments.ToList();
        int i = args.IndexOf("gsm.password");
        if (i >= 0 && i + 1 < args.Count)
        {
            args[i + 1] = "****";
        }

        for (int k = 0; k < args.Count; k++)
        {
            if (args[k].StartsWith("--simple-connect=", StringComparison.Ordinal) && args[k].Contains("password=", StringComparison.Ordinal))
            {
                args[k] = System.Text.RegularExpressions.Regex.Replace(args[k], "password=[^,]*", "password=****");
            }
        }

        return (c with { Arguments = args }).ToString();
    }

    private sealed class ConnectRefusedException(string message) : Device.ZteDiagException(message, ExitRefused);

    private sealed class ConnectFailedException(string message) : Device.ZteDiagException(message, ExitDeviceRejected);
}
