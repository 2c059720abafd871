using ZteDiag.Protocol.At;

namespace ZteDiag.Protocol.Tests.At;

/// <summary>The readers behind `status`, `pin` and `network`, against modem texts as published (captures, 27.007 layouts).</summary>
public class ConnectionReadersTests
{
    private static AtReply Ok(string command, params string[] lines) => new(command, lines, AtFinalResult.Ok);

    [Fact]
    public void ZPINPUK_gives_the_PIN_and_PUK_attempts_in_that_order()
    {
        // ModemManager's ZTE plugin reads "+ZPINPUK: <pin>,<puk>" (DEVICES.md §3.2 [S6])
        Assert.Equal(AtParseStatus.Ok, ZpinpukReply.TryParse(Ok(ZpinpukReply.Command, "+ZPINPUK: 3,10"), out var r));
        Assert.Equal(new ZpinpukReply(3, 10), r);
        Assert.Equal(AtParseStatus.Ok, ZpinpukReply.TryParse("+ZPINPUK: 0,9", out r));
        Assert.Equal(new ZpinpukReply(0, 9), r);
        Assert.Equal(AtParseStatus.Malformed, ZpinpukReply.TryParse("+ZPINPUK: 3", out _));
        Assert.Equal(AtParseStatus.Malformed, ZpinpukReply.TryParse("+ZPINPUK: 3,-1", out _));
        Assert.Equal(AtParseStatus.ErrorReply, ZpinpukReply.TryParse(new AtReply(ZpinpukReply.Command, [], AtFinalResult.Error), out _));
    }

    [Theory]
    [InlineData("+CLCK: 1", true)]
    [InlineData("+CLCK: 0", false)]
    public void CLCK_query_says_whether_the_PIN_lock_is_on(string line, bool enabled)
    {
        Assert.Equal(AtParseStatus.Ok, ClckReply.TryParse(Ok(ClckReply.SimPinQuery, line), out var r));
        Assert.Equal(enabled, r!.Enabled);
        Assert.Equal(AtParseStatus.Malformed, ClckReply.TryParse("+CLCK: 2", out _));
    }

    [Fact]
    public void COPS_scan_lists_each_network_and_skips_the_mode_and_format_ranges()
    {
        // A real scan reply as published in ModemManager's COPS test table (27.007 §7.3 layout)
        const string line = "+COPS: (2,\"T - Mobile\",\"T - Mobile\",\"31026\",0),(1,\"AT&T\",\"AT&T\",\"310410\",0),,(0,1,2,3,4),(0,1,2)";
        Assert.Equal(AtParseStatus.Ok, CopsNetworkList.TryParse(Ok(CopsNetworkList.ScanCommand, line), out var list));
        Assert.Equal(
            [new CopsNetwork(2, "T - Mobile", "T - Mobile", "31026", 0), new CopsNetwork(1, "AT&T", "AT&T", "310410", 0)],
            list);
        Assert.Equal("current", list[0].StatusText);
    }

    [Fact]
    public void COPS_scan_keeps_commas_and_parentheses_inside_names()
    {
        const string line = "+COPS: (3,\"Net (test), Ltd\",\"Net\",\"25099\",2),,(0-4),(0-2)";
        Assert.Equal(AtParseStatus.Ok, CopsNetworkList.TryParse(Ok(CopsNetworkList.ScanCommand, line), out var list));
        Assert.Equal("Net (test), Ltd", Assert.Single(list).LongName);
        Assert.Equal("forbidden", list[0].StatusText);
    }

    [Fact]
    public void COPS_scan_with_no_network_is_an_empty_list_and_a_bad_code_is_malformed()
    {
        Assert.Equal(AtParseStatus.Ok, CopsNetworkList.TryParse(Ok(CopsNetworkList.ScanCommand, "+COPS: ,,(0-4),(0-2)"), out var none));
        Assert.Empty(none);
        Assert.Equal(AtParseStatus.Malformed,
            CopsNetworkList.TryParse(Ok(CopsNetworkList.ScanCommand, "+COPS: (1,\"X\",\"X\",\"2A001\",2)"), out _));
    }

    [Fact]
    public void CRSM_read_of_EF_ICCID_decodes_swapped_nibbles_and_drops_the_F_padding()
    {
        // A published capture: +CRSM: 144,0,"981032547698103254F6" is ICCID 8901234567890123456 (TS 102 221 §13.2)
        Assert.Equal(AtParseStatus.Ok, CrsmReply.TryParse(Ok(CrsmReply.ReadIccidCommand, "+CRSM: 144,0,\"981032547698103254F6\""), out var r));
        Assert.True(r!.IsSuccess);
        Assert.Equal([0x98, 0x10, 0x32, 0x54, 0x76, 0x98, 0x10, 0x32, 0x54, 0xF6], r.Response);
        Assert.Equal("8901234567890123456", CrsmReply.DecodeIccid(r.Response));
    }

    [Fact]
    public void CRSM_errors_and_non_digit_nibbles_give_no_ICCID()
    {
        Assert.Equal(AtParseStatus.Ok, CrsmReply.TryParse(Ok(CrsmReply.ReadIccidCommand, "+CRSM: 106,130"), out var r));
        Assert.False(r!.IsSuccess);
        Assert.Empty(r.Response);
        Assert.Null(CrsmReply.DecodeIccid([0x98, 0x10, 0x3A, 0x54, 0x76, 0x98, 0x10, 0x32, 0x54, 0xF6]));
        Assert.Null(CrsmReply.DecodeIccid([0x98, 0xF0, 0x32, 0x54, 0x76, 0x98, 0x10, 0x32, 0x54, 0x66])); // a digit after the padding
        Assert.Equal(AtParseStatus.Malformed, CrsmReply.TryParse(Ok(CrsmReply.ReadIccidCommand, "+CRSM: 144,0,\"98F\""), out _));
    }
}
