using System.Diagnostics;
using System.Globalization;

namespace ZteDiag.Cli;

/// <summary>
/// A one-line progress bar on stderr for long transfers: bytes, rate, ETA. Silent when stderr is not
/// a terminal (piped, CI), so scripts see only the result.
/// </summary>
internal sealed class ConsoleProgress : IProgress<long>, IDisposable
{
    private readonly string _label;
    private readonly long _total;
    private readonly bool _enabled;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private long _lastDrawMs = -1000;
    private bool _drawn;

    public ConsoleProgress(string label, long total, bool enabled = true)
    {
        _label = label;
        _total = total;
        _enabled = enabled && !Console.IsErrorRedirected;
    }

    public void Report(long value)
    {
        if (!_enabled)
        {
            return;
        }

        long now = _clock.ElapsedMilliseconds;
        if (now - _lastDrawMs < 100 && value < _total)
        {
            return;
        }

        _lastDrawMs = now;
        double seconds = Math.Max(0.001, now / 1000.0);
        double rate = value / seconds;
        string pct = _total > 0 ? (100.0 * value / _total).ToString("0", CultureInfo.InvariantCulture) + "%" : "";
        string eta = _total > 0 && rate > 0 && value < _total ? $" ETA {TimeSpan.FromSeconds((_total - value) / rate):mm\\:ss}" : "";
        int width = 24;
        int filled = _total > 0 ? (int)Math.Min(width, width * value / Math.Max(1, _total)) : 0;
        string bar = new string('#', filled) + new string('.', width - filled);
        Console.Error.Write($"\r{_label} [{bar}] {pct} {Human(value)}/{Human(_total)} {Human((long)rate)}/s{eta}   ");
        _drawn = true;
    }

    public void Dispose()
    {
        if (_drawn)
        {
            Console.Error.WriteLine();
        }
    }

    internal static string Human(long bytes) => bytes switch
    {
        < 1024 => $"{bytes} B",
        < 1024 * 1024 => (bytes / 1024.0).ToString("0.0", CultureInfo.InvariantCulture) + " KiB",
        _ => (bytes / 1048576.0).ToString("0.0", CultureInfo.InvariantCulture) + " MiB",
    };
}
