using System.Diagnostics;
using ZteDiag.Emulator.State;
using ZteDiag.Workbench.Archive;
using ZteDiag.Workbench.Jobs;
using ZteDiag.Workbench.Restore;

namespace ZteDiag.Workbench.Tests.Restore;

public sealed class RestorePowerLossTests(ITestOutputHelper output)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Timeout and shortest retransmission timer: no request is re-sent on a loaded machine, so the request
    /// count is the same in every run and the kill points land where the reference run put them.</summary>
    private static readonly TimeSpan Counting = TimeSpan.FromSeconds(8);

    [Fact]
    [Trait("Category", "Slow")]
    public async Task A_restore_cut_by_power_loss_at_20_seeded_points_never_truncates_a_file_and_resume_converges()
    {
        using var s = await RestoreScenario.CreateAsync(Ct);
        var options = new RestoreOptions { DeleteExtra = true };

        // reference run: where planning ends and the whole restore ends, in DIAG requests
        long planEnd, total;
        using (var modem = RestoreTestBed.Start(s.CopyState("ref"), reuse: true))
        await using (var c = await RestoreTestBed.ConnectAsync(modem, Ct, Counting))
        {
            var source = await BackupSource.OpenAsync(s.Backup, ct: Ct);
            var device = await RestoreTestBed.CheckAsync(c, source, Ct);
            var plan = await RestorePlanner.PlanAsync(c.Efs, source, options, ct: Ct);
            planEnd = modem.Host.DiagServer!.RequestCount;
            await RestoreJob.ApplyAsync(c.Efs, source, plan, device, options with { JournalDirectory = s.Sub("ref-journals") }, ct: Ct);
            total = modem.Host.DiagServer!.RequestCount;
            RestoreTestBed.AssertSame(s.Expected, RestoreTestBed.Snapshot(modem.State.Efs));
        }

        var rng = new Random(20261123);
        var points = new SortedSet<long>();
        while (points.Count < 20) points.Add(planEnd + 1 + rng.NextInt64(total - planEnd));
        output.WriteLine($"restore spans requests {planEnd + 1}..{total}; kill points {string.Join(",", points)}");

        var clock = Stopwatch.StartNew();
        foreach (long n in points)
        {
            string state = s.CopyState($"cut-{n}");
            string journals = s.Sub($"journals-{n}");
            var opts = options with { JournalDirectory = journals };

            // 1. run until the power goes
            using (var modem = RestoreTestBed.Start(state, reuse: true, powerLossAfter: n))
            {
                var cut = new TaskCompletionSource();
                modem.PowerLoss += (_, _) => cut.TrySetResult();
                await using var c = await RestoreTestBed.ConnectAsync(modem, Ct, Counting);
                var source = await BackupSource.OpenAsync(s.Backup, ct: Ct);
                var device = await RestoreTestBed.CheckAsync(c, source, Ct);
                var plan = await RestorePlanner.PlanAsync(c.Efs, source, opts, ct: Ct);
                await Assert.ThrowsAnyAsync<Exception>(() => RestoreJob.ApplyAsync(c.Efs, source, plan, device, opts, ct: Ct));
                // The port closes before the PowerLoss event is raised, so the client may see the cut first.
                bool wasCut = await Task.WhenAny(cut.Task, Task.Delay(TimeSpan.FromSeconds(10), Ct)) == cut.Task;
                Assert.True(wasCut, $"kill point {n}: the restore failed without a power cut");
            } // abrupt: the ports are gone, the modem object is dropped

            // 2. power back on: nothing under a real name is half written
            using (var modem = RestoreTestBed.Start(state, reuse: true))
            {
                var now = RestoreTestBed.Snapshot(modem.State.Efs);
                foreach (var (path, e) in now)
                {
                    if (e.Content is null || path.EndsWith(".ztediag-tmp", StringComparison.Ordinal)) continue;
                    bool isOld = s.Damaged.TryGetValue(path, out var old) && old.Content is not null && old.Content.AsSpan().SequenceEqual(e.Content);
                    bool isNew = s.Expected.TryGetValue(path, out var neu) && neu.Content is not null && neu.Content.AsSpan().SequenceEqual(e.Content);
                    Assert.True(isOld || isNew, $"kill point {n}: '{path}' holds {e.Content.Length} bytes that are neither the old nor the new content");
                }

                // 3. resume converges
                await using var c = await RestoreTestBed.ConnectAsync(modem, Ct, Counting);
                string? journal = RestoreJournalStore.FindLatestUnfinished(journals);
                Assert.NotNull(journal);
                string? imei = (await ZteDiag.Workbench.Jobs.DeviceProbe.ReadAsync(c, Ct)).Imei;
                await RestoreJob.ResumeAsync(c.Efs, journal, imei, opts, ct: Ct);
                RestoreTestBed.AssertSame(s.Expected, RestoreTestBed.Snapshot(modem.State.Efs));
                Assert.Null(RestoreJournalStore.FindLatestUnfinished(journals));
            }
        }

        output.WriteLine($"20 cuts + resumes in {clock.Elapsed.TotalSeconds:0.0} s");
    }
}
