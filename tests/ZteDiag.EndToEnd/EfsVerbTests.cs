using System.Security.Cryptography;
using System.Text.Json;

namespace ZteDiag.EndToEnd;

/// <summary>One virtual modem (mf627-mts) shared by the tests of <see cref="EfsVerbTests"/>; each test uses its own paths.</summary>
public sealed class EfsEmulatorFixture : IAsyncLifetime
{
    internal EmulatorProcess Emulator { get; private set; } = null!;

    public async ValueTask InitializeAsync() => Emulator = await EmulatorProcess.StartAsync("--profile", "mf627-mts");

    public async ValueTask DisposeAsync() => await Emulator.DisposeAsync();
}

/// <summary>Every `ztediag efs` verb as a real process against `ztediag emulate`, checked against the emulator's state directory.</summary>
public class EfsVerbTests(EfsEmulatorFixture fixture) : IClassFixture<EfsEmulatorFixture>
{
    private EmulatorProcess Emu => fixture.Emulator;

    private string Efs(string remote) => Path.Combine(Emu.StateDirectory, "efs", remote.TrimStart('/'));

    private Task<(int ExitCode, string Stdout, string Stderr)> Run(params string[] args) =>
        ZteDiagProcess.RunAsync([.. Emu.PortArgs, .. args]);

    private static string TempDir()
    {
        string dir = Path.Combine(Path.GetTempPath(), "ztediag-efs-e2e-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        return dir;
    }

    [Fact]
    public async Task Ls_Long_ShowsModeSizeMtimeAndName()
    {
        var (code, stdout, stderr) = await Run("efs", "ls", "-l", "/");
        Assert.True(code == 0, stderr);
        Assert.Matches(@"-rw-r--r--\s+4194304 \d{4}-\d\d-\d\d \d\d:\d\d ZTEMODEM\.iso", stdout);
        Assert.Matches(@"d[rwx-]{9}\s+\d+ .* nv/", stdout);
        Assert.Contains("CD_STARTUP_FLAG", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ls_Json_ListsEntriesWithTypesAndSizes()
    {
        var (code, stdout, stderr) = await Run("--json", "efs", "ls", "/");
        Assert.True(code == 0, stderr);
        using var doc = JsonDocument.Parse(stdout);
        var byName = doc.RootElement.EnumerateArray().ToDictionary(e => e.GetProperty("name").GetString()!);
        Assert.Equal("file", byName["PCUI.VN"].GetProperty("type").GetString());
        Assert.Equal(new FileInfo(Efs("/PCUI.VN")).Length, byName["PCUI.VN"].GetProperty("size").GetInt64());
        Assert.Equal("directory", byName["nv"].GetProperty("type").GetString());
    }

    [Fact]
    public async Task Ls_ItemFiles_AreMarkedWithAnIInTheModeColumn()
    {
        var (code, stdout, stderr) = await Run("--json", "efs", "tree", "/nv/item_files");
        Assert.True(code == 0, stderr);
        using var doc = JsonDocument.Parse(stdout);
        var item = doc.RootElement.EnumerateArray().First(e => e.GetProperty("type").GetString() == "item");
        string path = item.GetProperty("path").GetString()!;
        string dir = path[..path.LastIndexOf('/')];

        var (code2, listing, stderr2) = await Run("efs", "ls", "-l", dir);
        Assert.True(code2 == 0, stderr2);
        string line = listing.Split('\n').First(l => l.EndsWith(" " + item.GetProperty("name").GetString(), StringComparison.Ordinal));
        Assert.StartsWith("i", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Tree_PrintsNestedEntriesAndCounts()
    {
        var (code, stdout, stderr) = await Run("efs", "tree", "/nv");
        Assert.True(code == 0, stderr);
        Assert.StartsWith("/nv\n", stdout, StringComparison.Ordinal);
        Assert.Contains("item_files/", stdout, StringComparison.Ordinal);
        Assert.Matches(@"│   [├└]── ", stdout);
        Assert.Matches(@"\d+ directories, \d+ files", stdout);
    }

    [Fact]
    public async Task Stat_Json_GivesTypeModeAndSize()
    {
        var (code, stdout, stderr) = await Run("--json", "efs", "stat", "/ZTEMODEM.iso");
        Assert.True(code == 0, stderr);
        using var doc = JsonDocument.Parse(stdout);
        Assert.Equal("file", doc.RootElement.GetProperty("type").GetString());
        Assert.Equal(4194304, doc.RootElement.GetProperty("size").GetInt64());
        Assert.Equal("-rw-r--r--", doc.RootElement.GetProperty("mode_text").GetString());
    }

    [Fact]
    public async Task Stat_MissingPath_IsExit1NamingThePathAndEnoent()
    {
        var (code, stdout, stderr) = await Run("efs", "stat", "/no/such/file");
        Assert.Equal(1, code);
        Assert.Empty(stdout);
        Assert.Contains("/no/such/file", stderr, StringComparison.Ordinal);
        Assert.Contains("ENOENT", stderr, StringComparison.Ordinal);
        Assert.Single(stderr.Trim().Split('\n'));
    }

    [Fact]
    public async Task Df_ShowsSizeAndFreeSpace()
    {
        var (code, stdout, stderr) = await Run("--json", "efs", "df");
        Assert.True(code == 0, stderr);
        using var doc = JsonDocument.Parse(stdout);
        long total = doc.RootElement.GetProperty("total_bytes").GetInt64();
        Assert.True(total > 4194304);
        Assert.InRange(doc.RootElement.GetProperty("free_bytes").GetInt64(), 1, total);

        var (code2, text, _) = await Run("efs", "df");
        Assert.Equal(0, code2);
        Assert.Contains("EFS2", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cat_PrintsTheFilesBytes()
    {
        var (code, stdout, stderr) = await Run("efs", "cat", "/PCUI.VN");
        Assert.True(code == 0, stderr);
        Assert.Equal(await File.ReadAllTextAsync(Efs("/PCUI.VN"), TestContext.Current.CancellationToken), stdout);
    }

    [Fact]
    public async Task Get_Iso_IsByteIdenticalToTheEmulatorsFile_AndLeavesNoTempFile()
    {
        string dir = TempDir();
        try
        {
            string local = Path.Combine(dir, "ztemodem.iso");
            var (code, stdout, stderr) = await Run("--json", "efs", "get", "/ZTEMODEM.iso", local);
            Assert.True(code == 0, stderr);
            Assert.Equal(await File.ReadAllBytesAsync(Efs("/ZTEMODEM.iso"), TestContext.Current.CancellationToken),
                await File.ReadAllBytesAsync(local, TestContext.Current.CancellationToken));
            using var doc = JsonDocument.Parse(stdout);
            Assert.Equal(4194304, doc.RootElement.GetProperty("bytes").GetInt64());
            Assert.Equal(new[] { local }, Directory.GetFiles(dir));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task Get_IntoADirectory_UsesTheRemoteName_AndDashWritesStdout()
    {
        string dir = TempDir();
        try
        {
            var (code, _, stderr) = await Run("efs", "get", "/PCUI.VN", dir);
            Assert.True(code == 0, stderr);
            Assert.Equal(await File.ReadAllBytesAsync(Efs("/PCUI.VN"), TestContext.Current.CancellationToken),
                await File.ReadAllBytesAsync(Path.Combine(dir, "PCUI.VN"), TestContext.Current.CancellationToken));

            var (code2, stdout, _) = await Run("efs", "get", "/PCUI.VN", "-");
            Assert.Equal(0, code2);
            Assert.Equal(await File.ReadAllTextAsync(Efs("/PCUI.VN"), TestContext.Current.CancellationToken), stdout);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task Get_MissingRemote_IsExit1_AndCreatesNoLocalFile()
    {
        string dir = TempDir();
        try
        {
            var (code, _, stderr) = await Run("efs", "get", "/missing.bin", Path.Combine(dir, "out.bin"));
            Assert.Equal(1, code);
            Assert.Contains("ENOENT", stderr, StringComparison.Ordinal);
            Assert.Empty(Directory.GetFileSystemEntries(dir));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task Put_ThenCat_RoundTrips_ReplacesTheFile_AndShowsUpInTheStateDirectory()
    {
        string dir = TempDir();
        try
        {
            string local = Path.Combine(dir, "blob.bin");
            byte[] first = RandomNumberGenerator.GetBytes(5000);
            await File.WriteAllBytesAsync(local, first, TestContext.Current.CancellationToken);
            var (code, _, stderr) = await Run("efs", "put", local, "/public/blob.bin");
            Assert.True(code == 0, stderr);
            Assert.Equal(first, await File.ReadAllBytesAsync(Efs("/public/blob.bin"), TestContext.Current.CancellationToken));

            byte[] second = RandomNumberGenerator.GetBytes(3000);
            await File.WriteAllBytesAsync(local, second, TestContext.Current.CancellationToken);
            var (code2, stdout, stderr2) = await Run("--json", "efs", "put", local, "/public/blob.bin");
            Assert.True(code2 == 0, stderr2);
            using var doc = JsonDocument.Parse(stdout);
            Assert.True(doc.RootElement.GetProperty("replaced").GetBoolean());
            Assert.Equal(second, await File.ReadAllBytesAsync(Efs("/public/blob.bin"), TestContext.Current.CancellationToken));
            Assert.DoesNotContain(Directory.GetFiles(Efs("/public")), f => f.EndsWith(".tmp", StringComparison.Ordinal));

            var (code3, cat, _) = await Run("--json", "efs", "cat", "/public/blob.bin");
            Assert.Equal(0, code3);
            using var catDoc = JsonDocument.Parse(cat);
            Assert.Equal(Convert.ToHexString(second).ToLowerInvariant(), catDoc.RootElement.GetProperty("hex").GetString());
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task PutItem_WritesAnItemFile_AndRefusesMoreThan106Bytes()
    {
        string dir = TempDir();
        try
        {
            string local = Path.Combine(dir, "item");
            await File.WriteAllBytesAsync(local, [1, 2, 3, 4, 5], TestContext.Current.CancellationToken);
            var (code, _, stderr) = await Run("efs", "put", "--item", local, "/public/e2e_item");
            Assert.True(code == 0, stderr);
            var (code2, stat, _) = await Run("--json", "efs", "stat", "/public/e2e_item");
            Assert.Equal(0, code2);
            using var doc = JsonDocument.Parse(stat);
            Assert.Equal("item", doc.RootElement.GetProperty("type").GetString());
            Assert.Equal(5, doc.RootElement.GetProperty("size").GetInt64());

            await File.WriteAllBytesAsync(local, new byte[107], TestContext.Current.CancellationToken);
            var (code3, _, stderr3) = await Run("efs", "put", "--item", local, "/public/e2e_item2");
            Assert.Equal(2, code3);
            Assert.Contains("106", stderr3, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task Mkdir_OfAnExistingFileWithoutP_IsEexist_AndMkdirP_CreatesParents()
    {
        var (code, _, stderr) = await Run("efs", "mkdir", "/PCUI.VN");
        Assert.Equal(1, code);
        Assert.Contains("EEXIST", stderr, StringComparison.Ordinal);
        Assert.Contains("/PCUI.VN", stderr, StringComparison.Ordinal);

        var (code2, _, stderr2) = await Run("efs", "mkdir", "-p", "/public/e2e_mk/a/b");
        Assert.True(code2 == 0, stderr2);
        Assert.True(Directory.Exists(Efs("/public/e2e_mk/a/b")));
    }

    [Fact]
    public async Task Rm_OfANonEmptyDirWithoutR_IsEnotempty_AndRmR_RemovesTheTree()
    {
        var (mk, _, mkErr) = await Run("efs", "mkdir", "-p", "/public/e2e_rm/sub");
        Assert.True(mk == 0, mkErr);

        var (code, _, stderr) = await Run("efs", "rm", "/public/e2e_rm");
        Assert.Equal(1, code);
        Assert.Contains("ENOTEMPTY", stderr, StringComparison.Ordinal);
        Assert.True(Directory.Exists(Efs("/public/e2e_rm/sub")));

        var (code2, _, stderr2) = await Run("efs", "rm", "-r", "/public/e2e_rm");
        Assert.True(code2 == 0, stderr2);
        Assert.False(Directory.Exists(Efs("/public/e2e_rm")));

        var (code3, _, stderr3) = await Run("efs", "rm", "/public/e2e_rm");
        Assert.Equal(1, code3);
        Assert.Contains("ENOENT", stderr3, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Mv_RenamesAFile()
    {
        string dir = TempDir();
        try
        {
            string local = Path.Combine(dir, "f");
            await File.WriteAllTextAsync(local, "move me", TestContext.Current.CancellationToken);
            Assert.Equal(0, (await Run("efs", "put", local, "/public/e2e_mv_a")).ExitCode);
            var (code, _, stderr) = await Run("efs", "mv", "/public/e2e_mv_a", "/public/e2e_mv_b");
            Assert.True(code == 0, stderr);
            Assert.False(File.Exists(Efs("/public/e2e_mv_a")));
            Assert.Equal("move me", await File.ReadAllTextAsync(Efs("/public/e2e_mv_b"), TestContext.Current.CancellationToken));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task RelativePath_IsAUsageError()
    {
        var (code, _, stderr) = await Run("efs", "ls", "nv");
        Assert.Equal(2, code);
        Assert.Contains("absolute", stderr, StringComparison.Ordinal);
    }
}
