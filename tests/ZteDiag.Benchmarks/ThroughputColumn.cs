using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace ZteDiag.Benchmarks;

/// <summary>Adds MB/s (10^6 bytes per second) computed from the mean and the bytes one operation moves.</summary>
internal sealed class ThroughputColumn(Func<BenchmarkCase, long> bytesPerOp) : IColumn
{
    public string Id => "MBps";
    public string ColumnName => "MB/s";
    public bool AlwaysShow => true;
    public ColumnCategory Category => ColumnCategory.Custom;
    public int PriorityInCategory => 0;
    public bool IsNumeric => true;
    public UnitType UnitType => UnitType.Dimensionless;
    public string Legend => "Throughput in 10^6 bytes per second (bytes of traffic per operation / mean time)";

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase)
    {
        var report = summary[benchmarkCase];
        if (report?.ResultStatistics is not { } stats)
        {
            return "n/a";
        }

        double seconds = stats.Mean / 1e9;
        return (bytesPerOp(benchmarkCase) / seconds / 1e6).ToString("N0", System.Globalization.CultureInfo.InvariantCulture);
    }

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style) => GetValue(summary, benchmarkCase);
    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
    public bool IsAvailable(Summary summary) => true;
}
