using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using ZteDiag.Device.At;
using ZteDiag.Protocol.At;

namespace ZteDiag.Cli.Commands;

/// <summary>`ztediag network mode|scan|select`: ZTE network mode (AT+ZSNT), operator scan and selection (AT+COPS).</summary>
internal static class NetworkCommand
{
    public static Command Build()
    {
        var cmd = new Command("network",
            "Network mode, operator scan and operator selection over the AT port.\n" +
            "Examples: ztediag network mode    ztediag network mode umts-first    ztediag network scan    ztediag network select 25001");
        cmd.Subcommands.Add(BuildMode());
        cmd.Subcommands.Add(BuildScan());
        cmd.Subcommands.Add(BuildSelect());
        return cmd;
    }

    private static Command BuildMode()
    {
        var mode = new Argument<string?>("MODE")
        {
            Description = "auto | gsm (2G only) | umts (3G only) | gsm-first | umts-first; none: show the current mode",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var cmd = new Command("mode",
            "Show or set the network mode (ZTE AT+ZSNT=<cm_mode>,0,<pref_acq>; values from ModemManager's ZTE plugin, DEVICES.md\n" +
            "§3.2: auto 0,0,0 · gsm 1,0,0 · umts 2,0,0 · gsm-first 0,0,1 · umts-first 0,0,2). A set is read back (exit 1 when\n" +
            "the modem refuses or reads back something else). The setting survives a re-plug on MF62x firmware (unverified).")
        { mode };
        cmd.SetAction(async (parse, ct) =>
        {
            string? name = parse.GetValue(mode);
            ZsntReply? wanted = null;
            if (name is not null && (wanted = NetworkModeName.ToSetting(name)) is null)
            {
                throw new UsageException($"unknown network mode '{name}': use one of {string.Join(", ", NetworkModeName.All)}");
            }

            await using AtSession session = await CliSession.OpenAtAsync(parse, ct).ConfigureAwait(false);
            var network = new NetworkClient(session);
            ZsntReply before = await network.ReadModeAsync(ct).ConfigureAwait(false);
            ZsntReply now = wanted is null ? before : await network.SetModeAsync(wanted, ct).ConfigureAwait(false);
            var output = parse.InvocationConfiguration.Output;
            if (parse.GetValue(GlobalOptions.Json))
            {
                output.WriteLine(JsonSerializer.Serialize(new
                {
                    mode = NetworkModeName.Describe(now),
                    previous = wanted is null ? null : NetworkModeName.Describe(before),
                    zsnt = new[] { (int)now.Mode, now.NetworkSelection, (int)now.Preference },
                }, CliJson.Options));
            }
            else
            {
                output.WriteLine(wanted is null
                    ? "network mode: " + NetworkModeName.Describe(now)
                    : $"network mode: {NetworkModeName.Describe(before)} -> {NetworkModeName.Describe(now)} (read back)");
            }

            return ExitCodes.Ok;
        });
        return cmd;
    }

    private static Command BuildScan()
    {
        var wait = new Option<int>("--wait")
        {
            Description = "seconds the scan may take",
            DefaultValueFactory = _ => (int)NetworkClient.DefaultScanTimeout.TotalSeconds,
        };
        var cmd = new Command("scan",
            "List the networks in range (AT+COPS=?): status, name, MCC+MNC and technology. The modem answers only when its\n" +
            "scan is over, 20 s to a few minutes; the registration may drop while it runs. Exit 4 when --wait runs out\n" +
            "(the scan is aborted so the port stays usable).")
        { wait };
        cmd.SetAction(async (parse, ct) =>
        {
            int seconds = parse.GetValue(wait);
            if (seconds is < 5 or > 600)
            {
                throw new UsageException("--wait takes 5 to 600 seconds");
            }

            bool json = parse.GetValue(GlobalOptions.Json);
            await using AtSession session = await CliSession.OpenAtAsync(parse, ct).ConfigureAwait(false);
            IReadOnlyList<CopsNetwork> found;
            using (var progress = new ScanProgress(json ? null : parse.InvocationConfiguration.Error, seconds))
            {
                found = await new NetworkClient(session).ScanAsync(TimeSpan.FromSeconds(seconds), ct).ConfigureAwait(false);
            }

            var output = parse.InvocationConfiguration.Output;
            if (json)
            {
                output.WriteLine(JsonSerializer.Serialize(new
                {
                    networks = found.Select(n => new
                    {
                        status = n.StatusText,
                        name = n.LongName,
                        shortName = n.ShortName,
                        numeric = n.Numeric,
                        technology = AccessTechnologyName.Describe(n.AccessTechnology),
                    }),
                }, CliJson.Options));
                return ExitCodes.Ok;
            }

            if (found.Count == 0)
            {
                output.WriteLine("no network found (antenna, SIM, or the area)");
                return ExitCodes.Ok;
            }

            int width = Math.Max(4, found.Max(n => n.LongName.Length));
            output.WriteLine($"{"STATUS",-10} {"NAME".PadRight(width)} {"MCCMNC",-7} TECH");
            foreach (CopsNetwork n in found)
            {
                output.WriteLine($"{n.StatusText,-10} {n.LongName.PadRight(width)} {n.Numeric,-7} {AccessTechnologyName.Describe(n.AccessTechnology) ?? "-"}");
            }

            output.WriteLine("select one with `ztediag network select MCCMNC` (forbidden ones refuse this SIM), or `network select auto`");
            return ExitCodes.Ok;
        });
        return cmd;
    }

    private static Command BuildSelect()
    {
        var target = new Argument<string>("auto|MCCMNC") { Description = "auto, or the 5–6 digit MCC+MNC from `network scan`" };
        var cmd = new Command("select",
            "Register automatically (AT+COPS=0) or on one network (AT+COPS=1,2,\"MCCMNC\"), then show the registration read\n" +
            "back. Exit 1 when the network is not in range (+CME ERROR: 30) or refuses the SIM (+CME ERROR: 32).")
        { target };
        cmd.SetAction(async (parse, ct) =>
        {
            string value = parse.GetValue(target) ?? string.Empty;
            string? numeric = value.Equals("auto", StringComparison.OrdinalIgnoreCase) ? null : value;
            if (numeric is not null && !NetworkClient.IsValidNumeric(numeric))
            {
                throw new UsageException($"'{value}' is neither auto nor an MCC+MNC of 5 or 6 digits (see `ztediag network scan`)");
            }

            await using AtSession session = await CliSession.OpenAtAsync(parse, ct).ConfigureAwait(false);
            CopsReply now = await new NetworkClient(session).SelectAsync(numeric, NetworkClient.DefaultScanTimeout, ct).ConfigureAwait(false);
            var output = parse.InvocationConfiguration.Output;
            string selection = now.Mode switch { 0 => "automatic", 1 => "manual", 2 => "deregistered", _ => "mode " + now.Mode.ToString(CultureInfo.InvariantCulture) };
            if (parse.GetValue(GlobalOptions.Json))
            {
                output.WriteLine(JsonSerializer.Serialize(new { selection, @operator = now.Operator, technology = AccessTechnologyName.Describe(now.AccessTechnology) }, CliJson.Options));
            }
            else
            {
                output.WriteLine($"{selection} selection; registered on: {now.Operator ?? "none yet"}"
                    + (AccessTechnologyName.Describe(now.AccessTechnology) is { } t ? " (" + t + ")" : string.Empty));
            }

            return ExitCodes.Ok;
        });
        return cmd;
    }

    /// <summary>A "scanning… N s" line on stderr while the modem scans, so a minute of silence does not look like a hang.</summary>
    private sealed class ScanProgress : IDisposable
    {
        private readonly TextWriter? _err;
        private readonly Timer? _timer;
        private readonly DateTime _start = DateTime.UtcNow;

        public ScanProgress(TextWriter? err, int limit)
        {
            _err = err;
            if (err is null)
            {
                return;
            }

            err.WriteLine($"scanning for networks (AT+COPS=?): the modem answers when its scan is over, up to {limit} s…");
            _timer = new Timer(_ => Tick(), null, TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(5));
        }

        private void Tick() => _err?.WriteLine($"  still scanning… {(int)(DateTime.UtcNow - _start).TotalSeconds} s");

        public void Dispose() => _timer?.Dispose();
    }
}
