using System.Diagnostics;
using System.Text;
using ZteDiag.Workbench.Archive;
using ZteDiag.Workbench.Local;

namespace ZteDiag.EndToEnd;

/// <summary>
/// Issues 18 and 19 against the real `ztediag` process and `ztediag emulate`: every hostile input is
/// made here at run time; each case checks the exit code, one clear line on stderr (no .NET parameter
/// name, no stack trace), and that neither the modem's EFS (its state folder) nor the local disk changed.
/// </summary>
[Trait("Issue", "18")]
[Trait("Issue", "19")]
public sealed class HostileInputVerbTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "ztediag-hostile-e2e-" + Guid.NewGuid().ToString("N"));

    public HostileInputVerbTests() => Directory.CreateDirectory(_dir);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static DeviceIdentity EmulatedMf627 => new DeviceIdentity { Model = "MF627" }.WithFingerprint(DeviceFingerprint.Create("354613020012342"));

    private string Journals => Path.Combine(_dir, "journals");

    public void Dispose()
    {
        try { Directory.Delete(_dir, recursive: true); }
        catch (IOException) { }
    }

    private string Fifo(string name)
    {
        string path = Path.Combine(_dir, name);
        using var p = Process.Start(new ProcessStartInfo("mkfifo", [path]))!;
        p.WaitForExit();
        Assert.Equal(0, p.ExitCode);
        return path;
    }

    private static void AssertOneClearLine(string stderr)
    {
        string line = Assert.Single(stderr.Trim().Split('\n'));
        Assert.StartsWith("ztediag: ", line, StringComparison.Ordinal);
        Assert.DoesNotContain("(Parameter", line, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", line, StringComparison.Ordinal);
    }

    private async Task<string> ArchiveAsync(string name, params (string Path, byte[] Data)[] files)
    {
        string path = Path.Combine(_dir, name);
        await using var w = BackupArchiveWriter.Create(path, new BackupHeader("test", DateTimeOffset.UnixEpoch, EmulatedMf627));
        foreach (var (p, data) in files)
        {
            using var ms = new MemoryStream(data);
            await w.AddFileAsync(new EfsEntryInfo(p, 0x81A4, data.Length), ms, Ct);
        }

        await w.CompleteAsync(Ct);
        return path;
    }

    [Fact]
    public async Task Efs_get_onto_a_FIFO_is_exit_2_and_the_FIFO_is_still_a_FIFO()
    {
        await using var emu = await EmulatorProcess.StartAsync();
        string fifo = Fifo("node");
        var (code, _, stderr) = await ZteDiagProcess.RunAsync([.. emu.PortArgs, "efs", "get", "/PCUI.VN", fifo]);
        Assert.Equal(2, code);
        AssertOneClearLine(stderr);
        Assert.Contains("a FIFO (named pipe), not a regular file", stderr, StringComparison.Ordinal);
        Assert.Equal(LocalFileKind.Fifo, LocalFile.KindOf(fifo, followLinks: false));
        Assert.Equal(["node"], Directory.GetFileSystemEntries(_dir).Select(Path.GetFileName));
    }

    [Fact]
    public async Task Backup_onto_a_FIFO_with_overwrite_and_into_a_missing_folder_are_exit_2_before_any_modem_is_opened()
    {
        string fifo = Fifo("node");
        var (code, _, stderr) = await ZteDiagProcess.RunAsync(["--port", "/dev/ttyUSB-none", "backup", "-o", fifo, "--overwrite"]);
        Assert.Equal(2, code);
        AssertOneClearLine(stderr);
        Assert.Contains("replaces only regular files", stderr, StringComparison.Ordinal);
        Assert.Equal(LocalFileKind.Fifo, LocalFile.KindOf(fifo, followLinks: false));

        (code, _, stderr) = await ZteDiagProcess.RunAsync(["--port", "/dev/ttyUSB-none", "backup", "-o", Path.Combine(_dir, "missing", "b.tar.gz")]);
        Assert.Equal(2, code);
        AssertOneClearLine(stderr);
        Assert.Contains("no such local directory", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain(".partial", stderr, StringComparison.Ordinal);
        Assert.Equal(["node"], Directory.GetFileSystemEntries(_dir).Select(Path.GetFileName));
    }

    [Fact]
    public async Task Efs_put_of_dev_zero_or_a_FIFO_is_refused_at_once_and_the_EFS_is_unchanged()
    {
        await using var emu = await EmulatorProcess.StartAsync();
        var before = EfsHostTree.Hashes(emu.StateDirectory);
        foreach (string local in new[] { "/dev/zero", Fifo("pipe") })
        {
            var (code, _, stderr) = await ZteDiagProcess.RunAsync([.. emu.PortArgs, "efs", "put", local, "/x"], timeout: TimeSpan.FromSeconds(60));
            Assert.Equal(2, code);
            AssertOneClearLine(stderr);
            Assert.Contains("not a regular file", stderr, StringComparison.Ordinal);
        }

        Assert.Equal(before, EfsHostTree.Hashes(emu.StateDirectory));
    }

    [Fact]
    public async Task Restore_of_a_folder_holding_a_FIFO_is_exit_2_without_hanging_even_as_a_dry_run()
    {
        string folder = Path.Combine(_dir, "folder");
        Directory.CreateDirectory(folder);
        await File.WriteAllTextAsync(Path.Combine(folder, "PCUI.VN"), "x", Ct);
        using (var p = Process.Start(new ProcessStartInfo("mkfifo", [Path.Combine(folder, "pipe")]))!) p.WaitForExit();
        var (code, _, stderr) = await ZteDiagProcess.RunAsync(["--port", "/dev/ttyUSB-none", "restore", folder, "--dry-run"], timeout: TimeSpan.FromSeconds(60));
        Assert.Equal(2, code);
        Assert.Contains("/pipe: a FIFO (named pipe), not a regular file", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("2147483647")]
    [InlineData("4294967295")]
    public async Task Backup_of_a_modem_that_lies_about_a_size_is_a_link_error_in_plain_words_and_leaves_no_archive(string size)
    {
        await using var emu = await EmulatorProcess.StartAsync("--faults", $"size-lie=/PCUI.VN:{size}");
        string output = Path.Combine(_dir, "b.tar.gz");
        var (code, _, stderr) = await ZteDiagProcess.RunAsync([.. emu.PortArgs, "backup", "-o", output], timeout: TimeSpan.FromMinutes(3));
        Assert.Equal(4, code);
        AssertOneClearLine(stderr);
        Assert.Contains($"the modem reports '/PCUI.VN' as {size} bytes", stderr, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFileSystemEntries(_dir));
    }

    [Fact]
    public async Task A_backup_with_its_gzip_trailer_cut_off_fails_verify_with_1_and_restore_with_2()
    {
        string good = await ArchiveAsync("good.tar.gz", ("/rt/a", [1, 2, 3]));
        byte[] bytes = await File.ReadAllBytesAsync(good, Ct);
        string cut = Path.Combine(_dir, "cut.tar.gz");
        await File.WriteAllBytesAsync(cut, bytes[..^8], Ct);

        var (vcode, vout, verr) = await ZteDiagProcess.RunAsync(["verify", cut]);
        Assert.True(vcode == 1, vout + verr);
        Assert.Contains("gzip trailer", vout + verr, StringComparison.Ordinal);

        var (rcode, _, rerr) = await ZteDiagProcess.RunAsync(["--port", "/dev/ttyUSB-none", "restore", cut, "--dry-run"]);
        Assert.Equal(2, rcode);
        Assert.Contains("gzip trailer", rerr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Restore_never_writes_through_a_symlink_the_modem_has_above_a_backup_path()
    {
        await using var emu = await EmulatorProcess.StartAsync();
        string archive = await ArchiveAsync("through-link.tar.gz", ("/brew/shared/current/evil", Encoding.ASCII.GetBytes("evil\n")));
        var before = EfsHostTree.Hashes(emu.StateDirectory);
        var (code, stdout, stderr) = await ZteDiagProcess.RunAsync([.. emu.PortArgs, "restore", archive, "--yes", "--journal-dir", Journals]);
        Assert.True(code == 0, stdout + stderr);
        Assert.Contains("'/brew/shared/current' is a symlink on the device", stdout, StringComparison.Ordinal);
        Assert.Equal(before, EfsHostTree.Hashes(emu.StateDirectory));
        Assert.False(Directory.Exists(Journals) && Directory.EnumerateFileSystemEntries(Journals).Any());
    }

    [Fact]
    public async Task Restore_of_a_name_whose_temporary_name_is_too_long_is_refused_before_the_first_write_without_a_resume_hint()
    {
        await using var emu = await EmulatorProcess.StartAsync();
        string archive = await ArchiveAsync("long.tar.gz", ("/hostile/" + new string('n', 250), [1]));
        var before = EfsHostTree.Hashes(emu.StateDirectory);
        var (code, stdout, stderr) = await ZteDiagProcess.RunAsync([.. emu.PortArgs, "restore", archive, "--yes", "--journal-dir", Journals]);
        Assert.True(code == 5, stdout + stderr); // ZteDiag refused the plan (exit 5), the modem said nothing
        AssertOneClearLine(stderr);
        Assert.Contains("refusing to restore", stderr, StringComparison.Ordinal);
        Assert.Contains("temporary name", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("--resume", stderr, StringComparison.Ordinal);
        Assert.Equal(before, EfsHostTree.Hashes(emu.StateDirectory));
        Assert.False(Directory.Exists(Path.Combine(emu.StateDirectory, "efs", "hostile")));
        Assert.False(Directory.Exists(Journals) && Directory.EnumerateFileSystemEntries(Journals).Any());
    }

    [Fact]
    public async Task Efs_mkdir_refuses_a_name_backup_could_not_hold_and_a_path_over_max_path_before_creating_anything()
    {
        await using var emu = await EmulatorProcess.StartAsync();
        var (code, _, stderr) = await ZteDiagProcess.RunAsync([.. emu.PortArgs, "efs", "mkdir", "/a\nb"]);
        Assert.Equal(2, code);
        Assert.Contains("control character", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", stderr, StringComparison.Ordinal);

        string deep = string.Concat(Enumerable.Repeat("/deep", 210)); // 1050 bytes
        (code, _, stderr) = await ZteDiagProcess.RunAsync([.. emu.PortArgs, "efs", "mkdir", "-p", deep]);
        Assert.Equal(2, code);
        AssertOneClearLine(stderr);
        Assert.Matches("max_path|longer than 1024", stderr); // the modem's QUERY limit, or the name rule's own 1024
        Assert.False(Directory.Exists(Path.Combine(emu.StateDirectory, "efs", "deep")));
        Assert.False(Directory.Exists(Path.Combine(emu.StateDirectory, "efs", "a\nb")));

        // 19.8: a relative --path is refused like every efs verb does, not read as /nv
        (code, _, stderr) = await ZteDiagProcess.RunAsync([.. emu.PortArgs, "backup", "--path", "nv"]);
        Assert.Equal(2, code);
        Assert.Contains("should start with '/'", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Decode_of_thousands_of_large_runs_is_one_error_line_not_a_crash()
    {
        var sb = new StringBuilder("> ");
        for (int i = 0; i < 3000; i++) sb.Append("[ff x 1048576] ");
        string file = Path.Combine(_dir, "runs.txt");
        await File.WriteAllTextAsync(file, sb.ToString(), Ct);
        var (code, _, stderr) = await ZteDiagProcess.RunAsync(["decode", file]);
        Assert.Equal(2, code);
        Assert.Contains("expands to more than", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("Overflow", stderr, StringComparison.Ordinal);
        Assert.Equal(2, stderr.Trim().Split('\n').Length); // the line's error, then "nothing decodable"
    }

    [Theory]
    [InlineData("--port")]
    [InlineData("--at-port")]
    [InlineData("--tcp")]
    [InlineData("--device")]
    public async Task An_empty_port_or_device_option_is_a_usage_error_naming_the_option_not_a_discovered_modem(string option)
    {
        var (code, stdout, stderr) = await ZteDiagProcess.RunAsync([option, "", "info"]);
        Assert.True(code == 2, stdout + stderr);
        string[] lines = stderr.Trim().Split('\n');
        Assert.StartsWith($"ztediag: {option} is empty; give ", lines[0], StringComparison.Ordinal);
        Assert.EndsWith(", or leave the option out", lines[0], StringComparison.Ordinal);
        Assert.Equal(["Try 'ztediag --help'."], lines[1..]);
        Assert.DoesNotContain("(Parameter", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("no modem", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_listed_name_holding_a_slash_is_named_by_backup_recorded_in_the_manifest_and_warned_by_ls_and_tree()
    {
        const string Hostile = "a/../../etc/passwd";
        await using var emu = await EmulatorProcess.StartAsync("--faults", $"extra-name=/nv:{Hostile}");
        var before = EfsHostTree.Hashes(emu.StateDirectory);
        string output = Path.Combine(_dir, "nv.tar.gz");
        var (code, stdout, stderr) = await ZteDiagProcess.RunAsync([.. emu.PortArgs, "backup", "--path", "/nv", "-o", output], timeout: TimeSpan.FromMinutes(3));
        Assert.True(code == 1, stdout + stderr); // the archive is good, but not the whole tree
        AssertOneClearLine(stderr);
        Assert.Contains($"the backup left out 1 name the modem listed (recorded in the manifest): '{Hostile}' in /nv (holds '/': not one path component", stderr, StringComparison.Ordinal);
        Assert.Contains($"REFUSED NAME '{Hostile}' in /nv", stdout, StringComparison.Ordinal);
        Assert.Contains("verified: archive matches its manifest", stdout, StringComparison.Ordinal);

        ArchiveVerificationResult verified = await ArchiveVerifier.VerifyAsync(output, Ct);
        Assert.True(verified.IsValid);
        RefusedName refused = Assert.Single(verified.Manifest!.RefusedNames!);
        Assert.Equal(("/nv", Hostile), (refused.Directory, refused.Name));
        Assert.DoesNotContain(verified.Manifest.Entries, e => e.Path.Contains("..", StringComparison.Ordinal));

        foreach (string[] verb in new[] { new[] { "efs", "ls", "/nv" }, ["efs", "tree", "/nv"] })
        {
            (code, stdout, stderr) = await ZteDiagProcess.RunAsync([.. emu.PortArgs, .. verb]);
            Assert.True(code == 0, stdout + stderr);
            AssertOneClearLine(stderr);
            Assert.Equal($"ztediag: warning: the modem listed '{Hostile}' in /nv, which is not one path component; it is left out", stderr.Trim());
            Assert.DoesNotContain("passwd", stdout, StringComparison.Ordinal);
        }

        Assert.Equal(before, EfsHostTree.Hashes(emu.StateDirectory));
        Assert.Equal(["nv.tar.gz"], Directory.GetFileSystemEntries(_dir).Select(Path.GetFileName));
    }

    [Theory]
    [InlineData("..")]
    [InlineData(".")]
    public async Task A_listed_dot_entry_stops_ls_tree_and_backup_with_exit_1_and_leaves_no_archive(string name)
    {
        await using var emu = await EmulatorProcess.StartAsync("--faults", $"extra-name=/nv:{name}");
        var before = EfsHostTree.Hashes(emu.StateDirectory);
        foreach (string[] verb in new[] { new[] { "efs", "ls", "-l", "/nv" }, ["efs", "tree", "/nv"], ["backup", "--path", "/nv", "-o", Path.Combine(_dir, "nv.tar.gz")] })
        {
            var (code, stdout, stderr) = await ZteDiagProcess.RunAsync([.. emu.PortArgs, .. verb], timeout: TimeSpan.FromMinutes(3));
            Assert.True(code == 1, string.Join(' ', verb) + ": " + stdout + stderr);
            AssertOneClearLine(stderr);
            Assert.Contains($"EFS readdir /nv: the modem listed an entry named '{name}'", stderr, StringComparison.Ordinal);
        }

        Assert.Equal(before, EfsHostTree.Hashes(emu.StateDirectory));
        Assert.Empty(Directory.GetFileSystemEntries(_dir));
    }

    [Fact]
    public async Task A_READ_with_more_data_than_asked_is_a_link_error_in_plain_words_and_leaves_no_file()
    {
        await using var emu = await EmulatorProcess.StartAsync("--faults", "read-overrun=/PCUI.VN:512");
        var before = EfsHostTree.Hashes(emu.StateDirectory);
        foreach (string[] verb in new[] { new[] { "efs", "get", "/PCUI.VN", Path.Combine(_dir, "PCUI.VN") }, ["backup", "--path", "/PCUI.VN", "-o", Path.Combine(_dir, "b.tar.gz")] })
        {
            var (code, stdout, stderr) = await ZteDiagProcess.RunAsync([.. emu.PortArgs, .. verb], timeout: TimeSpan.FromMinutes(3));
            Assert.True(code == 4, string.Join(' ', verb) + ": " + stdout + stderr);
            AssertOneClearLine(stderr);
            Assert.Contains("EFS read /PCUI.VN: the modem returned 1536 bytes at offset 0, more data than asked (at most 1024)", stderr, StringComparison.Ordinal);
        }

        Assert.Equal(before, EfsHostTree.Hashes(emu.StateDirectory));
        Assert.Empty(Directory.GetFileSystemEntries(_dir));
    }

    [Fact]
    public async Task Restore_of_a_folder_holding_a_Unix_socket_is_exit_2_naming_it_before_any_modem_is_opened()
    {
        string folder = Path.Combine(_dir, "folder");
        Directory.CreateDirectory(folder);
        await File.WriteAllTextAsync(Path.Combine(folder, "PCUI.VN"), "x", Ct);
        using var socket = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.Unix, System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Unspecified);
        socket.Bind(new System.Net.Sockets.UnixDomainSocketEndPoint(Path.Combine(folder, "sock")));
        var (code, stdout, stderr) = await ZteDiagProcess.RunAsync(["--port", "/dev/ttyUSB-none", "restore", folder, "--yes"], timeout: TimeSpan.FromSeconds(60));
        Assert.True(code == 2, stdout + stderr); // not exit 4 "No such device or address"
        Assert.Contains("/sock: a socket, not a regular file, folder or symlink (nothing is read from it)", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("No such device", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", stderr, StringComparison.Ordinal);
        Assert.Equal(["PCUI.VN", "sock"], Directory.GetFileSystemEntries(folder).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_listed_name_with_a_control_character_is_left_out_of_the_backup_and_named_not_a_crash()
    {
        await using var emu = await EmulatorProcess.StartAsync("--faults", "extra-name=/nv:a\nb");
        string output = Path.Combine(_dir, "nv.tar.gz");
        var (code, stdout, stderr) = await ZteDiagProcess.RunAsync([.. emu.PortArgs, "backup", "--path", "/nv", "-o", output], timeout: TimeSpan.FromMinutes(3));
        Assert.True(code == 1, stdout + stderr); // was exit 70, "internal error (ArgumentException … control character in path)"
        AssertOneClearLine(stderr);
        Assert.Contains("'a\\x0ab' in /nv (control character in path; not backed up)", stderr, StringComparison.Ordinal);
        RefusedName refused = Assert.Single((await ArchiveVerifier.VerifyAsync(output, Ct)).Manifest!.RefusedNames!);
        Assert.Equal("a\nb", refused.Name);

        (code, stdout, stderr) = await ZteDiagProcess.RunAsync([.. emu.PortArgs, "efs", "ls", "/nv"]);
        Assert.True(code == 0, stdout + stderr);
        Assert.Contains("a\\x0ab\n", stdout, StringComparison.Ordinal); // shown on its own line, not split in two
    }
}
