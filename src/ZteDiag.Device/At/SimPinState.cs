using ZteDiag.Protocol.At;

namespace ZteDiag.Device.At;

/// <summary>What the SIM waits for and how many attempts are left.</summary>
/// <param name="State">AT+CPIN? state.</param>
/// <param name="PinRetries">PIN attempts left (AT+ZPINPUK=?), null when the firmware does not tell.</param>
/// <param name="PukRetries">PUK attempts left, null when unknown.</param>
/// <param name="LockEnabled">The PIN is asked at power-on (AT+CLCK="SC",2), null when unknown.</param>
public sealed record SimPinState(CpinState State, int? PinRetries, int? PukRetries, bool? LockEnabled)
{
    /// <summary>The state in a technician's words.</summary>
    public string StateText => State switch
    {
        CpinState.Ready => "ready",
        CpinState.SimPin => "waits for the PIN",
        CpinState.SimPuk => "PIN blocked: waits for the PUK",
        CpinState.SimNotInserted => "no SIM inserted",
        CpinState.PhNetPin => "locked to its network (network unlock code needed)",
        CpinState.PhSimPin => "locked to one SIM",
        _ => "unknown (" + State + ")",
    };

    /// <summary>"PIN 3 attempts, PUK 10 attempts" (or what is known).</summary>
    public string RetriesText =>
        PinRetries is null && PukRetries is null ? "attempts left unknown"
        : $"PIN {Attempts(PinRetries)}, PUK {Attempts(PukRetries)}";

    private static string Attempts(int? n) => n switch
    {
        null => "unknown",
        1 => "1 attempt left",
        int v => v.ToString(System.Globalization.CultureInfo.InvariantCulture) + " attempts left",
    };
}
