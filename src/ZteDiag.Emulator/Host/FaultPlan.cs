using System.Globalization;
using ZteDiag.Protocol.Efs;

namespace ZteDiag.Emulator.Host;

/// <summary>
/// Seeded, reproducible misbehaviour of the virtual modem's DIAG link. Build one in code (tests)
/// or with <see cref="Parse"/> from the CLI's <c>--faults</c> SPEC (see <see cref="SyntaxHelp"/>).
/// The random draws come from one <see cref="Random"/> seeded with <see cref="Seed"/>, so a run
/// replays exactly given the same request sequence. Not thread-safe: one plan per DIAG port server.
/// </summary>
public sealed class FaultPlan
{
    /// <summary>The SPEC syntax, for <c>--help</c>.</summary>
    public const string SyntaxHelp =
        "Fault SPEC: comma-separated items, e.g. corrupt=0.05,drop=0.02,delay=0.1:200ms,seed=7\n" +
        "  corrupt=P                     flip a CRC byte of a DIAG response with probability P (0..1)\n" +
        "  drop=P                        send no DIAG response with probability P\n" +
        "  delay=P:DURATION              delay a response by DURATION (e.g. 200ms, 1.5s) with probability P\n" +
        "  disconnect-after-requests=N   unplug (close every port) after N DIAG requests\n" +
        "  disconnect-after-bytes=N      unplug once N DIAG bytes went over the link (both directions)\n" +
        "  enospc-after=N                the EFS reports ENOSPC once N more bytes were written\n" +
        "  power-loss-after-requests=N   cut power after N DIAG requests (processed, response never sent)\n" +
        "  unreadable=PATH[:ERRNO]       the modem refuses to read PATH (OPEN for reading, GET, READLINK, MD5SUM answer\n" +
        "                                ERRNO: a name like EPERM or a number; default EACCES); repeat for more paths\n" +
        "  size-lie=PATH:N               STAT, LSTAT and READDIR report PATH as N bytes (a lying modem); repeat for more paths\n" +
        "  read-overrun=PATH:N           every READ of PATH answers N bytes more than asked (a broken target); repeat for more\n" +
        "  extra-name=DIR:NAME           READDIR of DIR also lists NAME, an empty file that does not exist (a hostile\n" +
        "                                listing, e.g. extra-name=/:a/../../etc/passwd); repeat for more names\n" +
        "  seed=N                        random seed (default 1)\n" +
        "Counts accept a k/m suffix (x1024, x1048576). An empty SPEC means no faults.";

    private Random _random;
    private int _seed = 1;
    private long _dropped, _corrupted, _delayed;

    /// <summary>Creates a plan with no faults and seed 1.</summary>
    public FaultPlan() => _random = new Random(_seed);

    /// <summary>Seed of the random draws; setting it restarts the sequence.</summary>
    public int Seed
    {
        get => _seed;
        set
        {
            _seed = value;
            _random = new Random(value);
        }
    }

    /// <summary>Probability (0..1) that a response gets a corrupted CRC byte.</summary>
    public double CorruptProbability { get; set; }

    /// <summary>Probability (0..1) that a response is not sent at all.</summary>
    public double DropProbability { get; set; }

    /// <summary>Probability (0..1) that a response is held back by <see cref="DelayAmount"/>.</summary>
    public double DelayProbability { get; set; }

    /// <summary>Extra delay applied when the delay fault fires.</summary>
    public TimeSpan DelayAmount { get; set; }

    /// <summary>Close every port after this many DIAG requests (good frames), or null.</summary>
    public long? DisconnectAfterRequests { get; set; }

    /// <summary>Close every port once this many DIAG bytes (received + sent, framed) went over the link, or null.</summary>
    public long? DisconnectAfterBytes { get; set; }

    /// <summary>The EFS store reports ENOSPC once this many bytes were written; applied by the device state, or null.</summary>
    public long? EnospcAfterBytes { get; set; }

    /// <summary>Raise power loss after this many DIAG requests (the last one is processed, its response never sent), or null.</summary>
    public long? PowerLossAfterRequests { get; set; }

    /// <summary>
    /// EFS paths whose content the modem refuses to read, with the errno it answers; applied by the
    /// device state (<see cref="State.EfsStore.RefuseReads"/>). Stat, listing and writes still work.
    /// </summary>
    public IDictionary<string, EfsErrno> UnreadablePaths { get; } = new Dictionary<string, EfsErrno>(StringComparer.Ordinal);

    /// <summary>EFS paths whose size STAT, LSTAT and READDIR misreport (u32 as on the wire); applied by the device state.</summary>
    public IDictionary<string, uint> SizeLies { get; } = new Dictionary<string, uint>(StringComparer.Ordinal);

    /// <summary>EFS paths whose READs answer this many bytes more than asked; applied by the device state.</summary>
    public IDictionary<string, int> ReadOverruns { get; } = new Dictionary<string, int>(StringComparer.Ordinal);

    /// <summary>Names READDIR lists in a directory beside its real entries (never stored); applied by the device state.</summary>
    public IList<(string Directory, string Name)> ExtraNames { get; } = [];

    /// <summary>True when no fault is configured.</summary>
    public bool IsEmpty =>
        CorruptProbability <= 0 && DropProbability <= 0 && DelayProbability <= 0 &&
        DisconnectAfterRequests is null && DisconnectAfterBytes is null &&
        EnospcAfterBytes is null && PowerLossAfterRequests is null && UnreadablePaths.Count == 0 && SizeLies.Count == 0 && ExtraNames.Count == 0 && ReadOverruns.Count == 0;

    /// <summary>Responses dropped, corrupted and delayed so far (what the plan injected, for tests and benchmarks).</summary>
    public (long Dropped, long Corrupted, long Delayed) Injected => (Interlocked.Read(ref _dropped), Interlocked.Read(ref _corrupted), Interlocked.Read(ref _delayed));

    /// <summary>Draws the per-response faults for the next response. Only configured faults consume random numbers.</summary>
    public FaultDecision Next()
    {
        bool drop = DropProbability > 0 && _random.NextDouble() < DropProbability;
        bool corrupt = CorruptProbability > 0 && _random.NextDouble() < CorruptProbability;
        bool delay = DelayProbability > 0 && _random.NextDouble() < DelayProbability;
        var decision = new FaultDecision(drop, corrupt && !drop, delay && !drop ? DelayAmount : TimeSpan.Zero);
        Interlocked.Add(ref _dropped, decision.Drop ? 1 : 0);
        Interlocked.Add(ref _corrupted, decision.Corrupt ? 1 : 0);
        Interlocked.Add(ref _delayed, decision.ExtraDelay > TimeSpan.Zero ? 1 : 0);
        return decision;
    }

    /// <summary>Parses a SPEC (see <see cref="SyntaxHelp"/>).</summary>
    /// <exception cref="FormatException">An item is malformed; the message names it.</exception>
    public static FaultPlan Parse(string? spec)
    {
        var plan = new FaultPlan();
        if (string.IsNullOrWhiteSpace(spec))
        {
            return plan;
        }

        foreach (string raw in spec.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            int eq = raw.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                throw new FormatException($"fault item '{raw}' is not KEY=VALUE. {FirstLine}");
            }

            string key = raw[..eq].Trim().ToLowerInvariant();
            string value = raw[(eq + 1)..].Trim();
            switch (key)
            {
                case "corrupt":
                    plan.CorruptProbability = ParseProbability(raw, value);
                    break;
                case "drop":
                    plan.DropProbability = ParseProbability(raw, value);
                    break;
                case "delay":
                    int colon = value.IndexOf(':', StringComparison.Ordinal);
                    if (colon < 0)
                    {
                        throw new FormatException($"fault item '{raw}': expected delay=P:DURATION, e.g. delay=0.1:200ms");
                    }

                    plan.DelayProbability = ParseProbability(raw, value[..colon]);
                    plan.DelayAmount = ParseDuration(raw, value[(colon + 1)..]);
                    break;
                case "disconnect-after-requests":
                    plan.DisconnectAfterRequests = ParseCount(raw, value);
                    break;
                case "disconnect-after-bytes":
                    plan.DisconnectAfterBytes = ParseCount(raw, value);
                    break;
                case "enospc-after":
                    plan.EnospcAfterBytes = ParseCount(raw, value);
                    break;
                case "power-loss-after-requests":
                    plan.PowerLossAfterRequests = ParseCount(raw, value);
                    break;
                case "unreadable":
                    var (path, errno) = ParseUnreadable(raw, value);
                    plan.UnreadablePaths[path] = errno;
                    break;
                case "size-lie":
                    int sep = value.LastIndexOf(':');
                    if (sep < 2 || value[0] != '/' || !uint.TryParse(value.AsSpan(sep + 1), NumberStyles.None, CultureInfo.InvariantCulture, out uint lie))
                    {
                        throw new FormatException($"fault item '{raw}': expected size-lie=/absolute/path:N with N from 0 to {uint.MaxValue}");
                    }

                    plan.SizeLies[value[..sep]] = lie;
                    break;
                case "read-overrun":
                    int last = value.LastIndexOf(':');
                    if (last < 2 || value[0] != '/' || !int.TryParse(value.AsSpan(last + 1), NumberStyles.None, CultureInfo.InvariantCulture, out int extra)
                        || extra is < 1 or > 4096)
                    {
                        throw new FormatException($"fault item '{raw}': expected read-overrun=/absolute/path:N with N from 1 to 4096");
                    }

                    plan.ReadOverruns[value[..last]] = extra;
                    break;
                case "extra-name":
                    int at = value.IndexOf(':', StringComparison.Ordinal);
                    if (at < 1 || value[0] != '/' || at == value.Length - 1)
                    {
                        throw new FormatException($"fault item '{raw}': expected extra-name=/absolute/dir:NAME");
                    }

                    plan.ExtraNames.Add((value[..at], value[(at + 1)..]));
                    break;
                case "seed":
                    if (!int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out int seed))
                    {
                        throw new FormatException($"fault item '{raw}': seed must be an integer");
                    }

                    plan.Seed = seed;
                    break;
                default:
                    throw new FormatException($"unknown fault '{key}' in item '{raw}'. {FirstLine}");
            }
        }

        return plan;
    }

    private static string FirstLine => "Known: corrupt, drop, delay, disconnect-after-requests, disconnect-after-bytes, enospc-after, power-loss-after-requests, unreadable, size-lie, read-overrun, extra-name, seed.";

    /// <summary>PATH or PATH:ERRNO; the ERRNO suffix is whatever follows the last ':' of the last path segment.</summary>
    private static (string Path, EfsErrno Errno) ParseUnreadable(string item, string value)
    {
        string path = value;
        EfsErrno errno = EfsErrno.EACCES;
        int colon = value.LastIndexOf(':');
        if (colon > value.LastIndexOf('/'))
        {
            path = value[..colon];
            string code = value[(colon + 1)..];
            if (int.TryParse(code, NumberStyles.Integer, CultureInfo.InvariantCulture, out int n) && n > 0)
            {
                errno = (EfsErrno)n;
            }
            else if (!Enum.TryParse(code, ignoreCase: false, out errno) || errno == EfsErrno.ENOERR || !Enum.IsDefined(errno))
            {
                throw new FormatException($"fault item '{item}': '{code}' is not an EFS errno (e.g. EACCES, EPERM or a positive number)");
            }
        }

        if (path.Length < 2 || path[0] != '/' || path.Split('/').Contains(".."))
        {
            throw new FormatException($"fault item '{item}': expected unreadable=/absolute/path[:ERRNO] without '..'");
        }

        return (path, errno);
    }

    private static double ParseProbability(string item, string value)
    {
        if (!double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out double p) || p is < 0 or > 1 || double.IsNaN(p))
        {
            throw new FormatException($"fault item '{item}': '{value}' is not a probability between 0 and 1");
        }

        return p;
    }

    private static long ParseCount(string item, string value)
    {
        long multiplier = 1;
        string digits = value;
        if (value.Length > 0 && char.ToLowerInvariant(value[^1]) is 'k' or 'm')
        {
            multiplier = char.ToLowerInvariant(value[^1]) == 'k' ? 1024 : 1024 * 1024;
            digits = value[..^1];
        }

        if (!long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out long n) || n < 0 || n > long.MaxValue / multiplier)
        {
            throw new FormatException($"fault item '{item}': '{value}' is not a non-negative count");
        }

        return n * multiplier;
    }

    private static TimeSpan ParseDuration(string item, string value)
    {
        string v = value.Trim().ToLowerInvariant();
        double scaleMs = 1;
        if (v.EndsWith("ms", StringComparison.Ordinal))
        {
            v = v[..^2];
        }
        else if (v.EndsWith('s'))
        {
            v = v[..^1];
            scaleMs = 1000;
        }

        if (!double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out double d) || d < 0 || double.IsNaN(d) || double.IsInfinity(d))
        {
            throw new FormatException($"fault item '{item}': '{value}' is not a duration (e.g. 200ms, 1.5s)");
        }

        return TimeSpan.FromMilliseconds(d * scaleMs);
    }
}

/// <summary>What happens to one DIAG response.</summary>
/// <param name="Drop">Send nothing.</param>
/// <param name="Corrupt">Flip a CRC byte.</param>
/// <param name="ExtraDelay">Added to the link model's delay.</param>
public readonly record struct FaultDecision(bool Drop, bool Corrupt, TimeSpan ExtraDelay);
