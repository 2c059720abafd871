using System.Text.Json;
using System.Text.Json.Serialization;
using ZteDiag.Workbench.Archive;

namespace ZteDiag.Workbench.Nv;

/// <summary>One NV item in nv.json / <c>nv backup</c> output.</summary>
/// <param name="Id">NV item id.</param>
/// <param name="Name">Qualcomm name when known, else "NV item N".</param>
/// <param name="Status">NV status the read returned (done, read_only…; not_active items are not stored).</param>
/// <param name="Data">The 128 data bytes as lower-case hex.</param>
public sealed record NvBackupItem(int Id, string Name, string Status, string Data);

/// <summary>An EFS NV item file (<c>/nv/item_files/…</c>) kept with the NV items.</summary>
/// <param name="Path">Absolute EFS path.</param>
/// <param name="Data">The file's bytes as lower-case hex.</param>
public sealed record NvItemFile(string Path, string Data);

/// <summary>
/// NV items of one device, as <c>nv.json</c> inside a backup archive and as the file of
/// <c>ztediag nv backup</c>. Holds NV 550 (the IMEI) in its encoded form: keep the file private.
/// </summary>
public sealed record NvBackupFile
{
    /// <summary>Schema version written by this code.</summary>
    public const int CurrentSchemaVersion = 1;

    /// <summary>Schema version.</summary>
    public int SchemaVersion { get; init; } = CurrentSchemaVersion;

    /// <summary>When the items were read.</summary>
    public DateTimeOffset CreatedUtc { get; init; }

    /// <summary>Device the items came from (IMEI fingerprint only).</summary>
    public DeviceIdentity? Device { get; init; }

    /// <summary>Item ranges that were scanned, e.g. "0-4095" plus the backup set.</summary>
    public string? Scanned { get; init; }

    /// <summary>Items, ascending by id.</summary>
    public IReadOnlyList<NvBackupItem> Items { get; init; } = [];

    /// <summary>EFS NV item files (QCN <c>Provisioning_Item_Files</c>), when read.</summary>
    public IReadOnlyList<NvItemFile>? ItemFiles { get; init; }

    /// <summary>Ids the modem protects by SPC that are NOT in this file (the SPC was not given).</summary>
    public IReadOnlyList<int>? NotSaved { get; init; }

    /// <summary>Ids the modem never lets DIAG read (keys, passwords, PRL): by design not in this file.</summary>
    public IReadOnlyList<int>? Unreadable { get; init; }

    /// <summary>JSON options (snake_case, indented).</summary>
    public static JsonSerializerOptions JsonOptions { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    /// <summary>UTF-8 JSON.</summary>
    public byte[] ToJson() => JsonSerializer.SerializeToUtf8Bytes(this, JsonOptions);

    /// <summary>Parses an NV backup; throws <see cref="JsonException"/> on malformed input or bad hex.</summary>
    public static NvBackupFile Parse(ReadOnlySpan<byte> json)
    {
        var file = JsonSerializer.Deserialize<NvBackupFile>(json, JsonOptions) ?? throw new JsonException("NV backup is 'null'");
        if (file.SchemaVersion != CurrentSchemaVersion)
        {
            throw new JsonException($"NV backup schema {file.SchemaVersion} is not supported (expected {CurrentSchemaVersion})");
        }

        // JSON null passes the deserializer for non-nullable members; refuse it here, typed.
        if (file.Items is null)
        {
            throw new JsonException("NV backup has no 'items' list");
        }

        var seen = new HashSet<int>();
        foreach (var item in file.Items)
        {
            if (item is not null && !seen.Add(item.Id))
            {
                throw new JsonException($"NV item {item.Id} appears twice");
            }

            if (item is null)
            {
                throw new JsonException("NV backup has a null item");
            }

            if (item.Data is null)
            {
                throw new JsonException($"NV item {item.Id}: data is missing");
            }

            if (item.Id is < 0 or > ushort.MaxValue)
            {
                throw new JsonException($"NV item id {item.Id} is out of range");
            }

            try
            {
                if (Convert.FromHexString(item.Data).Length > 128)
                {
                    throw new JsonException($"NV item {item.Id}: more than 128 data bytes");
                }
            }
            catch (FormatException ex)
            {
                throw new JsonException($"NV item {item.Id}: data is not hex", ex);
            }
        }

        return file;
    }
}
