using System.CommandLine;

namespace ZteDiag.Cli;

/// <summary>Options every verb understands (a contract with users: keep names).</summary>
internal static class GlobalOptions
{
    public static readonly Option<string?> Port = new("--port") { Description = "DIAG port (default: discovered), e.g. /dev/ttyUSB0", Recursive = true };
    public static readonly Option<string?> AtPort = new("--at-port") { Description = "AT port (default: discovered), e.g. /dev/ttyUSB1", Recursive = true };
    public static readonly Option<string?> Device = new("--device") { Description = "which stick, when several are plugged: its NAME (USB serial, else USB path), its USB path (1-3.2) or its number in `ztediag ports`; its DIAG and AT ports are used together", Recursive = true };
    public static readonly Option<string?> Tcp = new("--tcp") { Description = "DIAG over TCP instead of a serial port, HOST:PORT (ser2net, QCSuper-style setups)", Recursive = true };
    public static readonly Option<int> Timeout = new("--timeout") { Description = "per-request timeout in milliseconds", DefaultValueFactory = _ => 3000, Recursive = true };
    public static readonly Option<int> Window = new("--window") { Description = "EFS read/write requests kept in flight (1 = stop-and-wait)", DefaultValueFactory = _ => 8, Recursive = true };
    public static readonly Option<bool> Json = new("--json") { Description = "machine-readable output", Recursive = true };
    public static readonly Option<bool> Trace = new("--trace") { Description = "log every DIAG frame in hex with its decoding", Recursive = true };
    public static readonly Option<bool> Verbose = new("--verbose", "-v") { Description = "more detail on the console", Recursive = true };
    public static readonly Option<bool> RevealSecrets = new("--reveal-secrets") { Description = "show IMEI and SPC unmasked", Recursive = true };

    /// <summary>
    /// Hidden, for tests: the /proc to scan for processes holding a port (a fake tree where a "ModemManager"
    /// holds the DIAG tty). Kept out of --help because a technician never needs it.
    /// </summary>
    public static readonly Option<string> ProcRoot = new("--proc-root") { Description = "proc root to scan for port holders (tests)", DefaultValueFactory = _ => "/proc", Recursive = true, Hidden = true };

    public static IEnumerable<Option> All => [Port, AtPort, Device, Tcp, Timeout, Window, Json, Trace, Verbose, RevealSecrets, ProcRoot];
}
