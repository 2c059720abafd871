using System.Runtime.CompilerServices;
using ZteDiag.Device.Diag;
using ZteDiag.Protocol.Efs;

namespace ZteDiag.Device.Efs;

/// <summary>
/// Directory listing, one implementation for every caller (<c>efs ls</c>, <c>efs tree</c>, backup, restore
/// planning, verify, the TUI): directories are opened in batches of up to <see cref="MaxBatchDirs"/>, and each
/// round trip carries exactly <see cref="EfsClientOptions.Window"/> READDIRs per unfinished directory (seqno
/// first..first+Window-1, matched on dirp and seqno). So the requests a listing sends depend only on the tree
/// and the window, never on timing: a directory of n entries costs one OPENDIR, ceil((n+1)/Window)·Window READDIRs
/// and one CLOSEDIR (the CLOSEDIRs of one batch travel with the OPENDIRs of the next).
/// Every entry passes one filter (<see cref="Admit"/>) and the bounds the modem declared in QUERY
/// (<see cref="EfsListingException"/> when a listing would not end).
/// </summary>
public sealed partial class EfsClient
{
    /// <summary>Most directories a listing holds open at once (the target has 4 directory handles).</summary>
    public const int MaxBatchDirs = 3;

    /// <summary>
    /// Least bound on the entries of one directory. QUERY's max_dir_entries is a compile-time 50 that Qualcomm's
    /// own fs_diag.c calls "not a meaningful value" (PROTOCOL.md §3.7), and real directories hold more; the bound
    /// is the larger of the two, so a READDIR that never sends its end marker stops after this many entries.
    /// </summary>
    public const int MinDirEntryBound = 8192;

    // READDIR: request dirp (4..8) and seqno (8..12) come back at 4..8 and 8..12
    private static readonly DiagResponseMatcher ReaddirMatcher = DiagMatchers.EchoedField(4, 4, 8);

    /// <summary>Lists one directory (see the class remarks for the requests); READLINK each symlink when <paramref name="readLinks"/>.</summary>
    /// <param name="directory">Absolute directory path.</param>
    /// <param name="readLinks">READLINK each symlink entry into <see cref="EfsDirEntry.LinkTarget"/>.</param>
    /// <param name="cancellationToken">Cancels the listing (the handle is still closed).</param>
    /// <exception cref="EfsException">OPENDIR or READDIR failed (ENOENT, ENOTDIR, TOO_MANY_OPEN_DIRS…).</exception>
    /// <exception cref="EfsListingException">The listing would not end (see <see cref="Admit"/>).</exception>
    public async Task<IReadOnlyList<EfsDirEntry>> ListAsync(string directory, bool readLinks = false, CancellationToken cancellationToken = default)
    {
        var entries = new List<EfsDirEntry>();
        await foreach (EfsDirEntry e in ListStreamAsync(directory, cancellationToken).ConfigureAwait(false))
        {
            entries.Add(e);
        }

        return readLinks ? await WithLinksAsync(entries, cancellationToken).ConfigureAwait(false) : entries;
    }

    /// <summary>
    /// Lists one directory like <see cref="ListAsync"/>, yielding the entries of each round trip as it arrives (big
    /// directories in a UI). The handle is closed when the enumeration ends, fails or is disposed early, so stop
    /// enumerating promptly: the target has only 4 directory handles.
    /// </summary>
    /// <exception cref="EfsException">OPENDIR or READDIR failed.</exception>
    /// <exception cref="EfsListingException">The listing would not end.</exception>
    public async IAsyncEnumerable<EfsDirEntry> ListStreamAsync(string directory, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        string dir = Norm(directory, nameof(directory));
        await ConnectAsync(cancellationToken).ConfigureAwait(false);
        List<(string Dir, uint Dirp)> open = await ReopenDirsAsync([], [dir]).ConfigureAwait(false);
        var listings = new Dictionary<string, DirListing>(StringComparer.Ordinal) { [dir] = new DirListing(dir, open[0].Dirp) };
        bool failed = true;
        try
        {
            while (!listings[dir].Ended)
            {
                int before = listings[dir].Entries.Count;
                await ReadRoundAsync(listings.Values, cancellationToken).ConfigureAwait(false);
                for (int i = before; i < listings[dir].Entries.Count; i++)
                {
                    yield return listings[dir].Entries[i];
                }
            }

            failed = false;
        }
        finally
        {
            await CloseDirsAsync(open, failed).ConfigureAwait(false);
        }
    }

    /// <summary>Walks a tree in pre-order (a directory, then its contents), like <see cref="ListTreeAsync"/>; symlinks are reported, not followed.</summary>
    public async IAsyncEnumerable<EfsDirEntry> WalkAsync(string root, bool readLinks = false, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        IReadOnlyList<EfsDirEntry> tree = await ListTreeAsync(root, null, cancellationToken).ConfigureAwait(false);
        foreach (EfsDirEntry e in readLinks ? await WithLinksAsync(tree, cancellationToken).ConfigureAwait(false) : tree)
        {
            yield return e;
        }
    }

    /// <summary>
    /// Lists every entry under <paramref name="root"/> in pre-order (a directory, then its contents; symlinks
    /// reported, not followed), in batches (see the class remarks). Every directory handle is closed, whatever fails.
    /// </summary>
    /// <param name="root">Absolute directory path.</param>
    /// <param name="listed">Entries found so far, after each batch.</param>
    /// <param name="cancellationToken">Cancels the listing (the handles are still closed).</param>
    /// <exception cref="EfsException">OPENDIR or READDIR failed (ENOENT, ENOTDIR, TOO_MANY_OPEN_DIRS…).</exception>
    /// <exception cref="EfsListingException">The listing would not end (an endless READDIR, a path beyond max_path, '.' or '..').</exception>
    /// <exception cref="DiagLinkException">The link failed.</exception>
    public async Task<IReadOnlyList<EfsDirEntry>> ListTreeAsync(string root, IProgress<int>? listed = null, CancellationToken cancellationToken = default)
    {
        string top = Norm(root, nameof(root));
        await ConnectAsync(cancellationToken).ConfigureAwait(false);
        var listings = new Dictionary<string, DirListing>(StringComparer.Ordinal);
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
                DirListing[] batch = [.. open.Select(o => listings[o.Dir] = new DirListing(o.Dir, o.Dirp))];
                while (batch.Any(l => !l.Ended))
                {
                    await ReadRoundAsync(batch, cancellationToken).ConfigureAwait(false);
                }

                listed?.Report(listings.Values.Sum(l => l.Entries.Count));
                foreach (string dir in group)
                {
                    foreach (EfsDirEntry e in listings[dir].Entries.Where(e => e.IsDirectory && queued.Add(e.Path)))
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
        var stack = new Stack<EfsDirEntry>(Enumerable.Reverse(listings[top].Entries));
        while (stack.TryPop(out EfsDirEntry? e))
        {
            result.Add(e);
            if (e.IsDirectory)
            {
                foreach (EfsDirEntry child in Enumerable.Reverse(listings[e.Path].Entries))
                {
                    stack.Push(child);
                }
            }
        }

        return result;
    }

    /// <summary>The listing with each symlink's target read (READLINK, in listing order).</summary>
    private async Task<IReadOnlyList<EfsDirEntry>> WithLinksAsync(IReadOnlyList<EfsDirEntry> entries, CancellationToken ct)
    {
        var withLinks = new List<EfsDirEntry>(entries.Count);
        foreach (EfsDirEntry e in entries)
        {
            withLinks.Add(e.Type == EfsDirEntryType.Symlink || e.Kind == EfsFileKind.Symlink
                ? e with { LinkTarget = await ReadlinkAsync(e.Path, ct).ConfigureAwait(false) }
                : e);
        }

        return withLinks;
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
        requests.AddRange(closing.Select(d => Restartable(new EfsClosedirRequest((int)d.Dirp, Subsystem), "closedir", d.Dir)));
        requests.AddRange(dirs.Select(d => Restartable(new EfsOpendirRequest(d, Subsystem), "opendir", d)));
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

    /// <summary>
    /// One round trip of exactly <see cref="EfsClientOptions.Window"/> READDIRs for each unfinished directory of
    /// <paramref name="dirs"/>; the replies past a directory's end marker are ignored.
    /// </summary>
    private async Task ReadRoundAsync(IEnumerable<DirListing> dirs, CancellationToken ct)
    {
        int window = _options.Window;
        var asked = new List<(DirListing Dir, int Seq)>();
        foreach (DirListing d in dirs.Where(d => !d.Ended))
        {
            for (int seq = d.NextSeq; seq < d.NextSeq + window; seq++)
            {
                asked.Add((d, seq));
            }

            d.NextSeq += window;
        }

        DiagExchange batch = await _session.ExchangeAsync(
            [.. asked.Select(a => Pipelined(new EfsReaddirRequest(a.Dir.Dirp, a.Seq, Subsystem), "readdir", a.Dir.Path, ReaddirMatcher))], ct)
            .ConfigureAwait(false);
        for (int k = 0; k < asked.Count; k++)
        {
            DirListing d = asked[k].Dir;
            if (d.Ended)
            {
                continue; // asked past the end
            }

            EfsReaddirResponse e = Parse<EfsReaddirResponse>(Reply(batch.Outcomes[k], "readdir", d.Path), EfsReaddirResponse.TryParse, "readdir", d.Path);
            Check(e.Errno, "readdir", d.Path);
            if (e.IsEndOfDirectory)
            {
                d.Ended = true;
            }
            else if (Admit(d, e.Name))
            {
                d.Entries.Add(new EfsDirEntry(
                    e.Name, EfsPath.Join(d.Path, e.Name), e.EntryType, e.Mode, (uint)e.FileSize, e.AccessTime, e.ModifyTime, e.ChangeTime));
            }
        }
    }

    /// <summary>
    /// The one entry filter of every listing. Skipped: an empty name, a name the same READDIR returned before, and a
    /// name holding '/' (recorded in <see cref="RefusedNames"/>, so the caller reports it). Stopped (<see cref="EfsListingException"/>), since the listing
    /// would not end: '.' or '..' (a target never returns them, PROTOCOL.md §3.8; following them loops), more
    /// entries than a directory holds (<see cref="DirEntryBound"/>), a name over QUERY's max_name, a path over max_path
    /// (an endless chain of nested directories ends there).
    /// </summary>
    private bool Admit(DirListing dir, string name)
    {
        if (++dir.Seen > DirEntryBound)
        {
            throw new EfsListingException(dir.Path, $"the modem listed more than {DirEntryBound} entries without an end marker");
        }

        if (name is "." or "..")
        {
            throw new EfsListingException(dir.Path, $"the modem listed an entry named '{name}' (a loop: EFS2 never returns it)");
        }

        if (QueryInfo is { MaxNameLength: > 0 } q && System.Text.Encoding.UTF8.GetByteCount(name) > q.MaxNameLength)
        {
            throw new EfsListingException(dir.Path, $"the modem listed a name of {name.Length} characters, over its max_name {q.MaxNameLength}");
        }

        if (name.Contains('/', StringComparison.Ordinal))
        {
            RecordRefusedName(dir.Path, name, "holds '/': not one path component, it would name another path");
            return false;
        }

        if (name.Length == 0 || !dir.Names.Add(name))
        {
            return false;
        }

        string path = EfsPath.Join(dir.Path, name);
        if (QueryInfo is { MaxPathLength: > 0 } limits && System.Text.Encoding.UTF8.GetByteCount(path) > limits.MaxPathLength)
        {
            throw new EfsListingException(dir.Path, $"the modem listed '{name}', whose path is over its max_path {limits.MaxPathLength} (nested without end?)");
        }

        return true;
    }

    /// <summary>Most entries one directory may list: QUERY's max_dir_entries, at least <see cref="MinDirEntryBound"/>.</summary>
    private int DirEntryBound => Math.Max(MinDirEntryBound, QueryInfo?.MaxDirEntries ?? 0);

    /// <summary>One directory being listed: its handle, the next READDIR seqno, what it listed so far.</summary>
    private sealed class DirListing(string path, uint dirp)
    {
        public string Path { get; } = path;

        public uint Dirp { get; } = dirp;

        public int NextSeq { get; set; } = 1;

        public bool Ended { get; set; }

        /// <summary>Entries the modem returned, admitted or not (the bound counts them all).</summary>
        public int Seen { get; set; }

        public List<EfsDirEntry> Entries { get; } = [];

        public HashSet<string> Names { get; } = new(StringComparer.Ordinal);
    }

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
