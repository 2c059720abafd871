using System.Buffers.Binary;
using ZteDiag.Protocol.Diag;
using ZteDiag.Protocol.Efs;
using ZteDiag.Protocol.Hdlc;
using ZteDiag.Protocol.Trace;

namespace ZteDiag.Emulator.Tests.Diag;

/// <summary>Every frame real peers wrote (fixtures/peer-requests, "&gt;" lines) gets a well-formed, correctly sized reply.</summary>
public sealed class FixtureReplayTests
{
    [Theory]
    [InlineData("qcsuper_ls.txt")]
    [InlineData("qcsuper_get_cat.txt")]
    [InlineData("qcsuper_put_stat.txt")]
    [InlineData("libqcdm_test_qcdm.txt")]
    public void Every_captured_request_gets_a_well_formed_reply(string file)
    {
        string text = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "fixtures", "peer-requests", file));
        (IReadOnlyList<TraceChunk> chunks, IReadOnlyList<TraceError> errors) = HexTraceReader.Read(text);
        Assert.Empty(errors);
        TraceChunk[] requests = [.. chunks.Where(c => c.Direction == TraceDirection.ToModem)];
        Assert.NotEmpty(requests);
        using var t = new TestModem();
        foreach (TraceChunk chunk in requests)
        {
            IReadOnlyList<HdlcFrameResult> frames = HdlcFrameResult.DeframeAll(chunk.Bytes, out _);
            HdlcFrameResult request = Assert.Single(frames, f => f.Payload.Length > 0);
            Assert.True(request.IsGood, $"line {chunk.Line}: fixture frame has a bad CRC");
            byte[] reply = t.Diag.SendRaw(chunk.Bytes);
            Assert.NotEqual(0x7E, t.Diag.LastFirstByte);
            AssertWellFormed(request.Payload, reply, chunk.Line);
        }
    }

    private static void AssertWellFormed(byte[] req, byte[] reply, int line)
    {
        string where = $"line {line}: {Convert.ToHexString(req)} -> {Convert.ToHexString(reply)}";
        if (DiagReply.IsErrorCode(reply[0]))
        {
            Assert.True(reply[0] is 0x13 or 0x15, where);
            Assert.Equal(req[..Math.Min(16, req.Length)], reply[1..]);
            return;
        }

        switch ((DiagCommand)req[0])
        {
            case DiagCommand.Verno:
                Assert.Equal(DiagStatus.Ok, VernoResponse.TryParse(reply, out _));
                Assert.Equal(55, reply.Length);
                return;
            case DiagCommand.Esn:
                Assert.Equal(DiagStatus.Ok, EsnResponse.TryParse(reply, out _));
                Assert.Equal(5, reply.Length);
                return;
            case DiagCommand.LogConfig:
                Assert.Equal(DiagStatus.Ok, LogConfigResponse.TryParse(reply, out LogConfigResponse? lc));
                Assert.Equal(req[4..8], reply[4..8]); // the operation asked
                Assert.Equal(0u, lc!.Status);
                return;
            case DiagCommand.ExtMsgConfig:
                Assert.Equal(req[..2], reply[..2]);
                return;
            case DiagCommand.SubsysCmd:
                break;
            default:
                Assert.Fail($"unexpected reply, {where}");
                return;
        }

        var op = (EfsCommand)BinaryPrimitives.ReadUInt16LittleEndian(req.AsSpan(2));
        Assert.Equal(req[..4], reply[..4]);
        (DiagStatus status, int? size) = op switch
        {
            EfsCommand.Hello => (EfsHelloResponse.TryParse(reply, out _), 44),
            EfsCommand.Open => (EfsOpenResponse.TryParse(reply, out _), 12),
            EfsCommand.Opendir => (EfsOpendirResponse.TryParse(reply, out _), 12),
            EfsCommand.Close => (EfsCloseResponse.TryParse(reply, out _), 8),
            EfsCommand.Closedir => (EfsClosedirResponse.TryParse(reply, out _), 8),
            EfsCommand.Write => (EfsWriteResponse.TryParse(reply, out _), 20),
            EfsCommand.Stat => (EfsStatResponse.TryParse(reply, out _), 32),
            EfsCommand.Read => ReadSize(reply),
            EfsCommand.Readdir => ReaddirSize(reply),
            EfsCommand.Readlink => (EfsReadlinkResponse.TryParse(reply, out EfsReadlinkResponse? r), r is null ? null : 9 + r.Target.Length),
            _ => (DiagStatus.WrongCommand, null),
        };
        Assert.True(status == DiagStatus.Ok, $"{op} reply parsed as {status}, {where}");
        if (size is { } expected)
        {
            Assert.True(expected == reply.Length, $"{op} reply is {reply.Length} bytes, expected {expected}, {where}");
        }
    }

    private static (DiagStatus, int?) ReadSize(byte[] reply)
    {
        DiagStatus s = EfsReadResponse.TryParse(reply, out EfsReadResponse? r);
        return (s, r is null ? null : 20 + Math.Max(0, r.BytesRead));
    }

    private static (DiagStatus, int?) ReaddirSize(byte[] reply)
    {
        DiagStatus s = EfsReaddirResponse.TryParse(reply, out EfsReaddirResponse? r);
        return (s, r is null ? null : 41 + r.Name.Length);
    }
}
