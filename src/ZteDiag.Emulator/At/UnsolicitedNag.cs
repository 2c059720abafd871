namespace ZteDiag.Emulator.At;

/// <summary>
/// The ZTE "SMS storage not set" nag: <c>+ZUSIMR:2</c> on every AT port, every ~2 s after plug-in,
/// until any <c>AT+CPMS…</c> (even a malformed one) is received on any port (DEVICES.md §3.5).
/// One instance is shared by all AT ports of a device. Thread-safe.
/// </summary>
public sealed class UnsolicitedNag
{
    private volatile bool _stopped;

    /// <summary>Creates an active nag.</summary>
    /// <param name="interval">Time between two nags on one port (real devices: ~2 s).</param>
    /// <param name="text">The unsolicited line, without CR/LF.</param>
    public UnsolicitedNag(TimeSpan interval, string text = "+ZUSIMR:2")
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(interval, TimeSpan.Zero);
        Interval = interval;
        Text = text;
    }

    /// <summary>The real device's interval.</summary>
    public static TimeSpan DefaultInterval { get; } = TimeSpan.FromSeconds(2);

    /// <summary>Time between two nags on one port.</summary>
    public TimeSpan Interval { get; }

    /// <summary>The unsolicited line, without CR/LF.</summary>
    public string Text { get; }

    /// <summary>False once stopped by AT+CPMS.</summary>
    public bool IsActive => !_stopped;

    /// <summary>Stops the nag on every port.</summary>
    public void Stop() => _stopped = true;
}
