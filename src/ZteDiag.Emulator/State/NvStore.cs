using System.Text.Json;
using System.Text.Json.Serialization;
using ZteDiag.Protocol.Diag;

namespace ZteDiag.Emulator.State;

/// <summary>
/// Outcome of an NV access. When <see cref="SpcRequired"/> is true the DIAG layer answers with a
/// BAD_SPC_MODE (0x42) error packet instead of an NV response; <see cref="Status"/> is then meaningless.
/// </summary>
/// <param name="Status">nv_stat for the response.</param>
/// <param name="SpcRequired">The item is SPC-protected and the SPC has not been accepted.</param>
/// <param name="Refused">Stock <c>nvdiag.c</c> never allows this access (unreadable or unwritable item): the DIAG layer answers BAD_PARM (0x14).</param>
public readonly record struct NvResult(NvStatus Status, bool SpcRequired = false, bool Refused = false)
{
    /// <summary>Success.</summary>
    public static NvResult Done => new(NvStatus.Done);
}

/// <summary>
/// NV items of the virtual modem: id → 128 data bytes (or inactive), persisted in <c>&lt;state&gt;/nv.json</c>
/// (whole file replaced by temp+rename on every write, so a crash keeps the old or the new set).
/// Thread-safe.
/// </summary>
public sealed class NvStore
{
    /// <summary>Size of item_data in NV packets.</summary>
    public const int ItemSize = 128;
    /// <summary>File name inside the state directory.</summary>
    public const string FileName = "nv.json";
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    private readonly Lock _lock = new();
    private readonly string _path;
    private readonly SortedDictionary<ushort, byte[]> _items = [];
    private readonly HashSet<ushort> _protected = [];
    private readonly HashSet<ushort> _readOnly = [];

    private sealed record NvFile
    {
        [JsonPropertyName("items")] public SortedDictionary<string, string> Items { get; init; } = [];
        [JsonPropertyName("protected")] public List<ushort> Protected { get; init; } = [];
        [JsonPropertyName("readOnly")] public List<ushort> ReadOnly { get; init; } = [];
    }

    private NvStore(string path) => _path = path;

    /// <summary>Loads <c>nv.json</c> from <paramref name="stateDir"/> (an empty store when missing).</summary>
    public static NvStore Open(string stateDir)
    {
        var store = new NvStore(Path.Combine(stateDir, FileName));
        if (File.Exists(store._path))
        {
            NvFile file = JsonSerializer.Deserialize<NvFile>(File.ReadAllBytes(store._path), Json) ?? new NvFile();
            foreach ((string id, string hex) in file.Items)
            {
                store._items[ushort.Parse(id, System.Globalization.CultureInfo.InvariantCulture)] = Pad(Convert.FromHexString(hex));
            }

            store._protected.UnionWith(file.Protected);
            store._readOnly.UnionWith(file.ReadOnly);
        }

        return store;
    }

    /// <summary>Item ids that currently hold data.</summary>
    public IReadOnlyList<ushort> ActiveItems { get { lock (_lock) { return [.. _items.Keys]; } } }

    /// <summary>True when reading or writing <paramref name="item"/> needs the SPC first.</summary>
    public bool IsProtected(ushort item) { lock (_lock) { return _protected.Contains(item); } }

    /// <summary>NV_READ: copies the 128 data bytes into <paramref name="destination"/> (zeros when inactive).</summary>
    public NvResult Read(ushort item, Span<byte> destination, bool spcUnlocked)
    {
        if (destination.Length < ItemSize)
        {
            throw new ArgumentException($"Destination must hold {ItemSize} bytes.", nameof(destination));
        }

        lock (_lock)
        {
            destination[..ItemSize].Clear();
            NvAccess access = NvItemCatalog.AccessOf(item);
            if (access.HasFlag(NvAccess.Unreadable))
            {
                return new NvResult(NvStatus.Done, Refused: true); // even after the SPC (nvdiag.c unreadable_nv_item)
            }

            if ((access.HasFlag(NvAccess.SpcToRead) || _protected.Contains(item)) && !spcUnlocked)
            {
                return new NvResult(NvStatus.Done, SpcRequired: true);
            }

            if (!_items.TryGetValue(item, out byte[]? data))
            {
                return new NvResult(NvStatus.NotActive);
            }

            data.CopyTo(destination);
            return NvResult.Done;
        }
    }

    /// <summary>NV_WRITE: stores up to 128 bytes (zero-padded) and persists.</summary>
    public NvResult Write(ushort item, ReadOnlySpan<byte> data, bool spcUnlocked)
    {
        lock (_lock)
        {
            NvAccess access = NvItemCatalog.AccessOf(item);
            if (access.HasFlag(NvAccess.Unwritable))
            {
                return new NvResult(NvStatus.Done, Refused: true); // nvdiag.c unwritable_nv_item
            }

            if ((access.HasFlag(NvAccess.SpcToWrite) || _protected.Contains(item)) && !spcUnlocked)
            {
                return new NvResult(NvStatus.Done, SpcRequired: true);
            }

            if (data.Length > ItemSize)
            {
                return new NvResult(NvStatus.BadParameter);
            }

            if (_readOnly.Contains(item) && _items.ContainsKey(item))
            {
                return new NvResult(NvStatus.ReadOnly);
            }

            _items[item] = Pad(data);
            Save();
            return NvResult.Done;
        }
    }

    /// <summary>Provisioning (factory) write: bypasses SPC and read-only, sets the item's protection.</summary>
    public void Provision(ushort item, ReadOnlySpan<byte> data, bool isProtected, bool isReadOnly)
    {
        if (data.Length > ItemSize)
        {
            throw new ArgumentException($"NV data is limited to {ItemSize} bytes.", nameof(data));
        }

        lock (_lock)
        {
            _items[item] = Pad(data);
            if (isProtected) { _protected.Add(item); } else { _protected.Remove(item); }
            if (isReadOnly) { _readOnly.Add(item); } else { _readOnly.Remove(item); }
            Save();
        }
    }

    /// <summary>Provisions many items with one save (the generated NV image at first boot).</summary>
    public void ProvisionAll(IEnumerable<(ushort Item, byte[] Data, bool IsProtected, bool IsReadOnly)> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        lock (_lock)
        {
            foreach (var (item, data, isProtected, isReadOnly) in items)
            {
                if (data.Length > ItemSize)
                {
                    throw new ArgumentException($"NV data is limited to {ItemSize} bytes.", nameof(items));
                }

                _items[item] = Pad(data);
                if (isProtected) { _protected.Add(item); } else { _protected.Remove(item); }
                if (isReadOnly) { _readOnly.Add(item); } else { _readOnly.Remove(item); }
            }

            Save();
        }
    }

    private static byte[] Pad(ReadOnlySpan<byte> data)
    {
        var b = new byte[ItemSize];
        data[..Math.Min(data.Length, ItemSize)].CopyTo(b);
        return b;
    }

    private void Save()
    {
        var file = new NvFile
        {
            Items = new SortedDictionary<string, string>(
                _items.ToDictionary(kv => kv.Key.ToString("D5", System.Globalization.CultureInfo.InvariantCulture), kv => Convert.ToHexString(kv.Value)),
                StringComparer.Ordinal),
            Protected = [.. _protected.Order()],
            ReadOnly = [.. _readOnly.Order()],
        };
        AtomicFile.Write(_path, JsonSerializer.SerializeToUtf8Bytes(file, Json));
    }
}
