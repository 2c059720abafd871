using System.Text.Json;
using System.Text.Json.Serialization;

namespace ZteDiag.Workbench.Archive;

/// <summary>
/// manifest.json of a backup archive (schema version 1). Serialised with snake_case names by
/// <see cref="BackupManifestJson"/>.
/// </summary>
public sealed record BackupManifest
{
    /// <summary>The schema version this code writes and reads.</summary>
    public const int CurrentSchemaVersion = 1;

    /// <summary>Schema version; readers reject anything but <see cref="CurrentSchemaVersion"/>.</summary>
    public int SchemaVersion { get; init; } = CurrentSchemaVersion;

    /// <summary>Version of the ZteDiag build that wrote the archive.</summary>
    public required string ToolVersion { get; init; }

    /// <summary>When the backup was taken (UTC).</summary>
    public required DateTimeOffset CreatedUtc { get; init; }

    /// <summary>Who the backup came from; null for plain-folder sources.</summary>
    public DeviceIdentity? Device { get; init; }

    /// <summary>DIAG subsystem id used for EFS (19 default, 62 alternate).</summary>
    public int EfsSubsystem { get; init; } = 19;

    /// <summary>True when the archive carries NV items (nv.json, nv.qcn or both).</summary>
    public bool NvItems => Nv is not null || NvQcn is not null;

    /// <summary>Size and hash of nv.json, or null when the backup has no JSON view of its NV items.</summary>
    public NvSummary? Nv { get; init; }

    /// <summary>
    /// Size and hash of nv.qcn (the NV image as QPST's QCN, item files included), or null: archives from before
    /// it carry nv.json only. When both are present they hold the same items (checked on every read).
    /// </summary>
    public NvSummary? NvQcn { get; init; }

    /// <summary>Every entry of the tree, in the order the walker produced them.</summary>
    public IReadOnlyList<ManifestEntry> Entries { get; init; } = [];

    /// <summary>
    /// Names the modem listed that were left out, not being one path component (e.g. <c>a/../../etc/passwd</c>);
    /// null (omitted) when there were none. Readers never restore them; they show the backup is not the whole tree.
    /// </summary>
    public IReadOnlyList<RefusedName>? RefusedNames { get; init; }
}

/// <summary>A listed name the backup left out (see <see cref="BackupManifest.RefusedNames"/>).</summary>
/// <param name="Directory">The directory whose listing returned it.</param>
/// <param name="Name">The name exactly as listed.</param>
/// <param name="Reason">Why it was left out.</param>
public sealed record RefusedName(string Directory, string Name, string Reason);

/// <summary>nv.json / nv.qcn bookkeeping in the manifest.</summary>
/// <param name="Size">Bytes of the file.</param>
/// <param name="Sha256">Lower-case hex SHA-256 of the file.</param>
public sealed record NvSummary(long Size, string Sha256);

/// <summary>Device identity recorded in a backup. IMEI only masked and as a salted hash.</summary>
public sealed record DeviceIdentity
{
    /// <summary>Model, e.g. MF627.</summary>
    public string? Model { get; init; }

    /// <summary>Firmware revision from ATI / AT+CGMR, e.g. BD_MTSP673A4V1.0.0B01.</summary>
    public string? Revision { get; init; }

    /// <summary>Manufacturer, e.g. ZTE CORPORATION.</summary>
    public string? Manufacturer { get; init; }

    /// <summary>VERNO reply fields as strings (comp_date, comp_time, rel_date, rel_time, ver_dir, …).</summary>
    public IReadOnlyDictionary<string, string>? Verno { get; init; }

    /// <summary>ESN, if the modem has one.</summary>
    public string? Esn { get; init; }

    /// <summary>IMEI with the middle digits masked (<see cref="DeviceFingerprint.Mask"/>).</summary>
    public string? ImeiMasked { get; init; }

    /// <summary>Lower-case hex SHA-256 of (salt ‖ IMEI digits); see <see cref="DeviceFingerprint"/>.</summary>
    public string? ImeiHash { get; init; }

    /// <summary>Per-archive random salt (lower-case hex) for <see cref="ImeiHash"/>.</summary>
    public string? ImeiSalt { get; init; }

    /// <summary>Copies masked IMEI, hash and salt from <paramref name="fingerprint"/>.</summary>
    public DeviceIdentity WithFingerprint(DeviceFingerprint fingerprint)
    {
        ArgumentNullException.ThrowIfNull(fingerprint);
        return this with { ImeiMasked = fingerprint.Masked, ImeiHash = fingerprint.HashHex, ImeiSalt = fingerprint.SaltHex };
    }

    /// <summary>True when this identity's salted hash was made from <paramref name="imei"/>.</summary>
    public bool MatchesImei(string imei) =>
        ImeiHash is not null && ImeiSalt is not null
        && new DeviceFingerprint(ImeiMasked ?? "", ImeiSalt, ImeiHash).Matches(imei);
}

/// <summary>One entry of the backed-up tree.</summary>
public sealed record ManifestEntry
{
    /// <summary>Absolute EFS path, '/'-separated.</summary>
    public required string Path { get; init; }

    /// <summary>File, item file, directory or symlink.</summary>
    public required EntryKind Kind { get; init; }

    /// <summary>st_mode as reported by the modem.</summary>
    public int Mode { get; init; }

    /// <summary>st_size (for readable files: exactly the bytes stored under efs/).</summary>
    public long Size { get; init; }

    /// <summary>Access time, u32 POSIX seconds.</summary>
    public uint Atime { get; init; }

    /// <summary>Modification time, u32 POSIX seconds.</summary>
    public uint Mtime { get; init; }

    /// <summary>Change time, u32 POSIX seconds.</summary>
    public uint Ctime { get; init; }

    /// <summary>Lower-case hex SHA-256 of the content (readable files and item files only).</summary>
    public string? Sha256 { get; init; }

    /// <summary>Link target as READLINK returned it (symlinks only).</summary>
    public string? LinkTarget { get; init; }

    /// <summary>True when the modem refused to read the entry; no content is stored.</summary>
    public bool Unreadable { get; init; }

    /// <summary>Why it was unreadable: the EFS errno name (e.g. EACCES).</summary>
    public string? UnreadableReason { get; init; }
}

/// <summary>Reads and writes <see cref="BackupManifest"/> as JSON.</summary>
public static class BackupManifestJson
{
    /// <summary>Options used for manifest.json: snake_case, enums as snake_case strings, nulls omitted.</summary>
    public static JsonSerializerOptions Options { get; } = CreateOptions();

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions
        {
            TypeInfoResolver = new System.Text.Json.Serialization.Metadata.DefaultJsonTypeInfoResolver(),
            PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
            DictionaryKeyPolicy = null,
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            WriteIndented = true,
            MaxDepth = 16,
            AllowTrailingCommas = false,
            ReadCommentHandling = JsonCommentHandling.Disallow,
        };
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower, allowIntegerValues: false));
        options.MakeReadOnly();
        return options;
    }

    /// <summary>UTF-8 JSON of <paramref name="manifest"/>.</summary>
    public static byte[] Serialize(BackupManifest manifest) => JsonSerializer.SerializeToUtf8Bytes(manifest, Options);

    /// <summary>Parses manifest.json. Throws <see cref="JsonException"/> on malformed input.</summary>
    public static BackupManifest Deserialize(ReadOnlySpan<byte> utf8Json) =>
        JsonSerializer.Deserialize<BackupManifest>(utf8Json, Options)
        ?? throw new JsonException("manifest.json is 'null'");
}
