using ZteDiag.Device.At;

namespace ZteDiag.Device.Tests.At;

public sealed class AtUrcCollapserTests
{
    [Fact]
    public void Repeats_of_one_urc_count_up_and_a_different_one_starts_a_new_line()
    {
        var c = new AtUrcCollapser();
        Assert.False(c.Observe("+ZUSIMR:2").IsRepeat);
        AtUrcUpdate second = c.Observe("+ZUSIMR:2");
        Assert.True(second.IsRepeat);
        Assert.Equal("+ZUSIMR:2 (×2)", second.Text);
        AtUrcUpdate other = c.Observe("+ZPASR: \"UMTS\"");
        Assert.Equal(1, other.Count);
        Assert.Equal("+ZPASR: \"UMTS\"", other.Text);
    }

    [Fact]
    public void The_zusimr_nag_offers_cpms_once_at_the_third_repeat()
    {
        var c = new AtUrcCollapser();
        Assert.Null(c.Observe("+ZUSIMR:2").Offer);
        Assert.Null(c.Observe("+ZUSIMR:2").Offer);
        AtOffer offer = c.Observe("+ZUSIMR:2").Offer!;
        Assert.Equal(["AT+CPMS?"], offer.Commands);
        Assert.Contains("+ZUSIMR:2", offer.Text, StringComparison.Ordinal);
        Assert.Null(c.Observe("+ZUSIMR:2").Offer);
    }

    [Fact]
    public void A_new_message_indication_offers_to_read_that_index_in_text_mode()
    {
        var c = new AtUrcCollapser();
        AtOffer offer = c.Observe("+CMTI: \"SM\",5").Offer!;
        Assert.Equal(["AT+CMGF=1", "AT+CMGR=5"], offer.Commands);
        Assert.Contains("sms read 5", offer.Text, StringComparison.Ordinal);
        Assert.Null(c.Observe("+CMTI: \"SM\"").Offer); // no index: nothing to offer
    }

    [Fact]
    public void Other_repeated_urcs_are_counted_but_not_called_a_nag()
    {
        var c = new AtUrcCollapser();
        for (int i = 0; i < 5; i++)
        {
            Assert.Null(c.Observe("RING").Offer);
        }
    }

    [Fact]
    public void Break_starts_a_new_line_for_the_same_urc()
    {
        var c = new AtUrcCollapser();
        c.Observe("RING");
        c.Break();
        Assert.Equal(1, c.Observe("RING").Count);
    }
}
