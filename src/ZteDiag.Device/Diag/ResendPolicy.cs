using ZteDiag.Protocol.Diag;
using ZteDiag.Protocol.Efs;

namespace ZteDiag.Device.Diag;

/// <summary>What the session may do with a request whose reply (or the request itself) went missing.</summary>
public enum ResendSafety
{
    /// <summary>Not in the table: the caller's <see cref="DiagRequestOptions.SafeToRetry"/> decides, re-sent on the timer only.</summary>
    CallerDecides,

    /// <summary>Doing it twice gives the same result (reads, stats, READDIR by seqno, GET, WRITE at an offset): re-sent at once.</summary>
    Idempotent,

    /// <summary>
    /// The target remembers its last (request, reply) and answers an identical repeat from memory (PROTOCOL.md §3.3):
    /// re-sent at once only while nothing was sent after it, otherwise on the timer (a repeat after other requests runs again).
    /// </summary>
    Memoized,

    /// <summary>Never re-sent, whatever the caller says: a second copy does harm.</summary>
    Never,
}

/// <summary>
/// The one table of which DIAG requests the session re-sends after a loss. A request is re-sent only
/// when its caller marked it <see cref="DiagRequestOptions.SafeToRetry"/> and this table does not say
/// <see cref="ResendSafety.Never"/>; the table also decides whether a detected loss re-sends it at
/// once or only when its retransmission timer runs out.
/// </summary>
public static class ResendPolicy
{
    /// <summary>Classifies an unframed request payload.</summary>
    public static ResendSafety Classify(ReadOnlySpan<byte> request)
    {
        if (request.IsEmpty)
        {
            return ResendSafety.Never;
        }

        if (request[0] == (byte)DiagCommand.SubsysCmd && request.Length >= SubsysHeader.Size && EfsSubsystem.IsEfs(request[1]) && request[3] == 0)
        {
            return ClassifyEfs((EfsCommand)request[2]);
        }

        return (DiagCommand)request[0] switch
        {
            // identity and status reads
            DiagCommand.Verno or DiagCommand.Esn or DiagCommand.DiagVersion or DiagCommand.ExtBuildId or DiagCommand.Status
                or DiagCommand.NvRead => ResendSafety.Idempotent,

            // writing the same item value again leaves the same value
            DiagCommand.NvWrite => ResendSafety.Idempotent,

            // a wrong code counts towards the lock-out; a mode change or reset must happen once
            DiagCommand.Spc or DiagCommand.Password or DiagCommand.Control => ResendSafety.Never,
            _ => ResendSafety.CallerDecides,
        };
    }

    private static ResendSafety ClassifyEfs(EfsCommand command) => command switch
    {
        EfsCommand.Query or EfsCommand.Read or EfsCommand.Readdir or EfsCommand.Stat or EfsCommand.Lstat or EfsCommand.Fstat
            or EfsCommand.Readlink or EfsCommand.Statfs or EfsCommand.Access or EfsCommand.Get or EfsCommand.Md5Sum
            or EfsCommand.StatvfsV2 or EfsCommand.DevInfo => ResendSafety.Idempotent,

        // WRITE carries its offset, PUT replaces the whole item, CHMOD sets a mode: the same result twice
        EfsCommand.Write or EfsCommand.Put or EfsCommand.Chmod => ResendSafety.Idempotent,

        EfsCommand.Open or EfsCommand.Close or EfsCommand.Symlink or EfsCommand.Unlink or EfsCommand.Mkdir or EfsCommand.Rmdir
            or EfsCommand.Opendir or EfsCommand.Closedir or EfsCommand.Rename => ResendSafety.Memoized,

        // image streams advance a cursor on the target per request: a repeat skips data
        EfsCommand.FactImageStart or EfsCommand.FactImageRead or EfsCommand.FactImageEnd or EfsCommand.PrepFactImage
            or EfsCommand.FilesystemImageOpen or EfsCommand.FilesystemImageRead or EfsCommand.FilesystemImageClose => ResendSafety.Never,

        // HELLO closes every open handle: only the caller knows whether any is open
        _ => ResendSafety.CallerDecides,
    };
}
