using ZteDiag.Protocol.Trace;

namespace ZteDiag.Protocol.Tests.Trace;

public class HexTraceReaderTests
{
    [Fact]
    public void Read_FixtureStyleLines_KeepsDirectionAndDropsTimestampsAndComments()
    {
        var (chunks, errors) = HexTraceReader.Read("# VERNO\n0.488 > 00 78 f0 7e\n0.489 < (no reply)\n");
        Assert.Empty(errors);
        var c = Assert.Single(chunks);
        Assert.Equal(TraceDirection.ToModem, c.Direction);
        Assert.Equal("0078f07e", Hex.Of(c.Bytes));
        Assert.Equal(2, c.Line);
    }

    [Fact]
    public void Read_RepeatRuns_And0xPrefixes_AndPackedHex()
    {
        var (chunks, errors) = HexTraceReader.Read("< 4b130f00 02 [00 x 27] 0x04 0xcb 7e");
        Assert.Empty(errors);
        var c = Assert.Single(chunks);
        Assert.Equal(TraceDirection.FromModem, c.Direction);
        Assert.Equal(4 + 1 + 27 + 3, c.Bytes.Length);
    }

    [Fact]
    public void Read_DirectionCarriesOverToFollowingUnmarkedLines()
    {
        var (chunks, _) = HexTraceReader.Read(">4b 13\n0b 00\n<13 01");
        Assert.Equal([TraceDirection.ToModem, TraceDirection.ToModem, TraceDirection.FromModem], chunks.Select(c => c.Direction));
    }

    [Theory]
    [InlineData("zz")]
    [InlineData("abc")]
    [InlineData("[00 x 99999999999]")]
    [InlineData("[0 x 3]")]
    public void Read_BadTokens_AreReportedWithTheirLine(string line)
    {
        var (_, errors) = HexTraceReader.Read("00\n" + line);
        Assert.Equal(2, Assert.Single(errors).Line);
    }
}
