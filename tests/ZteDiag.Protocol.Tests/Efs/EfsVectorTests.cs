using ZteDiag.Protocol.Diag;
using ZteDiag.Protocol.Efs;
using ZteDiag.Protocol.Hdlc;
using static ZteDiag.Protocol.Tests.Efs.EfsTestSupport;

namespace ZteDiag.Protocol.Tests.Efs;

/// <summary>PROTOCOL.md Appendix A (EFS frames) and §4 F11 payloads.</summary>
public class EfsVectorTests
{
    public static TheoryData<string, string> AppendixA() => new()
    {
        { "hello", "4b130000 00001000 00001000 00001000 00001000 00001000 00001000 01000000 01000000 01000000 ffffffff 7d5e057e" },
        { "query", "4b130100 55597e" },
        { "opendir", "4b130b00 2f00 19117e" },
        { "readdir", "4b130c00 01000000 01000000 fb717e" },
        { "read", "4b130400 00000000 00040000 00000000 1b157e" },
        { "close", "4b130300 00000000 34507e" },
    };

    private static IDiagPacket Build(string name) => name switch
    {
        "hello" => EfsHelloRequest.Default(),
        "query" => new EfsQueryRequest(),
        "opendir" => new EfsOpendirRequest("/"),
        "readdir" => new EfsReaddirRequest(1, 1),
        "read" => new EfsReadRequest(0, 1024, 0),
        "close" => new EfsCloseRequest(0),
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };

    [Theory]
    [MemberData(nameof(AppendixA))]
    public void Appendix_A_frames_are_what_the_encoder_and_framer_produce(string name, string framedHex)
    {
        byte[] framed = HdlcFramer.Encode(Build(name).ToArray());

        Assert.Equal(Hex(framedHex), framed);
    }

    [Fact]
    public void Hello_frame_escapes_the_crc_low_byte_7e()
    {
        byte[] framed = HdlcFramer.Encode(EfsHelloRequest.Default().ToArray());

        Assert.Equal(Hex("7d5e057e"), framed[^4..]);
    }

    [Theory]
    [InlineData("4b130000 00001000 00001000 00001000 00001000 00001000 00001000 01000000 01000000 01000000 ffffffff")]
    [InlineData("4b130b002f00")]
    [InlineData("4b130c00 01000000 01000000")]
    [InlineData("4b130d00 01000000")]
    public void F11_qcsuper_payloads_equal_our_encoding(string payloadHex)
    {
        byte[] payload = Hex(payloadHex);
        IDiagPacket ours = payload[2] switch
        {
            0x00 => EfsHelloRequest.Default(),
            0x0B => new EfsOpendirRequest("/"),
            0x0C => new EfsReaddirRequest(1, 1),
            _ => new EfsClosedirRequest(1),
        };

        Assert.Equal(payload, ours.ToArray());
    }

    [Fact]
    public void Hello_request_of_f11_parses_to_the_default_parameters()
    {
        byte[] payload = Hex("4b130000 00001000 00001000 00001000 00001000 00001000 00001000 01000000 01000000 01000000 ffffffff");

        Assert.Equal(DiagStatus.Ok, EfsHelloRequest.TryParse(payload, out var hello));
        Assert.Equal(EfsHelloRequest.Default(), hello);
    }

    [Fact]
    public void Mkdir_layout_puts_an_i16_mode_at_4_and_the_path_at_6()
    {
        Assert.Equal(Hex("4b130900 ff41 2f6400"), new EfsMkdirRequest(0x41FF, "/d").ToArray());
    }

    [Fact]
    public void Put_layout_is_length_flags_sequence_data_then_path()
    {
        var put = new EfsPutRequest((EfsOpenFlags)0x40241, 5, [0xAA, 0xBB], "/x", EfsSubsystem.Alternate);

        Assert.Equal(Hex("4b3e2600 02000000 41020400 0500 aabb 2f7800"), put.ToArray());
    }

    [Fact]
    public void Get_layout_is_length_pathlength_sequence_then_path()
    {
        Assert.Equal(Hex("4b132700 00040000 03000000 0900 2f7800"), EfsGetRequest.For("/x", 9).ToArray());
    }

    [Fact]
    public void Put_response_is_sequence_then_errno_in_10_bytes()
    {
        Assert.Equal(Hex("4b132600 0500 06000000"), new EfsPutResponse(5, EfsErrno.EEXIST).ToArray());
    }

    [Fact]
    public void Sync_responses_have_their_qualcomm_sizes()
    {
        Assert.Equal(Hex("4b133000 0100 78563412 32010000"), new EfsSyncNoWaitResponse(1, 0x12345678, EfsErrno.ENOTHINGTOSYNC).ToArray());
        Assert.Equal(Hex("4b133100 0100 00 00000000"), new EfsSyncGetStatusResponse(1, 0, EfsErrno.ENOERR).ToArray());
    }

    [Fact]
    public void Readdir_end_marker_is_41_bytes_with_an_empty_name()
    {
        byte[] end = EfsReaddirResponse.EndOfDirectory(1, 5).ToArray();

        Assert.Equal(41, end.Length);
        Assert.Equal(DiagStatus.Ok, EfsReaddirResponse.TryParse(end, out var r));
        Assert.True(r!.IsEndOfDirectory);
    }

    [Fact]
    public void Stat_response_is_32_bytes_even_on_error_and_parses_a_short_error_reply()
    {
        Assert.Equal(32, new EfsStatResponse(EfsErrno.ENOENT, 0, 0, 0, 0, 0, 0).Size);
        Assert.Equal(DiagStatus.Ok, EfsStatResponse.TryParse(Hex("4b130f00 02000000"), out var st));
        Assert.Equal(EfsErrno.ENOENT, st!.Errno);
        Assert.Equal(0, st.Mode);
        Assert.Equal(DiagStatus.Truncated, EfsStatResponse.TryParse(Hex("4b130f00 00000000 a4810000"), out _));
    }

    [Theory]
    [InlineData("4b130000", DiagStatus.Truncated)]
    [InlineData("4b130100 00", DiagStatus.BadLength)]
    [InlineData("4b130300 000000", DiagStatus.Truncated)]
    [InlineData("4b130300 00000000 00", DiagStatus.BadLength)]
    [InlineData("4b130400 00000000 00040000 00000000 00", DiagStatus.BadLength)]
    [InlineData("4b130c00 01000000 01000000 00", DiagStatus.BadLength)]
    [InlineData("4b130d00 01000000 00", DiagStatus.BadLength)]
    public void Exact_size_requests_reject_any_other_length(string hex, DiagStatus expected)
    {
        byte[] p = Hex(hex);
        DiagStatus s = p[2] switch
        {
            0x00 => EfsHelloRequest.TryParse(p, out _),
            0x01 => EfsQueryRequest.TryParse(p, out _),
            0x03 => EfsCloseRequest.TryParse(p, out _),
            0x04 => EfsReadRequest.TryParse(p, out _),
            0x0C => EfsReaddirRequest.TryParse(p, out _),
            _ => EfsClosedirRequest.TryParse(p, out _),
        };

        Assert.Equal(expected, s);
    }

    [Fact]
    public void Paths_without_nul_are_malformed()
    {
        Assert.Equal(DiagStatus.Malformed, EfsOpenRequest.TryParse(Hex("4b130200 00000000 00000000 2f61"), out _));
        Assert.Equal(DiagStatus.Malformed, EfsStatRequest.TryParse(Hex("4b130f00 2f61"), out _));
        Assert.Equal(DiagStatus.Malformed, EfsMkdirRequest.TryParse(Hex("4b130900 ff01"), out _));
        Assert.Equal(DiagStatus.Malformed, EfsRenameRequest.TryParse(Hex("4b130e00 2f6100 2f62"), out _));
        Assert.Equal(DiagStatus.Malformed, EfsSymlinkRequest.TryParse(Hex("4b130600 2f6100"), out _));
        Assert.Equal(DiagStatus.Ok, EfsRenameRequest.TryParse(Hex("4b130e00 2f6100 2f6200"), out var r));
        Assert.Equal(("/a", "/b"), (r!.OldPath, r.NewPath));
    }

    [Fact]
    public void Read_response_with_a_bytes_read_past_the_end_is_malformed()
    {
        Assert.Equal(DiagStatus.Malformed, EfsReadResponse.TryParse(Hex("4b130400 01000000 00000000 05000000 00000000 6162"), out _));
        Assert.Equal(DiagStatus.Ok, EfsReadResponse.TryParse(Hex("4b130400 01000000 00000000 ffffffff 09000000"), out var err));
        Assert.Equal((-1, EfsErrno.EBADF, 0), (err!.BytesRead, err.Errno, err.Data.Length));
    }

    [Fact]
    public void Get_request_with_more_than_1024_bytes_is_bad_length_and_put_with_a_lying_length_is_malformed()
    {
        Assert.Equal(DiagStatus.BadLength, EfsGetRequest.TryParse(Hex("4b132700 01040000 03000000 0000 2f7800"), out _));
        Assert.Equal(DiagStatus.Malformed, EfsPutRequest.TryParse(Hex("4b132600 09000000 00000000 0000 aa 2f7800"), out _));
    }

    [Fact]
    public void Efs_error_response_carries_errno_and_at_most_32_echo_bytes()
    {
        byte[] req = new EfsOpenRequest(EfsOpenFlags.ReadOnly, 0, "/a/very/long/path/that/exceeds/thirty/two").ToArray();
        var err = EfsErrorResponse.For(EfsErrno.EINVAL, req);

        Assert.Equal(32, err.Echo.Length);
        Assert.Equal(Hex("4b131c00 16000000"), err.ToArray()[..8]);
        Assert.Equal(DiagStatus.Malformed, EfsErrorResponse.TryParse([.. err.ToArray(), 0], out _));
    }

    [Fact]
    public void Writing_a_path_with_nul_is_a_caller_error()
    {
        Assert.Throws<ArgumentException>(() => new EfsStatRequest("/a\0b").ToArray());
    }
}
