using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using ZteDiag.Device;
using ZteDiag.Device.At;
using ZteDiag.Device.Discovery;
using ZteDiag.Device.Usb;
using ZteDiag.Protocol.At;
using ZteDiag.Workbench.Connection;
using ZteDiag.Workbench.Setup;

namespace ZteDiag.Cli.Commands;

/// <summary>`ztediag doctor`: one verdict per link of the chain from USB to a data connection.</summary>
internal static class DoctorCommand
{
    private enum Verdict { Ok, Warn, Fail }

    private sealed record Finding(string Check, Verdict Verdict, string Detail, string? Advice);

    public static Command Build()
    {
        var cmd = new Command("doctor",
            "Checks every link from the USB plug to a data connection and says what to do: USB personality, driver/ports, permissions,\n" +
            "ModemManager, DIAG (VERNO), AT (ATI), SIM (AT+CPIN?), registration (AT+CREG?/AT+COPS?), signal (AT+CSQ), APN (AT+CGDCONT?).\n" +
            "Exit 0 when everything is OK, 1 otherwise.");
        cmd.SetAction(async (parse, ct) =>
        {
            var findings = await RunAsync(parse, ct).ConfigureAwait(false);
            var o = parse.InvocationConfiguration.Output;
            if (parse.GetValue(GlobalOptions.Json))
            {
                o.WriteLine(JsonSerializer.Serialize(findings.Select(f => new { check = f.Check, verdict = f.Verdict.ToString().ToUpperInvariant(), detail = f.Detail, advice = f.Advice }), CliJson.Options));
            }
            else
            {
                foreach (var f in findings)
                {
                    o.WriteLine($"{f.Verdict.ToString().ToUpperInvariant(),-4}  {f.Check,-14} {f.Detail}");
                    if (f.Advice is not null && f.Verdict != Verdict.Ok) o.WriteLine($"      → {f.Advice}");
                }
            }

            return findings.All(f => f.Verdict == Verdict.Ok) ? ExitCodes.Ok : ExitCodes.DeviceRefused;
        });
        return cmd;
    }

    private static async Task<List<Finding>> RunAsync(ParseResult parse, CancellationToken ct)
    {
        var list = new List<Finding>();
        ConnectionOptions options = CliConnection.Options(parse);

        // 1. USB personality
        var usb = UsbDeviceLister.List(options.SysfsRoot);
        var stick = usb.FirstOrDefault(d => d.Personality == UsbPersonality.Modem) ?? usb.FirstOrDefault();
        list.Add(stick switch
        {
            null when options.DiagPort is not null || options.Tcp is not null => new Finding("usb", Verdict.Ok, "not checked (explicit --port/--tcp)", null),
            null => new Finding("usb", Verdict.Fail, "no ZTE/Qualcomm USB device", "plug the stick in; `lsusb` should show 19d2:…"),
            { Personality: UsbPersonality.Modem } => new Finding("usb", Verdict.Ok, $"{stick.Id} {stick.Model.Name}: modem mode", null),
            { Personality: UsbPersonality.Storage } => new Finding("usb", Verdict.Fail, $"{stick.Id}: storage (ZeroCD) mode", "`ztediag usb switch`, and `sudo ztediag udev-rules --install` to do it on every plug-in"),
            { Personality: UsbPersonality.Download } => new Finding("usb", Verdict.Warn, $"{stick.Id}: download mode", "`ztediag checklist run recover-download-mode` (AT+ZCDRUN=F)"),
            _ => new Finding("usb", Verdict.Warn, $"{stick.Id}: unknown personality", "check `ztediag usb list`"),
        });

        // 2. driver bound / ports present
        string? diagPath = options.DiagPort, atPath = options.AtPort;
        if (diagPath is null && options.Tcp is null)
        {
            var modem = new PortDiscovery(options.SysfsRoot, options.DevRoot).Discover().FirstOrDefault(m => m.DiagPort is not null);
            diagPath = modem?.DiagPort?.DevicePath;
            atPath ??= modem?.AtPort?.DevicePath;
        }

        atPath ??= PortResolver.ResolveAt(options);
        bool portsOk = (diagPath is not null || options.Tcp is not null) && atPath is not null;
        list.Add(portsOk
            ? new Finding("ports", Verdict.Ok, $"DIAG {diagPath ?? options.Tcp}, AT {atPath}", null)
            : new Finding("ports", Verdict.Fail, $"DIAG {diagPath ?? "missing"}, AT {atPath ?? "missing"}",
                "the option driver made no /dev/ttyUSB* ports: check `dmesg`, `ztediag usb list`, or name them with --port/--at-port"));

        // 3. permissions, 4. ModemManager
        var holders = new List<PortHolder>();
        var denied = new List<string>();
        foreach (string? p in new[] { diagPath, atPath }.Distinct())
        {
            if (p is null) continue;
            try
            {
                await using var link = await DiagConnector.OpenLinkAsync(options with { Tcp = null }, p, ct).ConfigureAwait(false);
            }
            catch (PortException ex) when (ex.Kind is PortErrorKind.AccessDenied)
            {
                denied.Add(p);
            }
            catch (PortException)
            {
                // busy/missing: reported below or by the DIAG/AT checks
            }

            holders.AddRange(new ModemManagerCheck(options.ProcRoot, Environment.ProcessId).FindHolders(p));
        }

        list.Add(denied.Count == 0
            ? new Finding("permissions", portsOk ? Verdict.Ok : Verdict.Warn, portsOk ? "ports can be opened" : "not checked (no ports)", null)
            : new Finding("permissions", Verdict.Fail, "permission denied: " + string.Join(", ", denied),
                "`sudo usermod -aG dialout $USER` and log in again, or `sudo ztediag udev-rules --install`"));
        list.Add(holders.Count == 0
            ? new Finding("modemmanager", Verdict.Ok, "no other process holds the ports", null)
            : new Finding("modemmanager", Verdict.Warn, string.Join(", ", holders.Select(h => $"{h.Name} (pid {h.Pid}) holds {h.DevicePath}")),
                ModemManagerCheck.Advice(holders, stick?.Id.ToString())));

        // 5. DIAG
        if (diagPath is not null || options.Tcp is not null)
        {
            try
            {
                await using ModemConnection m = await ModemConnection.OpenAsync(options with { DiagPort = diagPath ?? options.DiagPort }, ct).ConfigureAwait(false);
                var id = await m.Identity.ReadAsync(ct).ConfigureAwait(false);
                list.Add(id.Version is { } v
                    ? new Finding("diag", Verdict.Ok, $"VERNO {v.VersionDirectory} {v.CompileDate}", null)
                    : new Finding("diag", Verdict.Fail, "no VERNO answer", "is --port the DIAG interface (if00)? see `ztediag ports`"));
            }
            catch (Exception ex) when (ex is ZteDiagException or IOException)
            {
                list.Add(new Finding("diag", Verdict.Fail, ex.Message, "check the DIAG port (`ztediag ports`) and that nothing else uses it"));
            }
        }
        else
        {
            list.Add(new Finding("diag", Verdict.Fail, "no DIAG port", "see the ports line above"));
        }

        // 6–10. AT
        if (atPath is null)
        {
            list.Add(new Finding("at", Verdict.Fail, "no AT port", "see the ports line above"));
            return list;
        }

        AtSession at;
        try
        {
            at = await SetupCommands.OpenAtAsync(options with { AtPort = atPath }, ct).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is ZteDiagException or IOException)
        {
            list.Add(new Finding("at", Verdict.Fail, ex.Message, "check the AT port (`ztediag ports`)"));
            return list;
        }

        await using (at)
        {
            try
            {
                AtiInfo ati = await at.GetInfoAsync(ct).ConfigureAwait(false);
                list.Add(new Finding("at", Verdict.Ok, $"ATI: {ati.Manufacturer} {ati.Model} {ati.Revision}", null));

                AtReply cpin = await at.SendAsync("AT+CPIN?", null, false, ct).ConfigureAwait(false);
                bool simReady = cpin.IsSuccess && cpin.Lines.Any(l => l.Contains("READY", StringComparison.Ordinal));
                list.Add(simReady
                    ? new Finding("sim", Verdict.Ok, "+CPIN: READY", null)
                    : cpin.Final is { Kind: AtFinalKind.CmeError, Code: 10 }
                        ? new Finding("sim", Verdict.Fail, "SIM not inserted (+CME ERROR: 10)", "insert the SIM and re-plug the stick")
                        : new Finding("sim", Verdict.Fail, string.Join(" ", cpin.Lines.Append(cpin.Final.Describe())), "enter the PIN in the AT console (AT+CPIN=\"1234\")"));

                AtReply creg = await at.SendAsync("AT+CREG?", null, false, ct).ConfigureAwait(false);
                AtReply cops = await at.SendAsync("AT+COPS?", null, false, ct).ConfigureAwait(false);
                string? regBody = creg.FindBody("+CREG");
                string stat = regBody?.Split(',').ElementAtOrDefault(1)?.Trim() ?? "";
                CopsReply.TryParse(cops, out CopsReply? op);
                string opText = op?.Operator is { } name ? $", operator \"{name}\"" : "";
                list.Add(stat switch
                {
                    "1" => new Finding("registration", Verdict.Ok, "registered, home network" + opText, null),
                    "5" => new Finding("registration", Verdict.Ok, "registered, roaming" + opText, null),
                    "2" => new Finding("registration", Verdict.Warn, "searching" + opText, "wait a minute; check the antenna/coverage"),
                    "3" => new Finding("registration", Verdict.Fail, "registration denied" + opText, "the SIM is not allowed on this network (locked stick? check with the operator)"),
                    _ => new Finding("registration", Verdict.Fail, $"not registered ({regBody ?? creg.Final.Describe()})", "check the SIM and coverage; AT+ZOPRT=5 brings the radio online"),
                });

                AtReply csq = await at.SendAsync("AT+CSQ", null, false, ct).ConfigureAwait(false);
                CsqReply.TryParse(csq, out CsqReply? q);
                list.Add(q switch
                {
                    null => new Finding("signal", Verdict.Fail, "no +CSQ answer", null),
                    { Rssi: 99 } => new Finding("signal", Verdict.Fail, "+CSQ: 99 (no signal)", "move the stick (USB extension to a window), check coverage"),
                    { Rssi: < 10 } => new Finding("signal", Verdict.Warn, string.Create(CultureInfo.InvariantCulture, $"+CSQ: {q.Rssi} ({-113 + 2 * q.Rssi} dBm, weak)"), "move the stick for a better signal"),
                    _ => new Finding("signal", Verdict.Ok, string.Create(CultureInfo.InvariantCulture, $"+CSQ: {q.Rssi} ({-113 + 2 * q.Rssi} dBm)"), null),
                });

                AtReply cg = await at.SendAsync(CgdcontCommand.Query, null, false, ct).ConfigureAwait(false);
                var ctx = CgdcontCommand.Parse(cg.Lines).FirstOrDefault(c => c.Cid == 1 && c.Apn.Length > 0);
                list.Add(ctx is null
                    ? new Finding("apn", Verdict.Warn, "no APN in context 1", "`ztediag apn set <APN>` (see `ztediag apn list`); without it pppd's IPCP times out")
                    : new Finding("apn", Verdict.Ok, $"context 1: {ctx.PdpType} \"{ctx.Apn}\"", null));
            }
            catch (Exception ex) when (ex is ZteDiagException or IOException)
            {
                list.Add(new Finding("at", Verdict.Fail, ex.Message, "the AT port stopped answering: re-plug the stick"));
            }
        }

        return list;
    }
}
