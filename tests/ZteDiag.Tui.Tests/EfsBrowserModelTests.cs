using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using ZteDiag.Device;
using ZteDiag.Device.Efs;
using ZteDiag.Protocol.Efs;

namespace ZteDiag.Tui.Tests;

/// <summary>
/// The browser's background work without a screen: results only for the current listing or preview, and every
/// token source released when its task ends. The UI thread is this test's own queue of posted actions.
/// </summary>
public sealed class EfsBrowserModelTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private readonly ConcurrentQueue<Action> _posted = new();
    private readonly List<string> _arrived = [];
    private readonly List<(string Dir, string? Error)> _ended = [];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_replaced_listing_hands_nothing_over_even_when_it_keeps_going()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var model = Model(
            (dir, ct) => dir == "/a" ? IgnoresCancel(gate.Task, "/a/1", "/a/2") : Entries("/b/1"),
            (_, _, _) => Task.CompletedTask);

        model.List("/a");
        model.List("/b");
        await PumpUntilAsync(() => _ended.Count == 1);
        gate.SetResult(); // /a goes on as if it never heard the cancel
        await PumpUntilAsync(() => model.Running == 0);
        Pump();

        Assert.Equal(["/b/1"], _arrived);
        Assert.Equal([("/b", (string?)null)], _ended);
        Assert.False(model.IsListing);
    }

    [Fact]
    public async Task Disposing_cancels_a_listing_that_waits_and_releases_its_token_source()
    {
        var model = Model((_, ct) => Forever(ct), (_, _, _) => Task.CompletedTask);
        model.List("/");
        Assert.True(model.IsListing);

        model.Dispose();
        await PumpUntilAsync(() => model.Running == 0);

        Assert.Empty(_ended);
        Assert.False(model.IsListing);
    }

    [Fact]
    public async Task A_failed_listing_ends_with_its_reason()
    {
        using var model = Model((_, _) => Fails(), (_, _, _) => Task.CompletedTask);

        model.List("/nv");
        await PumpUntilAsync(() => _ended.Count == 1);

        Assert.Equal("/nv", _ended[0].Dir);
        Assert.Contains("ENOENT", _ended[0].Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_preview_keeps_the_first_64_KiB_of_a_larger_file_and_stops_the_read()
    {
        byte[]? shown = null;
        bool stopped = false;
        using var model = Model((_, _) => Entries(), async (_, to, ct) =>
        {
            byte[] chunk = new byte[1024];
            for (int i = 0; i < 1024; i++) // 1 MiB unless the preview stops it
            {
                if (ct.IsCancellationRequested)
                {
                    stopped = true;
                }

                ct.ThrowIfCancellationRequested();
                chunk[0] = (byte)i;
                await to.WriteAsync(chunk, ct);
            }
        });
        model.PreviewRead += (_, data) => shown = data;

        model.Preview(File("/ZTEMODEM.iso"));
        await PumpUntilAsync(() => shown is not null);

        Assert.Equal(EfsBrowserModel.PreviewLimit, shown!.Length);
        Assert.Equal(63, shown[63 * 1024]);
        Assert.True(stopped);
        Assert.False(model.IsPreviewing);
    }

    [Fact]
    public async Task A_cancelled_preview_is_never_shown()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        int shown = 0;
        using var model = Model((_, _) => Entries(), async (_, to, _) =>
        {
            await gate.Task;
            await to.WriteAsync(new byte[] { 1 });
        });
        model.PreviewRead += (_, _) => shown++;

        model.Preview(File("/a"));
        model.CancelPreview();
        gate.SetResult();
        await PumpUntilAsync(() => model.Running == 0);
        Pump();

        Assert.Equal(0, shown);
        Assert.False(model.IsPreviewing);
    }

    private EfsBrowserModel Model(
        Func<string, CancellationToken, IAsyncEnumerable<EfsDirEntry>> list, Func<EfsDirEntry, Stream, CancellationToken, Task> read)
    {
        var model = new EfsBrowserModel(list, read, _posted.Enqueue, new StoppedClock());
        model.EntriesArrived += entries => _arrived.AddRange(entries.Select(e => e.Path));
        model.ListingEnded += (dir, error) => _ended.Add((dir, error));
        return model;
    }

    private void Pump()
    {
        while (_posted.TryDequeue(out Action? a))
        {
            a();
        }
    }

    /// <summary>Runs the posted actions until <paramref name="done"/> holds (a condition, not a fixed wait).</summary>
    private async Task PumpUntilAsync(Func<bool> done)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        limit.CancelAfter(Patience);
        while (true)
        {
            Pump();
            if (done())
            {
                return;
            }

            await Task.Delay(5, limit.Token);
        }
    }

    private static EfsDirEntry File(string path) =>
        new(path[(path.LastIndexOf('/') + 1)..], path, EfsDirEntryType.Regular, EfsMode.S_IFREG | 0x1A4, 1 << 20, 0, 0, 0);

#pragma warning disable CS1998 // async iterators without awaits: the entries are ready at once
    private static async IAsyncEnumerable<EfsDirEntry> Entries(params string[] paths)
    {
        foreach (string p in paths)
        {
            yield return File(p);
        }
    }

    private static async IAsyncEnumerable<EfsDirEntry> Fails()
    {
        yield return await Task.FromException<EfsDirEntry>(new EfsException(EfsErrno.ENOENT, "/nv", "opendir"));
    }
#pragma warning restore CS1998

    private static async IAsyncEnumerable<EfsDirEntry> IgnoresCancel(Task gate, params string[] paths)
    {
        yield return File(paths[0]);
        await gate;
        foreach (string p in paths.Skip(1))
        {
            yield return File(p);
        }
    }

    private static async IAsyncEnumerable<EfsDirEntry> Forever([EnumeratorCancellation] CancellationToken ct)
    {
        await Task.Delay(Timeout.Infinite, ct);
        yield break;
    }

    /// <summary>A clock that never moves: batches are handed over by size or at the end, never by time.</summary>
    private sealed class StoppedClock : TimeProvider
    {
        public override long GetTimestamp() => 0;
    }
}
