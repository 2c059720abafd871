using ZteDiag.Protocol.Diag;

namespace ZteDiag.Protocol.Tests.Diag;

public class RobustnessTests
{
    private delegate DiagStatus Parser(ReadOnlySpan<byte> src);

    private static readonly (string Name, Parser Parse, byte[] Valid)[] Parsers =
    [
        ("VernoRequest", s => VernoRequest.TryParse(s, out _), new VernoRequest().ToArray()),
        ("VernoResponse", s => VernoResponse.TryParse(s, out _), new VernoResponse("Aug 19 2008", "20:48:47", "Oct 29 2007", "19:00:00", "SCNRZ...", 1, 2, 3, 4, 5, 6, 7).ToArray()),
        ("EsnRequest", s => EsnRequest.TryParse(s, out _), new EsnRequest().ToArray()),
        ("EsnResponse", s => EsnResponse.TryParse(s, out _), new EsnResponse(0xDEADD00D).ToArray()),
        ("DiagVersionRequest", s => DiagVersionRequest.TryParse(s, out _), new DiagVersionRequest().ToArray()),
        ("DiagVersionResponse", s => DiagVersionResponse.TryParse(s, out _), new DiagVersionResponse(8).ToArray()),
        ("ExtBuildIdRequest", s => ExtBuildIdRequest.TryParse(s, out _), new ExtBuildIdRequest().ToArray()),
        ("ExtBuildIdResponse", s => ExtBuildIdResponse.TryParse(s, out _), new ExtBuildIdResponse(1, 0, 0xCF2, 0x14E, "M6290A-KPRZL-2.4.0105T", "MF627").ToArray()),
        ("NvPacket", s => NvPacket.TryParse(s, out _), NvPacket.Write(550, Imei.Encode("356875001562880")).ToArray()),
        ("NvPacket(item)", s => NvPacket.TryParse(s, DiagCommand.NvRead, 550, out _), NvPacket.Read(550).ToArray()),
        ("IndexedNvPacket", s => IndexedNvPacket.TryParse(s, out _), new IndexedNvPacket(IndexedNvCommand.Write, 550, 1, [1, 2, 3]).ToArray()),
        ("SpcRequest", s => SpcRequest.TryParse(s, out _), SpcRequest.Create("000000").ToArray()),
        ("SpcResponse", s => SpcResponse.TryParse(s, out _), new SpcResponse(true).ToArray()),
        ("PasswordRequest", s => PasswordRequest.TryParse(s, out _), new PasswordRequest(new byte[8]).ToArray()),
        ("PasswordResponse", s => PasswordResponse.TryParse(s, out _), new PasswordResponse(true).ToArray()),
        ("ControlRequest", s => ControlRequest.TryParse(s, out _), new ControlRequest(DiagControlMode.Reset).ToArray()),
        ("ControlResponse", s => ControlResponse.TryParse(s, out _), new ControlResponse(DiagControlMode.Reset).ToArray()),
        ("LogConfigRequest", s => LogConfigRequest.TryParse(s, out _), LogConfigRequest.Disable().ToArray()),
        ("LogConfigResponse", s => LogConfigResponse.TryParse(s, out _), new LogConfigResponse(LogConfigOperation.Disable, 0).ToArray()),
        ("LogConfigIdRangesResponse", s => LogConfigIdRangesResponse.TryParse(s, out _), new LogConfigIdRangesResponse(0, new uint[16]).ToArray()),
        ("ExtMsgConfigRequest", s => ExtMsgConfigRequest.TryParse(s, out _), ExtMsgConfigRequest.SetAllRtMasks(0).ToArray()),
        ("ExtMsgConfigResponse", s => ExtMsgConfigResponse.TryParse(s, out _), new ExtMsgConfigResponse(ExtMsgConfigSubcommand.SetAllRtMasks, [0, 0, 0, 0, 0, 0]).ToArray()),
        ("ExtMsgSsidRangesResponse", s => ExtMsgSsidRangesResponse.TryParse(s, out _), new ExtMsgSsidRangesResponse(1, 0, [new SsidRange(0, 0x86), new SsidRange(500, 506)]).ToArray()),
        ("SubsysV2Header", s => SubsysV2Header.TryParse(s, out _), new SubsysV2Header(0x30, 1, 0, 5, 1).ToArray()),
        ("Imei.TryDecode", s => Imei.TryDecode(s, out _) == ImeiError.None ? DiagStatus.Ok : DiagStatus.Malformed, Imei.Encode("990016878573987")),
    ];

    public static TheoryData<string> ParserNames => [.. Parsers.Select(p => p.Name)];

    [Theory]
    [MemberData(nameof(ParserNames))]
    public void Every_truncation_of_a_valid_packet_fails_without_throwing(string name)
    {
        var (_, parse, valid) = Parsers.Single(p => p.Name == name);
        Assert.Equal(DiagStatus.Ok, parse(valid));
        for (int n = 0; n < valid.Length; n++)
        {
            DiagStatus s = parse(valid.AsSpan(0, n));
            Assert.True(s is not DiagStatus.Ok || name is "LogConfigRequest" or "LogConfigResponse" or "ExtMsgConfigRequest" or "ExtMsgConfigResponse",
                $"{name} accepted a {n}-byte truncation");
        }
    }

    [Theory]
    [MemberData(nameof(ParserNames))]
    public void Random_bytes_never_make_a_parser_throw(string name)
    {
        var (_, parse, valid) = Parsers.Single(p => p.Name == name);
        int seed = Environment.TickCount;
        TestContext.Current.TestOutputHelper?.WriteLine($"seed {seed}");
        var rng = new Random(seed);
        for (int i = 0; i < 2000; i++)
        {
            byte[] buf = new byte[rng.Next(0, 300)];
            rng.NextBytes(buf);
            if (buf.Length > 0 && rng.Next(2) == 0)
            {
                buf[0] = valid[0];
            }

            if (i % 3 == 0)
            {
                // mutate a valid packet: a few random bytes changed, length kept or cut
                buf = valid.ToArray();
                for (int k = rng.Next(1, 4); k > 0; k--)
                {
                    buf[rng.Next(buf.Length)] = (byte)rng.Next(256);
                }

                buf = buf[..rng.Next(buf.Length + 1)];
            }

            try
            {
                _ = parse(buf);
            }
            catch (Exception ex)
            {
                Assert.Fail($"{name} threw {ex.GetType().Name} on {Convert.ToHexString(buf)} (seed {seed})");
            }
        }
    }
}
