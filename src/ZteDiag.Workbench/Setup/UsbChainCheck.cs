using System.Globalization;
using ZteDiag.Device.Discovery;
using ZteDiag.Device.Usb;

namespace ZteDiag.Workbench.Setup;

/// <summary>
/// The USB end of <c>ztediag doctor</c>: personality, driver binding and port holders, judged from the
/// sysfs listing and the known-devices table (<see cref="KnownUsbDevices"/>), each with the fix for it.
/// </summary>
public static class UsbChainCheck
{
    /// <summary>The stick doctor looks at: the first in modem mode, else the first listed, else null.</summary>
    public static ListedUsbDevice? PickStick(IReadOnlyList<ListedUsbDevice> devices)
    {
        ArgumentNullException.ThrowIfNull(devices);
        return devices.FirstOrDefault(d => d.Personality == UsbPersonality.Modem) ?? devices.FirstOrDefault();
    }

    /// <summary>The "usb" verdict: is the stick in modem mode, and if not, how to get it there.</summary>
    public static DoctorFinding Personality(ListedUsbDevice? stick)
    {
        if (stick is null)
        {
            return new DoctorFinding("usb", DoctorVerdict.Fail, "no ZTE/Qualcomm USB device", "plug the stick in; `lsusb` should show 19d2:…");
        }

        string what = $"{stick.Model.Id} {stick.Model.Name}";
        return stick.Personality switch
        {
            UsbPersonality.Modem => new DoctorFinding("usb", DoctorVerdict.Ok, $"{what}: modem mode{At(stick)}"),
            UsbPersonality.Storage => new DoctorFinding("usb", DoctorVerdict.Fail,
                $"{what}: storage (ZeroCD) mode{At(stick)}, no serial ports until it is switched",
                $"switch it: `ztediag usb switch --device {Selector(stick)}`; to switch on every plug-in: `sudo ztediag udev-rules --install`"),
            UsbPersonality.Download when stick.Id.Vid == KnownUsbDevices.QualcommVid && stick.Id.Pid == KnownUsbDevices.EdlPid =>
                new DoctorFinding("usb", DoctorVerdict.Fail, $"{what}{At(stick)}: the boot ROM waits for a flasher, the firmware does not run",
                    "unplug and re-plug the stick; if it comes back as 05c6:9008 the firmware is damaged and must be reflashed with the vendor's updater"),
            UsbPersonality.Download => new DoctorFinding("usb", DoctorVerdict.Fail,
                $"{what}{At(stick)}: DIAG and command ports only, no modem service",
                "leave download mode with AT+ZCDRUN=F on the AT port: `ztediag checklist run recover-download-mode`, then re-plug the stick"),
            _ => new DoctorFinding("usb", DoctorVerdict.Warn, $"{what}{At(stick)}: not in the known-devices table", "check `ztediag usb list` for its interfaces"),
        };
    }

    /// <summary>
    /// The "driver" verdict: in modem and download mode every interface the table gives a serial role must be bound
    /// (by option); interfaces without a role may stay unbound (the kernel reserves some, e.g. if04 of 0031).
    /// </summary>
    public static DoctorFinding Driver(ListedUsbDevice? stick)
    {
        if (stick is null || stick.Personality is UsbPersonality.Storage || stick.Model.SerialPorts().Count == 0 && stick.Personality != UsbPersonality.Unknown)
        {
            string why = stick is null ? "no USB device" : $"{stick.Model.Id} has no serial interfaces in this mode";
            return new DoctorFinding("driver", DoctorVerdict.Skip, why);
        }

        List<ListedUsbInterface> serial = [.. stick.Interfaces.Where(i => i.Class != UsbInterfaceDescriptor.MassStorageClass)];
        List<ListedUsbInterface> needed = [.. serial.Where(i => i.Role is UsbPortRole.Diag or UsbPortRole.At or UsbPortRole.Modem)];
        if (needed.Count == 0)
        {
            needed = serial;
        }

        List<ListedUsbInterface> unbound = [.. needed.Where(i => i.Driver is null)];
        if (needed.Count > 0 && unbound.Count == 0)
        {
            string bound = string.Join(", ", needed.GroupBy(i => i.Driver).Select(g => $"{g.Key} on {Numbers(g)}"));
            return new DoctorFinding("driver", DoctorVerdict.Ok, bound);
        }

        string pid = stick.Id.Pid.ToString("x4", CultureInfo.InvariantCulture);
        string vid = stick.Id.Vid.ToString("x4", CultureInfo.InvariantCulture);
        return new DoctorFinding("driver", DoctorVerdict.Fail,
            needed.Count == 0 ? $"{stick.Model.Id} shows no serial interfaces" : $"no driver bound to {Numbers(unbound)}",
            $"load the option driver and give it the id: `sudo modprobe option && echo {vid} {pid} | sudo tee /sys/bus/usb-serial/drivers/option1/new_id`; `dmesg` says why it did not bind");
    }

    /// <summary>
    /// The "modemmanager" verdict. A process on the DIAG port steals replies: Fail. A holder of an AT port
    /// only gets in the way of AT commands: Warn. The advice names each process and, for ModemManager, the udev fix.
    /// </summary>
    /// <param name="holders">Processes holding the ports (<see cref="ModemManagerCheck.FindHolders"/>).</param>
    /// <param name="diagPath">The DIAG port path, when known.</param>
    /// <param name="usbId">"19d2:0031" of the stick, when known.</param>
    public static DoctorFinding Holders(IReadOnlyList<PortHolder> holders, string? diagPath, string? usbId)
    {
        ArgumentNullException.ThrowIfNull(holders);
        if (holders.Count == 0)
        {
            return new DoctorFinding("modemmanager", DoctorVerdict.Ok, "no other process holds the ports");
        }

        bool onDiag = holders.Any(h => h.DevicePath == diagPath);
        string detail = string.Join(", ", holders.Select(h => $"{h.Name} (pid {h.Pid}) holds {h.DevicePath}{(h.DevicePath == diagPath ? " (DIAG)" : "")}"));
        var advice = new List<string>();
        List<PortHolder> mm = [.. holders.Where(IsModemManager)];
        if (mm.Count > 0)
        {
            string forId = usbId is null ? "" : $" of {usbId}";
            advice.Add($"stop ModemManager now: `sudo systemctl stop ModemManager`; for good: `sudo ztediag udev-rules --install` " +
                       $"(sets ID_MM_PORT_IGNORE on the DIAG port{forId}, so ModemManager leaves it alone)");
        }

        if (ModemManagerCheck.Advice([.. holders.Where(h => !IsModemManager(h))]) is { } others)
        {
            advice.Add(others.Replace(Environment.NewLine, " ", StringComparison.Ordinal));
        }

        return new DoctorFinding("modemmanager", onDiag ? DoctorVerdict.Fail : DoctorVerdict.Warn, detail, string.Join(" ", advice));
    }

    private static bool IsModemManager(PortHolder h) => h.Name.Equals("ModemManager", StringComparison.OrdinalIgnoreCase);

    private static string At(ListedUsbDevice d) =>
        d.Id.Bus > 0 ? string.Create(CultureInfo.InvariantCulture, $" (bus {d.Id.Bus} addr {d.Id.Address})") : "";

    /// <summary>BUS:ADDR when sysfs gave them, else VID:PID.</summary>
    private static string Selector(ListedUsbDevice d) =>
        d.Id.Bus > 0 && d.Id.Address > 0 ? string.Create(CultureInfo.InvariantCulture, $"{d.Id.Bus}:{d.Id.Address}") : d.Model.Id;

    private static string Numbers(IEnumerable<ListedUsbInterface> interfaces) =>
        string.Join(",", interfaces.Select(i => string.Create(CultureInfo.InvariantCulture, $"if{i.Number:00}")));
}
