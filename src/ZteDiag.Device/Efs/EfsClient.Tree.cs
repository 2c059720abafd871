using ZteDiag.Device.Diag;
using ZteDiag.Protocol.Efs;

namespace ZteDiag.Device.Efs;

/// <summary>Whole-tree listing in batches (a backup's walk).</summary>
public sealed partial class EfsClient
{
    /// <summary>Most directories <see cref="ListTreeAsync"/> holds open at once (the target has 4 directory handles).</summary>
    public const int MaxBatchDirs = 3;

    // READDIR: request dirp (4..8) and seqno (8..12) come back at 4..8 and 8..12
    private static readonly DiagResponseMatcher ReaddirMatcher = DiagMatchers.EchoedField(4, 4, 8);

    /// <summary>
    /// Lists every entry under <paramref name="root"/> in the order <see cref="WalkAsync"/> yields them
    /// (pre-order; symlinks reported, not followed), in batches: up to <see cref="MaxBatchDirs"/>
    /// directories are open at once, their READDIRs (<see cref="EfsClientOptions.Window"/> per directory and
    /// round trip, matched on dirp and seqno) share round trips, and the CLOSEDIRs of one batch travel with
    /// the OPENDIRs of the next. Every directory handle is closed, whatever fails.
    /// </summary>
    /// <param name="root">Absolute directory path.</param>
    /// <param name="listed">Entries found so far, after each batch.</param>
    /// <param name="cancellationToken">Cancels the listing (the handles are still closed).</param>
    /// <exception cref="EfsException">OPENDIR or READDIR failed (ENOENT, ENOTDIR, TOO_MANY_OPEN_DIRS…).</exception>
    /// <exception cref="DiagLinkException">The link failed.</exception>
    public async Task<IReadOnlyList<EfsDirEntry>> ListTreeAsync(string root, IProgress<int>? listed = null, CancellationToken cancellationToken = default)
    {
        string top = Norm(root, nameof(root));
        await ConnectAsync(cancellationToken).ConfigureAwait(false);
        var listings = new Dictionary<string, List<EfsDirEntry>>(StringComparer.Ordinal);
        var queue = new Queue<string>([top]);
        var queued = new HashSet<string>([top], StringComparer.Ordinal); // a directory is listed (and archived) once
        List<(string Dir, uint Dirp)> open = [];
        bool failed = true;
        try
        {
            while (queue.Count > 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var group = new List<string>();
                while (queue.Count > 0 && group.Count < MaxBatchDirs)
                {
                    group.Add(queue.Dequeue());
                }

                open = await ReopenDirsAsync(open, group).ConfigureAwait(false);
                await ReadDirsAsync(open, listings, cancellationToken).ConfigureAwait(false);
                listed?.Report(listings.Values.Sum(l => l.Count));
                foreach (string dir in group)
                {
                    foreach (EfsDirEntry e in listings[dir].Where(e => e.IsDirectory && queued.Add(e.Path)))
                    {
                        queue.Enqueue(e.Path);
                    }
                }
            }

            failed = false;
        }
        finally
        {
            await CloseDirsAsync(open, failed).ConfigureAwait(false);
        }

        var result = new List<EfsDirEntry>();
        var stack = new Stack<EfsDirEntry>(Enumerable.Reverse(listings[top]));
        while (stack.TryPop(out EfsDirEntry? e))
        {
            result.Add(e);
            if (e.IsDirectory)
            {
                foreach (EfsDirEntry child in Enumerable.Reverse(listings[e.Path]))
                {
                    stack.Push(child);
                }
            }
        }

        return result;
    }

    /// <summary>
    /// One round trip: CLOSEDIR every handle of <paramref name="previous"/>, then OPENDIR each of
    /// <paramref name="dirs"/> (the target handles them in order, so at most <see cref="MaxBatchDirs"/> are open).
    /// Not cancellable, so no handle is left unknown. When an OPENDIR reply may have shifted onto another (or
    /// the slots ran out), every directory slot is closed and the directories opened one at a time.
    /// </summary>
    private async Task<List<(string Dir, uint Dirp)>> ReopenDirsAsync(List<(string Dir, uint Dirp)> previous, List<string> dirs)
    {
        var closing = previous.ToArray();
        var requests = new List<PipelinedRequest>();
        requests.AddRange(closing.Select(d => Pipelined(new EfsClosedirRequest((int)d.Dirp, Subsystem), "closedir", d.Dir, null)));
        requests.AddRange(dirs.Select(d => Pipelined(new EfsOpendirRequest(d, Subsystem), "opendir", d, null)));
        DiagExchange batch = await _session.ExchangeAsync(requests, CancellationToken.None).ConfigureAwait(false);
        previous.Clear();

        var opened = new List<(string Dir, uint Dirp)>();
        ZteDiagException? failure = null;
        for (int k = 0; k < requests.Count; k++)
        {
            bool close = k < closing.Length;
            string dir = close ? closing[k].Dir : dirs[k - closing.Length];
            try
            {
                if (close)
                {
                    EfsErrno closed = Parse<EfsClosedirResponse>(Reply(batch.Outcomes[k], "closedir", dir), EfsClosedirResponse.TryParse, "closedir", dir).Errno;
                    RecordRefusedClose(() => Check(AfterRetry(closed, batch), "closedir", dir)); // that directory is already listed
                    continue;
                }

                EfsOpendirResponse r = Parse<EfsOpendirResponse>(Reply(batch.Outcomes[k], "opendir", dir), EfsOpendirResponse.TryParse, "opendir", dir);
                Check(r.Errno, "opendir", dir);
                opened.Add((dir, r.Dirp != 0 ? r.Dirp : throw new EfsException(EfsErrno.TOO_MANY_OPEN_DIRS, dir, "opendir", "the modem returned no directory handle")));
            }
            catch (ZteDiagException ex)
            {
                failure ??= ex;
            }
        }

        bool ambiguous = !batch.Clean || opened.Select(o => o.Dirp).Distinct().Count() != opened.Count;
        if (failure is not null && !ambiguous && !IsOutOfHandles(failure as EfsException))
        {
            await CloseDirsAsync(opened, alreadyFailing: true).ConfigureAwait(false);
            throw failure;
        }

        if (failure is not null || ambiguous)
        {
            // a reply went missing (the retry of a lost OPENDIR took a second handle, and which handle is whose
            // is unknown) or the slots ran out: free every slot, open one at a time (a real refusal shows again)
            await SweepDirsAsync(opened.Select(o => o.Dirp)).ConfigureAwait(false);
            opened.Clear();
            foreach (string dir in dirs)
            {
                try
                {
                    byte[] reply = await SendAsync(new EfsOpendirRequest(dir, Subsystem), "opendir", dir, true, CancellationToken.None).ConfigureAwait(false);
                    EfsOpendirResponse r = Parse<EfsOpendirResponse>(reply, EfsOpendirResponse.TryParse, "opendir", dir);
                    Check(r.Errno, "opendir", dir);
                    opened.Add((dir, r.Dirp != 0 ? r.Dirp : throw new EfsException(EfsErrno.TOO_MANY_OPEN_DIRS, dir, "opendir", "the modem returned no directory handle")));
                }
                catch (ZteDiagException)
                {
                    await CloseDirsAsync(opened, alreadyFailing: true).ConfigureAwait(false);
                    throw;
                }
            }
        }

        return opened;
    }

    /// <summary>READDIRs for every open directory, <see cref="EfsClientOptions.Window"/> per directory and round trip, until each has ended.</summary>
    private async Task ReadDirsAsync(List<(string Dir, uint Dirp)> open, Dictionary<string, List<EfsDirEntry>> listings, CancellationToken ct)
    {
        int window = _options.Window;
        var active = open.Select(o => o.Dir).ToHashSet(StringComparer.Ordinal);
        var dirps = open.ToDictionary(o => o.Dir, o => o.Dirp, StringComparer.Ordinal);
        var named = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach ((string dir, _) in open)
        {
            listings[dir] = [];
            named[dir] = new HashSet<string>(StringComparer.Ordinal);
        }

        for (int first = 1; active.Count > 0; first += window)
        {
            var asked = new List<(string Dir, int Seq)>();
            foreach ((string dir, uint dirp) in open.Where(o => active.Contains(o.Dir)))
            {
                for (int seq = first; seq < first + window; seq++)
                {
                    asked.Add((dir, seq));
                }
            }

            DiagExchange batch = await _session.ExchangeAsync(
                [.. asked.Select(a => Pipelined(new EfsReaddirRequest(dirps[a.Dir], a.Seq, Subsystem), "readdir", a.Dir, ReaddirMatcher))], ct)
                .ConfigureAwait(false);
            var ended = new HashSet<string>(StringComparer.Ordinal);
            for (int k = 0; k < asked.Count; k++)
            {
                string dir = asked[k].Dir;
                if (ended.Contains(dir))
                {
                    continue; // asked past the end
                }

                EfsReaddirResponse e = Parse<EfsReaddirResponse>(Reply(batch.Outcomes[k], "readdir", dir), EfsReaddirResponse.TryParse, "readdir", dir);
                Check(e.Errno, "readdir", dir);
                if (e.IsEndOfDirectory)
                {
                    ended.Add(dir);
                    continue;
                }

                if (!IsChildName(e.Name) || !named[dir].Add(e.Name))
                {
                    continue; // ".", "..", a name that is not one path component, or one READDIR returned twice
                }

                listings[dir].Add(new EfsDirEntry(
                    e.Name, EfsPath.Join(dir, e.Name), e.EntryType, e.Mode, (uint)e.FileSize, e.AccessTime, e.ModifyTime, e.ChangeTime));
            }

            active.ExceptWith(ended);
        }
    }

    private static bool IsChildName(string name) => name is not ("" or "." or "..") && !name.Contains('/', StringComparison.Ordinal);

    /// <summary>CLOSEDIR every handle in one batch; a link failure raises unless already failing, a refusal is recorded (<see cref="RefusedCloses"/>).</summary>
    private async Task CloseDirsAsync(List<(string Dir, uint Dirp)> open, bool alreadyFailing)
    {
        if (open.Count == 0)
        {
            return;
        }

        var closing = open.ToArray();
        open.Clear();
        DiagExchange batch;
        try
        {
            batch = await _session.ExchangeAsync(
                [.. closing.Select(d => Pipelined(new EfsClosedirRequest((int)d.Dirp, Subsystem), "closedir", d.Dir, null))], CancellationToken.None)
                .ConfigureAwait(false);
        }
        catch (Exception ex) when (alreadyFailing && ex is ZteDiagException or ObjectDisposedException)
        {
            return; // the first failure (often the one that disposed the session) is the one worth reporting
        }

        for (int k = 0; k < closing.Length && !alreadyFailing; k++)
        {
            string dir = closing[k].Dir;
            EfsErrno closed = Parse<EfsClosedirResponse>(Reply(batch.Outcomes[k], "closedir", dir), EfsClosedirResponse.TryParse, "closedir", dir).Errno;
            RecordRefusedClose(() => Check(AfterRetry(closed, batch), "closedir", dir)); // only listed directories get here
        }
    }
}
