namespace ZteDiag.Device.Discovery;

/// <summary>Which USB personality a device shows.</summary>
public enum ModemPersonality
{
    /// <summary>Not recognised.</summary>
    Unknown,

    /// <summary>ZeroCD / mass storage only (19d2:2000): needs a mode switch before any port exists.</summary>
    Storage,

    /// <summary>Normal modem mode with serial interfaces.</summary>
    Modem,

    /// <summary>Download (flashing) mode.</summary>
    Download,
}

/// <summary>What a serial interface is for.</summary>
public enum PortRole
{
    /// <summary>Not known from the tables.</summary>
    Unknown,

    /// <summary>Qualcomm DIAG (silent to AT).</summary>
    Diag,

    /// <summary>Secondary AT port (the "NMEA" port on MF62x).</summary>
    AtSecondary,

    /// <summary>Modem / PPP port, the primary AT port.</summary>
    Modem,
}

/// <summary>One tty of a discovered device.</summary>
/// <param name="Interface">USB bInterfaceNumber.</param>
/// <param name="TtyName">Kernel name, e.g. "ttyUSB0".</param>
/// <param name="DevicePath">Path to open, <c>&lt;devRoot&gt;/&lt;ttyName&gt;</c>.</param>
/// <param name="Role">Role by interface number (never by ttyUSB index).</param>
public sealed record DiscoveredPort(int Interface, string TtyName, string DevicePath, PortRole Role);

/// <summary>A USB modem found in sysfs with its serial ports.</summary>
/// <param name="Vid">USB vendor id.</param>
/// <param name="Pid">USB product id.</param>
/// <param name="Name">Model name from the known-devices table, or a generic name.</param>
/// <param name="Personality">Storage, modem, download or unknown.</param>
/// <param name="UsbPath">USB topology name, e.g. "1-3".</param>
/// <param name="Serial">USB serial string, when present.</param>
/// <param name="Manufacturer">USB manufacturer string, when present.</param>
/// <param name="Product">USB product string, when present.</param>
/// <param name="Ports">Serial ports ordered by interface number.</param>
public sealed record DiscoveredModem(
    ushort Vid,
    ushort Pid,
    string Name,
    ModemPersonality Personality,
    string UsbPath,
    string? Serial,
    string? Manufacturer,
    string? Product,
    IReadOnlyList<DiscoveredPort> Ports)
{
    /// <summary>"19d2:0031".</summary>
    public string UsbId => $"{Vid:x4}:{Pid:x4}";

    /// <summary>The DIAG port, if the tables know it.</summary>
    public DiscoveredPort? DiagPort => Ports.FirstOrDefault(p => p.Role == PortRole.Diag);

    /// <summary>The port to send AT commands to: the secondary AT port, else the modem port.</summary>
    public DiscoveredPort? AtPort =>
        Ports.FirstOrDefault(p => p.Role == PortRole.AtSecondary) ?? Ports.FirstOrDefault(p => p.Role == PortRole.Modem);
}
