namespace ZteDiag.Tui;

/// <summary>A one-line signal-over-time graph: one block per reading, -113 dBm (empty) to -51 dBm (full).</summary>
public static class SignalGraph
{
    private const string Levels = " ▁▂▃▄▅▆▇█";

    /// <summary>The graph of <paramref name="dbm"/> readings, oldest first; the last <paramref name="width"/> fit.</summary>
    public static string Render(IReadOnlyList<int> dbm, int width)
    {
        ArgumentNullException.ThrowIfNull(dbm);
        var shown = dbm.Skip(Math.Max(0, dbm.Count - Math.Max(1, width)));
        return string.Concat(shown.Select(d => Levels[Math.Clamp((d + 113) * (Levels.Length - 1) / 62, 0, Levels.Length - 1)]));
    }
}
