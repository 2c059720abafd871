using System.Text.Json;
using System.Text.Json.Serialization;

namespace ZteDiag.Workbench.Jobs;

/// <summary>
/// How write jobs keep their journals on disk (EFS restore, NV restore): snake_case JSON under
/// <c>$XDG_STATE_HOME/ztediag/&lt;kind&gt;</c>, rewritten by temp file + flush to disk + rename, so a
/// power cut of the PC leaves the previous version or the new one, never half a journal.
/// </summary>
internal static class JournalFile
{
    /// <summary>JSON options of every journal.</summary>
    public static JsonSerializerOptions Json { get; } = CreateOptions();

    /// <summary><c>$XDG_STATE_HOME/ztediag/&lt;kind&gt;</c> (default <c>~/.local/state/ztediag/&lt;kind&gt;</c>).</summary>
    public static string StateDirectory(string kind)
    {
        string? xdg = Environment.GetEnvironmentVariable("XDG_STATE_HOME");
        string root = string.IsNullOrEmpty(xdg) || !Path.IsPathRooted(xdg)
            ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "state")
            : xdg;
        return Path.Combine(root, "ztediag", kind);
    }

    /// <summary>Writes <paramref name="value"/> to <paramref name="path"/> atomically, creating its directory.</summary>
    public static void Save<T>(string path, T value)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        string temp = path + ".tmp";
        using (var fs = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            JsonSerializer.Serialize(fs, value, Json);
            fs.Flush(flushToDisk: true);
        }

        File.Move(temp, path, overwrite: true);
    }

    /// <summary>Reads a journal; null when the file holds JSON <c>null</c>.</summary>
    /// <exception cref="JsonException">Not valid JSON of <typeparamref name="T"/>.</exception>
    public static T? Load<T>(string path) => JsonSerializer.Deserialize<T>(File.ReadAllBytes(path), Json);

    private static JsonSerializerOptions CreateOptions()
    {
        var o = new JsonSerializerOptions
        {
            TypeInfoResolver = new System.Text.Json.Serialization.Metadata.DefaultJsonTypeInfoResolver(),
            PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            WriteIndented = true,
        };
        o.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower));
        o.MakeReadOnly();
        return o;
    }
}
