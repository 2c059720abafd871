using System.Globalization;
using ZteDiag.Emulator.Profiles;

namespace ZteDiag.Emulator.Control;

/// <summary>
/// The rehearsal controls of a <see cref="VirtualModem"/> as one-line text commands, for scripts
/// (`ztediag emulate --control`) and tests: what a technician's hands do to a stick during a procedure.
/// Every command answers one line, <c>ok</c> (maybe followed by detail) or <c>error: why</c>.
/// </summary>
public sealed class RehearsalControl(VirtualModem modem)
{
    /// <summary>Default time a flashed stick stays away before it re-enumerates.</summary>
    public static readonly TimeSpan DefaultRebootTime = TimeSpan.FromSeconds(3);

    /// <summary>The command list, for --help and the README.</summary>
    public const string Help =
        "Control commands (one per line; each answers `ok` or `error: …`):\n" +
        "  sim out | sim in          pull or insert the SIM (no SIM: AT+CPIN? answers +CME ERROR: 10)\n" +
        "  unplug | replug           the ports vanish / come back (a re-plug is a power cycle; new ptys)\n" +
        "  flash PROFILE [SECONDS]   the updater flashed it to PROFILE: ports vanish, firmware files and\n" +
        "                            identity become PROFILE's (NV, user files and flags kept), ports come\n" +
        "                            back after SECONDS (default 3; 0 = at once)\n" +
        "  sms NUMBER TEXT…          the network delivers an SMS (long or non-GSM text: concatenated/UCS2);\n" +
        "                            stored unread on the SIM, +CMTI on the AT ports; ok index=N[,M…]\n" +
        "  status                    ok profile=… connected=yes|no sim=in|out";

    /// <summary>Runs one command line and returns its one-line answer; never throws for bad input.</summary>
    public string Execute(string? line)
    {
        string[] words = (line ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (words.Length == 0)
        {
            return "error: empty command; try `sim out`, `sim in`, `unplug`, `replug`, `flash PROFILE`, `status`";
        }

        try
        {
            return (words[0].ToLowerInvariant(), words.Length) switch
            {
                ("sim", 2) when words[1].Equals("out", StringComparison.OrdinalIgnoreCase) => Do(() => modem.SetSim(false)),
                ("sim", 2) when words[1].Equals("in", StringComparison.OrdinalIgnoreCase) => Do(() => modem.SetSim(true)),
                ("sim", _) => "error: say `sim out` or `sim in`",
                ("unplug", 1) => Do(modem.Disconnect),
                ("replug", 1) => Do(modem.Replug),
                ("flash", 2 or 3) => Flash(words[1], words.Length == 3 ? words[2] : null),
                ("flash", _) => "error: say `flash PROFILE [SECONDS]`; profiles: " + string.Join(", ", ProfileCatalog.Names),
                ("status", 1) => Status(),
                ("sms", >= 3) => Sms(line!.Trim(), words[1]),
                ("sms", _) => "error: say `sms NUMBER TEXT`",
                _ => $"error: unknown command '{line!.Trim()}'; known: sim out, sim in, unplug, replug, flash PROFILE [SECONDS], sms NUMBER TEXT, status",
            };
        }
        catch (ObjectDisposedException)
        {
            return "error: the virtual modem has shut down";
        }
    }

    private string Flash(string profile, string? seconds)
    {
        if (!ProfileCatalog.Names.Contains(profile, StringComparer.Ordinal))
        {
            return $"error: unknown profile '{profile}'; known: {string.Join(", ", ProfileCatalog.Names)}";
        }

        TimeSpan reboot = DefaultRebootTime;
        if (seconds is not null)
        {
            if (!double.TryParse(seconds, NumberStyles.Float, CultureInfo.InvariantCulture, out double s) || s < 0 || s > 3600)
            {
                return $"error: '{seconds}' is not a number of seconds (0 to 3600)";
            }

            reboot = TimeSpan.FromSeconds(s);
        }

        return Do(() => modem.Flash(profile, reboot));
    }

    private string Sms(string line, string number)
    {
        // the text is the rest of the line as typed, inner spaces kept
        string text = line[(line.IndexOf(number, "sms".Length, StringComparison.Ordinal) + number.Length)..].TrimStart();
        if (!System.Text.RegularExpressions.Regex.IsMatch(number, @"^\+?[0-9]{1,20}$", System.Text.RegularExpressions.RegexOptions.None, TimeSpan.FromSeconds(1)))
        {
            return $"error: '{number}' is not a phone number (digits, optional leading +)";
        }

        try
        {
            return "ok index=" + string.Join(",", modem.DeliverSms(number, text).Select(i => i.ToString(CultureInfo.InvariantCulture)));
        }
        catch (InvalidOperationException ex)
        {
            return "error: " + ex.Message;
        }
    }

    private string Status() => string.Create(CultureInfo.InvariantCulture,
        $"ok profile={modem.ProfileName} connected={(modem.IsConnected ? "yes" : "no")} sim={(modem.SimInserted ? "in" : "out")}");

    private static string Do(Action action)
    {
        action();
        return "ok";
    }
}
