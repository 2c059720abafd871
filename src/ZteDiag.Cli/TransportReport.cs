using Serilog;
using ZteDiag.Device.Diag;

namespace ZteDiag.Cli;

/// <summary>
/// What the DIAG transport did during a long job (backup, restore, efs get/put, nv backup): requests
/// re-sent and why, duplicate replies dropped, the final window and the measured round trip. One
/// shape for `--json` (a "transport" object) and one line for `-v`.
/// </summary>
internal static class TransportReport
{
    /// <summary>The "transport" object of a verb's JSON result.</summary>
    public static object Json(DiagSessionStats s) => new
    {
        resent = s.Retries,
        resent_later_reply_first = s.ResentLaterReplyFirst,
        resent_bad_frame = s.ResentBadFrame,
        resent_timeout = s.ResentTimeout,
        losses_detected = s.LossesDetected,
        duplicates_dropped = s.DuplicatesAbsorbed,
        bad_frames = s.BadFrames,
        timer_expiries = s.Timeouts,
        window = s.Window,
        window_halvings = s.WindowShrinks,
        rtt_ms = s.SmoothedRtt is { } rtt ? Math.Round(rtt.TotalMilliseconds, 3) : (double?)null,
        rtt_var_ms = Math.Round(s.RttVariation.TotalMilliseconds, 3),
        rto_ms = Math.Round(s.RetransmitTimeout.TotalMilliseconds, 3),
        frames_out = s.FramesOut,
        frames_in = s.FramesIn,
    };

    /// <summary>Logs the one `-v` line (Information: shown with --verbose).</summary>
    public static void Log(DiagSessionStats s) =>
        Serilog.Log.Information(
            "transport: {Resent} requests re-sent ({Later} after a later reply came first, {Bad} after a bad frame, {Timer} on the timer), " +
            "{Dup} duplicate replies dropped, {BadFrames} bad frames; final window {Window} ({Halvings} halvings); RTT {Rtt} ms ± {Var} ms, RTO {Rto} ms",
            s.Retries, s.ResentLaterReplyFirst, s.ResentBadFrame, s.ResentTimeout, s.DuplicatesAbsorbed, s.BadFrames, s.Window, s.WindowShrinks,
            s.SmoothedRtt is { } rtt ? rtt.TotalMilliseconds.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture) : "-",
            s.RttVariation.TotalMilliseconds.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture),
            s.RetransmitTimeout.TotalMilliseconds.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>Under --trace: one line per re-sent request.</summary>
    public static void HookTrace(DiagSession session) =>
        session.Resent += r => Serilog.Log.Verbose("re-send #{Attempt} of {Name} ({Reason})", r.Attempt, r.Name, Describe(r.Reason));

    private static string Describe(ResendReason reason) => reason switch
    {
        ResendReason.LaterReplyFirst => "a reply to a later request came first",
        ResendReason.BadFrame => "a bad frame took its reply",
        _ => "its retransmission timer ran out",
    };
}
