using ZteDiag.Protocol.At;

namespace ZteDiag.Device.At;

/// <summary>
/// The technician's names for ZTE AT+ZSNT settings (DEVICES.md §3.2, from ModemManager's ZTE plugin):
/// auto (0,0,0), gsm (1,0,0), umts (2,0,0), gsm-first (0,0,1), umts-first (0,0,2).
/// </summary>
public static class NetworkModeName
{
    /// <summary>The accepted names, in --help order.</summary>
    public static IReadOnlyList<string> All { get; } = ["auto", "gsm", "umts", "gsm-first", "umts-first"];

    /// <summary>The AT+ZSNT setting for a name; null for an unknown name.</summary>
    public static ZsntReply? ToSetting(string name) => name.ToLowerInvariant() switch
    {
        "auto" => new ZsntReply(ZsntMode.Auto, 0, ZsntPreference.Auto),
        "gsm" => new ZsntReply(ZsntMode.GsmOnly, 0, ZsntPreference.Auto),
        "umts" => new ZsntReply(ZsntMode.WcdmaOnly, 0, ZsntPreference.Auto),
        "gsm-first" => new ZsntReply(ZsntMode.Auto, 0, ZsntPreference.GsmPreferred),
        "umts-first" => new ZsntReply(ZsntMode.Auto, 0, ZsntPreference.WcdmaPreferred),
        _ => null,
    };

    /// <summary>The name of a setting read back, or its numbers when it has no name (LTE only, other firmware values).</summary>
    public static string Describe(ZsntReply setting) => (setting.Mode, setting.Preference) switch
    {
        (ZsntMode.Auto, ZsntPreference.Auto) => "auto",
        (ZsntMode.GsmOnly, _) => "gsm",
        (ZsntMode.WcdmaOnly, _) => "umts",
        (ZsntMode.Auto, ZsntPreference.GsmPreferred) => "gsm-first",
        (ZsntMode.Auto, ZsntPreference.WcdmaPreferred) => "umts-first",
        (ZsntMode.LteOnly, _) => "lte (LTE only)",
        _ => $"ZSNT {(int)setting.Mode},{setting.NetworkSelection},{(int)setting.Preference}",
    };
}
