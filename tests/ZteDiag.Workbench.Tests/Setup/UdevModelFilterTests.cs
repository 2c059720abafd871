using ZteDiag.Device.Usb;
using ZteDiag.Workbench.Setup;

namespace ZteDiag.Workbench.Tests.Setup;

public class UdevModelFilterTests
{
    [Theory]
    [InlineData("mf627")]
    [InlineData("MF627")]
    [InlineData(" MF626 ")]
    public void A_model_selects_its_own_ids_and_the_ZeroCD_id_that_switches_to_it(string model)
    {
        string[] ids = [.. UdevModelFilter.Select(KnownUsbDevices.All, model).Select(d => d.Id)];
        Assert.Equal(["19d2:2000", "19d2:0031"], ids);
    }

    [Fact]
    public void A_model_sold_under_two_ids_gets_both()
    {
        // "ZTE MF620/MF622" is 0001 and "ZTE MF622/MF100" is 0002
        Assert.Equal(["19d2:2000", "19d2:0001", "19d2:0002"], UdevModelFilter.Select(KnownUsbDevices.All, "mf622").Select(d => d.Id));
    }

    [Fact]
    public void An_unknown_model_selects_nothing_and_the_known_models_exclude_generic_entries()
    {
        Assert.Empty(UdevModelFilter.Select(KnownUsbDevices.All, "mf999"));
        Assert.Empty(UdevModelFilter.Select(KnownUsbDevices.All, "19d2"));
        IReadOnlyList<string> known = UdevModelFilter.KnownModels(KnownUsbDevices.All);
        Assert.Contains("MF627", known);
        Assert.Contains("K3565", known);
        Assert.DoesNotContain(known, m => m.Contains(':', StringComparison.Ordinal));
    }

    [Fact]
    public void The_tool_path_is_the_process_unless_it_is_dotnet_then_the_apphost_beside_the_assembly()
    {
        using var dir = new ZteDiag.Workbench.Tests.Archive.TempDir();
        Assert.Equal("/opt/z/ztediag", ToolPathFinder.Current("/opt/z/ztediag", dir.Path));
        Assert.Null(ToolPathFinder.Current("/usr/share/dotnet/dotnet", dir.Path));
        File.WriteAllText(Path.Combine(dir.Path, "ztediag"), "");
        Assert.Equal(Path.Combine(dir.Path, "ztediag"), ToolPathFinder.Current("/usr/share/dotnet/dotnet", dir.Path));
    }
}
