using ZteDiag.Device.Discovery;

namespace ZteDiag.Workbench.Setup;

/// <summary>The PPP port a dialer configuration names, and why.</summary>
/// <param name="Path">The port path.</param>
/// <param name="Warning">Set when it is a guess (nothing plugged in).</param>
public sealed record DialerPort(string Path, string? Warning);

/// <summary>
/// Picks the modem (PPP) port for a dialer: the stable udev link <c>/dev/ztediag/&lt;serial&gt;/modem</c>
/// (`ztediag udev-rules`) of the first plugged stick, else its modem tty, else <c>/dev/ttyUSB2</c> (the usual
/// MF62x modem port, DEVICES.md §7) with a warning. Never the AT port: PPP runs on the modem interface.
/// </summary>
public static class DialerPortChoice
{
    /// <summary>The guess when nothing is plugged in.</summary>
    public const string Fallback = "/dev/ttyUSB2";

    /// <summary>Chooses from what discovery found; <paramref name="exists"/> tells whether a path is there.</summary>
    public static DialerPort Choose(IReadOnlyList<DiscoveredModem> modems, Func<string, bool> exists)
    {
        ArgumentNullException.ThrowIfNull(modems);
        ArgumentNullException.ThrowIfNull(exists);
        foreach (DiscoveredModem m in modems)
        {
            if (m.Serial is { Length: > 0 } serial && $"/dev/ztediag/{serial}/modem" is var link && exists(link))
            {
                return new DialerPort(link, null);
            }

            if (m.Ports.FirstOrDefault(p => p.Role == PortRole.Modem) is { } port)
            {
                string hint = m.Serial is { Length: > 0 } s
                    ? $"; install `ztediag udev-rules --install` for the stable name /dev/ztediag/{s}/modem"
                    : string.Empty;
                return new DialerPort(port.DevicePath, hint.Length == 0 ? null : "using " + port.DevicePath + hint);
            }
        }

        return new DialerPort(Fallback,
            $"no modem is plugged in: the config names {Fallback} (the usual MF62x modem port); pass --modem-port PATH "
            + "(e.g. /dev/ztediag/<serial>/modem after `ztediag udev-rules --install`) if yours differs");
    }
}
