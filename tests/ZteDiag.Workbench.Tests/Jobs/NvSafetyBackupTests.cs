using ZteDiag.Workbench.Archive;
using ZteDiag.Workbench.Nv;
using ZteDiag.Workbench.Safety;
using ZteDiag.Workbench.Tests.Archive;

namespace ZteDiag.Workbench.Tests.Jobs;

public sealed class NvSafetyBackupTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly NvRestorePlan Plan = new(
    [
        new NvPlanEntry(10, "NV_PREF_MODE_I", NvPlanCategory.Changed, "0e", "04"),
        new NvPlanEntry(441, "NV_BAND_PREF_I", NvPlanCategory.Unchanged, "ffff", "ffff"),
        new NvPlanEntry(600, "NV item 600", NvPlanCategory.NotActive, null, "01"),
    ]);

    [Fact]
    public async Task It_keeps_the_old_value_of_every_item_to_overwrite_in_a_verified_archive_the_coverage_check_accepts()
    {
        using var dir = new TempDir();
        VerifiedBackup token = await NvSafetyBackup.WriteAsync(Plan, null, dir.Combine("nv", "safety.tar.gz"), null, Ct);

        Assert.True(File.Exists(token.ArchivePath));
        Assert.False(File.Exists(token.ArchivePath + ".partial"));
        NvBackupFile kept = await NvArchiveFile.LoadAsync(token.ArchivePath, Ct);
        Assert.Equal([(10, "0e")], kept.Items.Select(i => (i.Id, i.Data)));
        await NvBackupCoverage.RequireAsync(token, Plan.MustBeSaved, Ct);
    }

    [Fact]
    public async Task An_item_to_overwrite_whose_old_value_could_not_be_read_is_refused_and_no_file_is_written()
    {
        using var dir = new TempDir();
        var plan = new NvRestorePlan([new NvPlanEntry(85, "NV_SEC_CODE_I", NvPlanCategory.NeedsSpc, null, "313233343536")]);
        string path = dir.Combine("safety.tar.gz");
        var ex = await Assert.ThrowsAsync<SafetyException>(() => NvSafetyBackup.WriteAsync(plan, null, path, null, Ct));
        Assert.Contains("NV 85", ex.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(path));
    }

    [Theory]
    [InlineData("0-600 + backup set (70 ids)", 600)]
    [InlineData("QCN written by QPST from M6280", 8191)]
    [InlineData(null, 8191)]
    public void The_scanned_range_comes_from_the_file_s_own_record(string? scanned, int last) =>
        Assert.Equal(last, NvJob.ScannedLast(new NvBackupFile { Scanned = scanned, Items = [new(10, "x", "done", "04")] }));

    [Fact]
    public void A_file_with_an_item_above_the_default_range_is_scanned_up_to_it() =>
        Assert.Equal(9000, NvJob.ScannedLast(new NvBackupFile { Items = [new(9000, "x", "done", "04")] }));
}
