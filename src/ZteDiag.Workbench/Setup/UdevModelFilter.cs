using System.Text.RegularExpressions;
using ZteDiag.Device.Usb;

namespace ZteDiag.Workbench.Setup;

/// <summary>
/// Narrows the udev rules to one model (<c>udev-rules --model mf627</c>): the model's own ids plus the
/// storage (ZeroCD) ids whose switch brings up one of them, so the stick is switched and its ports named.
/// </summary>
public static partial class UdevModelFilter
{
    /// <summary>The entries for <paramref name="model"/> (case-insensitive, "mf627" or "MF627"); empty when none matches.</summary>
    public static IReadOnlyList<KnownUsbDevice> Select(IEnumerable<KnownUsbDevice> devices, string model)
    {
        ArgumentNullException.ThrowIfNull(devices);
        ArgumentNullException.ThrowIfNull(model);
        List<KnownUsbDevice> all = [.. devices];
        List<KnownUsbDevice> own = [.. all.Where(d => ModelsOf(d).Contains(model.Trim(), StringComparer.OrdinalIgnoreCase))];
        List<KnownUsbDevice> switching = [.. all.Where(d => d.Switch is { } s && own.Any(o => s.IsTarget(o.Vid, o.Pid)))];
        return [.. switching, .. own];
    }

    /// <summary>Every model name the table knows ("MF620", "MF622", …), sorted, for the error message.</summary>
    public static IReadOnlyList<string> KnownModels(IEnumerable<KnownUsbDevice> devices) =>
        [.. devices.SelectMany(ModelsOf).Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.Ordinal)];

    /// <summary>"ZTE MF626/MF627/MF636" → MF626, MF627, MF636; generic entries ("ZTE modem 19d2:0017") name no model.</summary>
    private static IEnumerable<string> ModelsOf(KnownUsbDevice d) => ModelName().Matches(d.Name).Select(m => m.Value);

    [GeneratedRegex(@"\b(MF|K)\d{3,4}[A-Z]?\b", RegexOptions.CultureInvariant)]
    private static partial Regex ModelName();
}
