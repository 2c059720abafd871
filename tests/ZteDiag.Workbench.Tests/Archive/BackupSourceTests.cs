using System.Security.Cryptography;
using ZteDiag.Workbench.Archive;

namespace ZteDiag.Workbench.Tests.Archive;

public sealed class BackupSourceTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<BackupSource> GoodSourceAsync(TempDir dir)
    {
        string path = dir.Combine("good.tar.gz");
        await File.WriteAllBytesAsync(path, await MaliciousArchives.BuildGoodAsync(), Ct);
        return await BackupSource.OpenAsync(path, ct: Ct);
    }

    [Fact]
    public async Task Extract_SymlinkPlantedInsideTarget_IsNotFollowed()
    {
        using var dir = new TempDir();
        var source = await GoodSourceAsync(dir);
        string outside = dir.Combine("outside");
        string target = dir.Combine("target");
        Directory.CreateDirectory(outside);
        Directory.CreateDirectory(target);
        File.CreateSymbolicLink(Path.Combine(target, "nv"), outside);

        var ex = await Assert.ThrowsAsync<IOException>(() => source.ExtractToDirectoryAsync(target, Ct));
        Assert.Contains("symbolic link", ex.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFileSystemEntries(outside));
    }

    [Fact]
    public async Task Extract_FileSymlinkPlantedAtTargetName_IsNotOverwrittenOrFollowed()
    {
        using var dir = new TempDir();
        var source = await GoodSourceAsync(dir);
        string victim = dir.Combine("victim.txt");
        await File.WriteAllTextAsync(victim, "keep", Ct);
        string target = dir.Combine("target");
        Directory.CreateDirectory(target);
        File.CreateSymbolicLink(Path.Combine(target, "empty"), victim);

        await Assert.ThrowsAsync<IOException>(() => source.ExtractToDirectoryAsync(target, Ct));
        Assert.Equal("keep", await File.ReadAllTextAsync(victim, Ct));
    }

    [Fact]
    public async Task ReadFiles_ArchiveSwappedAfterValidation_ContentStreamThrows()
    {
        using var dir = new TempDir();
        var source = await GoodSourceAsync(dir);
        // Replace the validated archive by one with different content under the same names.
        string other = dir.Combine("other.tar.gz");
        await using (var w = BackupArchiveWriter.Create(other, new BackupHeader("t", DateTimeOffset.UnixEpoch, null)))
        {
            byte[] evil = new byte[SampleTree.ItemBytes.Length];
            w.AddDirectory(new EfsEntryInfo("/nv", EntryModes.Directory, 0));
            w.AddDirectory(new EfsEntryInfo("/nv/item_files", EntryModes.Directory, 0));
            await w.AddFileAsync(new EfsEntryInfo("/nv/item_files/ims_enable", EntryModes.ItemFile, evil.Length), new MemoryStream(evil), Ct);
            await w.CompleteAsync(Ct);
        }
        File.Move(other, source.SourcePath, overwrite: true);

        var ex = await Assert.ThrowsAsync<ArchiveValidationException>(async () =>
        {
            await foreach (var item in source.ReadFilesAsync(Ct))
                await item.Content.CopyToAsync(Stream.Null, Ct);
        });
        Assert.Contains(ex.Problems, p => p.Kind == ArchiveProblemKind.HashMismatch && p.Entry == "/nv/item_files/ims_enable");
    }

    [Fact]
    public async Task PlainFolder_IsASource_WithDerivedEntriesAndFolderOrigin()
    {
        using var dir = new TempDir();
        string root = dir.Combine("qpst");
        Directory.CreateDirectory(Path.Combine(root, "nv", "item_files"));
        await File.WriteAllBytesAsync(Path.Combine(root, "nv", "item_files", "ims_enable"), SampleTree.ItemBytes, Ct);
        await File.WriteAllBytesAsync(Path.Combine(root, "conf.ini"), SampleTree.ConfBytes, Ct);

        var source = await BackupSource.OpenAsync(root, ct: Ct);
        Assert.Equal(SourceOrigin.Folder, source.Origin);
        var paths = source.Manifest.Entries.Select(e => (e.Path, e.Kind)).ToList();
        Assert.Equal(
            [("/conf.ini", EntryKind.File), ("/nv", EntryKind.Directory), ("/nv/item_files", EntryKind.Directory), ("/nv/item_files/ims_enable", EntryKind.File)],
            paths);
        var conf = source.Manifest.Entries.Single(e => e.Path == "/conf.ini");
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(SampleTree.ConfBytes)), conf.Sha256);

        var read = new Dictionary<string, byte[]>();
        await foreach (var item in source.ReadFilesAsync(Ct))
        {
            using var ms = new MemoryStream();
            await item.Content.CopyToAsync(ms, Ct);
            read[item.Entry.Path] = ms.ToArray();
        }
        Assert.Equal(SampleTree.ItemBytes, read["/nv/item_files/ims_enable"]);
        Assert.Null(await source.ReadNvJsonAsync(Ct));
    }

    [Fact]
    public async Task PlainFolder_SymlinkLeavingTheFolder_IsRejected()
    {
        using var dir = new TempDir();
        string root = dir.Combine("qpst");
        Directory.CreateDirectory(root);
        File.CreateSymbolicLink(Path.Combine(root, "passwd"), "/etc/passwd");
        var ex = await Assert.ThrowsAsync<ArchiveValidationException>(() => BackupSource.OpenAsync(root, ct: Ct));
        Assert.Contains(ex.Problems, p => p.Kind == ArchiveProblemKind.LinkEscapes && p.Entry == "/passwd");
    }

    [Fact]
    public async Task Open_MissingPath_ThrowsFileNotFound()
    {
        using var dir = new TempDir();
        await Assert.ThrowsAsync<FileNotFoundException>(() => BackupSource.OpenAsync(dir.Combine("nope.tar.gz"), ct: Ct));
    }

    [Fact]
    public void ValidationMessage_NamesEachEntry()
    {
        var ex = new ArchiveValidationException("b.tar.gz", [
            new ArchiveProblem(ArchiveProblemKind.HashMismatch, "efs/a", "SHA-256 differs"),
            new ArchiveProblem(ArchiveProblemKind.AbsolutePath, "/etc/x", "absolute path in archive")]);
        Assert.Contains("rejected backup 'b.tar.gz' (2 problems)", ex.Message, StringComparison.Ordinal);
        Assert.Contains("efs/a: SHA-256 differs", ex.Message, StringComparison.Ordinal);
        Assert.Contains("/etc/x: absolute path in archive", ex.Message, StringComparison.Ordinal);
    }
}
