using System.CommandLine;

namespace ZteDiag.Cli;

/// <summary>Options every verb understands (a contract with users: keep names).</summary>
internal static class GlobalOptions
{
    public static readonly Option<string?> Port = NonEmpty(new("--port") { Description = "DIAG port (default: discovered), e.g. /dev/ttyUSB0" }, "a tty path, e.g. /dev/ttyUSB0");
    public static readonly Option<string?> AtPort = NonEmpty(new("--at-port") { Description = "AT port (default: discovered), e.g. /dev/ttyUSB1" }, "a tty path, e.g. /dev/ttyUSB1");
    public static readonly Option<string?> Device = NonEmpty(new("--device") { Description = "which stick, when several are plugged: its NAME (USB serial, else USB path), its USB path (1-3.2) or its number in `ztediag ports`; its DIAG and AT ports are used together" }, "a stick's name, USB path or number from `ztediag ports`");
    public static readonly Option<string?> Tcp = NonEmpty(new("--tcp") { Description = "DIAG over TCP instead of a serial port, HOST:PORT (ser2net, QCSuper-style setups)" }, "HOST:PORT, e.g. localhost:2500");
    public static readonly Option<int> Timeout = new("--timeout") { Description = "give-up limit for one DIAG request in milliseconds, counted from its first send; lost replies are re-sent well before it on a timer that adapts to the measured round trips", DefaultValueFactory = _ => 3000 };
    public static readonly Option<int> Window = new("--window") { Description = "EFS read/write requests kept in flight (1 = stop-and-wait)", DefaultValueFactory = _ => 8 };
    public static readonly Option<bool> Json = new("--json") { Description = "machine-readable output", Recursive = true };
    public static readonly Option<bool> Trace = new("--trace") { Description = "log every DIAG frame in hex with its decoding" };
    public static readonly Option<bool> Verbose = new("--verbose", "-v") { Description = "more detail on the console", Recursive = true };
    public static readonly Option<bool> RevealSecrets = new("--reveal-secrets") { Description = "show IMEI and SPC unmasked" };

    /// <summary>
    /// Hidden, for tests: the /proc to scan for processes holding a port (a fake tree where a "ModemManager"
    /// holds the DIAG tty). Kept out of --help because a technician never needs it.
    /// </summary>
    public static readonly Option<string> ProcRoot = new("--proc-root") { Description = "proc root to scan for port holders (tests)", DefaultValueFactory = _ => "/proc", Hidden = true };

    /// <summary>Options of every verb (on the root, recursive).</summary>
    public static IEnumerable<Option> Everywhere => [Json, Verbose];

    /// <summary>
    /// Options of the verbs that talk to a modem (ports, link, DIAG trace, secrets): attached to each of those
    /// verbs only, so `decode --help` or `udev-rules --help` does not offer --window or --trace, and to the root
    /// (not recursively) so `ztediag --port P --at-port A info` keeps working.
    /// </summary>
    public static IEnumerable<Option> Modem => [Port, AtPort, Device, Tcp, Timeout, Window, Trace, RevealSecrets, ProcRoot];

    /// <summary>
    /// An empty value (`--port ""`, often an unset shell variable) is a usage error naming the option: read as
    /// absent it would silently pick a discovered modem, and passed on it reaches .NET as "(Parameter 'path')".
    /// </summary>
    private static Option<string?> NonEmpty(Option<string?> option, string expected)
    {
        option.Validators.Add(r =>
        {
            if (r.Tokens.Any(t => string.IsNullOrWhiteSpace(t.Value)))
            {
                r.AddError($"{option.Name} is empty; give {expected}, or leave the option out");
            }
        });
        return option;
    }

    /// <summary>Verbs that never open a modem port (they read files, sysfs or the built-in tables).</summary>
    public static readonly IReadOnlySet<string> OfflineVerbs = new HashSet<string>(StringComparer.Ordinal)
    {
        "decode", "emulate", "ports", "usb list", "usb switch", "udev-rules", "apn list",
        "checklist list", "checklist show", "checklist status", "checklist reset", "checklist report",
    };
}
