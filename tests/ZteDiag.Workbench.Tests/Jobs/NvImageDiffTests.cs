using ZteDiag.Workbench.Nv;


namespace ZteDiag.Workbench.Tests.Jobs;

public sealed class NvImageDiffTests
{
    private static NvBackupItem Item(int id, string hex) => new(id, $"NV item {id}", "done", hex);

    private static NvBackupFile Image(params NvBackupItem[] items) => new() { Items = items };

    [Fact]
    public void Equal_images_have_no_differences_and_count_every_item_as_same()
    {
        var r = NvImageDiff.Compare(Image(Item(10, "0e"), Item(441, "ffff")), Image(Item(10, "0e"), Item(441, "ffff")));
        Assert.True(r.AreEqual);
        Assert.Equal(2, r.SameItems);
        Assert.False(r.ItemFilesCompared);
    }

    [Fact]
    public void A_short_json_item_equals_the_same_bytes_padded_to_128_as_a_qcn_stores_them()
    {
        string padded = "0e" + new string('0', 254);
        var r = NvImageDiff.Compare(Image(Item(10, "0e")), Image(Item(10, padded)));
        Assert.True(r.AreEqual);
    }

    [Fact]
    public void Items_only_in_one_side_and_changed_items_are_told_apart_in_id_order()
    {
        var r = NvImageDiff.Compare(
            Image(Item(10, "0e"), Item(20, "01"), Item(441, "ffff")),
            Image(Item(10, "04"), Item(441, "ffff"), Item(946, "0100")));
        Assert.False(r.AreEqual);
        Assert.Equal(1, r.SameItems);
        Assert.Equal([(10, NvDiffKind.Differs), (20, NvDiffKind.OnlyInA), (946, NvDiffKind.OnlyInB)], r.Items.Select(i => (i.Id, i.Kind)));
        NvItemDiff changed = r.Items[0];
        Assert.Equal(0x0e, changed.A![0]);
        Assert.Equal(0x04, changed.B![0]);
        Assert.Equal(128, changed.A.Length);
        Assert.Null(r.Items[1].B);
        Assert.Null(r.Items[2].A);
        Assert.Equal(1, r.Count(NvDiffKind.Differs));
        Assert.Equal(1, r.Count(NvDiffKind.OnlyInA));
    }

    [Fact]
    public void An_item_the_other_side_could_not_read_is_not_compared_rather_than_called_missing()
    {
        var device = Image(Item(10, "0e")) with { NotSaved = [85], Unreadable = [25] };
        var r = NvImageDiff.Compare(Image(Item(10, "0e"), Item(85, "303030303030"), Item(25, "00")), device);
        Assert.Equal([(25, NvDiffKind.NotCompared), (85, NvDiffKind.NotCompared)], r.Items.Select(i => (i.Id, i.Kind)));
        Assert.Contains("SPC", r.Items[1].Reason, StringComparison.Ordinal);
        Assert.StartsWith("B ", r.Items[1].Reason, StringComparison.Ordinal);
        Assert.Contains("unreadable by design", r.Items[0].Reason, StringComparison.Ordinal);
        Assert.False(r.AreEqual); // not known equal: the exit code says "different"
    }

    [Fact]
    public void Item_files_are_compared_by_path_when_both_sides_record_them()
    {
        var a = Image(Item(10, "0e")) with { ItemFiles = [new("/nv/item_files/a", "01"), new("/nv/item_files/b", "0203"), new("/nv/item_files/c", "ff")] };
        var b = Image(Item(10, "0e")) with { ItemFiles = [new("/nv/item_files/a", "01"), new("/nv/item_files/b", "0204"), new("/nv/item_files/d", "")] };
        var r = NvImageDiff.Compare(a, b);
        Assert.True(r.ItemFilesCompared);
        Assert.Equal(1, r.SameItemFiles);
        Assert.Equal(
            [("/nv/item_files/b", NvDiffKind.Differs, (int?)2, (int?)2), ("/nv/item_files/c", NvDiffKind.OnlyInA, 1, null), ("/nv/item_files/d", NvDiffKind.OnlyInB, null, 0)],
            r.ItemFiles.Select(f => (f.Path, f.Kind, f.SizeA, f.SizeB)));
        Assert.Empty(r.Items);
        Assert.False(r.AreEqual);
    }

    [Fact]
    public void Item_files_are_not_compared_when_one_side_records_none()
    {
        var a = Image(Item(10, "0e")) with { ItemFiles = [new("/nv/item_files/a", "01")] };
        var r = NvImageDiff.Compare(a, Image(Item(10, "0e")));
        Assert.False(r.ItemFilesCompared);
        Assert.True(r.AreEqual);
    }
}
