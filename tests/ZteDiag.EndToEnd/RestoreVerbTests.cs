using ZteDiag.Workbench.Archive;

namespace ZteDiag.EndToEnd;

public sealed class RestoreVerbTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "ztediag-restore-e2e-" + Guid.NewGuid().ToString("N"));

    /// <summary>The default emulator profile's identity (mf627-mts): backups must name their modem to restore without --other-device.</summary>
    private static DeviceIdentity EmulatedMf627 => new DeviceIdentity { Model = "MF627" }.WithFingerprint(DeviceFingerprint.Create("354613020012342"));

    public RestoreVerbTests() => Directory.CreateDirectory(_dir);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private string Journals => Path.Combine(_dir, "journals");

    public void Dispose()
    {
        try { Directory.Delete(_dir, recursive: true); }
        catch (IOException) { }
    }

    private async Task<string> SmallBackupAsync()
    {
        string path = Path.Combine(_dir, "small.tar.gz");
        await using var w = BackupArchiveWriter.Create(path, new BackupHeader("test", DateTimeOffset.UnixEpoch, EmulatedMf627));
        w.AddDirectory(new EfsEntryInfo("/rt", 0x41ED, 0));
        byte[] a = new byte[3000];
        new Random(1).NextBytes(a);
        using (var ms = new MemoryStream(a)) await w.AddFileAsync(new EfsEntryInfo("/rt/a.bin", 0x81A4, a.Length), ms, Ct);
        using (var ms = new MemoryStream([1, 2, 3, 4])) await w.AddFileAsync(new EfsEntryInfo("/rt/item", 0xE1B6, 4), ms, Ct);
        await w.CompleteAsync(Ct);
        return path;
    }

    [Fact]
    public async Task Dry_run_prints_the_plan_and_writes_nothing()
    {
        string backup = await SmallBackupAsync();
        await using var emu = await EmulatorProcess.StartAsync("--state", Path.Combine(_dir, "state"));
        var before = EfsHostTree.Hashes(emu.StateDirectory);

        var (code, stdout, stderr) = await ZteDiagProcess.RunAsync([.. emu.PortArgs, "restore", backup, "--dry-run", "--journal-dir", Journals]);

        Assert.True(code == 0, stderr);
        Assert.Contains("create", stdout, StringComparison.Ordinal);
        Assert.Contains("/rt/a.bin", stdout, StringComparison.Ordinal);
        Assert.Contains("item file", stdout, StringComparison.Ordinal);
        Assert.Equal(before, EfsHostTree.Hashes(emu.StateDirectory));
        Assert.False(Directory.Exists(Journals));

        var (jcode, json, _) = await ZteDiagProcess.RunAsync([.. emu.PortArgs, "--json", "restore", backup, "--dry-run", "--journal-dir", Journals]);
        Assert.Equal(0, jcode);
        using var doc = System.Text.Json.JsonDocument.Parse(json);
        Assert.Equal(3, doc.RootElement.GetProperty("summary").GetProperty("create").GetInt32());
    }

    [Fact]
    public async Task A_malicious_archive_exits_2_listing_the_problem_and_the_device_is_untouched()
    {
        string bad = ZteDiagProcess.Fixture("archives", "malicious", "parent-escape.tar.gz");
        await using var emu = await EmulatorProcess.StartAsync("--state", Path.Combine(_dir, "state"));
        var before = EfsHostTree.Hashes(emu.StateDirectory);

        var (code, _, stderr) = await ZteDiagProcess.RunAsync([.. emu.PortArgs, "restore", bad, "--yes", "--delete-extra", "--journal-dir", Journals]);

        Assert.Equal(2, code);
        Assert.Contains("rejected backup", stderr, StringComparison.Ordinal);
        Assert.Contains("'..'", stderr, StringComparison.Ordinal);
        Assert.Equal(before, EfsHostTree.Hashes(emu.StateDirectory));
        Assert.False(Directory.Exists(Journals));

        // validation comes before the modem is opened: a port that does not exist is never reached
        var (code2, _, stderr2) = await ZteDiagProcess.RunAsync(["--port", "/dev/nonexistent-ztediag", "restore", bad, "--yes", "--journal-dir", Journals]);
        Assert.Equal(2, code2);
        Assert.Contains("rejected backup", stderr2, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_plain_folder_is_restored_and_a_second_run_has_nothing_to_do()
    {
        string folder = Path.Combine(_dir, "qpst");
        Directory.CreateDirectory(Path.Combine(folder, "rt", "sub"));
        byte[] content = new byte[5000];
        new Random(2).NextBytes(content);
        File.WriteAllBytes(Path.Combine(folder, "rt", "sub", "cfg.bin"), content);
        File.WriteAllText(Path.Combine(folder, "rt", "hello.txt"), "hello");
        await using var emu = await EmulatorProcess.StartAsync("--state", Path.Combine(_dir, "state"));

        var (code, stdout, stderr) = await ZteDiagProcess.RunAsync([.. emu.PortArgs, "restore", folder, "--yes", "--other-device", "--journal-dir", Journals]); // a folder names no modem
        Assert.True(code == 0, stderr + stdout);
        Assert.Contains("Restore complete", stdout, StringComparison.Ordinal);
        Assert.Equal(content, File.ReadAllBytes(Path.Combine(emu.StateDirectory, "efs", "rt", "sub", "cfg.bin")));
        Assert.Equal("hello", File.ReadAllText(Path.Combine(emu.StateDirectory, "efs", "rt", "hello.txt")));

        var (code2, stdout2, _) = await ZteDiagProcess.RunAsync([.. emu.PortArgs, "restore", folder, "--dry-run", "--journal-dir", Journals]);
        Assert.Equal(0, code2);
        Assert.Contains("Nothing to do", stdout2, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_yes_and_without_a_terminal_the_restore_refuses()
    {
        string backup = await SmallBackupAsync();
        await using var emu = await EmulatorProcess.StartAsync("--state", Path.Combine(_dir, "state"));
        var before = EfsHostTree.Hashes(emu.StateDirectory);

        var (code, _, stderr) = await ZteDiagProcess.RunAsync([.. emu.PortArgs, "restore", backup, "--journal-dir", Journals], stdin: "y\n");

        Assert.Equal(2, code);
        Assert.Contains("--yes", stderr, StringComparison.Ordinal);
        Assert.Equal(before, EfsHostTree.Hashes(emu.StateDirectory));
    }
}
