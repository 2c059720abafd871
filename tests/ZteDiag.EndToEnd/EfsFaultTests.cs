using System.Security.Cryptography;

namespace ZteDiag.EndToEnd;

/// <summary>`ztediag efs` against a misbehaving virtual modem: wrong port, unplug, corruption, a full EFS.</summary>
public class EfsFaultTests
{
    private static string TempDir()
    {
        string dir = Path.Combine(Path.GetTempPath(), "ztediag-efs-e2e-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        return dir;
    }

    [Fact]
    public async Task AtPortGivenAsPort_IsExit3_SayingItIsNotTheDiagPort()
    {
        await using var emu = await EmulatorProcess.StartAsync();
        var (code, stdout, stderr) = await ZteDiagProcess.RunAsync(["--port", emu.AtPath!, "--timeout", "1000", "efs", "ls", "/"]);
        Assert.Equal(3, code);
        Assert.Empty(stdout);
        Assert.Contains("not the DIAG port", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AtPortGivenAsPort_IsNamedAsEchoingOurRequests_LongBeforeTheTimeout()
    {
        await using var emu = await EmulatorProcess.StartAsync();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var (code, stdout, stderr) = await ZteDiagProcess.RunAsync(["--port", emu.AtPath!, "--timeout", "30000", "efs", "ls", "/"]);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(25), $"took {clock.Elapsed}");
        Assert.Equal(3, code);
        Assert.Empty(stdout);
        Assert.Contains($"{emu.AtPath} sends our DIAG requests straight back", stderr, StringComparison.Ordinal);
        Assert.Contains("`ztediag ports`", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MissingPort_IsExit3()
    {
        var (code, _, stderr) = await ZteDiagProcess.RunAsync(["--port", "/dev/ttyUSB-nonexistent", "efs", "ls", "/"]);
        Assert.Equal(3, code);
        Assert.Contains("/dev/ttyUSB-nonexistent", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_UnpluggedMidRead_ExitsWithALinkOrPortError_AndLeavesNoLocalFile()
    {
        await using var emu = await EmulatorProcess.StartAsync("--faults", "disconnect-after-requests=40");
        string dir = TempDir();
        try
        {
            var (code, _, stderr) = await ZteDiagProcess.RunAsync(
                [.. emu.PortArgs, "--timeout", "1000", "efs", "get", "/ZTEMODEM.iso", Path.Combine(dir, "iso")]);
            Assert.True(code is 3 or 4, $"exit {code}: {stderr}");
            Assert.Single(stderr.Trim().Split('\n'));
            Assert.StartsWith("ztediag: ", stderr, StringComparison.Ordinal);
            Assert.DoesNotContain("   at ", stderr, StringComparison.Ordinal);
            Assert.Empty(Directory.GetFileSystemEntries(dir));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task Get_WithCorruptedFrames_SucceedsByRetrying_OrFailsCleanly()
    {
        await using var emu = await EmulatorProcess.StartAsync("--faults", "corrupt=0.2,seed=3");
        string remoteFile = Directory.EnumerateFiles(Path.Combine(emu.StateDirectory, "efs", "brew"), "*", SearchOption.AllDirectories)
            .Where(f => !new FileInfo(f).Attributes.HasFlag(FileAttributes.ReparsePoint))
            .OrderByDescending(f => new FileInfo(f).Length).First();
        string remote = "/" + Path.GetRelativePath(Path.Combine(emu.StateDirectory, "efs"), remoteFile).Replace('\\', '/');
        string dir = TempDir();
        try
        {
            string local = Path.Combine(dir, "out");
            var (code, _, stderr) = await ZteDiagProcess.RunAsync([.. emu.PortArgs, "--timeout", "300", "efs", "get", remote, local]);
            if (code == 0)
            {
                Assert.Equal(await File.ReadAllBytesAsync(remoteFile, TestContext.Current.CancellationToken),
                    await File.ReadAllBytesAsync(local, TestContext.Current.CancellationToken));
            }
            else
            {
                Assert.True(code == 4, $"exit {code}: {stderr}");
                Assert.Empty(Directory.GetFileSystemEntries(dir));
            }
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task Put_OnAFullEfs_IsExit1Enospc_AndTheOriginalIsUntouched()
    {
        await using var emu = await EmulatorProcess.StartAsync("--faults", "enospc-after=1000");
        string efsRoot = Path.Combine(emu.StateDirectory, "efs");
        string original = Path.Combine(efsRoot, "PCUI.VN");
        byte[] before = await File.ReadAllBytesAsync(original, TestContext.Current.CancellationToken);
        string dir = TempDir();
        try
        {
            string local = Path.Combine(dir, "big");
            await File.WriteAllBytesAsync(local, RandomNumberGenerator.GetBytes(10 * 1024), TestContext.Current.CancellationToken);
            var (code, _, stderr) = await ZteDiagProcess.RunAsync([.. emu.PortArgs, "efs", "put", local, "/PCUI.VN"]);
            Assert.Equal(1, code);
            Assert.Contains("ENOSPC", stderr, StringComparison.Ordinal);
            Assert.Equal(before, await File.ReadAllBytesAsync(original, TestContext.Current.CancellationToken));
            Assert.DoesNotContain(Directory.GetFiles(efsRoot), f => f.EndsWith(".tmp", StringComparison.Ordinal));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
