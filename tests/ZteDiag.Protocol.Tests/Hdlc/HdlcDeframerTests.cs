using System.Buffers;
using FsCheck;
using FsCheck.Xunit;
using ZteDiag.Protocol.Hdlc;

namespace ZteDiag.Protocol.Tests.Hdlc;

public class HdlcDeframerTests
{
    // PROTOCOL.md §4 F1: VERNO response frame from libqcdm test_verinfo, 58 bytes on the wire.
    internal const string F1 =
        "00 41 75 67 20 31 39 20 32 30 30 38 32 30 3a 34 38 3a 34 37 4f 63 74 20" +
        "32 39 20 32 30 30 37 31 39 3a 30 30 3a 30 30 53 43 4e 52 5a 2e 2e 2e 2a" +
        "06 04 b9 0b 02 00 b2 19 c4 7e";

    // PROTOCOL.md §4 F3: PILOT_SETS response, 221 bytes with escapes; decapsulates to 214.
    internal const string F3 =
        "400300010019f000160021001c00d8003f0056013f0015001a0011013f0092013f0039003f0095013f0012003f0023013f0066003f000b013f00ae003f0002013f00a8003f0050013f00f8013f0057003f007d5e003f0093003f00bd003f0077013f00b7003f00ab003f0033003f000000000000000000000000000000000000000000000000adde000000000000001313501f0000ffff00aa1900000000000000000000000000000000000000000000000000000000000000000000b1c47d5e7d5e7d5d5d04581b5b1b0000000000000000000000000000000065697e";

    [Fact]
    public void Read_F1VernoFrame_YieldsThe55BytePayload()
    {
        var d = new HdlcDeframer();
        byte[] wire = Hex.Bytes(F1);
        Assert.Equal(58, wire.Length);
        Assert.Equal(OperationStatus.Done, d.Read(wire, out int used));
        Assert.Equal(58, used);
        Assert.Equal(55, d.Payload.Length);
        Assert.Equal(0x00, d.Payload[0]);
        Assert.Equal("SCNRZ...", System.Text.Encoding.ASCII.GetString(d.Payload.Slice(39, 8)));
    }

    [Fact]
    public void Read_F2LeadingFlags_AreSkippedAndFrameDecodesIdentically()
    {
        byte[] wire = [.. Enumerable.Repeat((byte)0x7e, 12), .. Hex.Bytes(F1)];
        var frames = HdlcFrameResult.DeframeAll(wire, out int trailing);
        var frame = Assert.Single(frames);
        Assert.True(frame.IsGood);
        Assert.Equal(55, frame.Payload.Length);
        Assert.Equal(0, trailing);
    }

    [Fact]
    public void Read_F3PilotSets_Unescapes7d5d5dInOrder_And214Bytes()
    {
        byte[] wire = Hex.Bytes(F3);
        Assert.Equal(221, wire.Length);
        var d = new HdlcDeframer();
        Assert.Equal(OperationStatus.Done, d.Read(wire, out int used));
        Assert.Equal(221, used);
        Assert.Equal(214, d.Payload.Length); // libqcdm: decap_inbuf → 214 payload bytes
        Assert.Equal(0x40, d.Payload[0]);
        // "7d 5e 7d 5e 7d 5d 5d" → 7e 7e 7d 5d
        int i = d.Payload.IndexOf(new byte[] { 0xb1, 0xc4 });
        Assert.Equal("b1c47e7e7d5d04", Hex.Of(d.Payload.Slice(i, 7)));
    }

    // PROTOCOL.md §4 F4: a Sierra CnS frame is not DIAG and must fail the CRC.
    [Theory]
    [InlineData("00 0a 6b 74 00 00 07 00 00 00 00 00 00 00 7e")]
    [InlineData("7e 00 0a 6b 6d 00 00 07 00 00 00 00 00 00 00 7e")]
    public void Read_F4CnsFrame_IsRejectedWithBadCrc(string hex)
    {
        var frames = HdlcFrameResult.DeframeAll(Hex.Bytes(hex), out _);
        var f = Assert.Single(frames);
        Assert.Equal(HdlcFrameError.BadCrc, f.Error);
    }

    [Fact]
    public void Read_F4Garbage_YieldsOnlyBadFrames()
    {
        var frames = HdlcFrameResult.DeframeAll(Hex.Bytes("7e 7e 7e 6b 6d 7e 7e 7e 7e 00 00 00 00 00 00 7e"), out _);
        Assert.Equal([HdlcFrameError.TooShort, HdlcFrameError.BadCrc], frames.Select(f => f.Error));
    }

    [Fact]
    public void Read_OneByteAtATime_GivesTheSameFrame()
    {
        byte[] wire = Hex.Bytes(F3);
        var d = new HdlcDeframer();
        byte[]? got = null;
        foreach (byte b in wire)
        {
            if (d.Read([b], out int used) == OperationStatus.Done)
            {
                got = d.Payload.ToArray();
            }

            Assert.Equal(1, used);
        }

        Assert.NotNull(got);
        Assert.Equal(214, got.Length);
    }

    [Fact]
    public void Read_EscapeSplitAcrossChunks_ReturnsNeedMoreDataThenTheFrame()
    {
        byte[] frame = HdlcFramer.Encode([0x7d, 0x01]); // 7d 5d 01 crc crc 7e
        var d = new HdlcDeframer();
        Assert.Equal(OperationStatus.NeedMoreData, d.Read(frame.AsSpan(0, 1), out int used));
        Assert.Equal(1, used);
        Assert.Equal(OperationStatus.Done, d.Read(frame.AsSpan(1), out used));
        Assert.Equal(frame.Length - 1, used);
        Assert.Equal("7d01", Hex.Of(d.Payload));
    }

    [Fact]
    public void Read_ManyFramesInOneChunk_ReturnsThemOneByOne()
    {
        byte[] wire = [.. HdlcFramer.Encode([1]), .. HdlcFramer.Encode([2, 3]), .. HdlcFramer.Encode([0x7e])];
        var frames = HdlcFrameResult.DeframeAll(wire, out int trailing);
        Assert.Equal(["01", "0203", "7e"], frames.Select(f => Hex.Of(f.Payload)));
        Assert.Equal(0, trailing);
    }

    [Fact]
    public void Read_OverlongFrame_IsReportedAndStreamResyncsAtNextFlag()
    {
        var d = new HdlcDeframer(maxFrameLength: 16);
        byte[] wire = [.. new byte[40], 0x7e, .. HdlcFramer.Encode([9, 9])];
        Assert.Equal(OperationStatus.InvalidData, d.Read(wire, out int used));
        Assert.Equal(HdlcFrameError.TooLong, d.LastError);
        Assert.Equal(41, used);
        Assert.Equal(OperationStatus.Done, d.Read(wire.AsSpan(used), out _));
        Assert.Equal("0909", Hex.Of(d.Payload));
    }

    [Fact]
    public void Read_EscapeBeforeFlag_IsBadEscape()
    {
        var frames = HdlcFrameResult.DeframeAll(Hex.Bytes("01 02 7d 7e"), out _);
        Assert.Equal(HdlcFrameError.BadEscape, Assert.Single(frames).Error);
    }

    [Fact]
    public void Read_UnterminatedTail_IsHeldAsPending()
    {
        var frames = HdlcFrameResult.DeframeAll(Hex.Bytes("01 02 03"), out int trailing);
        Assert.Empty(frames);
        Assert.Equal(3, trailing);
    }

    [Property(MaxTest = 300)]
    public bool Deframe_OfRandomPayloadsUnderRandomChunking_ReturnsThePayloads(byte[][] payloads, int seed)
    {
        var nonEmpty = payloads.Where(p => p is { Length: > 0 }).ToArray();
        byte[] wire = nonEmpty.SelectMany(p => HdlcFramer.Encode(p, leadingFlag: (p[0] & 1) == 1)).ToArray();
        var rng = new Random(seed);
        var d = new HdlcDeframer();
        var got = new List<byte[]>();
        int pos = 0;
        while (pos < wire.Length)
        {
            int n = Math.Min(wire.Length - pos, rng.Next(1, 64));
            ReadOnlySpan<byte> chunk = wire.AsSpan(pos, n);
            while (!chunk.IsEmpty)
            {
                var s = d.Read(chunk, out int used);
                if (s == OperationStatus.Done)
                {
                    got.Add(d.Payload.ToArray());
                }
                else if (s == OperationStatus.InvalidData)
                {
                    return false;
                }

                chunk = chunk[used..];
            }

            pos += n;
        }

        return got.Count == nonEmpty.Length && got.Zip(nonEmpty).All(t => t.First.AsSpan().SequenceEqual(t.Second));
    }

    [Property(MaxTest = 300)]
    public bool Deframe_OfRandomBytes_NeverThrowsAndAlwaysConsumes(byte[] noise)
    {
        var d = new HdlcDeframer(maxFrameLength: 32);
        ReadOnlySpan<byte> rest = noise ?? [];
        while (!rest.IsEmpty)
        {
            d.Read(rest, out int used);
            if (used <= 0)
            {
                return false;
            }

            rest = rest[used..];
        }

        return true;
    }
}
