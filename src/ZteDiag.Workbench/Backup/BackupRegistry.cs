using System.Text.Json;
using System.Text.Json.Serialization;
using ZteDiag.Workbench.Archive;

namespace ZteDiag.Workbench.Backup;

/// <summary>One backup remembered in the registry.</summary>
/// <param name="Path">Full path of the archive.</param>
/// <param name="CreatedUtc">When the backup was taken.</param>
/// <param name="ImeiHash">Salted IMEI hash from the manifest (null when the IMEI was unreadable).</param>
/// <param name="ImeiSalt">Salt of <paramref name="ImeiHash"/>.</param>
/// <param name="Model">Model, for humans.</param>
/// <param name="Revision">Firmware revision, for humans.</param>
/// <param name="Verified">True when <see cref="ArchiveVerifier"/> passed right after writing.</param>
public sealed record RecentBackup(
    string Path, DateTimeOffset CreatedUtc, string? ImeiHash, string? ImeiSalt, string? Model, string? Revision, bool Verified);

/// <summary>
/// The "recent backups" list in <c>$XDG_STATE_HOME/ztediag/backups.json</c> (default
/// <c>~/.local/state/ztediag/backups.json</c>): which archives were written and verified, so write
/// commands can find a backup of the device that is plugged in. Rewritten atomically (temp + rename);
/// keeps the newest <see cref="MaxEntries"/>.
/// </summary>
public sealed class BackupRegistry
{
    /// <summary>Most entries kept.</summary>
    public const int MaxEntries = 200;

    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>Uses <paramref name="path"/> as the registry file.</summary>
    public BackupRegistry(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        FilePath = path;
    }

    /// <summary>The registry file.</summary>
    public string FilePath { get; }

    /// <summary>The default file under the XDG state directory.</summary>
    public static string DefaultPath
    {
        get
        {
            string? state = Environment.GetEnvironmentVariable("XDG_STATE_HOME");
            if (string.IsNullOrEmpty(state))
            {
                state = System.IO.Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "state");
            }

            return System.IO.Path.Combine(state, "ztediag", "backups.json");
        }
    }

    /// <summary>All entries, newest first; an unreadable or missing file reads as empty.</summary>
    public IReadOnlyList<RecentBackup> Load()
    {
        try
        {
            byte[] json = File.ReadAllBytes(FilePath);
            return JsonSerializer.Deserialize<List<RecentBackup>>(json, JsonOptions) ?? [];
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or JsonException)
        {
            return [];
        }
    }

    /// <summary>Adds (or replaces, by path) an entry.</summary>
    public void Add(RecentBackup entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        lock (AddGate) // `backup --all` records several sticks at once: a read-modify-write must not lose one
        {
            AddLocked(entry);
        }
    }

    private static readonly Lock AddGate = new();

    private void AddLocked(RecentBackup entry)
    {
        var list = Load().Where(e => !string.Equals(e.Path, entry.Path, StringComparison.Ordinal)).ToList();
        list.Insert(0, entry);
        list = [.. list.OrderByDescending(e => e.CreatedUtc).Take(MaxEntries)];
        string dir = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(FilePath)) ?? ".";
        Directory.CreateDirectory(dir);
        string temp = System.IO.Path.Combine(dir, $".backups.{Guid.NewGuid():N}.tmp");
        File.WriteAllBytes(temp, JsonSerializer.SerializeToUtf8Bytes(list, JsonOptions));
        File.Move(temp, FilePath, overwrite: true);
    }

    /// <summary>The entry for <paramref name="archivePath"/> (full path compared), or null.</summary>
    public RecentBackup? Find(string archivePath)
    {
        string full = System.IO.Path.GetFullPath(archivePath);
        return Load().FirstOrDefault(e => string.Equals(e.Path, full, StringComparison.Ordinal));
    }

    /// <summary>Verified entries whose IMEI fingerprint matches <paramref name="imei"/>, newest first.</summary>
    public IReadOnlyList<RecentBackup> ForDevice(string imei) =>
        [.. Load().Where(e => e.Verified && e.ImeiHash is not null && e.ImeiSalt is not null
                               && new DeviceFingerprint("", e.ImeiSalt, e.ImeiHash).Matches(imei))];
}
