using ZteDiag.Device.Links;

namespace ZteDiag.Device.Tests.Links;

public sealed class ProcLocksLineTests
{
    [Fact]
    public void A_holder_line_gives_kind_pid_and_the_file_as_device_and_inode()
    {
        // as Linux fs/locks.c prints it: "%lld: FLOCK  ADVISORY  WRITE %d %02x:%02x:%lu 0 EOF"
        ProcLocksLine? l = ProcLocksLine.TryParse("3: FLOCK  ADVISORY  WRITE 4711 00:1a:5 0 EOF");

        Assert.Equal(new ProcLocksLine("FLOCK", 4711, "00:1a:5"), l);
    }

    [Theory]
    [InlineData("3: -> FLOCK  ADVISORY  WRITE 4712 00:1a:5 0 EOF")] // a waiter holds nothing
    [InlineData("")]
    [InlineData("garbage")]
    [InlineData("3: FLOCK  ADVISORY  WRITE x 00:1a:5 0 EOF")]
    public void Waiters_and_odd_lines_are_not_holders(string line) => Assert.Null(ProcLocksLine.TryParse(line));
}
