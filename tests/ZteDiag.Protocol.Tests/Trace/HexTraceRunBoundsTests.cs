using System.Text;
using ZteDiag.Protocol.Trace;

namespace ZteDiag.Protocol.Tests.Trace;

/// <summary>Issue 18.5 / 19.8: '[xx x N]' runs are bounded one by one and in total, whatever the input holds.</summary>
public class HexTraceRunBoundsTests
{
    private static string ManyRuns(string value, int runs, int count)
    {
        var sb = new StringBuilder("> ");
        for (int i = 0; i < runs; i++) sb.Append('[').Append(value).Append(" x ").Append(count).Append("] ");
        return sb.ToString();
    }

    [Fact]
    public void Thousands_of_maximal_runs_on_one_line_stop_at_the_total_cap_with_one_error()
    {
        var (chunks, errors) = HexTraceReader.Read(ManyRuns("00", 3000, HexTraceReader.MaxRun));
        var e = Assert.Single(errors);
        Assert.Equal(1, e.Line);
        Assert.Contains($"more than {HexTraceReader.MaxTotalBytes} bytes", e.Message, StringComparison.Ordinal);
        Assert.Empty(chunks); // the line that passed the cap is not half used
    }

    [Fact]
    public void Large_ff_runs_spread_over_many_lines_stop_at_the_total_cap_and_keep_the_lines_before_it()
    {
        string line = ManyRuns("ff", 4, HexTraceReader.MaxRun) + "\n"; // 4 MiB per line
        var (chunks, errors) = HexTraceReader.Read(string.Concat(Enumerable.Repeat(line, 2000)));
        var e = Assert.Single(errors);
        Assert.Equal(5, e.Line); // lines 1–4 fill 16 MiB exactly; line 5 would pass it
        Assert.Equal(4, chunks.Count);
        Assert.Equal(HexTraceReader.MaxTotalBytes, chunks.Sum(c => (long)c.Bytes.Length));
        Assert.All(chunks, c => Assert.All(c.Bytes, b => Assert.Equal(0xff, b)));
    }

    [Fact]
    public void Plain_hex_past_the_total_cap_is_refused_too()
    {
        string line = "> " + new string('a', 2 * 1024 * 1024) + "\n"; // 1 MiB of 0xaa per line
        var (chunks, errors) = HexTraceReader.Read(string.Concat(Enumerable.Repeat(line, 17)));
        Assert.Equal(17, Assert.Single(errors).Line);
        Assert.Equal(16, chunks.Count);
    }

    [Theory]
    [InlineData("[00 x 1048577]")]
    [InlineData("[00 x -1]")]
    [InlineData("[00 x 2147483648]")]
    public void A_run_count_out_of_range_is_one_error_naming_the_range(string run)
    {
        var (chunks, errors) = HexTraceReader.Read("> 7e " + run + " 7e");
        Assert.Contains($"from 0 to {HexTraceReader.MaxRun}", Assert.Single(errors).Message, StringComparison.Ordinal);
        Assert.Equal([0x7e, 0x7e], Assert.Single(chunks).Bytes);
    }
}
