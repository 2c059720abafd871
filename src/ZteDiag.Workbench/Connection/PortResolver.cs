using ZteDiag.Device;
using ZteDiag.Device.Discovery;

namespace ZteDiag.Workbench.Connection;

/// <summary>Picks the DIAG and AT ports: explicit paths win, otherwise discovery by USB interface number.</summary>
public static class PortResolver
{
    /// <summary>The DIAG port to use, or a <see cref="PortException"/> that says what to check.</summary>
    public static string ResolveDiag(ConnectionOptions options, Action<string>? warn = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.DiagPort is { } explicitPath)
        {
            return explicitPath;
        }

        var modems = new PortDiscovery(options.SysfsRoot, options.DevRoot).Discover();
        var withDiag = modems.Where(m => m.DiagPort is not null).ToList();
        if (withDiag.Count == 0)
        {
            throw new PortException(PortErrorKind.NotFound, "(discovery)", NoModemMessage(modems));
        }

        if (withDiag.Count > 1)
        {
            warn?.Invoke($"{withDiag.Count} modems found; using {withDiag[0].DiagPort!.DevicePath} ({withDiag[0].UsbPath}). Pick another with --port.");
        }

        return withDiag[0].DiagPort!.DevicePath;
    }

    /// <summary>The AT port to use, or null when none is known.</summary>
    public static string? ResolveAt(ConnectionOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.AtPort is { } explicitPath)
        {
            return explicitPath;
        }

        if (options.DiagPort is not null || options.Tcp is not null)
        {
            return null; // an explicit DIAG port says nothing about which discovered stick is meant
        }

        return new PortDiscovery(options.SysfsRoot, options.DevRoot).Discover()
            .Select(m => m.AtPort?.DevicePath)
            .FirstOrDefault(p => p is not null);
    }

    /// <summary>What a technician should check when no DIAG port was found.</summary>
    public static string NoModemMessage(IReadOnlyList<DiscoveredModem> seen)
    {
        ArgumentNullException.ThrowIfNull(seen);
        var storage = seen.FirstOrDefault(m => m.Personality == ModemPersonality.Storage);
        if (storage is not null)
        {
            return $"the modem {storage.UsbId} is still in CD-ROM (ZeroCD) mode: switch it with `ztediag usb switch` " +
                   "(or install the rules from `ztediag udev-rules --install`), then try again.";
        }

        return "no modem with a DIAG port found. Check: the stick is plugged in and `lsusb` shows it (ZTE is 19d2); " +
               "it is out of CD-ROM mode (`ztediag usb list`); the option driver made /dev/ttyUSB* ports; " +
               "or name the port with --port /dev/ttyUSB0. To practise without hardware: `ztediag emulate`.";
    }
}
