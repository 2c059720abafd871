using ZteDiag.Protocol.Diag;

namespace ZteDiag.Device.Diag;

/// <summary>Decides whether <paramref name="response"/> answers <paramref name="request"/>.</summary>
public delegate bool DiagResponseMatcher(ReadOnlySpan<byte> request, ReadOnlySpan<byte> response);

/// <summary>How one request is matched, timed and retried.</summary>
public sealed record DiagRequestOptions
{
    /// <summary>Default options: match on command (and subsystem header for 0x4B/0x80), session timeout, no retry.</summary>
    public static DiagRequestOptions Default { get; } = new();

    /// <summary>Options for a request the target may see twice without harm (READ, STAT, HELLO, memoized OPEN…).</summary>
    public static DiagRequestOptions Retryable { get; } = new() { SafeToRetry = true };

    /// <summary>Response matcher; null = <see cref="DiagMatchers.Default"/>.</summary>
    public DiagResponseMatcher? Matcher { get; init; }

    /// <summary>Time to wait for the reply per attempt; null = the session default (3 s).</summary>
    public TimeSpan? Timeout { get; init; }

    /// <summary>
    /// True if the request may be re-sent after a timeout (PROTOCOL.md §3.3: READ/STAT/READDIR and the
    /// memoized OPEN/CLOSE/UNLINK/MKDIR… are; a WRITE that appends is not unless it carries its offset).
    /// </summary>
    public bool SafeToRetry { get; init; }

    /// <summary>Re-sends allowed after the first attempt when <see cref="SafeToRetry"/>; null = the session default.</summary>
    public int? MaxRetries { get; init; }

    /// <summary>
    /// For a caller that recovers from a lost reply on its own (a batch of OPENs and CLOSEs that frees every
    /// handle slot and starts over when anything went missing): once the session sees this request's reply is
    /// lost and would otherwise wait for the retransmission timer, it fails the request at once with
    /// <see cref="DiagReplyLostException"/>. Such requests (OPEN, CLOSE…) run again when re-sent behind other
    /// requests, so the timer's re-send would be the harmful kind anyway: a CLOSE of a handle a later OPEN
    /// has taken closes the wrong file.
    /// </summary>
    public bool GiveUpOnLoss { get; init; }

    /// <summary>Name used in error messages ("EFS2 READ"); null = derived from the command bytes.</summary>
    public string? Name { get; init; }
}

/// <summary>Ready-made response matchers.</summary>
public static class DiagMatchers
{
    /// <summary>
    /// Same command byte; for 0x4B / 0x80 (subsystem) also the same subsystem id and subsystem command.
    /// </summary>
    public static DiagResponseMatcher Default { get; } = MatchHeader;

    /// <summary>
    /// <see cref="Default"/> plus an echoed field: request bytes [requestOffset, +length) equal response
    /// bytes [responseOffset, +length), e.g. an EFS2 READ offset or a READDIR seqno.
    /// </summary>
    public static DiagResponseMatcher EchoedField(int requestOffset, int responseOffset, int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(requestOffset);
        ArgumentOutOfRangeException.ThrowIfNegative(responseOffset);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(length);
        return (req, rsp) =>
            MatchHeader(req, rsp)
            && req.Length >= requestOffset + length
            && rsp.Length >= responseOffset + length
            && req.Slice(requestOffset, length).SequenceEqual(rsp.Slice(responseOffset, length));
    }

    private static bool MatchHeader(ReadOnlySpan<byte> request, ReadOnlySpan<byte> response)
    {
        if (request.IsEmpty || response.IsEmpty || request[0] != response[0])
        {
            return false;
        }

        if (request[0] is (byte)DiagCommand.SubsysCmd or (byte)DiagCommand.SubsysCmdV2)
        {
            return request.Length >= SubsysHeader.Size
                && response.Length >= SubsysHeader.Size
                && request[1..SubsysHeader.Size].SequenceEqual(response[1..SubsysHeader.Size]);
        }

        return true;
    }
}
