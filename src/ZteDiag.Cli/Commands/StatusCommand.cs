using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using ZteDiag.Device.At;
using ZteDiag.Protocol.Diag;
using ZteDiag.Workbench.Connection;

namespace ZteDiag.Cli.Commands;

/// <summary>`ztediag status [--watch]`: the stick as a connection manager shows it, read-only, over the AT port.</summary>
internal static class StatusCommand
{
    private static readonly Option<bool> WatchOption = new("--watch", "-w") { Description = "refresh until Ctrl+C (every --interval seconds)" };

    private static readonly Option<int> IntervalOption = new("--interval")
    {
        Description = "seconds between refreshes with --watch",
        DefaultValueFactory = _ => 2,
    };

    private static readonly Option<int> CountOption = new("--count") { Description = "stop --watch after N refreshes (scripts)", Hidden = false };

    public static Command Build()
    {
        var cmd = new Command("status",
            "The stick as a connection manager shows it, over the AT port, changing nothing: model and firmware, IMEI\n" +
            "(masked), SIM state with the PIN/PUK attempts left (AT+ZPINPUK), ICCID and IMSI (masked), operator, access\n" +
            "technology and registration, signal in dBm and bars (AT+CSQ), network mode (AT+ZSNT), APNs (AT+CGDCONT?),\n" +
            "the virtual CD-ROM autorun flag (AT+ZCDRUN=4), /CD_STARTUP_FLAG over DIAG when a DIAG port is known, and the\n" +
            "port. A value the modem cannot give is shown as unknown with the reason. --watch refreshes it (Ctrl+C stops).\n" +
            "--all: one line per plugged stick (exit = how many sticks failed or have no ready SIM). Exit 0, or 3 when no\n" +
            "AT port answers.\n" +
            "Examples: ztediag status    ztediag status --watch --interval 5    ztediag status --json");
        cmd.Options.Add(WatchOption);
        cmd.Options.Add(IntervalOption);
        cmd.Options.Add(CountOption);
        cmd.Options.Add(FleetCommands.AllOption);
        cmd.SetAction(async (parse, ct) =>
        {
            if (parse.GetValue(FleetCommands.AllOption))
            {
                if (parse.GetValue(WatchOption))
                {
                    throw new UsageException("--all reads every stick once; --watch follows one (give --device NAME)");
                }

                return await FleetCommands.StatusAllAsync(parse, ct).ConfigureAwait(false);
            }

            bool watch = parse.GetValue(WatchOption);
            int interval = parse.GetValue(IntervalOption);
            int count = parse.GetValue(CountOption);
            if (interval is < 1 or > 3600)
            {
                throw new UsageException("--interval takes 1 to 3600 seconds");
            }

            if (count < 0)
            {
                throw new UsageException("--count takes a positive number");
            }

            bool json = parse.GetValue(GlobalOptions.Json);
            bool reveal = parse.GetValue(GlobalOptions.RevealSecrets);
            var output = parse.InvocationConfiguration.Output;
            await using AtSession session = await CliSession.OpenAtAsync(parse, ct).ConfigureAwait(false);
            var reader = new ModemStatusReader(session);
            int shown = 0;
            while (true)
            {
                ModemStatus status = await reader.ReadAsync(ct).ConfigureAwait(false);
                var cd = await CdFlagReader.ReadAsync(CliConnection.Options(parse), ct).ConfigureAwait(false);
                shown++;
                if (json)
                {
                    output.WriteLine(JsonSerializer.Serialize(ToJson(status, session.Description, reveal, cd), CliJson.Options));
                }
                else
                {
                    if (watch)
                    {
                        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"--- {DateTime.Now:yyyy-MM-dd HH:mm:ss} (refresh {shown}; Ctrl+C stops)"));
                    }

                    output.Write(ModemStatusText.Format(status, session.Description, reveal, cd));
                }

                if (!watch || (count > 0 && shown >= count))
                {
                    return ExitCodes.Ok;
                }

                try
                {
                    await Task.Delay(TimeSpan.FromSeconds(interval), ct).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return ExitCodes.Ok; // Ctrl+C ends a watch: that is how it is stopped
                }
            }
        });
        return cmd;
    }

    private static object ToJson(ModemStatus s, string port, bool reveal, (bool? Present, string? Why) cd) => new
    {
        model = s.Model,
        revision = s.Revision,
        imei = s.Imei is null ? null : reveal ? s.Imei : Imei.Mask(s.Imei),
        sim = s.Sim is null ? null : new
        {
            state = s.Sim.State.ToString(),
            text = s.Sim.StateText,
            pinRetries = s.Sim.PinRetries,
            pukRetries = s.Sim.PukRetries,
            pinLock = s.Sim.LockEnabled,
        },
        iccid = s.Iccid is null ? null : ModemStatusText.MaskIccid(s.Iccid, reveal),
        imsi = s.Imsi is null ? null : reveal ? s.Imsi : Imei.Mask(s.Imsi),
        @operator = s.Operator,
        operatorSelection = s.OperatorSelection switch { 0 => "automatic", 1 => "manual", 2 => "deregistered", _ => null },
        technology = s.Technology,
        registration = s.Registration,
        signal = s.Signal is null ? null : new { rssi = s.Signal.Rssi, ber = s.Signal.Ber, dbm = s.Signal.Dbm, bars = s.Bars },
        networkMode = s.NetworkMode,
        apns = s.Apns.Select(a => new { cid = a.Cid, type = a.PdpType, apn = a.Apn }),
        autorun = s.Autorun,
        cdStartupFlag = cd.Present,
        cdStartupFlagUnknown = cd.Why,
        port,
        unknown = s.Unknown,
    };
}
