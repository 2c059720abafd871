using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace ZteDiag.Emulator.Profiles;

/// <summary>
/// The built-in profiles, stored as JSON files embedded in this assembly
/// (<c>Profiles/&lt;name&gt;.json</c>).
/// </summary>
public static class ProfileCatalog
{
    private const string ResourcePrefix = "ZteDiag.Emulator.Profiles.";
    private const string ResourceSuffix = ".json";

    internal static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        WriteIndented = true,
    };

    private static readonly Assembly Owner = typeof(ProfileCatalog).Assembly;

    /// <summary>Names of all built-in profiles, sorted.</summary>
    public static IReadOnlyList<string> Names { get; } = Owner.GetManifestResourceNames()
        .Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal) && n.EndsWith(ResourceSuffix, StringComparison.Ordinal))
        .Select(n => n[ResourcePrefix.Length..^ResourceSuffix.Length])
        .Order(StringComparer.Ordinal)
        .ToArray();

    /// <summary>Loads a built-in profile by name (case-sensitive, e.g. <c>mf627-mts</c>).</summary>
    /// <exception cref="ArgumentException">No profile of that name; the message lists the known names.</exception>
    /// <exception cref="InvalidDataException">The embedded JSON is broken (a build defect).</exception>
    public static ModemProfile Load(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        using Stream? stream = Names.Contains(name, StringComparer.Ordinal)
            ? Owner.GetManifestResourceStream(ResourcePrefix + name + ResourceSuffix)
            : null;
        if (stream is null)
        {
            throw new ArgumentException(
                $"Unknown modem profile '{name}'. Known profiles: {string.Join(", ", Names)}.", nameof(name));
        }

        ModemProfile profile;
        try
        {
            profile = JsonSerializer.Deserialize<ModemProfile>(stream, JsonOptions)
                ?? throw new InvalidDataException($"Profile '{name}' is empty.");
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"Profile '{name}' is not valid: {ex.Message}", ex);
        }

        if (profile.Name != name)
        {
            throw new InvalidDataException($"Profile resource '{name}' names itself '{profile.Name}'.");
        }

        return profile;
    }
}
