using ZteDiag.Protocol.Diag;
using ZteDiag.Protocol.Hdlc;

namespace ZteDiag.Protocol.Tests.Diag;

public class CorePacketVectorTests
{
    // PROTOCOL.md §4 F1 (MM test-qcdm-serial-port.c test_verinfo).
    private const string F1 =
        "00 41 75 67 20 31 39 20 32 30 30 38 32 30 3a 34 38 3a 34 37 4f 63 74 20" +
        "32 39 20 32 30 30 37 31 39 3a 30 30 3a 30 30 53 43 4e 52 5a 2e 2e 2e 2a" +
        "06 04 b9 0b 02 00 b2 19 c4 7e";

    private static byte[] SingleGoodPayload(byte[] stream)
    {
        var frames = HdlcFrameResult.DeframeAll(stream, out int trailing);
        Assert.Equal(0, trailing);
        var good = frames.Where(f => f.IsGood).ToList();
        Assert.Single(good);
        Assert.DoesNotContain(frames, f => !f.IsGood);
        return good[0].Payload;
    }

    private static void AssertF1Fields(VernoResponse? v)
    {
        Assert.NotNull(v);
        Assert.Equal("Aug 19 2008", v.CompileDate);
        Assert.Equal("20:48:47", v.CompileTime);
        Assert.Equal("Oct 29 2007", v.ReleaseDate);
        Assert.Equal("19:00:00", v.ReleaseTime);
        Assert.Equal("SCNRZ...", v.VersionDirectory);
        Assert.Equal(0x2A, v.StationClassMark);
        Assert.Equal(6, v.CaiRevision);
        Assert.Equal(4, v.MobileModel);
        Assert.Equal(0x0BB9, v.FirmwareRevision);
        Assert.Equal(2, v.SlotCycleIndex);
        Assert.Equal(0, v.HardwareMajor);
        Assert.Equal(0xB2, v.HardwareMinor);
    }

    [Fact]
    public void The_captured_F1_frame_deframes_and_parses_to_every_listed_Verno_field()
    {
        byte[] frame = Hex.Bytes(F1);
        Assert.Equal(58, frame.Length);
        byte[] payload = SingleGoodPayload(frame);
        Assert.Equal(VernoResponse.Length, payload.Length);

        Assert.Equal(DiagStatus.Ok, VernoResponse.TryParse(payload, out var v));
        AssertF1Fields(v);
        Assert.Equal(payload, v!.ToArray());
        Assert.Equal(frame, HdlcFramer.Encode(v!.ToArray()));
    }

    [Fact]
    public void The_F2_frame_with_twelve_leading_flags_decodes_like_F1()
    {
        byte[] stream = [.. Enumerable.Repeat((byte)0x7E, 12), .. Hex.Bytes(F1)];
        Assert.Equal(DiagStatus.Ok, VernoResponse.TryParse(SingleGoodPayload(stream), out var v));
        AssertF1Fields(v);
    }

    [Fact]
    public void The_sdx55_F5_Verno_payload_parses_and_reencodes_byte_for_byte()
    {
        byte[] payload = Hex.Bytes("004e6f76202032203230323132323a31333a31324f6374203132203230323130323a30303a303073647835352e63702a09ff64003000cf");
        Assert.Equal(DiagStatus.Ok, VernoResponse.TryParse(payload, out var v));
        Assert.Equal("Nov  2 2021", v!.CompileDate);
        Assert.Equal("22:13:12", v.CompileTime);
        Assert.Equal("Oct 12 2021", v.ReleaseDate);
        Assert.Equal("02:00:00", v.ReleaseTime);
        Assert.Equal("sdx55.cp", v.VersionDirectory);
        Assert.Equal(0x2A, v.StationClassMark);
        Assert.Equal(0x09, v.CaiRevision);
        Assert.Equal(0xFF, v.MobileModel);
        Assert.Equal(0x0064, v.FirmwareRevision);
        Assert.Equal(0x30, v.SlotCycleIndex);
        Assert.Equal(0x00, v.HardwareMajor);
        Assert.Equal(0xCF, v.HardwareMinor);
        Assert.Equal(payload, v.ToArray());
        Assert.EndsWith("30 00 cf 5f 51 7e".Replace(" ", "", StringComparison.Ordinal), Hex.Of(HdlcFramer.Encode(payload)), StringComparison.Ordinal);
    }

    [Fact]
    public void The_F6_ext_build_id_payload_parses_with_both_strings_and_reencodes()
    {
        byte[] payload = Hex.Bytes("7c010000f20c00004e010000524d35303051474c41425231314130364d34470000");
        Assert.Equal(33, payload.Length);
        Assert.Equal(DiagStatus.Ok, ExtBuildIdResponse.TryParse(payload, out var r));
        Assert.Equal(1, r!.Format);
        Assert.Equal(0, r.Reserved);
        Assert.Equal(0x00000CF2u, r.MsmHardwareVersion);
        Assert.Equal(0x14Eu, r.MobileModelId);
        Assert.Equal("RM500QGLABR11A06M4G", r.BuildId);
        Assert.Equal(string.Empty, r.ModelString);
        Assert.Equal(payload, r.ToArray());
        Assert.EndsWith("44ab7e", Hex.Of(HdlcFramer.Encode(payload)), StringComparison.Ordinal);
    }

    [Fact]
    public void An_ext_build_id_without_the_model_string_terminator_is_malformed()
    {
        byte[] payload = Hex.Bytes("7c010000f20c00004e010000524d35303051474c41425231314130364d344700");
        Assert.Equal(DiagStatus.Malformed, ExtBuildIdResponse.TryParse(payload, out var r));
        Assert.Null(r);
    }

    [Fact]
    public void The_F7_log_config_reply_yields_sixteen_last_item_values()
    {
        byte[] payload = Hex.Bytes("73000000010000000000000000000000ff0f00000000000000000000f70f0000f70f00001c0000005e0b00000000000016080000920300000902000000000000070200000000000000000000");
        Assert.Equal(LogConfigIdRangesResponse.Length, payload.Length);
        Assert.Equal(DiagStatus.Ok, LogConfigIdRangesResponse.TryParse(payload, out var r));
        Assert.Equal(0u, r!.Status);
        uint[] expected = [0, 0xFFF, 0, 0, 0xFF7, 0xFF7, 0x1C, 0xB5E, 0, 0x816, 0x392, 0x209, 0, 0x207, 0, 0];
        Assert.Equal(expected, r.LastItems);
        Assert.Equal(payload, r.ToArray());

        Assert.Equal(DiagStatus.Ok, LogConfigResponse.TryParse(payload, out var generic));
        Assert.Equal(LogConfigOperation.RetrieveIdRanges, generic!.Operation);
        Assert.Equal(64, generic.Payload.Length);
    }

    [Fact]
    public void The_F8_ext_msg_config_reply_yields_its_ssid_ranges()
    {
        byte[] payload = Hex.Bytes("7d0101001a00000000008600f401fa01e803b004d007d807b80bc60ba00faa0f9411e811f81108128813ac137c158d157017c11764197919581b5b1bbc1bc71b201c211c401f401f34215421282330231c253125d827e2270b280f283c283c286e288928a028b0280429092900c063c0");
        Assert.Equal(DiagStatus.Ok, ExtMsgSsidRangesResponse.TryParse(payload, out var r));
        Assert.Equal(1, r!.Status);
        Assert.Equal(0, r.Reserved);
        Assert.Equal(26, r.Ranges.Count);
        Assert.Equal(new SsidRange(0, 0x86), r.Ranges[0]);
        Assert.Equal(new SsidRange(500, 506), r.Ranges[1]);
        Assert.Equal(new SsidRange(0xC000, 0xC063), r.Ranges[^1]);
        Assert.Equal(payload, r.ToArray());
    }

    [Fact]
    public void An_ssid_range_count_larger_than_the_reply_is_malformed()
    {
        byte[] payload = Hex.Bytes("7d0101000300000000008600f401fa01");
        Assert.Equal(DiagStatus.Malformed, ExtMsgSsidRangesResponse.TryParse(payload, out _));
    }

    [Fact]
    public void An_nv_read_of_item_178_frames_with_the_V5_crc_trailer()
    {
        byte[] request = NvPacket.Read(178).ToArray();
        Assert.Equal(133, request.Length);
        Assert.Equal(Hex.Bytes("26b200"), request[..3]);
        Assert.All(request[3..], b => Assert.Equal(0, b));
        Assert.EndsWith("696d7e", Hex.Of(HdlcFramer.Encode(request)), StringComparison.Ordinal);
    }

    public static TheoryData<string, string> AppendixA => new()
    {
        { "verno", "0078f07e" },
        { "esn", "01f1e17e" },
        { "diagver", "1c952a7e" },
        { "extbuildid", "7c93497e" },
        { "spc000000", "41303030303030df8a7e" },
        { "passwordFF", "46fffffffffffffffffe747e" },
        { "offlineD", "29010031407e" },
        { "reset", "290200596a7e" },
        { "nvread550", "262602" + string.Concat(Enumerable.Repeat("00", 130)) + "3e2b7e" },
    };

    private static IDiagPacket RequestFor(string name) => name switch
    {
        "verno" => new VernoRequest(),
        "esn" => new EsnRequest(),
        "diagver" => new DiagVersionRequest(),
        "extbuildid" => new ExtBuildIdRequest(),
        "spc000000" => SpcRequest.Create("000000"),
        "passwordFF" => new PasswordRequest(Enumerable.Repeat((byte)0xFF, 8).ToArray()),
        "offlineD" => new ControlRequest(DiagControlMode.OfflineD),
        "reset" => new ControlRequest(DiagControlMode.Reset),
        "nvread550" => NvPacket.Read((ushort)NvItemId.UeImei),
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };

    [Theory]
    [MemberData(nameof(AppendixA))]
    public void Each_Appendix_A_request_encodes_to_the_derived_frame(string name, string framed)
    {
        Assert.Equal(framed, Hex.Of(HdlcFramer.Encode(RequestFor(name).ToArray())));
    }

    [Fact]
    public void Appendix_A_requests_parse_back_on_the_emulator_side()
    {
        Assert.Equal(DiagStatus.Ok, SpcRequest.TryParse(Hex.Bytes("41303030303030"), out var spc));
        Assert.Equal("000000", spc!.Code);
        Assert.Equal(DiagStatus.Ok, ControlRequest.TryParse(Hex.Bytes("290200"), out var ctl));
        Assert.Equal(DiagControlMode.Reset, ctl!.Mode);
        Assert.Equal(DiagStatus.Ok, PasswordRequest.TryParse(Hex.Bytes("46ffffffffffffffff"), out var pw));
        Assert.Equal(Enumerable.Repeat((byte)0xFF, 8), pw!.Password.ToArray());
        Assert.Equal(DiagStatus.Ok, NvPacket.TryParse(NvPacket.Read(550).ToArray(), DiagCommand.NvRead, 550, out var nv));
        Assert.Equal(NvStatus.Done, nv!.Status);
    }

    [Theory]
    [InlineData("7300000000000000")]
    public void QCSuper_log_config_disable_is_recognised(string hex)
    {
        Assert.Equal(DiagStatus.Ok, LogConfigRequest.TryParse(Hex.Bytes(hex), out var r));
        Assert.Equal(LogConfigOperation.Disable, r!.Operation);
        Assert.Equal(0, r.Arguments.Length);
        Assert.Equal(hex, Hex.Of(LogConfigRequest.Disable().ToArray()));
    }

    [Fact]
    public void QCSuper_ext_msg_config_set_all_level_zero_is_recognised()
    {
        byte[] wire = Hex.Bytes("7d05000000000000");
        Assert.Equal(DiagStatus.Ok, ExtMsgConfigRequest.TryParse(wire, out var r));
        Assert.Equal(ExtMsgConfigSubcommand.SetAllRtMasks, r!.Subcommand);
        Assert.Equal(0u, r.SetAllMask);
        Assert.Equal(wire, ExtMsgConfigRequest.SetAllRtMasks(0).ToArray());
    }

    [Fact]
    public void The_libqcdm_peer_requests_parse_and_reencode_to_the_same_frames()
    {
        string path = Path.Combine(AppContext.BaseDirectory, "fixtures", "peer-requests", "libqcdm_test_qcdm.txt");
        var sent = File.ReadLines(path)
            .Select(l => l.Split(" > ", 2))
            .Where(p => p.Length == 2)
            .Select(p => Hex.Bytes(p[1].Trim()))
            .ToList();
        Assert.Equal(2, sent.Count);

        Assert.Equal(DiagStatus.Ok, VernoRequest.TryParse(SingleGoodPayload(sent[0]), out var verno));
        Assert.Equal(sent[0], HdlcFramer.Encode(verno!.ToArray()));
        Assert.Equal(DiagStatus.Ok, EsnRequest.TryParse(SingleGoodPayload(sent[1]), out var esn));
        Assert.Equal(sent[1], HdlcFramer.Encode(esn!.ToArray()));

        string reply = File.ReadLines(path).First(l => l.Contains(" < 00 ", StringComparison.Ordinal)).Split(" < ", 2)[1];
        Assert.Equal(DiagStatus.Ok, VernoResponse.TryParse(SingleGoodPayload(Hex.Bytes(reply)), out var v));
        Assert.Equal("FAKEDEV", v!.VersionDirectory);
    }

    [Fact]
    public void An_error_reply_to_a_request_comes_back_as_its_device_status()
    {
        Assert.Equal(DiagStatus.BadCommand, EsnResponse.TryParse(Hex.Bytes("1301"), out var esn));
        Assert.Null(esn);
        Assert.Equal(DiagStatus.SpcLocked, NvPacket.TryParse(Hex.Bytes("422602"), out var nv));
        Assert.Null(nv);
    }

    [Fact]
    public void A_short_nv_reply_is_truncated()
    {
        Assert.Equal(DiagStatus.Truncated, NvPacket.TryParse(NvPacket.Read(550).ToArray()[..131], out _));
    }

    [Fact]
    public void Small_fixed_responses_have_their_documented_layouts()
    {
        Assert.Equal("0178563412", Hex.Of(new EsnResponse(0x12345678).ToArray()));
        Assert.Equal("1c0800", Hex.Of(new DiagVersionResponse(8).ToArray()));
        Assert.Equal("4101", Hex.Of(new SpcResponse(true).ToArray()));
        Assert.Equal("4600", Hex.Of(new PasswordResponse(false).ToArray()));
        Assert.Equal("290100", Hex.Of(new ControlResponse(DiagControlMode.OfflineD).ToArray()));
        Assert.Equal("803001000000000005000100", Hex.Of(new SubsysV2Header(0x30, 1, 0, 5, 1).ToArray()));
        Assert.Equal(12, new SubsysV2Header(0x30, 1, 0, 5, 1).Size);
    }

    [Fact]
    public void An_indexed_nv_read_has_the_subsystem_48_layout()
    {
        byte[] wire = new IndexedNvPacket(IndexedNvCommand.Read, 550, 1, []).ToArray();
        Assert.Equal(138, wire.Length);
        Assert.Equal("4b30010026020100", Hex.Of(wire[..8]));
        Assert.Equal(DiagStatus.Ok, IndexedNvPacket.TryParse(wire, out var p));
        Assert.Equal(1, p!.Index);
    }

    [Fact]
    public void An_spc_must_be_six_ascii_digits()
    {
        Assert.Throws<ArgumentException>(() => SpcRequest.Create("12345"));
        Assert.Throws<ArgumentException>(() => SpcRequest.Create("12a456"));
        Assert.Throws<ArgumentException>(() => SpcRequest.Create("١٢٣٤٥٦"));
        Assert.Equal(DiagStatus.Malformed, SpcRequest.TryParse(Hex.Bytes("41303030303041"), out _));
        Assert.DoesNotContain("123456", SpcRequest.Create("123456").ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Nv_status_values_have_descriptions()
    {
        Assert.Equal(11, (int)NvStatus.RuimNotSupported);
        Assert.Contains("never written", NvStatus.NotActive.Describe(), StringComparison.Ordinal);
        Assert.All(Enum.GetValues<NvStatus>(), s => Assert.DoesNotContain("NV status", s.Describe(), StringComparison.Ordinal));
    }

    [Fact]
    public void The_backup_set_lists_the_thirteen_documented_items_by_name()
    {
        ushort[] ids = [0, 10, 85, 441, 442, 453, 550, 855, 946, 1877, 1943, 2954, 4548];
        Assert.Equal(ids, NvItems.BackupSet.Select(i => (ushort)i));
        Assert.Equal("NV_UE_IMEI_I", NvItems.Name(550));
        Assert.Equal("NV_MOB_FIRM_REV_I", NvItems.Name(7)); // named from the public NV list
        Assert.Equal("NV item 65000", NvItems.Name(65000));
    }
}
