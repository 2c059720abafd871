using System.Globalization;
using ZteDiag.Device.Usb;

namespace ZteDiag.Workbench.Setup;

/// <summary>One USB interface of a listed device.</summary>
/// <param name="Number">bInterfaceNumber.</param>
/// <param name="Class">bInterfaceClass (0x08 mass storage, 0xff vendor specific).</param>
/// <param name="Driver">Bound kernel driver (e.g. option, usb-storage), or null.</param>
/// <param name="Role">Role from the known-devices table (mass storage is always <see cref="UsbPortRole.Storage"/>).</param>
/// <param name="Ttys">tty names under the interface (ttyUSBn / ttyACMn), usually one or none.</param>
public sealed record ListedUsbInterface(int Number, byte Class, string? Driver, UsbPortRole Role, IReadOnlyList<string> Ttys);

/// <summary>A USB device of a known modem vendor as seen in sysfs.</summary>
/// <param name="Id">Bus, address and ids (bus/address 0 when sysfs has no busnum/devnum).</param>
/// <param name="SysName">sysfs name, e.g. "1-3".</param>
/// <param name="Manufacturer">iManufacturer string, or null.</param>
/// <param name="Product">iProduct string, or null.</param>
/// <param name="Serial">iSerial string, or null.</param>
/// <param name="Model">Table entry (<see cref="KnownUsbDevices.Describe"/>).</param>
/// <param name="Personality">Personality: the table's, or for unlisted ids guessed from the interfaces.</param>
/// <param name="Interfaces">Interfaces in number order.</param>
public sealed record ListedUsbDevice(
    UsbDeviceId Id, string SysName, string? Manufacturer, string? Product, string? Serial, KnownUsbDevice Model, UsbPersonality Personality,
    IReadOnlyList<ListedUsbInterface> Interfaces)
{
    /// <summary>The tty of the first interface with role <paramref name="role"/>, or null.</summary>
    public string? TtyOf(UsbPortRole role) => Interfaces.FirstOrDefault(i => i.Role == role && i.Ttys.Count > 0)?.Ttys[0];
}

/// <summary>
/// Lists USB devices of known modem vendors from sysfs (<c>&lt;root&gt;/bus/usb/devices/*</c>; when that directory is
/// missing, device directories found under <c>&lt;root&gt;/devices</c>) with personality and interface → tty map.
/// Deliberately simple and self-contained: full port discovery lives in ZteDiag.Device.
/// </summary>
public static class UsbDeviceLister
{
    /// <summary>The real sysfs root.</summary>
    public const string DefaultRoot = "/sys";

    /// <summary>Known-vendor devices under <paramref name="sysfsRoot"/>, ordered by sysfs name. A missing root gives an empty list.</summary>
    public static IReadOnlyList<ListedUsbDevice> List(string sysfsRoot = DefaultRoot)
    {
        ArgumentException.ThrowIfNullOrEmpty(sysfsRoot);
        var result = new List<ListedUsbDevice>();
        foreach (string dir in DeviceDirectories(sysfsRoot))
        {
            if (Read(dir, "idVendor") is not { } v || !TryHex(v, out ushort vid) || !KnownUsbDevices.IsKnownVendor(vid)
                || Read(dir, "idProduct") is not { } p || !TryHex(p, out ushort pid))
            {
                continue;
            }

            KnownUsbDevice model = KnownUsbDevices.Describe(vid, pid)!;
            List<ListedUsbInterface> interfaces = [.. Interfaces(dir, model).OrderBy(i => i.Number)];
            var id = new UsbDeviceId(ReadInt(dir, "busnum"), ReadInt(dir, "devnum"), vid, pid);
            result.Add(new ListedUsbDevice(id, Path.GetFileName(dir), Read(dir, "manufacturer"), Read(dir, "product"), Read(dir, "serial"),
                model, Personality(model, interfaces), interfaces));
        }

        return [.. result.OrderBy(d => d.SysName, StringComparer.Ordinal)];
    }

    /// <summary>The ids of <see cref="List"/> — a rediscovery source for <see cref="UsbModeSwitcher"/>.</summary>
    public static IReadOnlyList<UsbDeviceId> Enumerate(string sysfsRoot = DefaultRoot) => [.. List(sysfsRoot).Select(d => d.Id)];

    private static UsbPersonality Personality(KnownUsbDevice model, List<ListedUsbInterface> interfaces)
    {
        if (model.Personality != UsbPersonality.Unknown)
        {
            return model.Personality;
        }

        if (interfaces.Count > 0 && interfaces.All(i => i.Class == UsbInterfaceDescriptor.MassStorageClass))
        {
            return UsbPersonality.Storage;
        }

        return interfaces.Any(i => i.Ttys.Count > 0) ? UsbPersonality.Modem : UsbPersonality.Unknown;
    }

    private static IEnumerable<ListedUsbInterface> Interfaces(string deviceDir, KnownUsbDevice model)
    {
        foreach (string ifDir in SafeDirectories(deviceDir))
        {
            if (!Path.GetFileName(ifDir).Contains(':', StringComparison.Ordinal)
                || Read(ifDir, "bInterfaceNumber") is not { } n || !TryHex(n, out ushort number))
            {
                continue;
            }

            byte cls = Read(ifDir, "bInterfaceClass") is { } c && TryHex(c, out ushort cv) ? (byte)cv : (byte)0;
            UsbPortRole role = cls == UsbInterfaceDescriptor.MassStorageClass ? UsbPortRole.Storage : model.RoleOf(number);
            string? driver = new FileInfo(Path.Combine(ifDir, "driver")).LinkTarget is { } target ? Path.GetFileName(target) : null;
            yield return new ListedUsbInterface(number, cls, driver, role, Ttys(ifDir));
        }
    }

    /// <summary>ttyUSBn port directories directly under the interface (usb-serial), or tty/ttyACMn (cdc-acm).</summary>
    private static List<string> Ttys(string ifDir)
    {
        var ttys = new List<string>();
        foreach (string child in SafeDirectories(ifDir))
        {
            string name = Path.GetFileName(child);
            if (name == "tty")
            {
                ttys.AddRange(SafeDirectories(child).Select(Path.GetFileName).OfType<string>());
            }
            else if (name.StartsWith("tty", StringComparison.Ordinal))
            {
                ttys.Add(name);
            }
        }

        ttys.Sort(CompareTtyNames);
        return ttys;
    }

    private static int CompareTtyNames(string a, string b)
    {
        static (string Prefix, int Number) Split(string s)
        {
            int i = s.Length;
            while (i > 0 && char.IsAsciiDigit(s[i - 1]))
            {
                i--;
            }

            return (s[..i], i < s.Length ? int.Parse(s[i..], CultureInfo.InvariantCulture) : -1);
        }

        (string pa, int na) = Split(a);
        (string pb, int nb) = Split(b);
        int c = string.CompareOrdinal(pa, pb);
        return c != 0 ? c : na.CompareTo(nb);
    }

    private static IEnumerable<string> DeviceDirectories(string root)
    {
        string bus = Path.Combine(root, "bus", "usb", "devices");
        if (Directory.Exists(bus))
        {
            return SafeDirectories(bus).Where(d => !Path.GetFileName(d).Contains(':', StringComparison.Ordinal));
        }

        var found = new List<string>();
        Walk(Path.Combine(root, "devices"), 0);
        return found;

        void Walk(string dir, int depth)
        {
            if (depth > 12 || !Directory.Exists(dir))
            {
                return;
            }

            foreach (string child in SafeDirectories(dir))
            {
                if (new DirectoryInfo(child).LinkTarget is not null)
                {
                    continue; // real sysfs is full of symlink cycles
                }

                if (File.Exists(Path.Combine(child, "idVendor")))
                {
                    found.Add(child);
                }

                Walk(child, depth + 1);
            }
        }
    }

    private static string[] SafeDirectories(string dir)
    {
        try
        {
            return Directory.GetDirectories(dir);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }

    private static string? Read(string dir, string name)
    {
        try
        {
            string path = Path.Combine(dir, name);
            return File.Exists(path) ? File.ReadAllText(path).Trim() : null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static int ReadInt(string dir, string name) =>
        Read(dir, name) is { } s && int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out int v) ? v : 0;

    private static bool TryHex(string s, out ushort value) =>
        ushort.TryParse(s, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out value);
}
