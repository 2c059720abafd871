using ZteDiag.Device.Diag;
using ZteDiag.Emulator.Host;
using ZteDiag.Workbench.Archive;
using ZteDiag.Workbench.Backup;

namespace ZteDiag.Workbench.Tests.Jobs;

/// <summary>
/// The DIAG transport's loss recovery over the real emulator on ptys: 20 seeds of corrupted, dropped and
/// delayed replies together, each backup of /nv holding exactly the content of a clean one, and the
/// re-sends bounded by a small multiple of the faults the emulator injected (counts, not time).
/// </summary>
[Collection(nameof(LoadHeavy))]
public sealed class TransportFaultMatrixTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Per injected fault: the lost request itself, and a spurious timer or two on a loaded host.</summary>
    private const int ResendsPerFault = 3;

    /// <summary>Spurious re-sends a loaded machine may add whatever the faults (a stall longer than the RTO floor).</summary>
    private const int Slack = 10;

    [Fact]
    public async Task Twenty_seeds_of_combined_faults_back_up_the_same_content_with_bounded_resends()
    {
        IReadOnlyList<string> clean = await BackupAsync(null);
        Assert.True(clean.Count > 50, $"{clean.Count} entries: the subtree proves little");

        for (int seed = 1; seed <= 20; seed++)
        {
            var faults = FaultPlan.Parse($"corrupt=0.02,drop=0.02,delay=0.02:100ms,seed={seed}");
            DiagSessionStats stats = default;
            IReadOnlyList<string> got = await BackupAsync(faults, s => stats = s);

            TestContext.Current.TestOutputHelper?.WriteLine(
                $"seed {seed}: injected {faults.Injected}, re-sent {stats.Retries} (later reply first {stats.ResentLaterReplyFirst}, bad frame {stats.ResentBadFrame}, timer {stats.ResentTimeout}), window {stats.Window}");
            Assert.Equal(clean, got);
            (long dropped, long corrupted, long delayed) = faults.Injected;
            long injected = dropped + corrupted + delayed;
            Assert.True(dropped + corrupted > 0, $"seed {seed}: no reply was lost, the run proves nothing");
            Assert.True(stats.Retries <= (ResendsPerFault * injected) + Slack,
                $"seed {seed}: {stats.Retries} re-sends for {injected} injected faults ({dropped} dropped, {corrupted} corrupted, {delayed} delayed)");
            Assert.True(stats.Retries > 0, $"seed {seed}: {dropped + corrupted} replies lost and nothing re-sent");
        }
    }

    /// <summary>Backs up /nv and returns the manifest entries as comparable lines (content hash, kind, mode, size).</summary>
    private static async Task<IReadOnlyList<string>> BackupAsync(FaultPlan? faults, Action<DiagSessionStats>? stats = null)
    {
        await using var t = await JobTestModem.StartAsync(withAt: false, faults: faults, timeout: TimeSpan.FromSeconds(3));
        BackupResult r = await new BackupJob(t.Connection).RunAsync(
            new BackupPlan { OutputPath = Path.Combine(t.Directory, "nv.tar.gz"), Root = "/nv" }, null, Ct);
        Assert.True(r.Verification.IsValid, string.Join("; ", r.Verification.Problems.Select(p => p.Message)));
        Assert.Empty(r.Unreadable);
        Assert.Equal(0, t.Modem.State.Efs.OpenFileCount);
        Assert.Equal(0, t.Modem.State.Efs.OpenDirCount);
        stats?.Invoke(t.Connection.Diag.Stats);
        return [.. r.Manifest.Entries.Select(e => $"{e.Path} {e.Kind} {e.Mode} {e.Size} {e.Sha256} {e.LinkTarget}").Order(StringComparer.Ordinal)];
    }
}

/// <summary>
/// Tests that keep both cores busy for a minute (21 backups through a lossy link) run with no other test beside
/// them: on a loaded 2-core machine they starved the tests with short give-up limits running in parallel.
/// </summary>
[CollectionDefinition(nameof(LoadHeavy), DisableParallelization = true)]
public sealed class LoadHeavy;
