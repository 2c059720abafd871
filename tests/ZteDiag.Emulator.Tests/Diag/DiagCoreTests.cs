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
    public void Log_config_disable_and_ext_msg_config_set_all_answer_as_stock_diag_does_at_start_up()
    {
        // QCSuper's first two requests: LOG_CONFIG disable and EXT_MSG_CONFIG set-all level 0
        using var t = new TestModem();
        Assert.Equal([0x73, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], t.Diag.Send([0x73, 0, 0, 0, 0, 0, 0, 0]));
        Assert.Equal([0x7D, 0x05, 0x01, 0x00, 0, 0, 0, 0], t.Diag.Send([0x7D, 0x05, 0, 0, 0, 0, 0, 0]));
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
    public void An_spc_item_needs_the_spc_first_and_the_error_echoes_16_request_bytes()
    {
        // nvdiag.c: NV_SEC_CODE_I is on the SP read and SP write lists; the refusal is
        // diagpkt_err_rsp(BAD_SPC_MODE): code + the first min(16, len) request bytes (PROTOCOL.md §2.2)
        using var t = new TestModem();
        byte[] write = NvPacket.Write(85, "123123"u8).ToArray();
        byte[] refused = t.Diag.Send(write);
        Assert.Equal(17, refused.Length);
        Assert.Equal(0x42, refused[0]);
        Assert.Equal(write[..16], refused[1..]);
        Assert.Equal("42" + "26550000", Convert.ToHexStringLower(t.Diag.Send([0x26, 0x55, 0x00, 0x00])));

        Assert.False(t.Diag.Send<SpcResponse>(SpcRequest.Create("123456"), SpcResponse.TryParse).Accepted);
        Assert.True(t.Diag.Send<SpcResponse>(SpcRequest.Create("000000"), SpcResponse.TryParse).Accepted);

        byte[] written = t.Diag.Send(write);
        Assert.Equal(NvPacket.Length, written.Length);
        Assert.Equal(DiagStatus.Ok, NvPacket.TryParse(written, out NvPacket? w));
        Assert.Equal(NvStatus.Done, w!.Status);
        Assert.Equal(DiagStatus.Ok, NvPacket.TryParse(t.Diag.Send(NvPacket.Read(85)), out NvPacket? r));
        Assert.Equal("313233313233", Convert.ToHexStringLower(r!.Data.Span[..6]));
    }

    [Fact]
    public void The_imei_is_readable_without_the_spc_as_in_stock_nvdiag()
    {
        using var t = new TestModem();
        Assert.Equal(DiagStatus.Ok, NvPacket.TryParse(t.Diag.Send(NvPacket.Read(550)), out NvPacket? r));
        Assert.Equal(NvStatus.Done, r!.Status);
        Assert.Equal(ImeiError.None, Imei.TryDecode(r.Data.Span, out string? imei));
        Assert.Equal(t.Modem.State.Profile.Imei, imei);
    }

    [Fact]
    public void Unreadable_items_answer_bad_parm_even_after_the_spc_and_unwritable_ones_too()
    {
        using var t = new TestModem();
        Assert.True(t.Diag.Send<SpcResponse>(SpcRequest.Create("000000"), SpcResponse.TryParse).Accepted);
        // NV 25 NV_A_KEY_I, a 3-byte read as qnvram sends: 14 + the 3 request bytes
        Assert.Equal("14261900", Convert.ToHexStringLower(t.Diag.Send([0x26, 0x19, 0x00])));
        byte[] write = NvPacket.Write(906, [1]).ToArray(); // NV_PPP_PASSWORD_I is unreadable, still writable after SPC
        Assert.Equal(NvPacket.Length, t.Diag.Send(write).Length);
        Assert.Equal(0x14, t.Diag.Send(NvPacket.Read(906))[0]);
    }

    [Fact]
    public void Nv_reads_are_133_bytes_with_nv_stat_and_short_requests_are_accepted()
    {
        using var t = new TestModem();
        byte[] active = t.Diag.Send(NvPacket.Read(10));
        Assert.Equal(133, active.Length);
        Assert.Equal(DiagStatus.Ok, NvPacket.TryParse(active, out NvPacket? a));
        Assert.Equal(NvStatus.Done, a!.Status);
        Assert.Equal(0x04, a.Data.Span[0]);
        Assert.Equal(DiagStatus.Ok, NvPacket.TryParse(t.Diag.Send(NvPacket.Read(7777)), out NvPacket? inactive));
        Assert.Equal(NvStatus.NotActive, inactive!.Status);

        // stock nvdiag.c has no length check: 3-byte and 131-byte reads get the full 133-byte reply
        foreach (byte[] shortRead in new[] { new byte[] { 0x26, 0x0A, 0x00 }, NvPacket.Read(10).ToArray()[..131] })
        {
            byte[] reply = t.Diag.Send(shortRead);
            Assert.Equal(133, reply.Length);
            Assert.Equal(active, reply);
        }

        // a short write (3 + data) writes the data zero-padded
        Assert.Equal(133, t.Diag.Send([0x27, 0x0A, 0x00, 0x02]).Length);
        Assert.Equal(0x02, t.Diag.Send(NvPacket.Read(10))[3]);
        Assert.Equal(0x15, t.Diag.Send([0x26, 0x0A])[0]); // not even an item id
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
