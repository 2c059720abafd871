using System.Globalization;
using ZteDiag.Device;
using ZteDiag.Device.Discovery;

namespace ZteDiag.Workbench.Connection;

/// <summary>Which port a caller cannot do without.</summary>
public enum PortNeed
{
    /// <summary>The DIAG port (the AT port comes along when the stick has one).</summary>
    Diag,

    /// <summary>The AT port only (`ztediag at`, AT-side checks).</summary>
    At,
}

/// <summary>
/// Resolves one modem, then its ports: explicit paths win; otherwise discovery picks one stick (by
/// <see cref="ConnectionOptions.Device"/>: its name, USB path or index in `ztediag ports`) and both its DIAG and AT
/// ports come from that stick, never the first DIAG of one and the first AT of another. With several sticks and no
/// --device, a writer is refused (<see cref="ConnectionOptions.RequireNamedDevice"/>) and a reader is told which one it got.
/// </summary>
public static class PortResolver
{
    /// <summary>One stick and its ports, or a <see cref="PortException"/> / <see cref="DeviceChoiceException"/> saying what to do.</summary>
    /// <param name="options">Explicit ports, device choice, sysfs and dev roots.</param>
    /// <param name="need">The port the caller cannot do without.</param>
    /// <param name="note">Told which stick was taken when several were plugged.</param>
    public static ResolvedModem Resolve(ConnectionOptions options, PortNeed need = PortNeed.Diag, Action<string>? note = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.DiagPort is not null || options.Tcp is not null)
        {
            if (options.Device is not null)
            {
                throw new ArgumentException("--device picks a discovered stick and --port/--tcp name a port directly: give one of them");
            }

            string diag = options.Tcp ?? options.DiagPort!;
            return new ResolvedModem(diag, null, diag, options.AtPort); // an explicit DIAG port says nothing about which stick's AT port
        }

        if (need == PortNeed.At && options.AtPort is { } explicitAt && options.Device is null)
        {
            return new ResolvedModem(explicitAt, null, null, explicitAt);
        }

        IReadOnlyList<DiscoveredModem> modems = Discover(options);
        DiscoveredModem modem = options.Device is { } wanted ? Find(modems, wanted) : Pick(modems, need, options.RequireNamedDevice, note);
        string name = ModemNames.Of(modem, modems);
        string? diagPath = modem.DiagPort?.DevicePath;
        string? atPath = options.AtPort ?? modem.AtPort?.DevicePath;
        if (need == PortNeed.Diag && diagPath is null)
        {
            throw new PortException(PortErrorKind.NotFound, "(discovery)", $"{name}: " + NoModemMessage([modem]));
        }

        if (need == PortNeed.At && atPath is null)
        {
            throw new PortException(PortErrorKind.NotFound, "(discovery)",
                $"{name} shows no AT port (personality {modem.Personality}): name it with --at-port, or check `ztediag ports`");
        }

        return new ResolvedModem(name, modem, diagPath, atPath);
    }

    /// <summary>Every stick discovery sees, in `ztediag ports` order (the order --device INDEX counts in, from 1).</summary>
    public static IReadOnlyList<DiscoveredModem> Discover(ConnectionOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new PortDiscovery(options.SysfsRoot, options.DevRoot).Discover();
    }

    /// <summary>
    /// The stick <paramref name="wanted"/> names: its stable name or USB serial, its USB path ("1-3.2"), a udev link
    /// directory (<c>/dev/ztediag/NAME</c>), or its 1-based index in `ztediag ports`.
    /// </summary>
    /// <exception cref="PortException">No plugged stick answers to that name (NotFound, with the sticks listed).</exception>
    public static DiscoveredModem Find(IReadOnlyList<DiscoveredModem> modems, string wanted)
    {
        ArgumentNullException.ThrowIfNull(modems);
        ArgumentException.ThrowIfNullOrWhiteSpace(wanted);
        string key = wanted.StartsWith("/dev/ztediag/", StringComparison.Ordinal) ? wanted["/dev/ztediag/".Length..].TrimEnd('/') : wanted;
        DiscoveredModem? hit = modems.FirstOrDefault(m => ModemNames.Of(m, modems) == key)
            ?? modems.FirstOrDefault(m => m.UsbPath == key);
        List<DiscoveredModem> bySerial = [.. modems.Where(m => m.Serial == key || ModemNames.UdevSerial(m.Serial) == key)];
        if (hit is null && bySerial.Count > 1)
        {
            throw new PortException(PortErrorKind.NotFound, wanted,
                $"{bySerial.Count} plugged sticks report serial {key}: pick one by its USB path or index." + Environment.NewLine + Listing(modems));
        }

        hit ??= bySerial.FirstOrDefault();
        if (hit is null && int.TryParse(key, NumberStyles.None, CultureInfo.InvariantCulture, out int index) && index >= 1 && index <= modems.Count)
        {
            hit = modems[index - 1];
        }

        return hit ?? throw new PortException(PortErrorKind.NotFound, wanted,
            modems.Count == 0
                ? $"no stick named {wanted}: no modem is plugged in"
                : $"no plugged stick is named {wanted}. Plugged:" + Environment.NewLine + Listing(modems));
    }

    /// <summary>One line per stick: index, name, model, personality, USB path, DIAG and AT ports.</summary>
    public static string Listing(IReadOnlyList<DiscoveredModem> modems)
    {
        ArgumentNullException.ThrowIfNull(modems);
        return string.Join(Environment.NewLine, modems.Select((m, i) => string.Create(CultureInfo.InvariantCulture,
            $"  [{i + 1}] {ModemNames.Of(m, modems)}  {m.Name} [{m.Personality}]  usb {m.UsbPath}  DIAG {m.DiagPort?.DevicePath ?? "-"}  AT {m.AtPort?.DevicePath ?? "-"}")));
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

    private static DiscoveredModem Pick(IReadOnlyList<DiscoveredModem> modems, PortNeed need, bool requireNamed, Action<string>? note)
    {
        var usable = modems.Where(m => need == PortNeed.Diag ? m.DiagPort is not null : m.AtPort is not null).ToList();
        if (usable.Count == 0)
        {
            throw new PortException(PortErrorKind.NotFound, "(discovery)", need == PortNeed.Diag
                ? NoModemMessage(modems)
                : "no AT port found: name it with --at-port /dev/ttyUSB1, or plug in a modem so discovery finds it");
        }

        if (usable.Count > 1 && requireNamed)
        {
            throw new DeviceChoiceException(
                $"{usable.Count} modems are plugged in and this command writes: name the one to change with --device NAME " +
                "(or its USB path, or its number below)." + Environment.NewLine + Listing(modems));
        }

        if (usable.Count > 1)
        {
            note?.Invoke(string.Create(CultureInfo.InvariantCulture,
                $"{usable.Count} modems found; using {ModemNames.Of(usable[0], modems)} (usb {usable[0].UsbPath}). Pick another with --device NAME (see `ztediag ports`)."));
        }

        return usable[0];
    }
}
