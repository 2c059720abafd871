namespace ZteDiag.Workbench.Setup;

/// <summary>Which connection manager on this machine brings a data connection up.</summary>
public enum ConnectionManagerKind
{
    /// <summary>NetworkManager (nmcli): a gsm connection profile named <see cref="ConnectionManagerPlan.ProfileName"/>.</summary>
    NetworkManager,

    /// <summary>ModemManager alone (mmcli --simple-connect): no IP configuration is done for the interface.</summary>
    ModemManager,

    /// <summary>Neither is here: ZteDiag prints the pppd configuration instead of dialing itself.</summary>
    None,
}

/// <summary>One external command: the program and its arguments, exactly as run (no shell).</summary>
/// <param name="Program">nmcli or mmcli.</param>
/// <param name="Arguments">Each argument as its own string.</param>
public sealed record ExternalCommand(string Program, IReadOnlyList<string> Arguments)
{
    /// <summary>The command as a technician would type it (arguments with spaces or * quoted).</summary>
    public override string ToString() =>
        Program + " " + string.Join(' ', Arguments.Select(a => a.Length == 0 || a.Any(c => c is ' ' or '*' or '\'' or '"') ? "'" + a.Replace("'", "'\\''", StringComparison.Ordinal) + "'" : a));
}

/// <summary>
/// The commands `ztediag connect` / `disconnect` run: ZteDiag drives the machine's own connection manager (real
/// parts, no PPP of its own). NetworkManager gets one gsm profile that is created once and updated after; the APN
/// user and password go in the profile (NetworkManager keeps them in its own store).
/// </summary>
public static class ConnectionManagerPlan
{
    /// <summary>The NetworkManager profile ZteDiag owns.</summary>
    public const string ProfileName = "ztediag-gsm";

    /// <summary>The commands that bring the connection up; <paramref name="profileExists"/> from `nmcli connection show`.</summary>
    public static IReadOnlyList<ExternalCommand> Connect(ConnectionManagerKind kind, string apn, string? user, string? password, bool profileExists)
    {
        ArgumentException.ThrowIfNullOrEmpty(apn);
        switch (kind)
        {
            case ConnectionManagerKind.NetworkManager:
                var settings = new List<string> { "gsm.apn", apn };
                if (user is not null)
                {
                    settings.AddRange(["gsm.username", user]);
                }

                if (password is not null)
                {
                    settings.AddRange(["gsm.password", password]);
                }

                ExternalCommand define = profileExists
                    ? new("nmcli", ["connection", "modify", ProfileName, .. settings])
                    : new("nmcli", ["connection", "add", "type", "gsm", "ifname", "*", "con-name", ProfileName, .. settings]);
                return [define, new("nmcli", ["connection", "up", ProfileName])];
            case ConnectionManagerKind.ModemManager:
                string simple = "apn=" + apn + (user is null ? "" : ",user=" + user) + (password is null ? "" : ",password=" + password);
                return [new("mmcli", ["-m", "any", "--simple-connect=" + simple])];
            default:
                return [];
        }
    }

    /// <summary>The commands that take the connection down.</summary>
    public static IReadOnlyList<ExternalCommand> Disconnect(ConnectionManagerKind kind) => kind switch
    {
        ConnectionManagerKind.NetworkManager => [new("nmcli", ["connection", "down", ProfileName])],
        ConnectionManagerKind.ModemManager => [new("mmcli", ["-m", "any", "--simple-disconnect"])],
        _ => [],
    };

    /// <summary>Checks APN, user and password for characters a connection manager would mis-read.</summary>
    /// <returns>Why a value is refused, or null.</returns>
    public static string? Refusal(string apn, string? user, string? password)
    {
        ArgumentNullException.ThrowIfNull(apn);
        if (apn.Length is 0 or > 100 || !apn.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_'))
        {
            return $"'{apn}' is not an APN (letters, digits, dots and dashes, e.g. internet.mts.ru)";
        }

        foreach ((string name, string? value) in new[] { ("--user", user), ("--password", password) })
        {
            if (value is not null && (value.Length > 64 || value.Any(c => char.IsControl(c) || c == ',')))
            {
                return $"{name} must be up to 64 characters without commas or control characters";
            }
        }

        return null;
    }
}
