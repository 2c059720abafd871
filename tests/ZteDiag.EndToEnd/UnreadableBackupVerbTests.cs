using System.Diagnostics;
using System.Text.Json;

namespace ZteDiag.EndToEnd;

/// <summary>`ztediag backup` / `verify` / `restore` against `ztediag emulate --faults unreadable=…`: a modem that refuses to read some entries.</summary>
[Trait("Issue", "5")]
public sealed class UnreadableBackupVerbTests : IDisposable
{
    private const string Conf = "/nv/item_files/conf/cfg_000.conf";
    private const string Item = "/nv/item_files/modem/mmode/band_pref";

    private readonly string _dir = Path.Combine(Path.GetTempPath(), "ztediag-unreadable-e2e-" + Guid.NewGuid().ToString("N"));

    public UnreadableBackupVerbTests() => Directory.CreateDirectory(_dir);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose()
    {
        try { Directory.Delete(_dir, recursive: true); }
        catch (IOException) { }
    }

    private static Task<(int Code, string Out, string Err)> Run(params string[] args) =>
        ZteDiagProcess.RunAsync(args, timeout: TimeSpan.FromMinutes(3));

    private static string Host(EmulatorProcess emu, string efsPath) => Path.Combine(emu.StateDirectory, "efs", efsPath.TrimStart('/'));

    private static async Task<string> TarExtractToStdout(string archive, string member)
    {
        var psi = new ProcessStartInfo("tar", ["xzOf", archive, member]) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var p = Process.Start(psi)!;
        string text = await p.StandardOutput.ReadToEndAsync(Ct);
        await p.WaitForExitAsync(Ct);
        Assert.Equal(0, p.ExitCode);
        return text;
    }

    [Fact]
    public async Task Refused_entries_are_recorded_with_their_errno_reported_exit_1_still_verify_and_restore_leaves_them_alone()
    {
        await using var emu = await EmulatorProcess.StartAsync("--profile", "mf627-mts", "--faults", $"unreadable={Conf},unreadable={Item}:EPERM");
        byte[] confBefore = await File.ReadAllBytesAsync(Host(emu, Conf), Ct);
        byte[] itemBefore = await File.ReadAllBytesAsync(Host(emu, Item), Ct);
        string archive = Path.Combine(_dir, "nv.tar.gz");

        var (code, stdout, stderr) = await Run(["backup", "-o", archive, "--path", "/nv", "--json", .. emu.PortArgs]);
        Assert.True(code == 1, $"exit {code}: {stdout}{stderr}");
        using (var doc = JsonDocument.Parse(stdout))
        {
            Assert.True(doc.RootElement.GetProperty("verified").GetBoolean());
            var unreadable = doc.RootElement.GetProperty("unreadable").EnumerateArray()
                .Select(u => (u.GetProperty("path").GetString(), u.GetProperty("reason").GetString())).Order().ToList();
            Assert.Equal([(Conf, "EACCES"), (Item, "EPERM")], unreadable);
        }

        Assert.Contains("refused to read 2 entries", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", stderr, StringComparison.Ordinal);

        var (hcode, hout, herr) = await Run(["backup", "-o", Path.Combine(_dir, "human.tar.gz"), "--path", "/nv", .. emu.PortArgs]);
        Assert.Equal(1, hcode);
        Assert.Contains($"UNREADABLE {Conf} (EACCES)", hout, StringComparison.Ordinal);
        Assert.Contains($"UNREADABLE {Item} (EPERM)", hout, StringComparison.Ordinal);
        Assert.Contains("verified: archive matches its manifest", hout, StringComparison.Ordinal);
        Assert.Contains($"{Conf} (EACCES)", herr, StringComparison.Ordinal);

        using (var manifest = JsonDocument.Parse(await TarExtractToStdout(archive, "manifest.json")))
        {
            var entries = manifest.RootElement.GetProperty("entries").EnumerateArray().ToDictionary(e => e.GetProperty("path").GetString()!);
            Assert.True(entries[Conf].GetProperty("unreadable").GetBoolean());
            Assert.Equal("EACCES", entries[Conf].GetProperty("unreadable_reason").GetString());
            Assert.Equal("file", entries[Conf].GetProperty("kind").GetString());
            Assert.False(entries[Conf].TryGetProperty("sha256", out _));
            Assert.Equal("EPERM", entries[Item].GetProperty("unreadable_reason").GetString());
            Assert.Equal("item_file", entries[Item].GetProperty("kind").GetString());
        }

        var (vcode, vout, verr) = await Run("verify", archive);
        Assert.True(vcode == 0, vout + verr);
        Assert.Contains("2 unreadable", vout, StringComparison.Ordinal);

        // a change the restore has to undo, next to the refused entries it must not touch
        string other = Host(emu, "/nv/item_files/conf/cfg_001.conf");
        byte[] otherBefore = await File.ReadAllBytesAsync(other, Ct);
        await File.WriteAllTextAsync(other, "CHANGED", Ct);

        var (rcode, rout, rerr) = await Run([.. emu.PortArgs, "restore", archive, "--yes", "--delete-extra", "--journal-dir", Path.Combine(_dir, "journals")]);
        Assert.True(rcode == 0, rout + rerr);
        Assert.Matches($@"skip\s+file\s+{Conf}\s+\(unreadable at backup time \(EACCES\)\)", rout);
        Assert.Matches($@"skip\s+item file\s+{Item}\s+\(unreadable at backup time \(EPERM\)\)", rout);
        Assert.Equal(otherBefore, await File.ReadAllBytesAsync(other, Ct));
        Assert.Equal(confBefore, await File.ReadAllBytesAsync(Host(emu, Conf), Ct));
        Assert.Equal(itemBefore, await File.ReadAllBytesAsync(Host(emu, Item), Ct));
    }
}
