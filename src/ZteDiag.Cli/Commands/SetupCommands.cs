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

/// <summary>From a fresh plug-in to a working stick: usb list/switch, udev-rules, apn, dialer-config, doctor.</summary>
internal static class SetupCommands
{
    private static readonly Option<bool> Yes = new("--yes", "-y") { Description = "do not ask for confirmation" };

    public static IEnumerable<Command> Build() => [Usb(), UdevRules(), Apn(), DialerConfig(), DoctorCommand.Build()];

    // ---- usb --------------------------------------------------------------------------------------

    private static Command Usb()
    {
        var cmd = new Command("usb", "USB personalities of plugged-in sticks (storage/ZeroCD, modem, download) and switching them");
        var list = new Command("list", "Known-vendor USB devices with personality and interface → tty map (from sysfs)");
        list.SetAction(parse =>
        {
            var devices = UsbDeviceLister.List(parse.GetValue(PortsCommand.SysfsRootOption)!);
            var o = parse.InvocationConfiguration.Output;
            if (parse.GetValue(GlobalOptions.Json))
            {
                o.WriteLine(JsonSerializer.Serialize(devices.Select(ToJson), CliJson.Options));
                return devices.Count == 0 ? ExitCodes.NoDevice : ExitCodes.Ok;
            }

            if (devices.Count == 0)
            {
                o.WriteLine("No ZTE/Qualcomm USB device found (lsusb should show 19d2:…).");
                return ExitCodes.NoDevice;
            }

            foreach (var d in devices)
            {
                o.WriteLine($"{d.Id}  {d.Model.Name}  [{PersonalityText(d.Personality)}]  usb {d.SysName}{(d.Serial is null ? "" : "  serial " + d.Serial)}");
                foreach (var i in d.Interfaces)
                {
                    o.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"  if{i.Number:00}  class {i.Class:x2}  {i.Driver ?? "(no driver)",-12} {RoleNames.Of(i.Role),-8} {(i.Ttys.Count == 0 ? "-" : string.Join(",", i.Ttys))}"));
                }

                if (d.Personality == UsbPersonality.Storage) o.WriteLine("  → storage (ZeroCD) mode: switch with `ztediag usb switch` or install `ztediag udev-rules --install`");
                if (d.Personality == UsbPersonality.Download) o.WriteLine("  → download mode: leave it with AT+ZCDRUN=F (`ztediag checklist run recover-download-mode`)");
            }

            return ExitCodes.Ok;
        });

        var target = new Option<string?>("--device") { Description = "BUS:ADDR or VID:PID (default: the first stick in storage mode); usb_modeswitch's -v VID -p PID works too" };
        var timeout = new Option<int>("--switch-timeout") { Description = "seconds to wait for the modem to re-appear", DefaultValueFactory = _ => 20 };
        var sw = new Command("switch", "Switch a stick from storage (ZeroCD) mode to modem mode (usb_modeswitch StandardEject + ZTE message)") { target, timeout };
        sw.SetAction(async (parse, ct) =>
        {
            UsbDeviceSelector? sel;
            try
            {
                sel = parse.GetValue(target) is { } t ? UsbDeviceSelector.Parse(t) : null;
            }
            catch (ArgumentException ex)
            {
                throw new UsageException(Plain(ex));
            }

            string sys = parse.GetValue(PortsCommand.SysfsRootOption)!;
            UsbDeviceId seen = UsbSwitchPreflight.Check(sel, sys, PortsCommand.DevRootFor(sys));
            LibUsbBackend backend;
            try
            {
                backend = new LibUsbBackend();
            }
            catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
            {
                throw UsbSwitchException.NoLibusb(ex);
            }

            // sysfs showed the device: if libusb cannot see it now, it went away in between (or usbfs is not there)
            if (!backend.Enumerate().Any(d => d.Vid == seen.Vid && d.Pid == seen.Pid && (seen.Bus == 0 || d.Bus == seen.Bus && d.Address == seen.Address)))
            {
                backend.Dispose();
                throw new UsbSwitchException(UsbErrorKind.DeviceGone,
                    $"{seen} is listed in sysfs but libusb cannot see it: it was unplugged meanwhile (plug it in and retry), " +
                    "or this is a container/VM without USB passthrough (pass /dev/bus/usb through)");
            }

            using (backend)
            {
                var r = await UsbModeSwitcher.SwitchAsync(sel, backend, _ => ValueTask.FromResult(UsbDeviceLister.Enumerate(sys)),
                    TimeSpan.FromSeconds(Math.Max(1, parse.GetValue(timeout))), ct).ConfigureAwait(false);
                var o = parse.InvocationConfiguration.Output;
                o.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"switched {r.Before} → {r.After} {r.AfterModel?.Name} in {r.Elapsed.TotalSeconds:0.0} s ({r.MessagesSent} message(s) on endpoint 0x{r.OutEndpoint:x2})"));
                o.WriteLine("Ports: `ztediag ports` (the option driver may need a second to create /dev/ttyUSB*).");
            }

            return ExitCodes.Ok;
        });
        cmd.Subcommands.Add(list);
        cmd.Subcommands.Add(sw);
        return cmd;
    }

    private static string PersonalityText(UsbPersonality p) => p switch
    {
        UsbPersonality.Storage => "storage (ZeroCD)",
        UsbPersonality.Modem => "modem",
        UsbPersonality.Download => "download mode",
        _ => "unknown",
    };

    private static object ToJson(ListedUsbDevice d) => new
    {
        id = d.Id.ToString(),
        vid = d.Id.Vid.ToString("x4", CultureInfo.InvariantCulture),
        pid = d.Id.Pid.ToString("x4", CultureInfo.InvariantCulture),
        bus = d.Id.Bus,
        address = d.Id.Address,
        sys_name = d.SysName,
        name = d.Model.Name,
        personality = d.Personality.ToString().ToLowerInvariant(),
        serial = d.Serial,
        interfaces = d.Interfaces.Select(i => new { number = i.Number, @class = i.Class, driver = i.Driver, role = RoleNames.Of(i.Role), ttys = i.Ttys }),
    };

    // ---- udev-rules -------------------------------------------------------------------------------

    private static Command UdevRules()
    {
        var install = new Option<bool>("--install") { Description = $"write {UdevRulesGenerator.DefaultPath} (asks first unless --yes; needs root)" };
        var path = new Option<string>("--rules-path") { Description = "where --install writes", DefaultValueFactory = _ => UdevRulesGenerator.DefaultPath };
        var exec = new Option<string?>("--exec")
        {
            Description = "absolute path of the ztediag that udev runs to switch sticks (default: this executable)",
        };
        var model = new Option<string?>("--model") { Description = "rules for one model only, e.g. --model mf627 (its ids and the storage id that switches to it)" };
        var cmd = new Command("udev-rules", "Print (or install) udev rules: switch storage ids to modem mode, group dialout for the ports, ModemManager off the DIAG port")
            { install, path, exec, model, Yes };
        cmd.SetAction(parse =>
        {
            string rules = UdevRules(parse.GetValue(exec), parse.GetValue(model));
            var o = parse.InvocationConfiguration.Output;
            if (!parse.GetValue(install))
            {
                o.Write(rules);
                return ExitCodes.Ok;
            }

            bool yes = parse.GetValue(Yes);
            var outcome = UdevRulesInstaller.Install(rules, q => yes || Confirm(o, q), parse.GetValue(path)!);
            switch (outcome)
            {
                case UdevInstallOutcome.Declined:
                    o.WriteLine("Nothing written.");
                    return ExitCodes.Ok;
                case UdevInstallOutcome.Unchanged:
                    o.WriteLine($"{parse.GetValue(path)} is already up to date.");
                    return ExitCodes.Ok;
                default:
                    o.WriteLine($"Written {parse.GetValue(path)}. Reload with: sudo {UdevRulesGenerator.ReloadCommand}");
                    return ExitCodes.Ok;
            }
        });
        return cmd;
    }

    /// <summary>The rules text for the options, with usage errors in the technician's words.</summary>
    private static string UdevRules(string? exec, string? model)
    {
        string? tool = exec ?? ToolPathFinder.Current(Environment.ProcessPath, AppContext.BaseDirectory);
        if (tool is null)
        {
            throw new UsageException("cannot tell where the ztediag executable is (udev needs its absolute path): pass --exec PATH");
        }

        IReadOnlyList<KnownUsbDevice> devices = KnownUsbDevices.All;
        if (model is not null)
        {
            devices = UdevModelFilter.Select(KnownUsbDevices.All, model);
            if (devices.Count == 0)
            {
                throw new UsageException($"no known stick is a '{model}'; known models: {string.Join(", ", UdevModelFilter.KnownModels(KnownUsbDevices.All))}");
            }
        }

        try
        {
            return UdevRulesGenerator.Generate(devices, UdevRulesOptions.Default with { ToolPath = tool });
        }
        catch (ArgumentException ex)
        {
            throw new UsageException(Plain(ex) + (exec is null ? " (pass --exec PATH)" : ""));
        }
    }

    /// <summary>The message without .NET's " (Parameter 'x')" suffix: users never see parameter names.</summary>
    private static string Plain(ArgumentException ex) =>
        ex.ParamName is null ? ex.Message : ex.Message.Replace($" (Parameter '{ex.ParamName}')", "", StringComparison.Ordinal);

    private static bool Confirm(TextWriter o, string question)
    {
        o.Write(question + " [y/N] ");
        o.Flush();
        string? a = Console.In.ReadLine();
        return a?.Trim().ToUpperInvariant() is "Y" or "YES";
    }

    // ---- apn --------------------------------------------------------------------------------------

    private static Command Apn()
    {
        var cmd = new Command("apn", "APN presets and setting the PDP context (AT+CGDCONT)");
        var list = new Command("list", "Built-in APN presets, each with where it comes from (operators change APNs: check with yours)");
        list.SetAction(parse =>
        {
            var o = parse.InvocationConfiguration.Output;
            if (parse.GetValue(GlobalOptions.Json))
            {
                o.WriteLine(JsonSerializer.Serialize(ApnPresets.All, CliJson.Options));
                return ExitCodes.Ok;
            }

            foreach (var p in ApnPresets.All)
            {
                o.WriteLine($"{p.Operator,-12} {p.Country}  {p.Apn,-22} {(p.User is null ? "-" : p.User + "/" + p.Password),-18} {p.Note}");
            }

            return ExitCodes.Ok;
        });

        var apn = new Argument<string?>("APN") { Description = "access point name, e.g. internet.mts.ru (or --operator NAME)", Arity = ArgumentArity.ZeroOrOne };
        var op = new Option<string?>("--operator") { Description = "use the preset APN of this operator (see `ztediag apn list`), e.g. --operator MTS" };
        var user = new Option<string?>("--user") { Description = "PPP user (for the dialer; not stored in the modem)" };
        var password = new Option<string?>("--password") { Description = "PPP password (for the dialer)" };
        var set = new Command("set", "AT+CGDCONT=1,\"IP\",\"APN\" on the AT port, then AT+CGDCONT? to check (exit 1 when not set).\n" +
            "--operator NAME takes the preset APN (and says which user/password the dialer needs). An APN that looks like an\n" +
            "operator name (`apn set MTS`) is set as typed, with a warning naming the preset.") { apn, op, user, password };
        set.SetAction(async (parse, ct) =>
        {
            string name;
            var o = parse.InvocationConfiguration.Output;
            var err = parse.InvocationConfiguration.Error;
            string? typed = parse.GetValue(apn);
            ApnPreset? preset = null;
            if (parse.GetValue(op) is { } opName)
            {
                if (typed is not null)
                {
                    throw new UsageException("give either an APN or --operator, not both");
                }

                preset = ApnPresets.Find(opName)
                    ?? throw new UsageException($"no preset for operator '{opName}'; known: {string.Join(", ", ApnPresets.All.Select(p => p.Operator))}");
                typed = preset.Apn;
                o.WriteLine($"{preset.Operator}: APN {preset.Apn} ({preset.Note})");
            }
            else if (typed is null)
            {
                throw new UsageException("name the APN (e.g. `ztediag apn set internet.mts.ru`) or the operator (`--operator MTS`)");
            }
            else if (ApnPresets.LooksLikeOperator(typed) is { } like)
            {
                err.WriteLine($"warning: APN \"{typed}\" looks like the operator name {like.Operator}, whose APN is {like.Apn}; " +
                    $"for the preset use `ztediag apn set --operator \"{like.Operator}\"`");
            }

            try
            {
                name = CgdcontCommand.ValidateApn(typed);
            }
            catch (ArgumentException ex)
            {
                throw new UsageException(Plain(ex));
            }

            await using AtSession at = await AtConnector.OpenAsync(CliConnection.Options(parse), ct).ConfigureAwait(false);
            string command = CgdcontCommand.Build(name);
            AtReply set = await at.SendAsync(command, null, false, ct).ConfigureAwait(false);
            o.WriteLine($"> {command}");
            o.WriteLine(set.Final.Describe());
            AtReply q = await at.SendAsync(CgdcontCommand.Query, null, false, ct).ConfigureAwait(false);
            o.WriteLine($"> {CgdcontCommand.Query}");
            foreach (string l in q.Lines) o.WriteLine(l);
            var check = CgdcontCommand.Check(q.Lines, name);
            o.WriteLine(check.Message);
            if (check.IsSet && preset is { User: { } pu })
            {
                o.WriteLine($"{preset.Operator} wants PPP user/password {pu}/{preset.Password}: `ztediag dialer-config --apn {name} --user {pu} --password {preset.Password}`.");
            }
            else if (check.IsSet && parse.GetValue(user) is not null)
            {
                o.WriteLine("The PPP user/password go into the dialer: `ztediag dialer-config --apn " + name + " --user … --password …`.");
            }

            return check.IsSet && set.IsSuccess ? ExitCodes.Ok : ExitCodes.DeviceRefused;
        });
        cmd.Subcommands.Add(list);
        cmd.Subcommands.Add(set);
        return cmd;
    }

    // ---- dialer-config ----------------------------------------------------------------------------

    private static Command DialerConfig()
    {
        var apn = new Option<string>("--apn") { Description = "access point name", Required = true };
        var format = new Option<string>("--format") { Description = "wvdial, nm or pppd", DefaultValueFactory = _ => "wvdial" };
        var user = new Option<string?>("--user") { Description = "PPP user" };
        var password = new Option<string?>("--password") { Description = "PPP password" };
        var modemPort = new Option<string?>("--modem-port")
        {
            Description = "the modem (PPP) port; default: /dev/ztediag/<serial>/modem (udev-rules link) of the plugged stick, its modem tty, "
                + "or /dev/ttyUSB2 with a warning when nothing is plugged in",
        };
        var cmd = new Command("dialer-config", "Print a dialer configuration for the modem (PPP) port (not the AT port): wvdial.conf, an nmcli command,\n" +
            "or a pppd peer + chat script") { apn, format, user, password, modemPort };
        cmd.SetAction(parse =>
        {
            DialerFormat f;
            try
            {
                f = DialerConfigGenerator.ParseFormat(parse.GetValue(format)!);
            }
            catch (ArgumentException ex)
            {
                throw new UsageException(Plain(ex));
            }

            string? port = parse.GetValue(modemPort);
            if (port is null)
            {
                DialerPort chosen = DialerPortChoice.Choose(PortsCommand.Discover(parse), Path.Exists);
                port = chosen.Path;
                if (chosen.Warning is { } w)
                {
                    parse.InvocationConfiguration.Error.WriteLine("warning: " + w);
                }
            }

            try
            {
                parse.InvocationConfiguration.Output.Write(DialerConfigGenerator.Generate(f, port, parse.GetValue(apn)!, parse.GetValue(user), parse.GetValue(password)));
            }
            catch (ArgumentException ex)
            {
                throw new UsageException(Plain(ex));
            }

            return ExitCodes.Ok;
        });
        return cmd;
    }
}
