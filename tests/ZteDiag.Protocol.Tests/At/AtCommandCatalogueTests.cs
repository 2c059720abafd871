using ZteDiag.Protocol.At;

namespace ZteDiag.Protocol.Tests.At;

public class AtCommandCatalogueTests
{
    [Theory]
    [InlineData("ATI")]
    [InlineData("ATE0")]
    [InlineData("ATE1")]
    [InlineData("AT+CGMR")]
    [InlineData("AT+CGSN")]
    [InlineData("AT+GCAP")]
    [InlineData("AT+CIMI")]
    [InlineData("AT+CPIN?")]
    [InlineData("AT+CSQ")]
    [InlineData("AT+COPS?")]
    [InlineData("AT+COPS=?")]
    [InlineData("AT+CREG?")]
    [InlineData("AT+ZPAS?")]
    [InlineData("AT+ZSNT?")]
    [InlineData("AT+ZSNT=")]
    [InlineData("AT+ZOPRT?")]
    [InlineData("AT+ZOPRT=5")]
    [InlineData("AT+ZOPRT=6")]
    [InlineData("AT+ZRSSI")]
    [InlineData("AT+ZPINPUK=?")]
    [InlineData("AT+ZDON?")]
    [InlineData("AT+ZCDRUN=4")]
    [InlineData("AT+ZCDRUN=8")]
    [InlineData("AT+ZCDRUN=9")]
    [InlineData("AT+ZCDRUN=E")]
    [InlineData("AT+ZCDRUN=F")]
    [InlineData("AT+CGDCONT?")]
    [InlineData("AT+CGDCONT=")]
    [InlineData("AT+CUSD=")]
    [InlineData("AT+CPMS?")]
    [InlineData("AT+CMGF=")]
    [InlineData("AT+CMGL=")]
    [InlineData("AT+CMGR=")]
    [InlineData("AT+CMGS=")]
    [InlineData("AT+CSCA?")]
    [InlineData("AT+CMEE=")]
    [InlineData("AT+CFUN=")]
    [InlineData("ATD*99#")]
    public void Every_command_a_technician_needs_is_catalogued_with_help(string name)
    {
        var e = AtCommandCatalogue.Find(name);
        Assert.NotNull(e);
        Assert.False(string.IsNullOrWhiteSpace(e.Help));
        Assert.False(string.IsNullOrWhiteSpace(e.Syntax));
    }

    [Fact]
    public void Entering_download_mode_is_flagged_dangerous_but_leaving_it_is_not()
    {
        Assert.True(AtCommandCatalogue.Find("AT+ZCDRUN=E")!.IsDangerous);
        Assert.False(AtCommandCatalogue.Find("AT+ZCDRUN=F")!.IsDangerous);
        Assert.Equal(AtCommandCategory.ZteSpecific, AtCommandCatalogue.Find("at+zcdrun=e")!.Category);
    }

    [Fact]
    public void Complete_returns_every_zcdrun_variant_for_its_prefix()
    {
        var names = AtCommandCatalogue.Complete("at+zcd").Select(e => e.Name);
        Assert.Equal(["AT+ZCDRUN=4", "AT+ZCDRUN=8", "AT+ZCDRUN=9", "AT+ZCDRUN=E", "AT+ZCDRUN=F"], names);
    }

    [Fact]
    public void Complete_with_an_unknown_prefix_is_empty()
    {
        Assert.Empty(AtCommandCatalogue.Complete("AT+NOPE"));
    }

    [Fact]
    public void Match_finds_the_set_command_for_a_full_line()
    {
        Assert.Equal("AT+CGDCONT=", AtCommandCatalogue.Match("AT+CGDCONT=1,\"IP\",\"sipgate\"")!.Name);
        Assert.Equal("AT+COPS=?", AtCommandCatalogue.Match("AT+COPS=?")!.Name);
        Assert.Null(AtCommandCatalogue.Match("AT+XYZ=1"));
    }

    [Fact]
    public void Names_are_unique_ignoring_case()
    {
        var names = AtCommandCatalogue.All.Select(e => e.Name.ToUpperInvariant()).ToList();
        Assert.Equal(names.Count, names.Distinct().Count());
    }
}
