using System.Text.Json;
using System.Text.Json.Serialization;

namespace ZteDiag.Workbench.Checklists;

/// <summary>
/// Run state on disk: <c>ROOT/&lt;device-key&gt;/&lt;checklist-id&gt;.json</c>, written to a temporary
/// file and renamed over the old one, so a crash leaves either the old or the new state.
/// </summary>
/// <param name="root">State root, normally <see cref="ChecklistPaths.StateDirectory"/>.</param>
public sealed class ChecklistStateStore(string root)
{
    internal static readonly JsonSerializerOptions JsonOptions = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower) },
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    /// <summary>State root directory.</summary>
    public string Root { get; } = root ?? throw new ArgumentNullException(nameof(root));

    /// <summary>Path of the state file for a device and checklist.</summary>
    public string PathOf(string deviceKey, string checklistId) =>
        Path.Combine(Root, SafeName(deviceKey, nameof(deviceKey)), SafeName(checklistId, nameof(checklistId)) + ".json");

    /// <summary>Loads a run, or null when there is none.</summary>
    /// <exception cref="InvalidDataException">The state file is corrupt (the message names it).</exception>
    public ChecklistRunState? Load(string deviceKey, string checklistId)
    {
        string path = PathOf(deviceKey, checklistId);
        return File.Exists(path) ? Read(path) : null;
    }

    /// <summary>Writes the run (temp file + rename).</summary>
    public void Save(ChecklistRunState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        string path = PathOf(state.DeviceKey, state.ChecklistId);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        string tmp = path + ".tmp-" + Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture);
        using (var fs = new FileStream(tmp, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            JsonSerializer.Serialize(fs, state, JsonOptions);
        }
        File.Move(tmp, path, overwrite: true);
    }

    /// <summary>Deletes a run (<c>checklist reset</c>); true when there was one.</summary>
    public bool Delete(string deviceKey, string checklistId)
    {
        string path = PathOf(deviceKey, checklistId);
        if (!File.Exists(path)) return false;
        File.Delete(path);
        TryRemoveEmptyDir(Path.GetDirectoryName(path)!);
        return true;
    }

    /// <summary>Moves a run to another device key (provisional key → IMEI key) and saves it.
    /// An existing run under the new key is replaced.</summary>
    public void Rekey(ChecklistRunState state, string newKey)
    {
        ArgumentNullException.ThrowIfNull(state);
        string oldKey = state.DeviceKey;
        if (oldKey == newKey) return;
        state.DeviceKey = newKey;
        Save(state);
        Delete(oldKey, state.ChecklistId);
    }

    /// <summary>Every run on disk, newest first. Corrupt files are skipped.</summary>
    public IReadOnlyList<ChecklistRunState> List()
    {
        if (!Directory.Exists(Root)) return [];
        var list = new List<ChecklistRunState>();
        foreach (string dir in Directory.EnumerateDirectories(Root))
        {
            foreach (string file in Directory.EnumerateFiles(dir, "*.json"))
            {
                try { list.Add(Read(file)); }
                catch (InvalidDataException) { }
            }
        }
        return list.OrderByDescending(s => s.UpdatedAt).ToList();
    }

    /// <summary>The most recently updated run of <paramref name="checklistId"/> that is not completed, on any device.</summary>
    public ChecklistRunState? FindLatestUnfinished(string checklistId) =>
        List().FirstOrDefault(s => s.ChecklistId == checklistId && s.Status != RunStatus.Completed);

    private static ChecklistRunState Read(string path)
    {
        try
        {
            using FileStream fs = File.OpenRead(path);
            return JsonSerializer.Deserialize<ChecklistRunState>(fs, JsonOptions)
                ?? throw new InvalidDataException($"{path}: state file is empty");
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"{path}:{(ex.LineNumber ?? 0) + 1}: corrupt checklist state: {ex.Message}", ex);
        }
    }

    private static string SafeName(string name, string param)
    {
        ArgumentException.ThrowIfNullOrEmpty(name, param);
        if (name.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.')) || name.StartsWith('.'))
        {
            throw new ArgumentException($"'{name}' is not a safe file name", param);
        }
        return name;
    }

    private static void TryRemoveEmptyDir(string dir)
    {
        try
        {
            if (!Directory.EnumerateFileSystemEntries(dir).Any()) Directory.Delete(dir);
        }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}
