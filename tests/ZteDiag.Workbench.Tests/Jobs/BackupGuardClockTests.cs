using ZteDiag.Workbench.Backup;
using ZteDiag.Workbench.Safety;


namespace ZteDiag.Workbench.Tests.Jobs;

/// <summary>A backup stamped in the future would pass any age limit; the guard refuses it beyond ordinary clock skew.</summary>
public sealed class BackupGuardClockTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_backup_made_an_hour_in_the_future_is_refused_and_one_two_minutes_ahead_is_accepted()
    {
        await using var t = await JobTestModem.StartAsync();
        string future = (await new BackupJob(t.Connection, new ShiftedTime(TimeSpan.FromHours(1)))
            .RunAsync(new BackupPlan { OutputPath = Path.Combine(t.Directory, "future.tar.gz") }, null, Ct)).ArchivePath;
        string skewed = (await new BackupJob(t.Connection, new ShiftedTime(TimeSpan.FromMinutes(2)))
            .RunAsync(new BackupPlan { OutputPath = Path.Combine(t.Directory, "skewed.tar.gz") }, null, Ct)).ArchivePath;

        var ex = await Assert.ThrowsAsync<SafetyException>(() =>
            BackupGuard.RequireAsync(t.Connection, new BackupRequirement { BackupFile = future }, null, null, Ct));
        Assert.Contains("in the future", ex.Message, StringComparison.Ordinal);

        var token = await BackupGuard.RequireAsync(t.Connection, new BackupRequirement { BackupFile = skewed }, null, null, Ct);
        Assert.Equal(Path.GetFullPath(skewed), token.ArchivePath);
    }

    private sealed class ShiftedTime(TimeSpan shift) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + shift;
    }
}
