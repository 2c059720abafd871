namespace ZteDiag.Device.Tests.Discovery;

/// <summary>Builds a sysfs-shaped tree (DEVICES.md §2) with real symlinks in a temp dir.</summary>
internal sealed class FakeSysfs : IDisposable
{
    private const string Bus = "devices/pci0000:00/0000:00:1d.7/usb1";

    public FakeSysfs()
    {
        Root = Directory.CreateTempSubdirectory("ztediag-sysfs-").FullName;
        Sys = Path.Combine(Root, "sys");
        Dev = Path.Combine(Root, "dev");
        Directory.CreateDirectory(Path.Combine(Sys, "class", "tty"));
        Directory.CreateDirectory(Path.Combine(Sys, "bus", "usb", "devices"));
        Directory.CreateDirectory(Dev);
    }

    public string Root { get; }

    public string Sys { get; }

    public string Dev { get; }

    public FakeSysfs Device(string usbPath, string vid, string pid, string product, string? serial = null)
    {
        string dir = Path.Combine(Sys, Bus, usbPath);
        Directory.CreateDirectory(dir);
        Write(dir, "idVendor", vid);
        Write(dir, "idProduct", pid);
        Write(dir, "manufacturer", "ZTE,Incorporated");
        Write(dir, "product", product);
        if (serial is not null)
        {
            Write(dir, "serial", serial);
        }

        Directory.CreateSymbolicLink(Path.Combine(Sys, "bus", "usb", "devices", usbPath), $"../../../{Bus}/{usbPath}");
        return this;
    }

    /// <summary>An interface; with <paramref name="tty"/> a usb-serial port (ttyUSB) or cdc-acm tty below it.</summary>
    public FakeSysfs Interface(string usbPath, int number, string cls, string? tty = null)
    {
        string ifName = $"{usbPath}:1.{number}";
        string ifDir = Path.Combine(Sys, Bus, usbPath, ifName);
        Directory.CreateDirectory(ifDir);
        Write(ifDir, "bInterfaceNumber", number.ToString("x2", System.Globalization.CultureInfo.InvariantCulture));
        Write(ifDir, "bInterfaceClass", cls);
        Directory.CreateSymbolicLink(Path.Combine(Sys, "bus", "usb", "devices", ifName), $"../../../{Bus}/{usbPath}/{ifName}");
        if (tty is null)
        {
            return this;
        }

        string classDir;
        if (tty.StartsWith("ttyUSB", StringComparison.Ordinal))
        {
            // …/1-3:1.0/ttyUSB0/tty/ttyUSB0, device -> ../../../ttyUSB0 (the port dir)
            classDir = Path.Combine(ifDir, tty, "tty", tty);
            Directory.CreateDirectory(classDir);
            Directory.CreateSymbolicLink(Path.Combine(classDir, "device"), $"../../../{tty}");
            Directory.CreateSymbolicLink(Path.Combine(Sys, "class", "tty", tty), $"../../{Bus}/{usbPath}/{ifName}/{tty}/tty/{tty}");
        }
        else
        {
            // …/2-1:1.2/tty/ttyACM0, device -> ../../../2-1:1.2 (the interface)
            classDir = Path.Combine(ifDir, "tty", tty);
            Directory.CreateDirectory(classDir);
            Directory.CreateSymbolicLink(Path.Combine(classDir, "device"), $"../../../{ifName}");
            Directory.CreateSymbolicLink(Path.Combine(Sys, "class", "tty", tty), $"../../{Bus}/{usbPath}/{ifName}/tty/{tty}");
        }

        File.WriteAllText(Path.Combine(Dev, tty), "");
        return this;
    }

    /// <summary>A tty that is not USB at all (must be ignored).</summary>
    public FakeSysfs PlainTty(string name)
    {
        string dir = Path.Combine(Sys, "devices", "virtual", "tty", name);
        Directory.CreateDirectory(dir);
        Directory.CreateSymbolicLink(Path.Combine(Sys, "class", "tty", name), $"../../devices/virtual/tty/{name}");
        return this;
    }

    private static void Write(string dir, string name, string value) => File.WriteAllText(Path.Combine(dir, name), value + "\n");

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
