using ZteDiag.Emulator.Host;

namespace ZteDiag.EndToEnd;

/// <summary>
/// sysfs trees for each USB personality (DEVICES.md §1.1, §1.3, §2), written with the emulator's
/// <see cref="SysfsWriter"/>, and a fake /proc in which a process holds a tty.
/// </summary>
internal static class FakeUsbTrees
{
    /// <summary>19d2:2000 ZeroCD: one mass-storage interface (08/06/50) bound to usb-storage, no tty; bus 1 addr 5.</summary>
    public static void Storage(string root) =>
        SysfsWriter.Write(root, new SysfsDevice(0x19d2, 0x2000, "ZTE,Incorporated", "ZTE CDMA Technologies MSM", "P673M3BLNMassSto", "1-2", 5),
            [new SysfsInterface(0, SysfsWriter.MassStorageClass, null, null)]);

    /// <summary>
    /// 19d2:0016 download mode: DIAG if00, command ports if01 (secondary AT) and if02 (modem), no storage; bus 1 addr 9.
    /// The ttys link to <paramref name="diag"/>, <paramref name="at"/> and <paramref name="modem"/> when given (a running emulator).
    /// </summary>
    public static void Download(string root, string? diag = null, string? at = null, string? modem = null) =>
        SysfsWriter.Write(root, new SysfsDevice(0x19d2, 0x0016, "ZTE,Incorporated", "ZTE CDMA Technologies MSM", "1234567890ABCDEF", "1-4", 9),
            [new SysfsInterface(0, 0xff, "diag", diag), new SysfsInterface(1, 0xff, "at", at), new SysfsInterface(2, 0xff, "modem", modem)]);

    /// <summary>A /proc entry PID with <c>comm</c> = <paramref name="name"/> and fd 9 → <paramref name="target"/>, as the kernel shows it.</summary>
    public static void ProcessHolding(string procRoot, int pid, string name, string target)
    {
        string dir = Path.Combine(procRoot, pid.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Directory.CreateDirectory(Path.Combine(dir, "fd"));
        File.WriteAllText(Path.Combine(dir, "comm"), name + "\n");
        File.CreateSymbolicLink(Path.Combine(dir, "fd", "9"), target);
    }
}
