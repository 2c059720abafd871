using ZteDiag.Emulator.Host;
using ZteDiag.Protocol.Efs;

namespace ZteDiag.Emulator.Tests.Host;

public sealed class FaultPlanTests
{
    [Fact]
    public void A_full_spec_sets_every_fault()
    {
        FaultPlan p = FaultPlan.Parse(
            "corrupt=0.05, drop=0.02,delay=0.1:200ms,disconnect-after-requests=500,disconnect-after-bytes=100000," +
            "enospc-after=64k,power-loss-after-requests=7,seed=42");
        Assert.Equal(0.05, p.CorruptProbability);
        Assert.Equal(0.02, p.DropProbability);
        Assert.Equal(0.1, p.DelayProbability);
        Assert.Equal(TimeSpan.FromMilliseconds(200), p.DelayAmount);
        Assert.Equal(500, p.DisconnectAfterRequests);
        Assert.Equal(100000, p.DisconnectAfterBytes);
        Assert.Equal(65536, p.EnospcAfterBytes);
        Assert.Equal(7, p.PowerLossAfterRequests);
        Assert.Equal(42, p.Seed);
        Assert.False(p.IsEmpty);
    }

    [Fact]
    public void Unreadable_items_name_paths_with_an_optional_errno_defaulting_to_eacces()
    {
        FaultPlan p = FaultPlan.Parse("unreadable=/PCUI.VN, unreadable=/nv/item_files/a:EPERM,unreadable=/b:2,seed=3");
        Assert.Equal(
            new Dictionary<string, EfsErrno> { ["/PCUI.VN"] = EfsErrno.EACCES, ["/nv/item_files/a"] = EfsErrno.EPERM, ["/b"] = EfsErrno.ENOENT },
            p.UnreadablePaths);
        Assert.False(p.IsEmpty);
        Assert.False(FaultPlan.Parse("unreadable=/x").IsEmpty);
    }

    [Theory]
    [InlineData("unreadable=relative/path", "absolute")]
    [InlineData("unreadable=/a:EBOGUS", "EBOGUS")]
    [InlineData("unreadable=/a:0", "'0'")]
    [InlineData("unreadable=/a:ENOERR", "ENOERR")]
    [InlineData("unreadable=", "absolute")]
    [InlineData("unreadable=/../../etc/passwd", "'..'")]
    public void A_bad_unreadable_item_is_a_FormatException_saying_why(string spec, string named)
    {
        var e = Assert.Throws<FormatException>(() => FaultPlan.Parse(spec));
        Assert.Contains(named, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Extra_names_keep_the_name_whole_after_the_first_colon()
    {
        FaultPlan p = FaultPlan.Parse("extra-name=/:a/../../etc/passwd,extra-name=/nv:x:y");
        Assert.Equal([("/", "a/../../etc/passwd"), ("/nv", "x:y")], p.ExtraNames);
        Assert.False(p.IsEmpty);
    }

    [Fact]
    public void Read_overruns_name_a_path_and_the_extra_bytes()
    {
        FaultPlan p = FaultPlan.Parse("read-overrun=/PCUI.VN:512");
        Assert.Equal(new Dictionary<string, int> { ["/PCUI.VN"] = 512 }, p.ReadOverruns);
        Assert.False(p.IsEmpty);
        foreach (string bad in new[] { "read-overrun=/PCUI.VN", "read-overrun=/a:0", "read-overrun=x:5", "read-overrun=/a:5000" })
        {
            Assert.Contains("read-overrun=/absolute/path:N", Assert.Throws<FormatException>(() => FaultPlan.Parse(bad)).Message, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("extra-name=nv:x")]
    [InlineData("extra-name=/nv")]
    [InlineData("extra-name=/nv:")]
    public void A_bad_extra_name_item_is_a_FormatException_showing_the_syntax(string spec) =>
        Assert.Contains("extra-name=/absolute/dir:NAME", Assert.Throws<FormatException>(() => FaultPlan.Parse(spec)).Message, StringComparison.Ordinal);

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    [InlineData(null)]
    public void An_empty_spec_means_no_faults(string? spec) => Assert.True(FaultPlan.Parse(spec).IsEmpty);

    [Theory]
    [InlineData("delay=1:1.5s", 1500)]
    [InlineData("delay=1:250", 250)]
    [InlineData("delay=1:0ms", 0)]
    public void Delay_durations_accept_ms_and_s(string spec, int ms) =>
        Assert.Equal(TimeSpan.FromMilliseconds(ms), FaultPlan.Parse(spec).DelayAmount);

    [Theory]
    [InlineData("corupt=0.1", "corupt")]
    [InlineData("corrupt=1.5", "corrupt=1.5")]
    [InlineData("drop=x", "drop=x")]
    [InlineData("delay=0.1", "delay=0.1")]
    [InlineData("delay=0.1:fast", "delay=0.1:fast")]
    [InlineData("disconnect-after-requests=-3", "disconnect-after-requests=-3")]
    [InlineData("enospc-after=12q", "enospc-after=12q")]
    [InlineData("drop", "drop")]
    [InlineData("seed=abc", "seed=abc")]
    public void A_bad_item_is_a_FormatException_naming_it(string spec, string named)
    {
        var e = Assert.Throws<FormatException>(() => FaultPlan.Parse("drop=0.1," + spec));
        Assert.Contains(named, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_same_seed_replays_the_same_decisions()
    {
        static List<FaultDecision> Run()
        {
            FaultPlan p = FaultPlan.Parse("corrupt=0.3,drop=0.3,delay=0.3:10ms,seed=5");
            return [.. Enumerable.Range(0, 200).Select(_ => p.Next())];
        }

        List<FaultDecision> a = Run(), b = Run();
        Assert.Equal(a, b);
        Assert.Contains(a, d => d.Drop);
        Assert.Contains(a, d => d.Corrupt);
        Assert.Contains(a, d => d.ExtraDelay > TimeSpan.Zero);
        Assert.Contains(a, d => d == default);
    }

    [Fact]
    public void The_syntax_help_names_every_key()
    {
        foreach (string key in new[] { "corrupt=", "drop=", "delay=", "disconnect-after-requests=", "disconnect-after-bytes=", "enospc-after=", "power-loss-after-requests=", "seed=" })
        {
            Assert.Contains(key, FaultPlan.SyntaxHelp, StringComparison.Ordinal);
        }
    }
}

public sealed class LinkModelParseTests
{
    [Theory]
    [InlineData("latency=20ms,bandwidth=230k", 20, 230000)]
    [InlineData("bandwidth=1000", 0, 1000)]
    [InlineData("latency=0.5s", 500, 0)]
    public void A_link_spec_sets_latency_and_bandwidth(string spec, int ms, long bw)
    {
        LinkModel m = LinkModel.Parse(spec);
        Assert.Equal(TimeSpan.FromMilliseconds(ms), m.Latency);
        Assert.Equal(bw, m.BandwidthBytesPerSecond);
    }

    [Fact]
    public void An_empty_link_spec_is_no_delay() => Assert.True(LinkModel.Parse("").IsNone);

    [Theory]
    [InlineData("latency=soon")]
    [InlineData("bandwidth=-5")]
    [InlineData("jitter=5ms")]
    public void A_bad_link_item_is_named(string spec) =>
        Assert.Contains(spec, Assert.Throws<FormatException>(() => LinkModel.Parse(spec)).Message, StringComparison.Ordinal);
}
