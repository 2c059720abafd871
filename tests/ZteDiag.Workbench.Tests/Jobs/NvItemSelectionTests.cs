using ZteDiag.Workbench.Nv;


namespace ZteDiag.Workbench.Tests.Jobs;

public sealed class NvItemSelectionTests
{
    private static readonly NvBackupFile File = new()
    {
        Items = [new(10, "NV_PREF_MODE_I", "done", "04"), new(441, "NV_BAND_PREF_I", "done", "ffff"), new(550, "NV_UE_IMEI_I", "done", "083a")],
        ItemFiles = [new("/nv/item_files/a", "01")],
    };

    [Theory]
    [InlineData("550", 550)]
    [InlineData("0x226", 550)]
    [InlineData("NV_UE_IMEI_I", 550)]
    [InlineData("ue_imei", 550)]
    public void An_item_is_named_by_number_hex_or_name(string token, int id) => Assert.Equal(id, NvItemSelection.Parse(token));

    [Fact]
    public void Only_the_named_items_are_kept_whether_separated_by_spaces_or_commas()
    {
        NvBackupFile only = NvItemSelection.Restrict(File, ["10,NV_BAND_PREF_I"], "stick.qcn", out var ids);
        Assert.Equal([10, 441], only.Items.Select(i => i.Id));
        Assert.Equal([10, 441], ids.Order());
        Assert.Equal(3, File.Items.Count); // the loaded file is not changed
    }

    [Fact]
    public void An_id_the_file_does_not_hold_is_an_error_naming_it_and_the_file()
    {
        var ex = Assert.Throws<NvSelectionException>(() => NvItemSelection.Restrict(File, ["10", "946"], "stick.qcn", out _));
        Assert.Contains("NV 946 NV_BAND_PREF_16_31_I is not in stick.qcn", ex.Message, StringComparison.Ordinal);
        Assert.Contains("holds 3 items", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("NV_NO_SUCH_ITEM")]
    [InlineData("70000")]
    [InlineData("-1")]
    [InlineData("0xZZ")]
    public void A_token_that_is_no_item_is_an_error(string token)
    {
        var ex = Assert.Throws<NvSelectionException>(() => NvItemSelection.Restrict(File, [token], "stick.qcn", out _));
        Assert.Contains(token, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_list_is_an_error() =>
        Assert.Throws<NvSelectionException>(() => NvItemSelection.Restrict(File, [" , "], "stick.qcn", out _));
}
