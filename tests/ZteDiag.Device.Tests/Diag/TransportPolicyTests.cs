using ZteDiag.Device.Diag;

namespace ZteDiag.Device.Tests.Diag;

/// <summary>The resend table, the RFC 6298 timer and the congestion window, each on its own.</summary>
public sealed class TransportPolicyTests
{
    [Theory]
    // EFS2 (subsystem 19 and 62): 4B ss op 00 …, PROTOCOL.md §3.2/§3.3
    [InlineData(new byte[] { 0x4B, 0x13, 0x04, 0x00, 0, 0, 0, 0, 0, 4, 0, 0, 0, 0, 0, 0 }, ResendSafety.Idempotent)] // READ
    [InlineData(new byte[] { 0x4B, 0x13, 0x0C, 0x00, 1, 0, 0, 0, 1, 0, 0, 0 }, ResendSafety.Idempotent)] // READDIR by seqno
    [InlineData(new byte[] { 0x4B, 0x13, 0x0F, 0x00, 0x2F, 0x00 }, ResendSafety.Idempotent)] // STAT /
    [InlineData(new byte[] { 0x4B, 0x13, 0x27, 0x00 }, ResendSafety.Idempotent)] // GET
    [InlineData(new byte[] { 0x4B, 0x13, 0x05, 0x00, 0, 0, 0, 0, 0, 4, 0, 0, 0xAA }, ResendSafety.Idempotent)] // WRITE at offset 1024
    [InlineData(new byte[] { 0x4B, 0x3E, 0x02, 0x00 }, ResendSafety.Memoized)] // OPEN, alternate subsystem
    [InlineData(new byte[] { 0x4B, 0x13, 0x03, 0x00, 1, 0, 0, 0 }, ResendSafety.Memoized)] // CLOSE
    [InlineData(new byte[] { 0x4B, 0x13, 0x0E, 0x00 }, ResendSafety.Memoized)] // RENAME
    [InlineData(new byte[] { 0x4B, 0x13, 0x08, 0x00 }, ResendSafety.Memoized)] // UNLINK
    [InlineData(new byte[] { 0x4B, 0x13, 0x17, 0x00 }, ResendSafety.Never)] // FACT_IMAGE_READ advances a cursor
    [InlineData(new byte[] { 0x4B, 0x13, 0x37, 0x00 }, ResendSafety.Never)] // FILESYSTEM_IMAGE_READ
    [InlineData(new byte[] { 0x4B, 0x13, 0x00, 0x00 }, ResendSafety.CallerDecides)] // HELLO closes every handle
    [InlineData(new byte[] { 0x41, 0x30, 0x30, 0x30, 0x30, 0x30, 0x30 }, ResendSafety.Never)] // SPC: counts towards the lock-out
    [InlineData(new byte[] { 0x46, 1, 2, 3, 4, 5, 6, 7, 8 }, ResendSafety.Never)] // PASSWORD
    [InlineData(new byte[] { 0x29, 0x02, 0x00 }, ResendSafety.Never)] // CONTROL (mode change / reset)
    [InlineData(new byte[] { 0x26, 0x26, 0x02 }, ResendSafety.Idempotent)] // NV_READ 550
    [InlineData(new byte[] { 0x00 }, ResendSafety.Idempotent)] // VERNO
    [InlineData(new byte[] { 0x4B, 0x30, 0x01, 0x00 }, ResendSafety.CallerDecides)] // another subsystem
    [InlineData(new byte[] { 0x4B, 0x13, 0x04, 0x01 }, ResendSafety.CallerDecides)] // EFS id with a high byte: not an EFS2 op we know
    public void The_table_classifies_requests(byte[] request, ResendSafety expected) =>
        Assert.Equal(expected, ResendPolicy.Classify(request));

    [Fact]
    public void The_timer_follows_RFC_6298_and_backs_off_until_the_next_sample()
    {
        var t = new RetransmitTimer(TimeSpan.FromMilliseconds(50), TimeSpan.FromSeconds(3), TimeSpan.FromMilliseconds(750));
        Assert.Equal(TimeSpan.FromMilliseconds(750), t.Current);

        t.Sample(TimeSpan.FromMilliseconds(100)); // SRTT 100, RTTVAR 50, RTO 100 + 4·50
        Assert.Equal(TimeSpan.FromMilliseconds(100), t.SmoothedRtt);
        Assert.Equal(TimeSpan.FromMilliseconds(300), t.Current);

        t.Sample(TimeSpan.FromMilliseconds(200)); // RTTVAR 3/4·50 + 1/4·100 = 62.5, SRTT 7/8·100 + 1/8·200 = 112.5
        Assert.Equal(TimeSpan.FromMilliseconds(112.5), t.SmoothedRtt);
        Assert.Equal(TimeSpan.FromMilliseconds(62.5), t.RttVariation);
        Assert.Equal(TimeSpan.FromMilliseconds(362.5), t.Current);

        t.Expired();
        Assert.Equal(TimeSpan.FromMilliseconds(725), t.Current);
        t.Expired();
        t.Expired();
        Assert.Equal(TimeSpan.FromSeconds(2.9), t.Current);
        t.Expired();
        Assert.Equal(TimeSpan.FromSeconds(3), t.Current); // the give-up limit caps it

        t.Sample(TimeSpan.FromMilliseconds(1)); // a sample ends the backoff; a pty's RTT meets the floor
        for (int i = 0; i < 50; i++)
        {
            t.Sample(TimeSpan.FromMilliseconds(1));
        }

        Assert.Equal(TimeSpan.FromMilliseconds(50), t.Current);
    }

    [Fact]
    public void The_window_halves_once_per_loss_event_grows_back_and_never_goes_below_one()
    {
        var w = new CongestionWindow(8);
        Assert.Equal(8, w.Size);

        Assert.True(w.OnLoss(lostOrdinal: 10, newestOrdinal: 17, inFlight: 8));
        Assert.Equal(4, w.Size);
        Assert.False(w.OnLoss(lostOrdinal: 12, newestOrdinal: 17, inFlight: 7)); // same overflow
        Assert.Equal(4, w.Size);

        for (int i = 0; i < 5; i++)
        {
            w.OnCleanReply();
        }

        Assert.Equal(5, w.Size); // about one per window of clean replies (4 + 1/4 + 1/4.25 + …)

        for (long n = 20; n < 30; n++)
        {
            w.OnLoss(n * 100, n * 100, 8);
        }

        Assert.Equal(1, w.Size);
        w.OnCleanReply();
        Assert.Equal(2, w.Size); // not stuck at 1

        for (int i = 0; i < 100; i++)
        {
            w.OnCleanReply();
        }

        Assert.Equal(8, w.Size);
        Assert.True(w.IsFullyOpen);
        Assert.Equal(11, w.Halvings); // the first event and each of the ten in the loop; the repeat of one overflow is not a new event
    }
}
