using System.CommandLine;
using System.Text.Json;
using ZteDiag.Device.Discovery;

namespace ZteDiag.Cli.Commands;

/// <summary>`ztediag ports`: discovered modems, their personality and which tty is DIAG / AT / modem.</summary>
internal static class PortsCommand
{
    internal static readonly Option<string> SysfsRootOption = new("--sysfs-root")
    {
        Description = "sysfs root to scan (default /sys); a tree written by `ztediag emulate --sysfs DIR` works too, its ports are in DIR/dev",
        DefaultValueFactory = _ => "/sys",
        Recursive = true,
    };

    public static Command Build()
    {
        var cmd = new Command("ports",
            "List plugged-in modems (ZTE 19d2 and other Qualcomm sticks) and their ports. Roles come from the USB\n" +
            "interface number (if00 diag, if01 at, if03 modem on an MF627), never from the ttyUSB index.\n" +
            "Each stick is listed as [N] NAME: NAME is its USB serial (as udev's /dev/ztediag/NAME links spell it), else its\n" +
            "USB path; `--device NAME`, `--device 1-3` or `--device N` picks it for any other verb.\n" +
            RoleNames.Help + "\nExit code 3 when no modem is found, with or without --json (which then prints []).");
        cmd.SetAction(parse =>
        {
            var modems = Discover(parse);
            var output = parse.InvocationConfiguration.Output;
            if (parse.GetValue(GlobalOptions.Json))
            {
                output.WriteLine(JsonSerializer.Serialize(modems.Select((m, i) => ToJson(m, i, modems)), CliJson.Options));
                return modems.Count == 0 ? ExitCodes.NoDevice : ExitCodes.Ok;
            }

            if (modems.Count == 0)
            {
                output.WriteLine("No modem found. Check that the stick is plugged in (`lsusb` shows 19d2:…), that it left CD-ROM mode");
                output.WriteLine("(`ztediag usb list`), and that the option driver created /dev/ttyUSB* ports. Practice: `ztediag emulate`.");
                return ExitCodes.NoDevice;
            }

            for (int i = 0; i < modems.Count; i++)
            {
                var m = modems[i];
                output.WriteLine($"[{i + 1}] {ModemNames.Of(m, modems)}  {m.UsbId}  {m.Name}  [{m.Personality}]  usb {m.UsbPath}{(m.Serial is null ? "" : "  serial " + m.Serial)}");
                foreach (var p in m.Ports.OrderBy(p => p.Interface))
                {
                    output.WriteLine($"  if{p.Interface:00}  {p.TtyName,-8} {RoleNames.Of(p.Role),-6} {p.DevicePath}");
                }
            }

            return ExitCodes.Ok;
        });
        return cmd;
    }

    internal static IReadOnlyList<DiscoveredModem> Discover(ParseResult parse)
    {
        string sys = parse.GetValue(SysfsRootOption)!;
        return new PortDiscovery(sys, DevRootFor(sys)).Discover();
    }

    /// <summary>The real /sys pairs with /dev; a fake tree keeps its device links in ROOT/dev.</summary>
    internal static string DevRootFor(string sysRoot) =>
        sysRoot.TrimEnd('/') == "/sys" || !Directory.Exists(Path.Combine(sysRoot, "dev")) ? "/dev" : Path.Combine(sysRoot, "dev");

    private static object ToJson(DiscoveredModem m, int index, IReadOnlyList<DiscoveredModem> all) => new
    {
        index = index + 1,
        device = ModemNames.Of(m, all),
        usb_id = m.UsbId,
        name = m.Name,
        personality = m.Personality.ToString().ToLowerInvariant(),
        usb_path = m.UsbPath,
        serial = m.Serial,
        ports = m.Ports.Select(p => new { @interface = p.Interface, tty = p.TtyName, path = p.DevicePath, role = RoleNames.Of(p.Role) }),
    };
}
