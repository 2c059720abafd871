using ZteDiag.Emulator.Profiles;
using ZteDiag.Emulator.State;
using ZteDiag.Protocol.Diag;

namespace ZteDiag.Emulator.Tests.State;

public class ProfileCatalogTests
{
    [Fact]
    public void Catalog_lists_the_four_built_in_profiles() =>
        Assert.Equal(["mf622", "mf626-globe", "mf627-mts", "mf627-mts-b02"], ProfileCatalog.Names);

    [Theory]
    [InlineData("mf627-mts", "MF627", "BD_MTSP673A4V1.0.0B01", 0x0031)]
    [InlineData("mf627-mts-b02", "MF627", "BD_MTSP673A4V1.0.0B02", 0x0031)]
    [InlineData("mf626-globe", "MF626", "BD_P673M3V1.0.1B02", 0x0031)]
    [InlineData("mf622", "MF622", "BD_P671A1V1.0.0B05", 0x0002)]
    public void Every_profile_loads_with_its_identity(string name, string model, string revision, int pid)
    {
        ModemProfile p = ProfileCatalog.Load(name);
        Assert.Equal(name, p.Name);
        Assert.Equal("ZTE INCORPORATED", p.Manufacturer);
        Assert.Equal(model, p.Model);
        Assert.Equal(revision, p.Revision);
        Assert.Equal(0x19d2, p.Usb.VendorId);
        Assert.Equal(pid, p.Usb.ProductId);
        Assert.True(Imei.IsLuhnValid(p.Imei));
        Assert.Equal("000000", p.Spc);
        Assert.Null(p.SecurityPassword);
        Assert.Contains(p.Usb.Interfaces, i => i.Role == UsbPortRole.Diag);
        Assert.Contains(p.Usb.Interfaces, i => i.Role == UsbPortRole.Modem);
        Assert.NotEmpty(p.Provenance);
        Assert.Contains(p.Provenance, n => n.Invented);
        // stock nvdiag.c reads the IMEI without the SPC; only mf626-globe keeps it protected (an explicit option)
        Assert.Contains(p.NvItems, i => i.Id == 550 && i.Protected == (name == "mf626-globe"));
        Assert.Contains(p.NvItems, i => i.Id == 85 && i.Protected);
    }

    [Fact]
    public void Mf627_mts_matches_the_field_facts()
    {
        ModemProfile p = ProfileCatalog.Load("mf627-mts");
        Assert.Equal("+GCAP: +CGSM,+FCLASS,+DS", p.Gcap);
        Assert.Equal("MTS RUS", p.Operator);
        Assert.True(p.SimPresent);
        Assert.False(p.SimLock);
        Assert.Equal([(0, UsbPortRole.Diag), (1, UsbPortRole.SecondaryAt), (2, UsbPortRole.MassStorage), (3, UsbPortRole.Modem)],
            p.Usb.Interfaces.Select(i => (i.Number, i.Role)));
        Assert.False(p.Usb.Interfaces[2].Tty);
        Assert.Equal("Mar 10 2010", p.Verno.CompDate);
        Assert.Equal("14:29:52", p.Verno.CompTime);
        Assert.Equal("KP671A2", p.Verno.VerDir);
        Assert.Equal(29, p.Verno.MobModel);
        Assert.Equal("M6290A-KPRZL-2.4.0105T", p.ExtBuildId!.BuildId);
        Assert.Equal(8, p.DiagVersion);
        Assert.Equal([19], p.EfsSubsystems);
        Assert.Equal(4 * 1024 * 1024, p.Efs.CdImageBytes);
    }

    [Fact]
    public void B02_is_sim_locked_and_globe_is_not()
    {
        Assert.True(ProfileCatalog.Load("mf627-mts-b02").SimLock);
        Assert.False(ProfileCatalog.Load("mf626-globe").SimLock);
        Assert.NotEqual(ProfileCatalog.Load("mf626-globe").Efs.PcuiVn, ProfileCatalog.Load("mf627-mts").Efs.PcuiVn);
    }

    [Fact]
    public void Mf622_uses_the_0002_layout_with_an_invented_diag_port()
    {
        ModemProfile p = ProfileCatalog.Load("mf622");
        Assert.Equal([(0, UsbPortRole.Diag), (2, UsbPortRole.Modem), (4, UsbPortRole.SecondaryAt)],
            p.Usb.Interfaces.Select(i => (i.Number, i.Role)));
        Assert.True(p.Usb.Interfaces[0].Invented);
    }

    [Fact]
    public void Unknown_profile_name_fails_with_the_list_of_known_names()
    {
        var ex = Assert.Throws<ArgumentException>(() => ProfileCatalog.Load("mf999"));
        Assert.Contains("mf999", ex.Message, StringComparison.Ordinal);
        Assert.Contains("mf627-mts", ex.Message, StringComparison.Ordinal);
    }
}
