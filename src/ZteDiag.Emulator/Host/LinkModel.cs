using System.Globalization;

namespace ZteDiag.Emulator.Host;

/// <summary>
/// Timing of the emulated USB link for DIAG responses. A response to a request that arrived at
/// time <c>a</c> is written at <c>max(a + Latency, previousSendEnd) + bytes / Bandwidth</c>:
/// responses form a queue, so pipelined requests overlap their latency (throughput is then
/// bandwidth-bound) while a stop-and-wait client pays the latency on every request.
/// </summary>
/// <param name="Latency">One-way delay added to every response.</param>
/// <param name="BandwidthBytesPerSecond">Wire speed for responses; 0 = unlimited.</param>
public sealed record LinkModel(TimeSpan Latency, long BandwidthBytesPerSecond)
{
    /// <summary>No delay at all (the default).</summary>
    public static LinkModel None { get; } = new(TimeSpan.Zero, 0);

    /// <summary>True when the model adds no delay.</summary>
    public bool IsNone => Latency <= TimeSpan.Zero && BandwidthBytesPerSecond <= 0;

    /// <summary>The <see cref="Parse"/> syntax, for <c>--help</c>.</summary>
    public const string SyntaxHelp =
        "Link SPEC: latency=DURATION,bandwidth=BYTES_PER_SECOND, e.g. latency=20ms,bandwidth=230k (k = x1000); empty = no delay";

    /// <summary>Parses e.g. <c>latency=20ms,bandwidth=230k</c>; empty = <see cref="None"/>.</summary>
    /// <exception cref="FormatException">An item is malformed; the message names it.</exception>
    public static LinkModel Parse(string? spec)
    {
        TimeSpan latency = TimeSpan.Zero;
        long bandwidth = 0;
        foreach (string item in (spec ?? string.Empty).Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            string[] kv = item.Split('=', 2, StringSplitOptions.TrimEntries);
            string key = kv[0].ToLowerInvariant();
            string v = kv.Length == 2 ? kv[1].ToLowerInvariant() : string.Empty;
            if (key == "latency")
            {
                double scale = v.EndsWith("ms", StringComparison.Ordinal) ? 1 : v.EndsWith('s') ? 1000 : 1;
                string num = v.TrimEnd('m', 's');
                if (!double.TryParse(num, NumberStyles.Float, CultureInfo.InvariantCulture, out double d) || d < 0 || !double.IsFinite(d))
                {
                    throw new FormatException($"link item '{item}': '{v}' is not a duration (e.g. 20ms, 0.5s)");
                }

                latency = TimeSpan.FromMilliseconds(d * scale);
            }
            else if (key == "bandwidth")
            {
                long mult = v.EndsWith('k') ? 1000 : v.EndsWith('m') ? 1_000_000 : 1;
                if (!long.TryParse(v.TrimEnd('k', 'm'), NumberStyles.None, CultureInfo.InvariantCulture, out long b))
                {
                    throw new FormatException($"link item '{item}': '{v}' is not a byte rate (e.g. 230k)");
                }

                bandwidth = b * mult;
            }
            else
            {
                throw new FormatException($"unknown link item '{item}'. {SyntaxHelp}");
            }
        }

        return latency == TimeSpan.Zero && bandwidth == 0 ? None : new LinkModel(latency, bandwidth);
    }

    /// <summary>Time the wire needs to carry <paramref name="bytes"/> bytes.</summary>
    public TimeSpan TransferTime(int bytes) =>
        BandwidthBytesPerSecond <= 0 ? TimeSpan.Zero : TimeSpan.FromSeconds((double)bytes / BandwidthBytesPerSecond);

    /// <summary>
    /// The moment a response of <paramref name="bytes"/> bytes is fully sent, given when its request
    /// arrived, extra (fault) delay, and when the previous response finished.
    /// </summary>
    public TimeSpan SendEnd(TimeSpan arrival, TimeSpan extraDelay, TimeSpan previousSendEnd, int bytes)
    {
        TimeSpan start = arrival + (Latency > TimeSpan.Zero ? Latency : TimeSpan.Zero) + extraDelay;
        if (previousSendEnd > start)
        {
            start = previousSendEnd;
        }

        return start + TransferTime(bytes);
    }
}
