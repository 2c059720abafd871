using ZteDiag.Protocol.Diag;

namespace ZteDiag.Workbench.Nv;

/// <summary>How one NV item (or item file) differs between two NV images.</summary>
public enum NvDiffKind
{
    /// <summary>Only the first image (A) holds it.</summary>
    OnlyInA,

    /// <summary>Only the second image (B) holds it.</summary>
    OnlyInB,

    /// <summary>Both hold it with other bytes.</summary>
    Differs,

    /// <summary>One side holds it, the other could not read it (needed the SPC, or unreadable by design): not known equal.</summary>
    NotCompared,
}

/// <summary>One NV item that is not the same in both images.</summary>
/// <param name="Id">NV item id.</param>
/// <param name="Name">Qualcomm name or "NV item N".</param>
/// <param name="Kind">How it differs.</param>
/// <param name="A">The 128 data bytes in A (null when A does not hold it).</param>
/// <param name="B">The 128 data bytes in B (null when B does not hold it).</param>
/// <param name="Reason">For <see cref="NvDiffKind.NotCompared"/>: why one side has no value.</param>
public sealed record NvItemDiff(int Id, string Name, NvDiffKind Kind, byte[]? A, byte[]? B, string? Reason = null);

/// <summary>One EFS NV item file that is not the same in both images.</summary>
/// <param name="Path">EFS path.</param>
/// <param name="Kind">Only in A, only in B, or differs.</param>
/// <param name="SizeA">Bytes in A (null when absent).</param>
/// <param name="SizeB">Bytes in B (null when absent).</param>
public sealed record NvItemFileDiff(string Path, NvDiffKind Kind, int? SizeA, int? SizeB);

/// <summary>Outcome of <see cref="NvImageDiff.Compare"/>.</summary>
/// <param name="Items">Items that are not the same, ascending by id.</param>
/// <param name="ItemFiles">Item files that are not the same, by path (empty when not compared).</param>
/// <param name="SameItems">Items both hold with equal bytes.</param>
/// <param name="SameItemFiles">Item files both hold with equal bytes.</param>
/// <param name="ItemFilesCompared">False when one side records no item files at all (e.g. a JSON of single items).</param>
public sealed record NvImageDiffResult(
    IReadOnlyList<NvItemDiff> Items, IReadOnlyList<NvItemFileDiff> ItemFiles, int SameItems, int SameItemFiles, bool ItemFilesCompared)
{
    /// <summary>True when every item and item file was compared and found equal.</summary>
    public bool AreEqual => Items.Count == 0 && ItemFiles.Count == 0;

    /// <summary>Items (and item files) of <paramref name="kind"/>.</summary>
    public int Count(NvDiffKind kind) => Items.Count(i => i.Kind == kind) + ItemFiles.Count(f => f.Kind == kind);
}

/// <summary>
/// Compares two NV images (<see cref="NvBackupFile"/> from a QCN, XQCN, JSON, archive or a device scan).
/// Item data is compared over 128 bytes with the missing tail as zeros, because QCN stores every item
/// padded to 128 bytes while a JSON may keep fewer; the status is not compared (QCN records none).
/// </summary>
public static class NvImageDiff
{
    /// <summary>Compares <paramref name="a"/> with <paramref name="b"/>.</summary>
    public static NvImageDiffResult Compare(NvBackupFile a, NvBackupFile b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        var left = a.Items.ToDictionary(i => i.Id, i => Padded(i.Data));
        var right = b.Items.ToDictionary(i => i.Id, i => Padded(i.Data));
        var items = new List<NvItemDiff>();
        int same = 0;
        foreach (int id in left.Keys.Union(right.Keys).Order())
        {
            string name = NvItems.Name((ushort)id);
            bool inA = left.TryGetValue(id, out byte[]? da), inB = right.TryGetValue(id, out byte[]? db);
            if (inA && inB)
            {
                if (da.AsSpan().SequenceEqual(db))
                {
                    same++;
                }
                else
                {
                    items.Add(new NvItemDiff(id, name, NvDiffKind.Differs, da, db));
                }
            }
            else if (WhyMissing(inA ? b : a, id) is { } reason)
            {
                items.Add(new NvItemDiff(id, name, NvDiffKind.NotCompared, da, db, (inA ? "B " : "A ") + reason));
            }
            else
            {
                items.Add(new NvItemDiff(id, name, inA ? NvDiffKind.OnlyInA : NvDiffKind.OnlyInB, da, db));
            }
        }

        if (a.ItemFiles is null || b.ItemFiles is null)
        {
            return new NvImageDiffResult(items, [], same, 0, ItemFilesCompared: false);
        }

        var (files, sameFiles) = CompareFiles(a.ItemFiles, b.ItemFiles);
        return new NvImageDiffResult(items, files, same, sameFiles, ItemFilesCompared: true);
    }

    private static (List<NvItemFileDiff> Diffs, int Same) CompareFiles(IReadOnlyList<NvItemFile> a, IReadOnlyList<NvItemFile> b)
    {
        // a path listed twice keeps its last copy, as a restore writing them in order would
        var left = new Dictionary<string, string>(StringComparer.Ordinal);
        var right = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var f in a) left[f.Path] = f.Data.ToLowerInvariant();
        foreach (var f in b) right[f.Path] = f.Data.ToLowerInvariant();
        var diffs = new List<NvItemFileDiff>();
        int same = 0;
        foreach (string path in left.Keys.Union(right.Keys).Order(StringComparer.Ordinal))
        {
            bool inA = left.TryGetValue(path, out string? ha), inB = right.TryGetValue(path, out string? hb);
            int? sa = inA ? ha!.Length / 2 : null, sb = inB ? hb!.Length / 2 : null;
            if (inA && inB && string.Equals(ha, hb, StringComparison.Ordinal))
            {
                same++;
            }
            else
            {
                diffs.Add(new NvItemFileDiff(path, inA && inB ? NvDiffKind.Differs : inA ? NvDiffKind.OnlyInA : NvDiffKind.OnlyInB, sa, sb));
            }
        }

        return (diffs, same);
    }

    /// <summary>Why <paramref name="side"/> has no value of <paramref name="id"/> although the item exists there, or null.</summary>
    private static string? WhyMissing(NvBackupFile side, int id) =>
        side.NotSaved?.Contains(id) == true ? "could not read it without the SPC"
        : side.Unreadable?.Contains(id) == true ? "cannot read it (unreadable by design)"
        : null;

    private static byte[] Padded(string hex)
    {
        byte[] data = Convert.FromHexString(hex);
        if (data.Length >= NvPacket.DataLength)
        {
            return data;
        }

        byte[] padded = new byte[NvPacket.DataLength];
        data.CopyTo(padded, 0);
        return padded;
    }
}
