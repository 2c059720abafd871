using ZteDiag.Device.Diag;
using ZteDiag.Protocol.Diag;
using ZteDiag.Protocol.Efs;

namespace ZteDiag.Device.Efs;

/// <summary>The content of one file of a batch read, or why the modem refused it.</summary>
/// <param name="Path">The normalised path.</param>
/// <param name="Data">The bytes, or null when refused.</param>
/// <param name="Refusal">The modem's refusal (ENOENT, EACCES…), or null.</param>
public sealed record EfsFileContent(string Path, byte[]? Data, EfsException? Refusal);

/// <summary>
/// Batches for many small files (a backup): each round trip carries the requests of several files, so
/// the link latency is paid per batch, not per file. Replies stay attributable: READs are matched on
/// the echoed fd and offset, GETs on the echoed sequence number; OPEN and CLOSE replies echo nothing,
/// so a batch of OPENs during which a reply went missing is not trusted (every file slot is closed,
/// see <see cref="SweepFilesAsync"/>, and the files are read one at a time).
/// </summary>
public sealed partial class EfsClient
{
    /// <summary>Most files <see cref="ReadSmallFilesAsync"/> opens at once: of the target's 6 file handles, 4 here, 1 for a larger file read between two batches, 1 spare.</summary>
    public const int MaxBatchFiles = 4;

    /// <summary>Largest file <see cref="ReadSmallFilesAsync"/> takes (its READs go out in one batch).</summary>
    public const int MaxBatchFileSize = 4 * ChunkSize;

    /// <summary>Most item files <see cref="GetItemsAsync"/> asks for in one batch.</summary>
    public const int MaxBatchItems = 16;

    // READ: request fd @4 and offset @12 come back as fd @4 and offset @8
    private static readonly DiagResponseMatcher ReadFdOffsetMatcher = (req, rsp) =>
        DiagMatchers.EchoedField(4, 4, 4)(req, rsp) && DiagMatchers.EchoedField(12, 8, 4)(req, rsp);

    // GET: request sequence @12 comes back @12; a short error reply may carry no sequence number
    private static readonly DiagResponseMatcher GetSequenceMatcher = (req, rsp) =>
        DiagMatchers.Default(req, rsp) && (rsp.Length < EfsGetResponse.HeaderSize || DiagMatchers.EchoedField(12, 12, 2)(req, rsp));

    /// <summary>
    /// Reads up to <see cref="MaxBatchFiles"/> small files whose sizes are known (from READDIR) in two
    /// round trips: one carrying the CLOSEs of the previous batch's handles and this batch's OPENs, one of
    /// READs (offsets 0.. up to and including the size, so a file that grew shows). This batch's handles stay
    /// open until the next batch or <see cref="CloseBatchedFilesAsync"/>; when this call fails, they are closed.
    /// </summary>
    /// <remarks>
    /// The target handles a batch in order, so the CLOSEs free their slots before the OPENs take theirs: at most
    /// <see cref="MaxBatchFiles"/> handles are held, which leaves the target's other slots for a file read in
    /// between (<see cref="ReadFileAsync"/>) and one spare.
    /// </remarks>
    /// <param name="files">Paths and their expected sizes (each at most <see cref="MaxBatchFileSize"/>).</param>
    /// <param name="cancellationToken">Cancels the reads (the handles are still closed).</param>
    /// <returns>
    /// One result per file, in order; a refused OPEN/READ is a result, not an exception. A file whose size
    /// differs from the expected one (it changed since the listing) is read again alone, by its FSTAT size.
    /// </returns>
    /// <exception cref="DiagLinkException">The link failed.</exception>
    /// <exception cref="DiagRejectedException">The modem rejected a request at the DIAG level.</exception>
    public async Task<IReadOnlyList<EfsFileContent>> ReadSmallFilesAsync(
        IReadOnlyList<(string Path, long Size)> files, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(files);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(files.Count, MaxBatchFiles, nameof(files));
        string[] paths = [.. files.Select(f => Norm(f.Path, nameof(files)))];
        foreach ((_, long size) in files)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(size, nameof(files));
            ArgumentOutOfRangeException.ThrowIfGreaterThan(size, MaxBatchFileSize, nameof(files));
        }

        await ConnectAsync(cancellationToken).ConfigureAwait(false);
        // not cancellable once sent: a cancelled wait would leave handles the client never learns of
        cancellationToken.ThrowIfCancellationRequested();
        var results = new EfsFileContent?[paths.Length];
        int[] fds = [.. paths.Select(_ => -1)];
        (int Fd, string Path)[] closing = [.. _finishedFiles];
        _finishedFiles.Clear();
        var requests = new List<PipelinedRequest>();
        requests.AddRange(closing.Select(c => Restartable(new EfsCloseRequest(c.Fd, Subsystem), "close", c.Path)));
        requests.AddRange(paths.Select(p => Restartable(new EfsOpenRequest(EfsOpenFlags.ReadOnly, 0, p, Subsystem), "open", p)));
        DiagExchange batch = await _session.ExchangeAsync(requests, CancellationToken.None).ConfigureAwait(false);
        bool failed = true;
        try
        {
            EachReply(requests.Count, k => k - closing.Length, paths, results, k =>
            {
                if (batch.Outcomes[k].Error is DiagReplyLostException)
                {
                    return; // the batch is not clean, so below every slot is freed and the files read one by one
                }

                if (k < closing.Length)
                {
                    RecordRefusedClose(() => CheckClosed(batch, k, closing[k].Path)); // that file's data is already read
                    return;
                }

                int i = k - closing.Length;
                EfsOpenResponse r = Parse<EfsOpenResponse>(Reply(batch.Outcomes[k], "open", paths[i]), EfsOpenResponse.TryParse, "open", paths[i]);
                Check(r.Errno, "open", paths[i]);
                fds[i] = r.Fd >= 0 ? r.Fd : throw new EfsException(EfsErrno.TOO_MANY_OPEN_FILES, paths[i], "open", "the modem returned no file handle");
            });

            bool ambiguous = !batch.Clean || fds.Where(fd => fd >= 0).Distinct().Count() != fds.Count(fd => fd >= 0);
            if (ambiguous || results.Any(r => IsOutOfHandles(r?.Refusal)))
            {
                // a reply went missing (which handle belongs to which file is unknown, and the retry of a lost
                // OPEN took a second handle) or the slots ran out: free every slot, read one by one.
                await SweepFilesAsync(fds).ConfigureAwait(false);
                Array.Fill(fds, -1);
                failed = false;
                return await ReadOneByOneAsync(files, cancellationToken).ConfigureAwait(false);
            }

            await ReadOpenedAsync(paths, files, fds, results, cancellationToken).ConfigureAwait(false);
            _finishedFiles.AddRange(Enumerable.Range(0, fds.Length).Where(i => fds[i] >= 0).Select(i => (fds[i], paths[i])));
            Array.Fill(fds, -1);
            failed = false;
        }
        finally
        {
            await CloseAllAsync(fds, paths, failed).ConfigureAwait(false);
        }

        return results!;
    }

    /// <summary>
    /// Closes the handles <see cref="ReadSmallFilesAsync"/> left open for its next batch (one round trip;
    /// nothing to do when none are open). Call it when the batch reads are over.
    /// </summary>
    /// <param name="alreadyFailing">True when the caller is failing anyway: a CLOSE failure is then not raised.</param>
    /// <exception cref="EfsException">A CLOSE was refused.</exception>
    /// <exception cref="DiagLinkException">The link failed.</exception>
    public async Task CloseBatchedFilesAsync(bool alreadyFailing = false)
    {
        int[] fds = [.. _finishedFiles.Select(f => f.Fd)];
        string[] paths = [.. _finishedFiles.Select(f => f.Path)];
        _finishedFiles.Clear();
        await CloseAllAsync(fds, paths, alreadyFailing).ConfigureAwait(false);
    }

    /// <summary>
    /// GETs up to <see cref="MaxBatchItems"/> item files in one round trip. Falls back to one
    /// <see cref="GetItemAsync"/> per path when the firmware has no GET or a reply went missing.
    /// </summary>
    /// <returns>One result per path, in order; a refused GET is a result, not an exception.</returns>
    /// <exception cref="DiagLinkException">The link failed.</exception>
    /// <exception cref="DiagRejectedException">The modem rejected a request at the DIAG level.</exception>
    public async Task<IReadOnlyList<EfsFileContent>> GetItemsAsync(IReadOnlyList<string> paths, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(paths);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(paths.Count, MaxBatchItems, nameof(paths));
        string[] ps = [.. paths.Select(p => Norm(p, nameof(paths)))];
        await ConnectAsync(cancellationToken).ConfigureAwait(false);
        DiagExchange gets = await _session.ExchangeAsync(
            [.. ps.Select(p => Pipelined(EfsGetRequest.For(p, NextSequence(), subsystem: Subsystem), "get", p, GetSequenceMatcher))], cancellationToken)
            .ConfigureAwait(false);
        bool noGet = gets.Outcomes.Any(o => o.Error is DiagRejectedException { Status: DiagStatus.BadCommand });
        var results = new EfsFileContent?[ps.Length];
        if (gets.Clean && !noGet)
        {
            EachReply(ps.Length, k => k, ps, results, k =>
            {
                EfsGetResponse r = Parse<EfsGetResponse>(Reply(gets.Outcomes[k], "get", ps[k]), EfsGetResponse.TryParse, "get", ps[k]);
                Check(r.Errno, "get", ps[k]);
                results[k] = new EfsFileContent(ps[k], r.Data, null);
            });
            return results!;
        }

        var one = new List<EfsFileContent>(ps.Length);
        foreach (string p in ps)
        {
            one.Add(await ContentAsync(p, () => GetItemAsync(p, cancellationToken)).ConfigureAwait(false));
        }

        return one;
    }

    /// <summary>
    /// The errno of a CLOSE/CLOSEDIR reply. The target memoizes only its last request, so a CLOSE re-sent
    /// after a lost reply inside a batch finds the handle already closed (EBADF): the first one worked.
    /// </summary>
    private static EfsErrno AfterRetry(EfsErrno errno, DiagExchange batch) =>
        errno == EfsErrno.EBADF && !batch.Clean ? EfsErrno.ENOERR : errno;

    private PipelinedRequest Pipelined(IDiagPacket request, string operation, string path, DiagResponseMatcher? matcher) =>
        new(request.ToArray(), RequestOptions(operation, path, true, matcher));

    /// <summary>
    /// A request of a batch that starts over when a reply goes missing (every handle slot freed, then one at a
    /// time): a detected loss fails it at once instead of waiting for a timer whose re-send would run it again.
    /// </summary>
    private PipelinedRequest Restartable(IDiagPacket request, string operation, string path) =>
        new(request.ToArray(), RequestOptions(operation, path, true, null) with { GiveUpOnLoss = true });

    /// <summary>The reply of one batched request; its failure rethrown (security lock explained).</summary>
    private static byte[] Reply(DiagOutcome outcome, string operation, string path) =>
        outcome.Error is DiagRejectedException rejected ? throw Translate(rejected, operation, path) : outcome.GetReply();

    /// <summary>One batch of READs for every opened file; fills <paramref name="results"/> for those files.</summary>
    private async Task ReadOpenedAsync(
        string[] paths, IReadOnlyList<(string Path, long Size)> files, int[] fds, EfsFileContent?[] results, CancellationToken ct)
    {
        var reads = new List<(int File, uint Offset)>();
        for (int i = 0; i < paths.Length; i++)
        {
            for (long offset = 0; fds[i] >= 0 && offset <= files[i].Size; offset += ChunkSize)
            {
                reads.Add((i, (uint)offset));
            }
        }

        DiagExchange replies = await _session.ExchangeAsync(
            [.. reads.Select(r => Pipelined(new EfsReadRequest(fds[r.File], ChunkSize, r.Offset, Subsystem), "read", paths[r.File], ReadFdOffsetMatcher))], ct)
            .ConfigureAwait(false);
        var data = new MemoryStream?[paths.Length];
        var eof = new bool[paths.Length];
        EachReply(reads.Count, k => reads[k].File, paths, results, k =>
        {
            (int i, uint offset) = reads[k];
            if (results[i] is not null || eof[i])
            {
                return; // refused already, or a read past the end of a file that ended early
            }

            EfsReadResponse r = Parse<EfsReadResponse>(Reply(replies.Outcomes[k], "read", paths[i]), EfsReadResponse.TryParse, "read", paths[i]);
            Check(r.Errno, "read", paths[i]);
            MemoryStream ms = data[i] ??= new MemoryStream((int)files[i].Size);
            if (r.BytesRead < 0 || r.BytesRead > ChunkSize || r.Offset != offset || offset != ms.Length)
            {
                throw BadRead(paths[i], r, offset);
            }

            ms.Write(r.Data, 0, r.BytesRead);
            eof[i] = r.BytesRead < ChunkSize;
        });

        for (int i = 0; i < paths.Length; i++)
        {
            if (results[i] is not null)
            {
                continue;
            }

            byte[] bytes = data[i]?.ToArray() ?? [];
            results[i] = bytes.Length == files[i].Size && eof[i]
                ? new EfsFileContent(paths[i], bytes, null)
                : await ChangedSinceListingAsync(paths[i], ct).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// A file whose size differs from its READDIR size changed since the listing: it is read again on its
    /// own (that read trusts FSTAT, not the listing), so the result is the content at read time.
    /// </summary>
    private Task<EfsFileContent> ChangedSinceListingAsync(string path, CancellationToken ct) =>
        ContentAsync(path, () => ReadAllBytesAsync(path, ct));

    private async Task<IReadOnlyList<EfsFileContent>> ReadOneByOneAsync(IReadOnlyList<(string Path, long Size)> files, CancellationToken ct)
    {
        var results = new List<EfsFileContent>(files.Count);
        foreach ((string path, _) in files)
        {
            string p = Norm(path);
            results.Add(await ContentAsync(p, () => ReadAllBytesAsync(p, ct)).ConfigureAwait(false));
        }

        return results;
    }

    /// <summary>The bytes <paramref name="read"/> returns for <paramref name="path"/>, or the modem's refusal as a result.</summary>
    private static async Task<EfsFileContent> ContentAsync(string path, Func<Task<byte[]>> read)
    {
        try
        {
            return new EfsFileContent(path, await read().ConfigureAwait(false), null);
        }
        catch (EfsException ex)
        {
            return new EfsFileContent(path, null, ex);
        }
    }

    /// <summary>
    /// Runs <paramref name="handle"/> on each reply of a batch: a refusal (<see cref="EfsException"/>) becomes
    /// the result of the file <paramref name="fileOf"/> names; any other failure is rethrown only after every
    /// reply was handled, so no handle the batch opened goes unlearnt.
    /// </summary>
    private static void EachReply(int count, Func<int, int> fileOf, string[] paths, EfsFileContent?[] results, Action<int> handle)
    {
        ZteDiagException? fatal = null;
        for (int k = 0; k < count; k++)
        {
            try
            {
                handle(k);
            }
            catch (EfsException ex) when (fileOf(k) >= 0)
            {
                results[fileOf(k)] = new EfsFileContent(paths[fileOf(k)], null, ex);
            }

            catch (ZteDiagException ex)
            {
                fatal ??= ex;
            }
        }

        if (fatal is not null)
        {
            throw fatal;
        }
    }

    /// <summary>Closes every handle in <paramref name="fds"/> (≥ 0) in one batch; a CLOSE failure raises unless already failing.</summary>
    private async Task CloseAllAsync(int[] fds, string[] paths, bool alreadyFailing = true)
    {
        int[] open = [.. Enumerable.Range(0, fds.Length).Where(i => fds[i] >= 0)];
        if (open.Length == 0)
        {
            return;
        }

        DiagExchange closes;
        try
        {
            closes = await _session.ExchangeAsync(
                [.. open.Select(i => Pipelined(new EfsCloseRequest(fds[i], Subsystem), "close", paths[i], null))], CancellationToken.None)
                .ConfigureAwait(false);
        }
        catch (Exception ex) when (alreadyFailing && ex is ZteDiagException or ObjectDisposedException)
        {
            return; // the first failure (often the one that disposed the session) is the one worth reporting
        }

        Array.Fill(fds, -1);
        for (int k = 0; k < open.Length && !alreadyFailing; k++)
        {
            CheckClosed(closes, k, paths[open[k]]);
        }
    }

    /// <summary>Raises the failure of the CLOSE at <paramref name="index"/> of <paramref name="batch"/>, if any.</summary>
    private void CheckClosed(DiagExchange batch, int index, string path)
    {
        EfsErrno errno = Parse<EfsCloseResponse>(Reply(batch.Outcomes[index], "close", path), EfsCloseResponse.TryParse, "close", path).Errno;
        Check(AfterRetry(errno, batch), "close", path);
    }
}
