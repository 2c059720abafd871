using System.Globalization;

namespace ZteDiag.Device.Usb;

/// <summary>A USB device as enumerated: bus number, device address and ids.</summary>
/// <param name="Bus">Bus number (sysfs busnum).</param>
/// <param name="Address">Device address on the bus (sysfs devnum).</param>
/// <param name="Vid">idVendor.</param>
/// <param name="Pid">idProduct.</param>
public readonly record struct UsbDeviceId(int Bus, int Address, ushort Vid, ushort Pid)
{
    /// <summary>"bus 1 addr 5 (19d2:2000)".</summary>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"bus {Bus} addr {Address} ({KnownUsbDevice.FormatId(Vid, Pid)})");
}

/// <summary>
/// The narrow slice of libusb the mode switch needs. <see cref="LibUsbBackend"/> binds libusb-1.0;
/// tests use a fake. Every failure is a <see cref="UsbSwitchException"/> with a <see cref="UsbErrorKind"/>.
/// </summary>
public interface IUsbBackend : IDisposable
{
    /// <summary>Every USB device currently attached (any vendor).</summary>
    IReadOnlyList<UsbDeviceId> Enumerate();

    /// <summary>Opens the device at <paramref name="device"/>'s bus and address.</summary>
    IUsbDeviceHandle Open(UsbDeviceId device);
}

/// <summary>An open USB device. Dispose closes it.</summary>
public interface IUsbDeviceHandle : IDisposable
{
    /// <summary>The device this handle is for.</summary>
    UsbDeviceId Device { get; }

    /// <summary>The raw bytes of configuration descriptor 0 with its interface and endpoint descriptors (ZTE sticks have one configuration).</summary>
    byte[] GetConfigDescriptor();

    /// <summary>Claims interface <paramref name="interfaceNumber"/>, detaching a kernel driver (usb-storage) if one is bound.</summary>
    void ClaimInterface(int interfaceNumber);

    /// <summary>Releases a claimed interface (errors ignored: the device may already be gone after an eject).</summary>
    void ReleaseInterface(int interfaceNumber);

    /// <summary>Bulk OUT transfer; returns the bytes transferred.</summary>
    int BulkWrite(byte endpoint, ReadOnlySpan<byte> data, TimeSpan timeout);

    /// <summary>Bulk IN transfer; returns the bytes received.</summary>
    int BulkRead(byte endpoint, Span<byte> buffer, TimeSpan timeout);
}

/// <summary>
/// Which device to switch: <c>BUS:ADDR</c> (decimal, e.g. <c>1:5</c> or <c>001:005</c> as lsusb prints) or
/// <c>VID:PID</c> (exactly four hex digits each, e.g. <c>19d2:2000</c>).
/// </summary>
public sealed record UsbDeviceSelector
{
    private UsbDeviceSelector(int? bus, int? address, ushort? vid, ushort? pid)
    {
        Bus = bus;
        Address = address;
        Vid = vid;
        Pid = pid;
    }

    /// <summary>Bus number, for a BUS:ADDR selector.</summary>
    public int? Bus { get; }

    /// <summary>Device address, for a BUS:ADDR selector.</summary>
    public int? Address { get; }

    /// <summary>Vendor id, for a VID:PID selector.</summary>
    public ushort? Vid { get; }

    /// <summary>Product id, for a VID:PID selector.</summary>
    public ushort? Pid { get; }

    /// <summary>A BUS:ADDR selector.</summary>
    public static UsbDeviceSelector ByAddress(int bus, int address) => new(bus, address, null, null);

    /// <summary>A VID:PID selector.</summary>
    public static UsbDeviceSelector ById(ushort vid, ushort pid) => new(null, null, vid, pid);

    /// <summary>Parses <c>VID:PID</c> (4+4 hex digits) or <c>BUS:ADDR</c> (decimal).</summary>
    /// <exception cref="ArgumentException">Neither form.</exception>
    public static UsbDeviceSelector Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        string[] parts = text.Trim().Split(':');
        if (parts.Length == 2)
        {
            if (parts[0].Length == 4 && parts[1].Length == 4
                && ushort.TryParse(parts[0], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out ushort vid)
                && ushort.TryParse(parts[1], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out ushort pid))
            {
                return ById(vid, pid);
            }

            if (parts[0].Length is >= 1 and <= 3 && parts[1].Length is >= 1 and <= 3
                && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out int bus)
                && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out int address)
                && bus is >= 1 and <= 255 && address is >= 1 and <= 127)
            {
                return ByAddress(bus, address);
            }
        }

        throw new ArgumentException($"'{text}' is neither BUS:ADDR (e.g. 1:5, as lsusb prints it) nor VID:PID (e.g. 19d2:2000)", nameof(text));
    }

    /// <summary>True when <paramref name="device"/> is the one selected.</summary>
    public bool Matches(UsbDeviceId device) =>
        Vid is ushort v ? device.Vid == v && device.Pid == Pid : device.Bus == Bus && device.Address == Address;

    /// <summary>"1:5" or "19d2:2000".</summary>
    public override string ToString() =>
        Vid is ushort v ? KnownUsbDevice.FormatId(v, Pid!.Value) : string.Create(CultureInfo.InvariantCulture, $"{Bus}:{Address}");
}
