using ZteDiag.Workbench.Archive;

namespace ZteDiag.EndToEnd;

/// <summary>`ztediag restore` against `ztediag emulate` children: the device check, and a power cut of the emulator process.</summary>
public sealed class RestoreSafetyVerbTests(ITestOutputHelper log) : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "ztediag-restore-safety-e2e-" + Guid.NewGuid().ToString("N"));

    /// <summary>The default emulator profile's identity (mf627-mts): backups must name their modem to restore without --other-device.</summary>
    private static DeviceIdentity EmulatedMf627 => new DeviceIdentity { Model = "MF627" }.WithFingerprint(DeviceFingerprint.Create("354613020012342"));

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private string Journals(string name) => Path.Combine(_dir, "journals-" + name);

    public void Dispose()
    {
        try { Directory.Delete(_dir, recursive: true); }
        catch (IOException) { }
    }

    private static async Task<(int Code, string Out, string Err)> Run(params string[] args) =>
        await ZteDiagProcess.RunAsync(args, timeout: TimeSpan.FromMinutes(2));

    [Fact]
    public async Task A_backup_of_another_modem_is_refused_unless_other_device_and_dry_run_shows_the_verdict()
    {
        Directory.CreateDirectory(_dir);
        string archive = Path.Combine(_dir, "mf627.tar.gz");
        byte[] mine;
        await using (var a = await EmulatorProcess.StartAsync("--profile", "mf627-mts", "--state", Path.Combine(_dir, "a")))
        {
            var (bcode, _, berr) = await Run(["backup", "-o", archive, .. a.PortArgs]);
            Assert.True(bcode == 0, berr);
            mine = File.ReadAllBytes(Path.Combine(a.StateDirectory, "efs", "PCUI.VN"));
            var (same, sameOut, sameErr) = await Run([.. a.PortArgs, "restore", archive, "--dry-run", "--only", "/PCUI.VN", "--journal-dir", Journals("a")]);
            Assert.True(same == 0, sameErr);
            Assert.Contains("device: same device (IMEI 35461302*****42)", sameOut, StringComparison.Ordinal);
        }

        await using var b = await EmulatorProcess.StartAsync("--profile", "mf626-globe", "--state", Path.Combine(_dir, "b"));
        string pcui = Path.Combine(b.StateDirectory, "efs", "PCUI.VN");
        byte[] theirs = File.ReadAllBytes(pcui);
        Assert.NotEqual(mine, theirs);
        string[] restore = [.. b.PortArgs, "restore", archive, "--only", "/PCUI.VN", "--journal-dir", Journals("b")];

        var (dry, dryOut, dryErr) = await Run([.. restore, "--dry-run"]);
        Assert.True(dry == 0, dryErr);
        Assert.Contains("ANOTHER DEVICE", dryOut, StringComparison.Ordinal);
        Assert.Contains("A real run would be refused", dryOut, StringComparison.Ordinal);
        Assert.DoesNotContain("354613020012342", dryOut, StringComparison.Ordinal); // IMEIs only masked

        var (code, _, err) = await Run([.. restore, "--yes"]);
        Assert.Equal(5, code); // ZteDiag refused (issue 15: its own exit code)
        Assert.Contains("taken from another device", err, StringComparison.Ordinal);
        Assert.Contains("--other-device", err, StringComparison.Ordinal);
        Assert.Equal(theirs, File.ReadAllBytes(pcui));
        Assert.False(Directory.Exists(Journals("b")));

        // the flag does not skip the confirmation: on a pipe without --yes it is still refused
        var (unconfirmed, _, uerr) = await Run([.. restore, "--other-device"]);
        Assert.Equal(2, unconfirmed);
        Assert.Contains("--yes", uerr, StringComparison.Ordinal);
        Assert.Equal(theirs, File.ReadAllBytes(pcui));

        var (ok, okOut, okErr) = await Run([.. restore, "--other-device", "--yes"]);
        Assert.True(ok == 0, okOut + okErr);
        Assert.Equal(mine, File.ReadAllBytes(pcui));
    }

    private static async Task WriteTreeAsync(string path, int seed)
    {
        await using var w = BackupArchiveWriter.Create(path, new BackupHeader("test", DateTimeOffset.UnixEpoch, EmulatedMf627));
        w.AddDirectory(new EfsEntryInfo("/rt", 0x41ED, 0));
        for (int i = 0; i < 5; i++)
        {
            byte[] data = new byte[2000 + (i * 1500) + seed];
            new Random(seed * 10 + i).NextBytes(data);
            using var ms = new MemoryStream(data);
            await w.AddFileAsync(new EfsEntryInfo($"/rt/f{i}.bin", 0x81A4, data.Length), ms, Ct);
        }

        await w.CompleteAsync(Ct);
    }

    private static void CopyDirectory(string from, string to)
    {
        foreach (string d in Directory.GetDirectories(from, "*", SearchOption.AllDirectories))
            Directory.CreateDirectory(Path.Combine(to, Path.GetRelativePath(from, d)));
        Directory.CreateDirectory(to);
        foreach (string f in Directory.GetFiles(from, "*", SearchOption.AllDirectories))
            File.Copy(f, Path.Combine(to, Path.GetRelativePath(from, f)));
    }

    [Fact]
    [Trait("Category", "Slow")]
    public async Task A_restore_cut_by_the_emulator_process_dying_resumes_after_restart_and_never_truncates_a_file()
    {
        Directory.CreateDirectory(_dir);
        string oldTree = Path.Combine(_dir, "old.tar.gz");
        string newTree = Path.Combine(_dir, "new.tar.gz");
        await WriteTreeAsync(oldTree, 1);
        await WriteTreeAsync(newTree, 2);

        // base state: the device holds the old tree; then measure where planning ends and the restore ends, in DIAG requests
        string baseState = Path.Combine(_dir, "base");
        await using (var emu = await EmulatorProcess.StartAsync("--state", baseState))
        {
            var (c, o, e) = await Run([.. emu.PortArgs, "restore", oldTree, "--yes", "--journal-dir", Journals("base")]);
            Assert.True(c == 0, o + e);
            await emu.StopAsync();
        }

        var oldFiles = EfsHostTree.Hashes(baseState, "rt");
        long planEnd, total;
        string dryState = Path.Combine(_dir, "dry");
        CopyDirectory(baseState, dryState);
        await using (var emu = await EmulatorProcess.StartAsync("--state", dryState))
        {
            Assert.Equal(0, (await Run([.. emu.PortArgs, "restore", newTree, "--dry-run", "--journal-dir", Journals("dry")])).Code);
            planEnd = await emu.StopAndCountRequestsAsync();
        }

        string refState = Path.Combine(_dir, "ref");
        CopyDirectory(baseState, refState);
        await using (var emu = await EmulatorProcess.StartAsync("--state", refState))
        {
            var (c, o, e) = await Run([.. emu.PortArgs, "restore", newTree, "--yes", "--journal-dir", Journals("ref")]);
            Assert.True(c == 0, o + e);
            total = await emu.StopAndCountRequestsAsync();
        }

        var newFiles = EfsHostTree.Hashes(refState, "rt");
        Assert.NotEqual(oldFiles, newFiles);
        Assert.True(total > planEnd + 10, $"restore spans requests {planEnd}..{total}");

        // three seeded points inside the writing part of the restore
        var rng = new Random(20261123);
        long[] points = [.. Enumerable.Range(0, 3).Select(_ => planEnd + 1 + rng.NextInt64(total - planEnd)).Distinct().Order()];
        log.WriteLine($"restore spans requests {planEnd + 1}..{total}; power cuts after {string.Join(", ", points)}");
        foreach (long n in points)
        {
            string state = Path.Combine(_dir, $"cut-{n}");
            CopyDirectory(baseState, state);
            string journals = Journals($"cut-{n}");

            // 1. the emulator process dies mid-restore (SIGKILL of itself: no cleanup), the restore fails
            await using (var emu = await EmulatorProcess.StartAsync("--state", state, "--faults", $"power-loss-after-requests={n}"))
            {
                var (code, o, e) = await Run([.. emu.PortArgs, "restore", newTree, "--yes", "--journal-dir", journals]);
                Assert.True(code != 0, $"cut {n}: the restore did not notice the power cut: {o}{e}");
                Assert.Contains("run `ztediag restore --resume` to finish it", e, StringComparison.Ordinal);
                using var died = new CancellationTokenSource(TimeSpan.FromSeconds(20));
                while (!emu.HasExited) await Task.Delay(50, died.Token);
            }

            // 2. nothing under a real name is half written: each file is the old or the new version
            var now = EfsHostTree.Hashes(state, "rt");
            foreach (var (path, hash) in now)
            {
                if (path.EndsWith(".ztediag-tmp", StringComparison.Ordinal)) continue;
                bool isOld = oldFiles.TryGetValue(path, out string? o) && o == hash;
                bool isNew = newFiles.TryGetValue(path, out string? w) && w == hash;
                Assert.True(isOld || isNew, $"cut {n}: '{path}' is neither the old nor the new file");
            }

            // 3. power back on, on the same state directory: --resume converges
            await using (var emu = await EmulatorProcess.StartAsync("--state", state))
            {
                var (code, o, e) = await Run([.. emu.PortArgs, "restore", "--resume", "--yes", "--journal-dir", journals]);
                Assert.True(code == 0, $"cut {n}: resume failed: {o}{e}");
                Assert.Contains("Restore complete", o, StringComparison.Ordinal);
                await emu.StopAsync();
            }

            Assert.Equal(newFiles, EfsHostTree.Hashes(state, "rt")); // also: no temporary file left behind
        }
    }
}
