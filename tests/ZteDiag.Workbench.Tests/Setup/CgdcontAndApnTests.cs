using ZteDiag.Workbench.Setup;

namespace ZteDiag.Workbench.Tests.Setup;

public class CgdcontAndApnTests
{
    [Fact]
    public void Build_writes_context_1_ip_and_the_apn()
    {
        Assert.Equal("AT+CGDCONT=1,\"IP\",\"internet.beeline.ru\"", CgdcontCommand.Build("internet.beeline.ru"));
        Assert.Equal("AT+CGDCONT=2,\"IPV6\",\"ac.vodafone.es\"", CgdcontCommand.Build("ac.vodafone.es", 2, "IPV6"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("inter\"net")]
    [InlineData("inter,net")]
    [InlineData("inter net")]
    [InlineData("internet\r")]
    [InlineData("a\u0000b")]
    [InlineData(".internet")]
    [InlineData("internet.")]
    [InlineData("a..b")]
    [InlineData("интернет")]
    public void Bad_apns_are_rejected(string apn)
    {
        Assert.Throws<ArgumentException>(() => CgdcontCommand.Build(apn));
    }

    [Fact]
    public void A_101_character_apn_is_too_long()
    {
        Assert.Throws<ArgumentException>(() => CgdcontCommand.Build(new string('a', 101)));
        Assert.Equal(100 + "AT+CGDCONT=1,\"IP\",\"\"".Length, CgdcontCommand.Build(new string('a', 100)).Length);
    }

    [Fact]
    public void Check_finds_the_apn_in_a_query_reply()
    {
        string[] reply =
        [
            "AT+CGDCONT?",
            "+CGDCONT: 1,\"IP\",\"internet.mts.ru\",\"0.0.0.0\",0,0",
            "+CGDCONT: 2,\"IP\",\"\",\"0.0.0.0\",0,0",
            "",
            "OK",
        ];
        CgdcontCheck ok = CgdcontCommand.Check(reply, "INTERNET.MTS.RU");
        Assert.True(ok.IsSet);
        Assert.Equal(new PdpContext(1, "IP", "internet.mts.ru"), ok.Actual);

        CgdcontCheck wrong = CgdcontCommand.Check(reply, "internet.beeline.ru");
        Assert.False(wrong.IsSet);
        Assert.Equal("context 1 is \"IP\",\"internet.mts.ru\", expected \"IP\",\"internet.beeline.ru\"", wrong.Message);

        Assert.Equal(2, CgdcontCommand.Parse(reply).Count);
    }

    [Fact]
    public void An_undefined_context_is_reported()
    {
        CgdcontCheck r = CgdcontCommand.Check(["OK"], "internet");
        Assert.False(r.IsSet);
        Assert.Null(r.Actual);
        Assert.Contains("not defined", r.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Malformed_lines_are_skipped()
    {
        Assert.Empty(CgdcontCommand.Parse(["+CGDCONT: x,\"IP\",\"a\"", "+CGDCONT: 1", "+CGDCONT:"]));
        Assert.Single(CgdcontCommand.Parse(["+cgdcont: 1,\"IP\",\"a,b\""]), c => c.Apn == "a,b");
    }

    [Theory]
    [InlineData("MegaFon", "internet", null, null)]
    [InlineData("Beeline", "internet.beeline.ru", "beeline", "beeline")]
    [InlineData("MTS", "internet.mts.ru", "mts", "mts")]
    [InlineData("Tele2", "internet.tele2.ru", null, null)]
    [InlineData("Utel", "internet.usi.ru", null, null)]
    [InlineData("threeuk", "three.co.uk", null, null)]
    public void The_seed_operators_have_presets(string name, string apn, string? user, string? password)
    {
        ApnPreset p = ApnPresets.Find(name)!;
        Assert.Equal(apn, p.Apn);
        Assert.Equal(user, p.User);
        Assert.Equal(password, p.Password);
        Assert.True(p.Verified); // each is a line of a field write-up
        Assert.StartsWith("from ", p.Note, StringComparison.Ordinal);
        Assert.DoesNotContain("DEVICES.md", p.Note, StringComparison.Ordinal); // users do not have that file
    }

    [Theory]
    [InlineData("MTS", "MTS")]
    [InlineData("three", "Three UK")]
    [InlineData("beeline", "Beeline")]
    public void An_apn_that_is_an_operator_name_is_recognised(string apn, string op) =>
        Assert.Equal(op, ApnPresets.LooksLikeOperator(apn)?.Operator);

    [Theory]
    [InlineData("internet")]
    [InlineData("internet.mts.ru")]
    [InlineData("my.corp.apn")]
    public void A_real_apn_is_not_taken_for_an_operator(string apn) => Assert.Null(ApnPresets.LooksLikeOperator(apn));

    [Fact]
    public void Every_preset_names_its_source_and_every_apn_builds()
    {
        Assert.All(ApnPresets.All, p => Assert.True(p.Verified, p.Operator));
        Assert.All(ApnPresets.All, p => CgdcontCommand.Build(p.Apn));
        Assert.Null(ApnPresets.Find("Telstra"));
    }
}
