using ZteDiag.Emulator.At;
using ZteDiag.Emulator.Host;

namespace ZteDiag.Emulator;

/// <summary>Settings of <see cref="VirtualModem.Start"/>.</summary>
public sealed record VirtualModemStartOptions
{
    /// <summary>Built-in profile name (ignored when <see cref="ReuseState"/> opens an existing state: the state names its profile).</summary>
    public string Profile { get; init; } = "mf627-mts";

    /// <summary>State directory; null = a fresh temp directory, deleted on dispose (only directories the modem created are deleted).</summary>
    public string? StateDirectory { get; init; }

    /// <summary>Seed of the generated EFS content.</summary>
    public ulong Seed { get; init; } = 1;

    /// <summary>DIAG link timing; null = instant.</summary>
    public LinkModel? Link { get; init; }

    /// <summary>DIAG faults (corrupt/drop/delay/disconnect/ENOSPC/power loss); null = none.</summary>
    public FaultPlan? Faults { get; init; }

    /// <summary>The target's DIAG task (receive queue, service time); null = every request answered at once.</summary>
    public DiagTaskModel? DiagTask { get; init; }

    /// <summary>If set, <c>DIR/diag</c>, <c>DIR/at</c>, <c>DIR/modem</c> symlinks to the ports are kept here.</summary>
    public string? LinkDirectory { get; init; }

    /// <summary>+ZUSIMR nag interval on the AT ports; null disables it.</summary>
    public TimeSpan? NagInterval { get; init; } = UnsolicitedNag.DefaultInterval;

    /// <summary>Open the existing state in <see cref="StateDirectory"/> (a fresh one is created when it holds none).</summary>
    public bool ReuseState { get; init; }

    /// <summary>
    /// DIAG security password (16 hex digits) overriding the profile's; null = the profile's. With a password the
    /// EFS is locked (0x47) until PASSWORD (0x46) sends it, and a wrong one powers the modem down.
    /// </summary>
    public string? SecurityPassword { get; init; }

    /// <summary>EFS2 MD5SUM is supported (false: BAD_CMD like a firmware without it).</summary>
    public bool Md5Sum { get; init; } = true;

    /// <summary>SIM PIN the AT side waits for at power-on; null = no PIN.</summary>
    public string? SimPin { get; init; }

    /// <summary>How long an AT+COPS=? network scan takes before its answer.</summary>
    public TimeSpan NetworkScanDelay { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>IMEI written to NV 550 of a fresh state instead of the profile's (several virtual sticks, one IMEI each); null = the profile's.</summary>
    public string? Imei { get; init; }

    /// <summary>USB iSerial written by <see cref="VirtualModem.WriteSysfs"/>.</summary>
    public string UsbSerial { get; init; } = "1234567890ABCDEF";

    /// <summary>USB path (device directory name <c>&lt;bus&gt;-&lt;port&gt;</c>) written by <see cref="VirtualModem.WriteSysfs"/>.</summary>
    public string UsbPath { get; init; } = "1-3";

    /// <summary>USB device number (devnum) written by <see cref="VirtualModem.WriteSysfs"/>.</summary>
    public int UsbDeviceNumber { get; init; } = 2;

    /// <summary>Delay between the reply to a wrong PASSWORD and the power-down (closing the ports).</summary>
    public TimeSpan PowerDownDelay { get; init; } = TimeSpan.FromMilliseconds(150);
}
