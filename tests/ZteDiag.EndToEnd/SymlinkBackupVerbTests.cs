using System.Diagnostics;

namespace ZteDiag.EndToEnd;

/// <summary>`ztediag backup` writes the modem's symlinks as tar link entries that system tar lists and extracts.</summary>
[Trait("Issue", "5")]
public sealed class SymlinkBackupVerbTests : IDisposable
{
    private const string Link = "/brew/shared/current"; // the generated EFS's symlink (EfsGenerator.SymlinkPath)

    private readonly string _dir = Path.Combine(Path.GetTempPath(), "ztediag-symlink-e2e-" + Guid.NewGuid().ToString("N"));

    public SymlinkBackupVerbTests() => Directory.CreateDirectory(_dir);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose()
    {
        try { Directory.Delete(_dir, recursive: true); }
        catch (IOException) { }
    }

    private static async Task<(int Code, string Out, string Err)> Tar(params string[] args)
    {
        var psi = new ProcessStartInfo("tar", args) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var p = Process.Start(psi)!;
        Task<string> err = p.StandardError.ReadToEndAsync(Ct);
        string stdout = await p.StandardOutput.ReadToEndAsync(Ct);
        await p.WaitForExitAsync(Ct);
        return (p.ExitCode, stdout, await err);
    }

    [Fact]
    public async Task Tar_tzvf_shows_the_link_with_its_target_and_tar_xzf_recreates_it_pointing_inside_the_tree()
    {
        if (!File.Exists("/usr/bin/tar") && !File.Exists("/bin/tar")) Assert.Skip("tar is not installed");
        await using var emu = await EmulatorProcess.StartAsync("--profile", "mf627-mts");
        string archive = Path.Combine(_dir, "brew.tar.gz");
        var (code, stdout, stderr) = await ZteDiagProcess.RunAsync(["backup", "-o", archive, "--path", "/brew", .. emu.PortArgs], timeout: TimeSpan.FromMinutes(3));
        Assert.True(code == 0, stdout + stderr);
        Assert.Contains("1 symlinks", stdout, StringComparison.Ordinal);

        var (lcode, listing, lerr) = await Tar("tzvf", archive);
        Assert.True(lcode == 0, lerr);
        var line = Assert.Single(listing.Split('\n'), l => l.Contains(" efs" + Link + " -> ", StringComparison.Ordinal));
        Assert.StartsWith("l", line, StringComparison.Ordinal);
        string target = line[(line.IndexOf(" -> ", StringComparison.Ordinal) + 4)..];
        Assert.StartsWith("../mod", target, StringComparison.Ordinal); // /brew/mod/… made relative to /brew/shared

        string into = Path.Combine(_dir, "x");
        Directory.CreateDirectory(into);
        var (xcode, _, xerr) = await Tar("xzf", archive, "-C", into);
        Assert.True(xcode == 0, xerr);
        string extracted = Path.Combine(into, "efs", "brew", "shared", "current");
        Assert.Equal(target, new FileInfo(extracted).LinkTarget);
        string resolved = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(extracted)!, target));
        Assert.StartsWith(Path.Combine(into, "efs", "brew", "mod"), resolved, StringComparison.Ordinal);
        Assert.True(Path.Exists(resolved), $"{resolved} was not extracted");

        var (vcode, vout, verr) = await ZteDiagProcess.RunAsync(["verify", archive]);
        Assert.True(vcode == 0, vout + verr);
    }
}
