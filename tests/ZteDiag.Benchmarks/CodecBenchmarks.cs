using System.Buffers;
using System.Buffers.Binary;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using ZteDiag.Protocol.Hdlc;

namespace ZteDiag.Benchmarks;

/// <summary>
/// HDLC codec throughput on 1 MiB of realistic traffic: EFS2 READ responses carrying 1 KiB each,
/// as a backup streams them. memcpy of the same bytes is the baseline (the physical limit), so the
/// Ratio column says how close framing gets to it.
/// </summary>
[Config(typeof(Config))]
[MemoryDiagnoser]
public class CodecBenchmarks
{
    private byte[] _wire = [];
    private byte[] _payloads = [];
    private int[] _payloadEnds = [];
    private byte[] _sink = [];
    private readonly HdlcDeframer _deframer = new();

    /// <summary>Bytes of wire traffic per operation, for the MB/s column (computed in the host process too).</summary>
    public static long WireBytes => LazyWireBytes.Value;

    private static readonly Lazy<long> LazyWireBytes = new(() =>
    {
        var b = new CodecBenchmarks();
        b.Setup();
        return b._wire.Length;
    });

    [GlobalSetup]
    public void Setup()
    {
        var rng = new Random(42);
        var wire = new List<byte>();
        var payloads = new List<byte>();
        var ends = new List<int>();
        uint offset = 0;
        while (wire.Count < 1 << 20)
        {
            // 4b 13 04 00 | fd | offset | bytes_read | errno | 1024 data bytes (random: ~0.8% are 7e/7d, as in real files)
            byte[] p = new byte[20 + 1024];
            p[0] = 0x4B; p[1] = 0x13; p[2] = 0x04;
            BinaryPrimitives.WriteInt32LittleEndian(p.AsSpan(4), 1);
            BinaryPrimitives.WriteUInt32LittleEndian(p.AsSpan(8), offset);
            BinaryPrimitives.WriteInt32LittleEndian(p.AsSpan(12), 1024);
            rng.NextBytes(p.AsSpan(20));
            offset += 1024;
            payloads.AddRange(p);
            ends.Add(payloads.Count);
            wire.AddRange(HdlcFramer.Encode(p));
        }

        _wire = [.. wire];
        _payloads = [.. payloads];
        _payloadEnds = [.. ends];
        _sink = new byte[HdlcFramer.MaxEncodedLength(_payloads.Length)];
    }

    [Benchmark(Baseline = true, Description = "memcpy (Span.CopyTo)")]
    public int Memcpy()
    {
        _wire.AsSpan().CopyTo(_sink);
        return _sink[^1];
    }

    [Benchmark(Description = "deframe + CRC check")]
    public int Deframe()
    {
        ReadOnlySpan<byte> rest = _wire;
        int frames = 0;
        while (!rest.IsEmpty)
        {
            if (_deframer.Read(rest, out int used) == OperationStatus.Done)
            {
                frames++;
            }

            rest = rest[used..];
        }

        return frames;
    }

    [Benchmark(Description = "frame (CRC + escape)")]
    public int Frame()
    {
        int start = 0, o = 0;
        foreach (int end in _payloadEnds)
        {
            o += HdlcFramer.Encode(_payloads.AsSpan(start, end - start), _sink.AsSpan(o));
            start = end;
        }

        return o;
    }

    private sealed class Config : ManualConfig
    {
        public Config()
        {
            AddJob(Job.ShortRun.WithId("short"));
            AddColumn(new ThroughputColumn(_ => WireBytes));
            WithOptions(ConfigOptions.DisableLogFile);
        }
    }
}
