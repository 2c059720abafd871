using System.Globalization;
using System.Text;
using ZteDiag.Protocol.Cfb;

namespace ZteDiag.Protocol.Qcn;

/// <summary>
/// A QPST NV backup as a storage tree (fixtures/qcn/README.md): root → <c>File_Version</c> and a model
/// storage (<c>00000000</c>) → <c>default</c> → <c>NV_NUMBERED_ITEMS</c> (<c>NV_ITEM_ARRAY</c>,
/// <c>NV_ITEM_ARRAY_SIM_1/2</c>), <c>EFS_Backup</c>, <c>Provisioning_Item_Files</c>, <c>NV_Items</c>
/// (each <c>EFS_Dir</c> + <c>EFS_Data</c>), <c>Mobile_Property_Info</c>. The same tree is a QCN (compound
/// file) or an XQCN (XML). The whole tree is kept, so streams this code does not interpret survive a
/// read and a write; the typed views below are parsed from it.
/// </summary>
public sealed record QcnDocument
{
    /// <summary>Storage and stream names of the QPST layout.</summary>
    public const string ModelStorage = "00000000", Default = "default", Numbered = "NV_NUMBERED_ITEMS", ItemArray = "NV_ITEM_ARRAY",
        ItemArraySim1 = "NV_ITEM_ARRAY_SIM_1", ItemArraySim2 = "NV_ITEM_ARRAY_SIM_2", EfsBackup = "EFS_Backup",
        ProvisioningItemFiles = "Provisioning_Item_Files", NvItemFiles = "NV_Items", EfsDir = "EFS_Dir", EfsData = "EFS_Data",
        MobilePropertyInfo = "Mobile_Property_Info", FileVersionName = "File_Version";

    private QcnDocument(CfbStorage tree) => Tree = tree;

    /// <summary>The whole storage tree (root name = the XQCN's outer storage name).</summary>
    public CfbStorage Tree { get; private init; }

    /// <summary>Items of <c>NV_ITEM_ARRAY</c>, in file order.</summary>
    public IReadOnlyList<QcnNvItem> Items { get; private init; } = [];

    /// <summary>Items of <c>NV_ITEM_ARRAY_SIM_1</c> and <c>_SIM_2</c> (kept, not restored by this tool).</summary>
    public IReadOnlyList<QcnNvItem> SimItems { get; private init; } = [];

    /// <summary><c>Provisioning_Item_Files</c> pairs.</summary>
    public IReadOnlyList<QcnEfsFile> ProvisioningFiles { get; private init; } = [];

    /// <summary><c>NV_Items</c> pairs (EFS-backed NV items).</summary>
    public IReadOnlyList<QcnEfsFile> NvItemFileEntries { get; private init; } = [];

    /// <summary><c>Mobile_Property_Info</c>, when present and readable.</summary>
    public QcnMobileProperty? Property { get; private init; }

    /// <summary><c>File_Version</c>, when present.</summary>
    public QcnFileVersion? Version { get; private init; }

    /// <summary>Builds a new document in QPST's layout.</summary>
    public static QcnDocument Create(
        string name, IEnumerable<QcnNvItem> items, IEnumerable<QcnEfsFile> provisioningFiles, IEnumerable<QcnEfsFile> nvItemFiles, QcnMobileProperty property)
    {
        ArgumentNullException.ThrowIfNull(property);
        var defaults = new CfbStorage(Default,
        [
            new CfbStorage(Numbered,
            [
                new CfbStream(ItemArray, QcnNvItem.WriteArray(items.OrderBy(i => i.Id))),
                new CfbStream(ItemArraySim1, []),
                new CfbStream(ItemArraySim2, []),
            ]),
            Pairs(EfsBackup, []),
            Pairs(ProvisioningItemFiles, provisioningFiles),
            Pairs(NvItemFiles, nvItemFiles),
            new CfbStream(MobilePropertyInfo, property.ToBytes()),
        ]);
        var tree = new CfbStorage(name, [new CfbStorage(ModelStorage, [defaults]), new CfbStream(FileVersionName, new QcnFileVersion(2, 0, 0).ToBytes())]);
        QcnProblem? p = TryParse(tree, out QcnDocument? doc);
        return p is null ? doc! : throw new ArgumentException(p.Detail, nameof(items));
    }

    private static CfbStorage Pairs(string name, IEnumerable<QcnEfsFile> files)
    {
        var list = files.OrderBy(f => f.Path, StringComparer.Ordinal).ToList();
        string Key(int i) => i.ToString("D8", CultureInfo.InvariantCulture);
        return new CfbStorage(name,
        [
            new CfbStorage(EfsDir, [.. list.Select((f, i) => new CfbStream(Key(i), [.. Encoding.Latin1.GetBytes(f.Path), 0]))]),
            new CfbStorage(EfsData, [.. list.Select((f, i) => new CfbStream(Key(i), f.Data))]),
        ]);
    }

    /// <summary>Reads the QPST views out of <paramref name="tree"/>; null on success.</summary>
    public static QcnProblem? TryParse(CfbStorage tree, out QcnDocument? document)
    {
        ArgumentNullException.ThrowIfNull(tree);
        document = null;
        CfbStorage? defaults = DefaultStorage(tree);
        if (defaults is null)
        {
            return new QcnProblem(QcnError.NotQcnLayout, "no <model>/default storage: not a QPST NV backup");
        }

        // newer QPST: default/NV_NUMBERED_ITEMS/NV_ITEM_ARRAY; older files keep NV_ITEM_ARRAY under default
        CfbStorage numbered = defaults.Storage(Numbered) ?? defaults;
        var items = new List<QcnNvItem>();
        if (numbered.Stream(ItemArray) is { } array && QcnNvItem.TryReadArray(array.Data, ItemArray, out items) is { } p1)
        {
            return p1;
        }

        var sim = new List<QcnNvItem>();
        foreach (string s in new[] { ItemArraySim1, ItemArraySim2 })
        {
            if (numbered.Stream(s) is { } simArray)
            {
                if (QcnNvItem.TryReadArray(simArray.Data, s, out List<QcnNvItem> got) is { } p2)
                {
                    return p2;
                }

                sim.AddRange(got);
            }
        }

        if (TryPairs(defaults.Storage(ProvisioningItemFiles), ProvisioningItemFiles, out List<QcnEfsFile> prov) is { } p3)
        {
            return p3;
        }

        if (TryPairs(defaults.Storage(NvItemFiles), NvItemFiles, out List<QcnEfsFile> nvFiles) is { } p4)
        {
            return p4;
        }

        document = new QcnDocument(tree)
        {
            Items = items,
            SimItems = sim,
            ProvisioningFiles = prov,
            NvItemFileEntries = nvFiles,
            Property = defaults.Stream(MobilePropertyInfo) is { } mp ? QcnMobileProperty.TryParse(mp.Data) : null,
            Version = tree.Stream(FileVersionName) is { } fv ? QcnFileVersion.TryParse(fv.Data) : null,
        };
        return null;
    }

    /// <summary>This document with <c>NV_ITEM_ARRAY</c> replaced by <paramref name="items"/>; every other stream kept.</summary>
    public QcnDocument WithItems(IEnumerable<QcnNvItem> items)
    {
        CfbStorage defaults = DefaultStorage(Tree)!;
        CfbStorage numbered = defaults.Storage(Numbered) ?? defaults;
        var array = new CfbStream(ItemArray, QcnNvItem.WriteArray(items.OrderBy(i => i.Id)));
        CfbStorage newNumbered = Replace(numbered, array);
        CfbStorage newDefaults = ReferenceEquals(numbered, defaults) ? newNumbered : Replace(defaults, newNumbered);
        CfbStorage model = Tree.Children.OfType<CfbStorage>().First(s => ReferenceEquals(s, ModelOf(Tree)));
        CfbStorage newTree = Replace(Tree, Replace(model, newDefaults));
        QcnProblem? p = TryParse(newTree, out QcnDocument? doc);
        return p is null ? doc! : throw new ArgumentException(p.Detail, nameof(items));
    }

    private static CfbStorage Replace(CfbStorage parent, CfbEntry child)
    {
        var list = parent.Children.ToList();
        int i = list.FindIndex(c => CfbNames.Compare(c.Name, child.Name) == 0);
        if (i < 0)
        {
            list.Insert(0, child);
        }
        else
        {
            list[i] = child;
        }

        return parent with { Children = list };
    }

    private static CfbStorage? ModelOf(CfbStorage tree) =>
        tree.Storage(ModelStorage) ?? tree.Children.OfType<CfbStorage>().FirstOrDefault(s => s.Storage(Default) is not null);

    private static CfbStorage? DefaultStorage(CfbStorage tree) => ModelOf(tree)?.Storage(Default);

    private static QcnProblem? TryPairs(CfbStorage? storage, string where, out List<QcnEfsFile> files)
    {
        files = [];
        if (storage is null)
        {
            return null;
        }

        CfbStorage? dir = storage.Storage(EfsDir), data = storage.Storage(EfsData);
        if (dir is null)
        {
            return null;
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (CfbStream entry in dir.Children.OfType<CfbStream>())
        {
            string raw = Encoding.Latin1.GetString(entry.Data).TrimEnd('\0');
            int slash = raw.IndexOf('/', StringComparison.Ordinal); // EFS_Backup entries carry a header before the path
            if (slash < 0)
            {
                return new QcnProblem(QcnError.BadItemFile, $"{where}/{EfsDir}/{entry.Name} holds no EFS path");
            }

            string path = raw[slash..];
            if (!seen.Add(path))
            {
                return new QcnProblem(QcnError.DuplicateItem, $"{where}: EFS item file {path} appears twice");
            }

            if (data?.Stream(entry.Name) is not { } bytes)
            {
                return new QcnProblem(QcnError.BadItemFile, $"{where}: EFS item file {path} has no {EfsData}/{entry.Name}");
            }

            files.Add(new QcnEfsFile(path, bytes.Data));
        }

        return null;
    }
}
