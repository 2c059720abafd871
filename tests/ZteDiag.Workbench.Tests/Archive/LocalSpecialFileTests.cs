using System.Diagnostics;
using System.Net.Sockets;
using ZteDiag.Workbench.Archive;
using ZteDiag.Workbench.Local;

namespace ZteDiag.Workbench.Tests.Archive;

/// <summary>Issue 19.1 and 19.3: FIFOs, devices and sockets are never read nor replaced; each check answers at once.</summary>
public sealed class LocalSpecialFileTests : IDisposable
{
    private readonly TempDir _dir = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => _dir.Dispose();

    internal static string MakeFifo(string path)
    {
        using var p = Process.Start(new ProcessStartInfo("mkfifo", [path]) { RedirectStandardError = true })!;
        p.WaitForExit();
        Assert.Equal(0, p.ExitCode);
        return path;
    }

    [Fact]
    public void Kinds_are_told_apart_without_opening_anything()
    {
        string fifo = MakeFifo(_dir.Combine("fifo"));
        string file = _dir.Combine("file");
        File.WriteAllText(file, "x");
        File.CreateSymbolicLink(_dir.Combine("link"), file);
        Assert.Equal(LocalFileKind.Fifo, LocalFile.KindOf(fifo, followLinks: true));
        Assert.Equal(LocalFileKind.CharacterDevice, LocalFile.KindOf("/dev/null", followLinks: true));
        Assert.Equal(LocalFileKind.Regular, LocalFile.KindOf(file, followLinks: false));
        Assert.Equal(LocalFileKind.Symlink, LocalFile.KindOf(_dir.Combine("link"), followLinks: false));
        Assert.Equal(LocalFileKind.Regular, LocalFile.KindOf(_dir.Combine("link"), followLinks: true));
        Assert.Equal(LocalFileKind.Directory, LocalFile.KindOf(_dir.Path, followLinks: true));
        Assert.Equal(LocalFileKind.Missing, LocalFile.KindOf(_dir.Combine("nothing"), followLinks: false));
    }

    [Fact]
    public void An_output_that_is_a_FIFO_or_a_device_is_refused_even_when_replacing_is_allowed()
    {
        string fifo = MakeFifo(_dir.Combine("out"));
        var ex = Assert.Throws<LocalPathException>(() => LocalPaths.CheckOutput(fifo, replaceExisting: true, "--overwrite"));
        Assert.Contains("a FIFO (named pipe), not a regular file", ex.Message, StringComparison.Ordinal);
        Assert.Contains("'-'", ex.Message, StringComparison.Ordinal);
        Assert.Throws<LocalPathException>(() => LocalPaths.CheckOutput("/dev/null", replaceExisting: true, "--overwrite"));
        Assert.Equal(LocalFileKind.Fifo, LocalFile.KindOf(fifo, followLinks: false));
    }

    [Fact]
    public void An_existing_regular_output_needs_the_flag_and_a_missing_directory_is_named()
    {
        string file = _dir.Combine("out.tar.gz");
        File.WriteAllText(file, "old");
        Assert.Contains("add --overwrite", Assert.Throws<LocalPathException>(() => LocalPaths.CheckOutput(file, false, "--overwrite")).Message, StringComparison.Ordinal);
        Assert.Equal(Path.GetFullPath(file), LocalPaths.CheckOutput(file, true, "--overwrite"));
        var missing = Assert.Throws<LocalPathException>(() => LocalPaths.CheckOutput(_dir.Combine("no", "x.tar.gz"), false, "--overwrite"));
        Assert.Equal($"no such local directory: {_dir.Combine("no")}", missing.Message);
    }

    [Fact]
    public void An_input_that_is_a_FIFO_or_dev_zero_is_refused_before_it_is_opened()
    {
        string fifo = MakeFifo(_dir.Combine("in"));
        Assert.Contains("a FIFO", Assert.Throws<LocalPathException>(() => LocalPaths.CheckInput(fifo, 1 << 20)).Message, StringComparison.Ordinal);
        Assert.Contains("a character device", Assert.Throws<LocalPathException>(() => LocalPaths.CheckInput("/dev/zero", 1 << 20)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bounded_read_of_an_endless_stream_stops_at_the_bound()
    {
        await using var zero = new FileStream("/dev/zero", FileMode.Open, FileAccess.Read);
        var ex = await Assert.ThrowsAsync<LocalPathException>(() => LocalPaths.ReadBoundedAsync(zero, 1 << 20, "/dev/zero", Ct));
        Assert.Contains("more than the 1048576 bytes", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_restore_folder_holding_a_FIFO_or_a_socket_is_rejected_at_once_and_nothing_is_read_from_them()
    {
        string root = _dir.Combine("folder");
        Directory.CreateDirectory(root);
        File.WriteAllText(Path.Combine(root, "PCUI.VN"), "ok");
        MakeFifo(Path.Combine(root, "pipe"));
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        socket.Bind(new UnixDomainSocketEndPoint(Path.Combine(root, "sock")));

        var ex = await Assert.ThrowsAsync<ArchiveValidationException>(() => BackupSource.OpenAsync(root, ct: Ct));
        Assert.Contains(ex.Problems, p => p is { Kind: ArchiveProblemKind.UnsupportedEntryType, Entry: "/pipe" });
        Assert.Contains(ex.Problems, p => p is { Kind: ArchiveProblemKind.UnsupportedEntryType, Entry: "/sock" });
        var v = await ArchiveVerifier.VerifyAsync(root, Ct);
        Assert.False(v.IsValid);
    }

    [Fact]
    public async Task A_backup_path_that_is_a_FIFO_is_refused_by_verify_and_restore_without_blocking()
    {
        string fifo = MakeFifo(_dir.Combine("backup.tar.gz"));
        await Assert.ThrowsAsync<LocalPathException>(() => BackupSource.OpenAsync(fifo, ct: Ct));
        await Assert.ThrowsAsync<LocalPathException>(() => ArchiveVerifier.VerifyAsync(fifo, Ct));
    }
}
