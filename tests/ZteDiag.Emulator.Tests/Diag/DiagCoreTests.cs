using ZteDiag.Protocol.Diag;

namespace ZteDiag.Emulator.Tests.Diag;

public sealed class DiagCoreTests
{
    [Fact]
    public void Verno_esn_diag_version_and_ext_build_id_come_from_the_profile_with_exact_sizes()
    {
        using var t = new TestModem();
        byte[] verno = t.Diag.Send([0x00]);
        Assert.Equal(VernoResponse.Length, verno.Length);
        Assert.Equal(55, verno.Length);
        Assert.Equal(DiagStatus.Ok, VernoResponse.TryParse(verno, out VernoResponse? v));
        Assert.Equal("Mar 10 2010", v!.CompileDate);
        Assert.NotEqual(0x7E, t.Diag.LastFirstByte);

        EsnResponse esn = t.Diag.Send<EsnResponse>(new EsnRequest(), EsnResponse.TryParse);
        Assert.Equal(t.Modem.State.Profile.Esn, esn.Esn);
        Assert.Equal(5, t.Diag.Send([0x01]).Length);

        byte[] ver = t.Diag.Send([0x1C]);
        Assert.Equal(new byte[] { 0x1C, 0x08, 0x00 }, ver);

        ExtBuildIdResponse ext = t.Diag.Send<ExtBuildIdResponse>(new ExtBuildIdRequest(), ExtBuildIdResponse.TryParse);
        Assert.Equal("M6290A-KPRZL-2.4.0105T", ext.BuildId);
    }

    [Fact]
    public void Ext_build_id_is_bad_cmd_when_the_profile_has_none()
    {
        using var t = new TestModem(new VirtualModemStartOptions { Profile = "mf622" });
        Assert.Equal(new byte[] { 0x13, 0x7C }, t.Diag.Send([0x7C]));
    }

    [Fact]
    public void Log_config_and_ext_msg_config_answer_bad_cmd_with_the_request_echoed()
    {
        using var t = new TestModem();
        byte[] logConfig = [0x73, 0, 0, 0, 0, 0, 0, 0];
        Assert.Equal([0x13, .. logConfig], t.Diag.Send(logConfig));
        byte[] extMsg = [0x7D, 0x05, 0, 0, 0, 0, 0, 0];
        Assert.Equal([0x13, .. extMsg], t.Diag.Send(extMsg));
    }

    [Fact]
    public void An_unknown_command_echoes_at_most_16_bytes()
    {
        using var t = new TestModem();
        byte[] req = [.. Enumerable.Range(0, 24).Select(i => (byte)(0x60 + i))];
        req[0] = 0x67;
        byte[] reply = t.Diag.Send(req);
        Assert.Equal(17, reply.Length);
        Assert.Equal(0x13, reply[0]);
        Assert.Equal(req[..16], reply[1..]);
    }

    [Fact]
    public void Control_echoes_the_request()
    {
        using var t = new TestModem();
        Assert.Equal(new byte[] { 0x29, 0x01, 0x00 }, t.Diag.Send([0x29, 0x01, 0x00]));
    }

    [Fact]
    public void A_protected_nv_item_needs_the_spc_first()
    {
        using var t = new TestModem();
        byte[] write = NvPacket.Write(550, [0x08, 0x3A, 0x45, 0x16, 0x20, 0x00, 0x21, 0x43, 0x24]).ToArray();
        byte[] refused = t.Diag.Send(write);
        Assert.Equal(17, refused.Length);
        Assert.Equal(0x42, refused[0]);
        Assert.Equal(write[..16], refused[1..]);
        Assert.Equal(0x42, t.Diag.Send(NvPacket.Read(550))[0]);

        Assert.False(t.Diag.Send<SpcResponse>(SpcRequest.Create("123456"), SpcResponse.TryParse).Accepted);
        Assert.True(t.Diag.Send<SpcResponse>(SpcRequest.Create("000000"), SpcResponse.TryParse).Accepted);

        byte[] written = t.Diag.Send(write);
        Assert.Equal(NvPacket.Length, written.Length);
        Assert.Equal(DiagStatus.Ok, NvPacket.TryParse(written, out NvPacket? w));
        Assert.Equal(NvStatus.Done, w!.Status);
        byte[] read = t.Diag.Send(NvPacket.Read(550));
        Assert.Equal(133, read.Length);
        Assert.Equal(DiagStatus.Ok, NvPacket.TryParse(read, out NvPacket? r));
        Assert.Equal(write.AsSpan(3, 9).ToArray(), r!.Data[..9].ToArray());
    }

    [Fact]
    public void Nv_reads_are_133_bytes_with_nv_stat_and_a_short_request_is_bad_len()
    {
        using var t = new TestModem();
        byte[] active = t.Diag.Send(NvPacket.Read(10));
        Assert.Equal(133, active.Length);
        Assert.Equal(DiagStatus.Ok, NvPacket.TryParse(active, out NvPacket? a));
        Assert.Equal(NvStatus.Done, a!.Status);
        Assert.Equal(0x04, a.Data.Span[0]);
        Assert.Equal(DiagStatus.Ok, NvPacket.TryParse(t.Diag.Send(NvPacket.Read(4242)), out NvPacket? inactive));
        Assert.Equal(NvStatus.NotActive, inactive!.Status);

        byte[] shortRead = NvPacket.Read(10).ToArray()[..131];
        byte[] reply = t.Diag.Send(shortRead);
        Assert.Equal(0x15, reply[0]);
        Assert.Equal(17, reply.Length);
    }

    [Fact]
    public void Indexed_nv_index_zero_is_the_plain_item()
    {
        using var t = new TestModem();
        var req = new IndexedNvPacket(IndexedNvCommand.Read, 10, 0, []);
        IndexedNvPacket reply = t.Diag.Send<IndexedNvPacket>(req, IndexedNvPacket.TryParse);
        Assert.Equal(NvStatus.Done, reply.Status);
        Assert.Equal(0x04, reply.Data.Span[0]);
        Assert.Equal(IndexedNvPacket.Length, t.Diag.Send(req).Length);
    }

    [Fact]
    public void The_alternate_efs_subsystem_is_bad_cmd_unless_the_profile_lists_it()
    {
        using var t = new TestModem();
        byte[] query = [0x4B, 0x3E, 0x01, 0x00];
        Assert.Equal([0x13, .. query], t.Diag.Send(query));
        Assert.Equal(28, t.Diag.Send([0x4B, 0x13, 0x01, 0x00]).Length);
        Assert.Equal(0x13, t.Diag.Send([0x4B, 0x77, 0x00, 0x00])[0]);
    }
}
