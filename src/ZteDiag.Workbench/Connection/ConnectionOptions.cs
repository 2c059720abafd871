namespace ZteDiag.Workbench.Connection;

/// <summary>Where and how to reach a modem; every field has the default a technician expects.</summary>
public sealed record ConnectionOptions
{
    /// <summary>DIAG port path; null = discovered.</summary>
    public string? DiagPort { get; init; }

    /// <summary>AT port path; null = discovered (secondary AT preferred, then the modem port).</summary>
    public string? AtPort { get; init; }

    /// <summary>Which discovered stick: its name (USB serial, else USB path), its USB path, or its index in `ztediag ports`; null = the only one.</summary>
    public string? Device { get; init; }

    /// <summary>The caller writes: with several sticks plugged and no <see cref="Device"/>, refuse instead of taking the first.</summary>
    public bool RequireNamedDevice { get; init; }

    /// <summary>DIAG over TCP (HOST:PORT) instead of a serial port.</summary>
    public string? Tcp { get; init; }

    /// <summary>Per-request timeout.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>Shortest retransmission timer; null = the session's default. A test that counts the modem's
    /// requests sets it to <see cref="Timeout"/>, so a stall of the host never adds a re-send.</summary>
    public TimeSpan? RetransmitFloor { get; init; }

    /// <summary>EFS READ/WRITE requests in flight (1 = stop-and-wait).</summary>
    public int Window { get; init; } = 8;

    /// <summary>sysfs root for discovery (tests point it at a fake tree).</summary>
    public string SysfsRoot { get; init; } = "/sys";

    /// <summary>Device-node root for discovery.</summary>
    public string DevRoot { get; init; } = "/dev";

    /// <summary>/proc root, to name a process (ModemManager) holding a busy port.</summary>
    public string ProcRoot { get; init; } = "/proc";
}
