using Serilog;
using ZteDiag.Device.Efs;

namespace ZteDiag.Tui;

/// <summary>
/// The EFS browser's background work, apart from its layout (<see cref="EfsBrowserView"/>): one listing and
/// one preview at a time. Each runs with its own token source, cancelled when it is replaced or the model is
/// disposed, and disposed when its task ends. Results reach the UI thread through the poster, and only while
/// the work that produced them is still the current one, so a late batch of a replaced listing never lands in
/// the next directory's.
/// </summary>
public sealed class EfsBrowserModel : IDisposable
{
    /// <summary>Bytes a preview reads at most.</summary>
    public const int PreviewLimit = 64 * 1024;

    /// <summary>Entries handed over at once while a listing is still arriving.</summary>
    public const int BatchSize = 200;

    /// <summary>Longest a listed entry waits before it is handed over.</summary>
    public static readonly TimeSpan BatchInterval = TimeSpan.FromMilliseconds(50);

    private readonly Func<string, CancellationToken, IAsyncEnumerable<EfsDirEntry>> _list;
    private readonly Func<EfsDirEntry, Stream, CancellationToken, Task> _read;
    private readonly Action<Action> _post;
    private readonly TimeProvider _clock;
    private BackgroundWork? _listing;
    private BackgroundWork? _preview;
    private int _running;
    private bool _disposed;

    /// <summary>Creates the model.</summary>
    /// <param name="list">Lists a directory (entries as they arrive).</param>
    /// <param name="read">Copies a file's content to a stream (GET or READ: the device layer decides).</param>
    /// <param name="post">Runs an action on the UI thread.</param>
    /// <param name="clock">Clock for the batch interval.</param>
    public EfsBrowserModel(
        Func<string, CancellationToken, IAsyncEnumerable<EfsDirEntry>> list,
        Func<EfsDirEntry, Stream, CancellationToken, Task> read,
        Action<Action> post,
        TimeProvider? clock = null)
    {
        _list = list;
        _read = read;
        _post = post;
        _clock = clock ?? TimeProvider.System;
    }

    /// <summary>Entries of the current listing (UI thread).</summary>
    public event Action<EfsDirEntry[]>? EntriesArrived;

    /// <summary>The current listing ended: its directory, and the reason when it failed (UI thread).</summary>
    public event Action<string, string?>? ListingEnded;

    /// <summary>The current preview's bytes, at most <see cref="PreviewLimit"/> (UI thread).</summary>
    public event Action<EfsDirEntry, byte[]>? PreviewRead;

    /// <summary>The current preview failed, with the reason (UI thread).</summary>
    public event Action<EfsDirEntry, string>? PreviewFailed;

    /// <summary>True from <see cref="List"/> until its end is handed over.</summary>
    public bool IsListing => _listing is not null;

    /// <summary>True from <see cref="Preview"/> until its bytes (or failure) are handed over, or it is cancelled.</summary>
    public bool IsPreviewing => _preview is not null;

    /// <summary>Background tasks not finished yet (each holds one token source).</summary>
    public int Running => Volatile.Read(ref _running);

    /// <summary>Lists <paramref name="directory"/> in the background, replacing any listing under way.</summary>
    public void List(string directory)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        ObjectDisposedException.ThrowIf(_disposed, this);
        _listing?.Cancel();
        var work = new BackgroundWork();
        _listing = work;
        Start(() => ListAsync(directory, work), work);
    }

    /// <summary>Reads the first <see cref="PreviewLimit"/> bytes of <paramref name="entry"/>, replacing any preview under way.</summary>
    public void Preview(EfsDirEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ObjectDisposedException.ThrowIf(_disposed, this);
        CancelPreview();
        var work = new BackgroundWork();
        _preview = work;
        Start(() => PreviewAsync(entry, work), work);
    }

    /// <summary>Drops the preview under way, if any (its result is never handed over).</summary>
    public void CancelPreview()
    {
        _preview?.Cancel();
        _preview = null;
    }

    /// <summary>Cancels the listing and the preview; nothing is handed over afterwards.</summary>
    public void Dispose()
    {
        _disposed = true;
        _listing?.Cancel();
        _listing = null;
        CancelPreview();
    }

    private void Start(Func<Task> run, BackgroundWork work)
    {
        Interlocked.Increment(ref _running);
        _ = Task.Run(async () =>
        {
            try
            {
                await run().ConfigureAwait(false);
            }
            finally
            {
                work.Dispose();
                Interlocked.Decrement(ref _running);
            }
        });
    }

    private async Task ListAsync(string directory, BackgroundWork work)
    {
        var batch = new List<EfsDirEntry>();
        long since = _clock.GetTimestamp();
        string? error = null;
        try
        {
            await foreach (EfsDirEntry e in _list(directory, work.Token).ConfigureAwait(false))
            {
                batch.Add(e);
                if (batch.Count >= BatchSize || _clock.GetElapsedTime(since) >= BatchInterval)
                {
                    EfsDirEntry[] send = [.. batch];
                    batch.Clear();
                    since = _clock.GetTimestamp();
                    _post(() =>
                    {
                        if (ReferenceEquals(_listing, work))
                        {
                            EntriesArrived?.Invoke(send);
                        }
                    });
                }
            }
        }
        catch (OperationCanceledException) when (work.IsCancelled)
        {
            return;
        }
        catch (Exception ex)
        {
            // the browser's boundary: any failure is shown in its pane and logged, never thrown at the UI loop
            error = Readable.Error(ex);
            Log.Warning("Listing {Directory} failed: {Reason}", directory, error);
        }

        EfsDirEntry[] last = [.. batch];
        _post(() =>
        {
            if (!ReferenceEquals(_listing, work))
            {
                return;
            }

            _listing = null;
            if (last.Length > 0)
            {
                EntriesArrived?.Invoke(last);
            }

            ListingEnded?.Invoke(directory, error);
        });
    }

    private async Task PreviewAsync(EfsDirEntry entry, BackgroundWork work)
    {
        byte[]? data = null;
        string? error = null;
        try
        {
            using var capped = new CappedStream(PreviewLimit);
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(work.Token);
            capped.Full += stop.Cancel;
            try
            {
                await _read(entry, capped, stop.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (capped.IsFull && !work.IsCancelled)
            {
                // enough for the preview
            }

            data = capped.ToArray();
        }
        catch (OperationCanceledException) when (work.IsCancelled)
        {
            return;
        }
        catch (Exception ex)
        {
            error = Readable.Error(ex);
            Log.Warning("Preview of {Path} failed: {Reason}", entry.Path, error);
        }

        _post(() =>
        {
            if (!ReferenceEquals(_preview, work))
            {
                return;
            }

            _preview = null;
            if (data is not null)
            {
                PreviewRead?.Invoke(entry, data);
            }
            else
            {
                PreviewFailed?.Invoke(entry, error ?? "no data");
            }
        });
    }
}
