using ZteDiag.Emulator.State;
using ZteDiag.Protocol.Diag;

namespace ZteDiag.Emulator.Tests.State;

public class NvStoreTests
{
    [Fact]
    public void Imei_encoding_matches_the_published_vector()
    {
        byte[] expected = [0x08, 0x9A, 0x09, 0x10, 0x86, 0x87, 0x75, 0x93, 0x78];
        Assert.Equal(expected, Imei.Encode("990016878573987"));
        Assert.Equal(ImeiError.None, Imei.TryDecode(expected, out string? imei));
        Assert.Equal("990016878573987", imei);
        Assert.Equal([0x08, 0x3A, 0x65, 0x78, 0x05, 0x10, 0x65, 0x82, 0x08], Imei.Encode("356875001562880"));
    }

    [Fact]
    public void Protected_items_need_the_spc_and_unprotected_ones_do_not()
    {
        using var dir = new TempDir();
        NvStore nv = NvStore.Open(dir.Path);
        nv.Provision(550, Imei.Encode("354613020012342"), isProtected: true, isReadOnly: false);
        nv.Provision(10, [4], isProtected: false, isReadOnly: false);
        var buf = new byte[128];

        Assert.True(nv.Read(550, buf, spcUnlocked: false).SpcRequired);
        Assert.All(buf, b => Assert.Equal(0, b));
        Assert.True(nv.Write(550, [1, 2, 3], spcUnlocked: false).SpcRequired);
        Assert.Equal(NvResult.Done, nv.Read(550, buf, spcUnlocked: true));
        Assert.Equal(ImeiError.None, Imei.TryDecode(buf, out string? imei));
        Assert.Equal("354613020012342", imei);
        Assert.Equal(NvResult.Done, nv.Read(10, buf, spcUnlocked: false));
        Assert.Equal(4, buf[0]);
    }

    [Fact]
    public void Unwritten_items_are_not_active_and_read_only_items_refuse_writes()
    {
        using var dir = new TempDir();
        NvStore nv = NvStore.Open(dir.Path);
        nv.Provision(0, [1, 2, 3, 4], isProtected: false, isReadOnly: true);
        Assert.Equal(NvStatus.NotActive, nv.Read(4242, new byte[128], true).Status);
        Assert.Equal(NvStatus.ReadOnly, nv.Write(0, [9], true).Status);
        Assert.Equal(NvStatus.BadParameter, nv.Write(10, new byte[129], true).Status);
    }

    [Fact]
    public void Writes_persist_across_reopen()
    {
        using var dir = new TempDir();
        NvStore nv = NvStore.Open(dir.Path);
        nv.Provision(85, "000000"u8, isProtected: true, isReadOnly: false);
        Assert.Equal(NvResult.Done, nv.Write(441, [0x80, 0x03], spcUnlocked: false));
        Assert.Equal(NvResult.Done, nv.Write(85, "123456"u8, spcUnlocked: true));

        NvStore again = NvStore.Open(dir.Path);
        var buf = new byte[128];
        Assert.Equal(NvResult.Done, again.Read(441, buf, false));
        Assert.Equal([0x80, 0x03, 0x00], buf[..3]);
        Assert.True(again.IsProtected(85));
        Assert.Equal(NvResult.Done, again.Read(85, buf, true));
        Assert.Equal("123456"u8.ToArray(), buf[..6]);
        Assert.False(File.Exists(Path.Combine(dir.Path, "nv.json.tmp")));
    }
}
