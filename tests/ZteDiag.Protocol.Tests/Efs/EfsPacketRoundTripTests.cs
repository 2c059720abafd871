using ZteDiag.Protocol.Diag;

namespace ZteDiag.Protocol.Tests.Efs;

public class EfsPacketRoundTripTests
{
    public static TheoryData<int> SampleIndexes() => new(Enumerable.Range(0, EfsTestSupport.Samples.Count));

    [Theory]
    [MemberData(nameof(SampleIndexes))]
    public void Every_sample_packet_parses_back_and_re_encodes_to_the_same_bytes(int index)
    {
        var (sample, parser) = EfsTestSupport.Samples[index];
        byte[] bytes = sample.ToArray();
        Assert.Equal(sample.Size, bytes.Length);

        var (status, value) = parser.Parse(bytes);

        Assert.Equal(DiagStatus.Ok, status);
        Assert.NotNull(value);
        Assert.Equal(bytes, value.ToArray());
    }

    [Theory]
    [MemberData(nameof(SampleIndexes))]
    public void Every_parser_rejects_the_alternate_subsystem_swapped_for_another_id(int index)
    {
        var (sample, parser) = EfsTestSupport.Samples[index];
        byte[] bytes = sample.ToArray();
        bytes[1] = 0x30; // NV subsystem, not EFS

        Assert.Equal(DiagStatus.WrongCommand, parser.Parse(bytes).Status);
    }

    [Theory]
    [MemberData(nameof(SampleIndexes))]
    public void Every_parser_rejects_another_efs_command(int index)
    {
        var (sample, parser) = EfsTestSupport.Samples[index];
        byte[] bytes = sample.ToArray();
        bytes[2] = 57; // no such EFS2 command

        Assert.Equal(DiagStatus.WrongCommand, parser.Parse(bytes).Status);
    }

    [Theory]
    [MemberData(nameof(SampleIndexes))]
    public void Every_parser_survives_every_truncation_and_random_bytes(int index)
    {
        var (sample, parser) = EfsTestSupport.Samples[index];
        byte[] bytes = sample.ToArray();
        for (int n = 0; n < bytes.Length; n++)
        {
            var (status, value) = parser.Parse(bytes[..n]);
            Assert.True(status == DiagStatus.Ok == value is not null, $"{parser} prefix {n}: {status}");
        }

        const int seed = 20240601;
        var rng = new Random(seed + index);
        for (int i = 0; i < 2000; i++)
        {
            byte[] junk = new byte[rng.Next(0, 80)];
            rng.NextBytes(junk);
            if (junk.Length >= 4 && rng.Next(2) == 0)
            {
                // keep a valid header half of the time so the field parsing is reached
                bytes.AsSpan(0, 4).CopyTo(junk);
            }

            var (status, value) = parser.Parse(junk);
            Assert.True(status == DiagStatus.Ok == value is not null, $"{parser} seed {seed + index} iteration {i}: {status}");
        }
    }

    [Theory]
    [MemberData(nameof(SampleIndexes))]
    public void Every_response_parser_returns_the_device_error_reply_status(int index)
    {
        var (sample, parser) = EfsTestSupport.Samples[index];
        if (!parser.Name.EndsWith("Response", StringComparison.Ordinal))
        {
            return;
        }

        byte[] reply = [0x15, .. sample.ToArray()[..4]];

        Assert.Equal(DiagStatus.BadLength, parser.Parse(reply).Status);
    }
}
