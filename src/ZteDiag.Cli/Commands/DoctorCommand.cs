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
    public static Command Build()
    {
        var cmd = new Command("doctor",
            "Checks every link from the USB plug to a data connection and says what to do: USB personality, driver bound, ports,\n" +
            "permissions, ModemManager, DIAG (VERNO), AT (ATI), SIM (AT+CPIN?), registration (AT+CREG?/AT+COPS?), signal (AT+CSQ),\n" +
            "APN (AT+CGDCONT?). Verdicts: OK, WARN (advice), FAIL (broken), SKIP (not checked because of an earlier link).\n" +
            "Exit 0 when no link fails (warnings allowed), 1 when any link fails.");
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
                    if (f.Advice is not null && f.Verdict is DoctorVerdict.Warn or DoctorVerdict.Fail) o.WriteLine($"      → {f.Advice}");
                }
            }

            return DoctorFinding.AnyFailed(findings) ? ExitCodes.DeviceRefused : ExitCodes.Ok;
        });
        return cmd;
    }

    private static async Task<List<DoctorFinding>> RunAsync(ParseResult parse, CancellationToken ct)
    {
        var list = new List<DoctorFinding>();
        ConnectionOptions options = CliConnection.Options(parse);
        bool explicitPorts = options.DiagPort is not null || options.Tcp is not null;

        // 1. USB personality, 2. driver bound
        ListedUsbDevice? stick = UsbChainCheck.PickStick(UsbDeviceLister.List(options.SysfsRoot));
        if (stick is null && explicitPorts)
        {
            list.Add(new DoctorFinding("usb", DoctorVerdict.Skip, "not checked (explicit --port/--tcp)"));
            list.Add(new DoctorFinding("driver", DoctorVerdict.Skip, "not checked (explicit --port/--tcp)"));
        }
        else
        {
            list.Add(UsbChainCheck.Personality(stick));
            list.Add(UsbChainCheck.Driver(stick));
        }

        // 3. ports present
        string? diagPath = options.DiagPort, atPath = options.AtPort;
        if (diagPath is null && options.Tcp is null)
        {
            var modem = new PortDiscovery(options.SysfsRoot, options.DevRoot).Discover().FirstOrDefault(m => m.DiagPort is not null);
            diagPath = modem?.DiagPort?.DevicePath;
            atPath ??= modem?.AtPort?.DevicePath;
        }

        atPath ??= PortResolver.ResolveAt(options);
        string[] missing = [.. new[] { diagPath, atPath }.OfType<string>().Where(p => !Path.Exists(p))];
        bool portsOk = (diagPath is not null || options.Tcp is not null) && atPath is not null && missing.Length == 0;
        list.Add(portsOk
            ? new DoctorFinding("ports", DoctorVerdict.Ok, $"DIAG {diagPath ?? options.Tcp}, AT {atPath}")
            : stick is { Personality: UsbPersonality.Storage } && diagPath is null && atPath is null
                ? new DoctorFinding("ports", DoctorVerdict.Fail, "none: a stick in storage mode has no serial ports", "switch it first (see the usb line)")
                : missing.Length > 0
                    ? new DoctorFinding("ports", DoctorVerdict.Fail, $"sysfs lists them but {string.Join(", ", missing)} do(es) not exist",
                        "udev did not create the device nodes: check `dmesg` and `udevadm monitor` while re-plugging")
                    : new DoctorFinding("ports", DoctorVerdict.Fail, $"DIAG {diagPath ?? "missing"}, AT {atPath ?? "missing"}",
                        "the option driver made no /dev/ttyUSB* ports: check `dmesg`, `ztediag usb list`, or name them with --port/--at-port"));

        // 4. permissions, 5. ModemManager
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

        list.Add(denied.Count > 0
            ? new DoctorFinding("permissions", DoctorVerdict.Fail, "permission denied: " + string.Join(", ", denied),
                "`sudo usermod -aG dialout $USER` and log in again, or `sudo ztediag udev-rules --install`")
            : portsOk
                ? new DoctorFinding("permissions", DoctorVerdict.Ok, "ports can be opened")
                : new DoctorFinding("permissions", DoctorVerdict.Skip, "not checked (no ports)"));
        list.Add(UsbChainCheck.Holders(holders, diagPath, stick?.Model.Id));

        // 6. DIAG
        if (options.Tcp is not null || diagPath is not null && Path.Exists(diagPath))
        {
            try
            {
                await using ModemConnection m = await ModemConnection.OpenAsync(options with { DiagPort = diagPath ?? options.DiagPort }, ct).ConfigureAwait(false);
                var id = await m.Identity.ReadAsync(ct).ConfigureAwait(false);
                list.Add(id.Version is { } v
                    ? new DoctorFinding("diag", DoctorVerdict.Ok, $"VERNO {v.VersionDirectory} {v.CompileDate}", null)
                    : new DoctorFinding("diag", DoctorVerdict.Fail, "no VERNO answer", "is --port the DIAG interface (if00)? see `ztediag ports`"));
            }
            catch (Exception ex) when (ex is ZteDiagException or IOException)
            {
                list.Add(new DoctorFinding("diag", DoctorVerdict.Fail, ex.Message, "check the DIAG port (`ztediag ports`) and that nothing else uses it"));
            }
        }
        else
        {
            list.Add(new DoctorFinding("diag", DoctorVerdict.Skip, "no DIAG port (see the ports line)"));
        }

        // 7–11. AT
        if (atPath is null || !Path.Exists(atPath))
        {
            list.Add(new DoctorFinding("at", DoctorVerdict.Skip, "no AT port (see the ports line)"));
            SkipAfterAt(list);
            return list;
        }

        AtSession at;
        try
        {
            at = await AtConnector.OpenAsync(options with { AtPort = atPath }, ct).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is ZteDiagException or IOException)
        {
            list.Add(new DoctorFinding("at", DoctorVerdict.Fail, ex.Message, "check the AT port (`ztediag ports`)"));
            SkipAfterAt(list);
            return list;
        }

        await using (at)
        {
            try
            {
                AtiInfo ati = await at.GetInfoAsync(ct).ConfigureAwait(false);
                list.Add(new DoctorFinding("at", DoctorVerdict.Ok, $"ATI: {ati.Manufacturer} {ati.Model} {ati.Revision}", null));

                AtReply cpin = await at.SendAsync("AT+CPIN?", null, false, ct).ConfigureAwait(false);
                bool simReady = cpin.IsSuccess && cpin.Lines.Any(l => l.Contains("READY", StringComparison.Ordinal));
                list.Add(simReady
                    ? new DoctorFinding("sim", DoctorVerdict.Ok, "+CPIN: READY", null)
                    : cpin.Final is { Kind: AtFinalKind.CmeError, Code: 10 }
                        ? new DoctorFinding("sim", DoctorVerdict.Fail, "SIM not inserted (+CME ERROR: 10)", "insert the SIM and re-plug the stick")
                        : new DoctorFinding("sim", DoctorVerdict.Fail, string.Join(" ", cpin.Lines.Append(cpin.Final.Describe())), "enter the PIN in the AT console (AT+CPIN=\"1234\")"));

                AtReply creg = await at.SendAsync("AT+CREG?", null, false, ct).ConfigureAwait(false);
                AtReply cops = await at.SendAsync("AT+COPS?", null, false, ct).ConfigureAwait(false);
                string? regBody = creg.FindBody("+CREG");
                string stat = regBody?.Split(',').ElementAtOrDefault(1)?.Trim() ?? "";
                CopsReply.TryParse(cops, out CopsReply? op);
                string opText = op?.Operator is { } name ? $", operator \"{name}\"" : "";
                list.Add(stat switch
                {
                    "1" => new DoctorFinding("registration", DoctorVerdict.Ok, "registered, home network" + opText, null),
                    "5" => new DoctorFinding("registration", DoctorVerdict.Ok, "registered, roaming" + opText, null),
                    "2" => new DoctorFinding("registration", DoctorVerdict.Warn, "searching" + opText, "wait a minute; check the antenna/coverage"),
                    "3" => new DoctorFinding("registration", DoctorVerdict.Fail, "registration denied" + opText, "the SIM is not allowed on this network (locked stick? check with the operator)"),
                    _ => new DoctorFinding("registration", DoctorVerdict.Fail, $"not registered ({regBody ?? creg.Final.Describe()})", "check the SIM and coverage; AT+ZOPRT=5 brings the radio online"),
                });

                AtReply csq = await at.SendAsync("AT+CSQ", null, false, ct).ConfigureAwait(false);
                CsqReply.TryParse(csq, out CsqReply? q);
                list.Add(q switch
                {
                    null => new DoctorFinding("signal", DoctorVerdict.Fail, "no +CSQ answer", null),
                    { Rssi: 99 } => new DoctorFinding("signal", DoctorVerdict.Fail, "+CSQ: 99 (no signal)", "move the stick (USB extension to a window), check coverage"),
                    { Rssi: < 10 } => new DoctorFinding("signal", DoctorVerdict.Warn, string.Create(CultureInfo.InvariantCulture, $"+CSQ: {q.Rssi} ({-113 + 2 * q.Rssi} dBm, weak)"), "move the stick for a better signal"),
                    _ => new DoctorFinding("signal", DoctorVerdict.Ok, string.Create(CultureInfo.InvariantCulture, $"+CSQ: {q.Rssi} ({-113 + 2 * q.Rssi} dBm)"), null),
                });

                AtReply cg = await at.SendAsync(CgdcontCommand.Query, null, false, ct).ConfigureAwait(false);
                var ctx = CgdcontCommand.Parse(cg.Lines).FirstOrDefault(c => c.Cid == 1 && c.Apn.Length > 0);
                list.Add(ctx is null
                    ? new DoctorFinding("apn", DoctorVerdict.Warn, "no APN in context 1", "`ztediag apn set <APN>` (see `ztediag apn list`); without it pppd's IPCP times out")
                    : new DoctorFinding("apn", DoctorVerdict.Ok, $"context 1: {ctx.PdpType} \"{ctx.Apn}\"", null));
            }
            catch (Exception ex) when (ex is ZteDiagException or IOException)
            {
                list.Add(new DoctorFinding("at", DoctorVerdict.Fail, ex.Message, "the AT port stopped answering: re-plug the stick"));
            }
        }

        return list;
    }

    /// <summary>SIM, registration, signal and APN are read over AT: without it they are not checked.</summary>
    private static void SkipAfterAt(List<DoctorFinding> list)
    {
        foreach (string check in (string[])["sim", "registration", "signal", "apn"])
        {
            list.Add(new DoctorFinding(check, DoctorVerdict.Skip, "not checked (no AT)"));
        }
    }
}
