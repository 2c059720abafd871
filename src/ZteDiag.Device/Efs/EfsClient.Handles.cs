using ZteDiag.Device.Diag;
using ZteDiag.Protocol.Efs;

namespace ZteDiag.Device.Efs;

/// <summary>
/// Handle bookkeeping: the handles a small-file batch leaves for the next one to close, and recovery of the
/// target's handle slots. OPEN and OPENDIR replies echo nothing, so when one is lost inside a batch its retry
/// (no longer identical to the target's last request, which is all it memoizes) takes a second handle and the
/// first stays open until the next HELLO. Sweeping every slot frees those: CLOSE of a free slot only answers
/// EBADF, and one operation at a time holds handles (see the class remarks), so no slot belongs to anyone else.
/// </summary>
public sealed partial class EfsClient
{
    /// <summary>FS_DIAG_MAX_FDS: file handles are the slots 0..5 (PROTOCOL.md §3.3).</summary>
    private const int TargetFileSlots = 6;

    /// <summary>FS_DIAG_MAX_OPEN_DIRS: directory handles are 1..4 (PROTOCOL.md §3.3).</summary>
    private const int TargetDirSlots = 4;

    /// <summary>Highest handle a sweep goes to when a reply named one above the documented range (a sanity cap).</summary>
    private const int SweepLimit = 64;

    /// <summary>Handles of files <see cref="ReadSmallFilesAsync"/> has read; their CLOSEs go out with the next batch.</summary>
    private readonly List<(int Fd, string Path)> _finishedFiles = [];

    private readonly List<EfsException> _refusedCloses = [];

    /// <summary>
    /// CLOSE/CLOSEDIR refusals of handles whose reads were already complete (the data is intact, so they do
    /// not fail the batch or the listing); kept here so a caller can still report them.
    /// </summary>
    public IReadOnlyList<EfsException> RefusedCloses => _refusedCloses;

    private readonly List<EfsRefusedName> _refusedNames = [];
    private readonly HashSet<(string, string)> _refusedNameKeys = [];

    /// <summary>
    /// READDIR names every listing of this client left out as not one path component (see <see cref="EfsRefusedName"/>),
    /// each once, in the order met; a caller reads the ones added during its own listing.
    /// </summary>
    public IReadOnlyList<EfsRefusedName> RefusedNames => _refusedNames;

    /// <summary>Records a left-out name once per directory (a re-listing meets it again).</summary>
    private void RecordRefusedName(string directory, string name, string reason)
    {
        if (_refusedNameKeys.Add((directory, name)))
        {
            _refusedNames.Add(new EfsRefusedName(directory, name, reason));
        }
    }

    /// <summary>Runs a CLOSE/CLOSEDIR check of a finished handle, recording a refusal instead of raising it.</summary>
    private void RecordRefusedClose(Action check)
    {
        try
        {
            check();
        }
        catch (EfsException ex)
        {
            _refusedCloses.Add(ex);
        }
    }

    /// <summary>True for the refusals that say the target's handle slots ran out.</summary>
    private static bool IsOutOfHandles(EfsException? refusal) =>
        refusal?.Errno is EfsErrno.EMFILE or EfsErrno.TOO_MANY_OPEN_FILES or EfsErrno.TOO_MANY_OPEN_DIRS;

    /// <summary>
    /// CLOSEs every file slot, from 0 to the target's last (or the highest of <paramref name="seen"/>), in one
    /// round trip. The answers do not matter (EBADF for a free slot); the client holds no file handle afterwards.
    /// </summary>
    private async Task SweepFilesAsync(IEnumerable<int> seen)
    {
        _finishedFiles.Clear();
        int last = Math.Min(SweepLimit, Math.Max(TargetFileSlots - 1, seen.DefaultIfEmpty(-1).Max()));
        await _session.ExchangeAsync(
            [.. Enumerable.Range(0, last + 1).Select(fd => Pipelined(new EfsCloseRequest(fd, Subsystem), "close", EfsPath.Root, null))], CancellationToken.None)
            .ConfigureAwait(false);
    }

    /// <summary>CLOSEDIRs every directory slot (1 to the target's last, or the highest of <paramref name="seen"/>) in one round trip.</summary>
    private async Task SweepDirsAsync(IEnumerable<uint> seen)
    {
        int last = (int)Math.Min(SweepLimit, Math.Max(TargetDirSlots, seen.DefaultIfEmpty(0u).Max()));
        await _session.ExchangeAsync(
            [.. Enumerable.Range(1, last).Select(dirp => Pipelined(new EfsClosedirRequest(dirp, Subsystem), "closedir", EfsPath.Root, null))], CancellationToken.None)
            .ConfigureAwait(false);
    }
}
