using System.Diagnostics;
using System.Formats.Tar;
using System.IO.Compression;
using ZteDiag.Workbench.Archive;

namespace ZteDiag.Workbench.Tests.Archive;

/// <summary>Symlinks as real tar link entries: what the writer puts in the tar, what readers accept, what system tar makes of it.</summary>
[Trait("Issue", "5")]
public sealed class SymlinkEntryTests
{
    private static readonly BackupHeader Header = new("1.2.3", new DateTimeOffset(2026, 11, 23, 14, 5, 1, TimeSpan.Zero), null);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static bool HasTar => File.Exists("/usr/bin/tar") || File.Exists("/bin/tar");

    /// <summary>The sample tree plus links in a subdirectory: absolute deep target, relative target, target = own directory, unreadable link.</summary>
    private static async Task<string> WriteAsync(TempDir dir)
    {
        string path = dir.Combine("links.tar.gz");
        await using var w = BackupArchiveWriter.Create(path, Header);
        await SampleTree.WriteAsync(w, Ct);
        w.AddSymlink(new EfsEntryInfo("/nv/item_files/up", EntryModes.Symlink | 0x1FF, 0, 0, 1_700_000_000), "/empty");
        w.AddSymlink(new EfsEntryInfo("/nv/rel", EntryModes.Symlink | 0x1FF, 0), "item_files/ims_enable");
        w.AddSymlink(new EfsEntryInfo("/nv/self", EntryModes.Symlink | 0x1FF, 0), "/nv");
        w.AddUnreadable(new EfsEntryInfo("/nv/hidden", EntryModes.Symlink | 0x1FF, 0), "EACCES");
        await w.CompleteAsync(Ct);
        return path;
    }

    private static List<(string Name, TarEntryType Type, string Link, UnixFileMode Mode, DateTimeOffset Mtime)> TarEntries(string path)
    {
        using var file = File.OpenRead(path);
        using var gz = new GZipStream(file, CompressionMode.Decompress);
        using var tar = new TarReader(gz);
        var list = new List<(string, TarEntryType, string, UnixFileMode, DateTimeOffset)>();
        while (tar.GetNextEntry() is { } e) list.Add((e.Name, e.EntryType, e.LinkName, e.Mode, e.ModificationTime));
        return list;
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

    /// <summary>The tar link name the writer produces for one symlink, or null when it wrote no tar entry.</summary>
    private static async Task<string?> TarLinkOf(string link, string target)
    {
        using var dir = new TempDir();
        string path = dir.Combine("one.tar.gz");
        await using (var w = BackupArchiveWriter.Create(path, Header))
        {
            w.AddSymlink(new EfsEntryInfo(link, EntryModes.Symlink | 0x1FF, 0), target);
            await w.CompleteAsync(Ct);
        }

        return TarEntries(path).SingleOrDefault(e => e.Type == TarEntryType.SymbolicLink).Link;
    }

    [Theory]
    [InlineData("/conf_link", "/nv/conf.ini", "nv/conf.ini")]
    [InlineData("/nv/item_files/up", "/empty", "../../empty")]
    [InlineData("/nv/a/b/c", "/nv/a/x", "../x")]
    [InlineData("/nv/self", "/nv", ".")]
    [InlineData("/top", "/", ".")]
    [InlineData("/nv/rel", "item_files/ims_enable", "item_files/ims_enable")]
    [InlineData("/nv/rel", "../empty", "../empty")]
    [InlineData("/nv/dbl", "//nv//./conf.ini", "conf.ini")]
    public async Task Writer_MakesAbsoluteTargetsRelativeToTheLink_AndKeepsRelativeOnes(string link, string target, string expected) =>
        Assert.Equal(expected, await TarLinkOf(link, target));

    [Theory]
    [InlineData("/nv/l", "../../../etc")]
    [InlineData("/l", "..")]
    [InlineData("/l", "a\\b")]
    public async Task Writer_WritesNoTarEntry_WhenTheTargetCannotStayInTheTree(string link, string target) =>
        Assert.Null(await TarLinkOf(link, target));

    [Fact]
    public async Task Writer_PutsEachReadableSymlinkInTheTar_WithARelativeTarget_ModeAndTime()
    {
        using var dir = new TempDir();
        var entries = TarEntries(await WriteAsync(dir));

        var links = entries.Where(e => e.Type == TarEntryType.SymbolicLink).ToDictionary(e => e.Name, e => e.Link);
        Assert.Equal(new Dictionary<string, string>
        {
            ["efs/conf_link"] = "nv/conf.ini",
            ["efs/nv/item_files/up"] = "../../empty",
            ["efs/nv/rel"] = "item_files/ims_enable",
            ["efs/nv/self"] = ".",
        }, links);
        Assert.DoesNotContain(entries, e => e.Name.Contains("hidden", StringComparison.Ordinal)); // unreadable: manifest only
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1_700_000_000), entries.Single(e => e.Name == "efs/nv/item_files/up").Mtime);
        Assert.Equal((UnixFileMode)0x1A4, entries.Single(e => e.Name == "efs/nv/conf.ini").Mode);
        Assert.Equal(TarEntryType.Directory, entries.Single(e => e.Name == "efs/nv/").Type);
        Assert.Equal("manifest.json", entries[^1].Name);
    }

    [Fact]
    public async Task Readers_AcceptTheLinkEntries_AndTheManifestKeepsTheTargetAsReadlinkGaveIt()
    {
        using var dir = new TempDir();
        string path = await WriteAsync(dir);

        var result = await ArchiveVerifier.VerifyAsync(path, Ct);
        Assert.True(result.IsValid, string.Join("; ", result.Problems));
        Assert.Equal((4, 2), (result.Symlinks, result.Unreadable));
        var source = await BackupSource.OpenAsync(path, ct: Ct);
        var byPath = source.Manifest.Entries.ToDictionary(e => e.Path);
        Assert.Equal("/empty", byPath["/nv/item_files/up"].LinkTarget);
        Assert.Equal("item_files/ims_enable", byPath["/nv/rel"].LinkTarget);
        var files = new List<string>();
        await foreach (var item in source.ReadFilesAsync(Ct)) files.Add(item.Entry.Path);
        Assert.Equal(["/nv/item_files/ims_enable", "/nv/conf.ini", "/empty"], files);
    }

    [Fact]
    public async Task SystemTar_ListsTheLinksWithTargets_AndExtractRecreatesThemInsideTheTree()
    {
        if (!HasTar) Assert.Skip("tar is not installed");
        using var dir = new TempDir();
        string path = await WriteAsync(dir);

        var (code, listing, err) = await Tar("tzvf", path);
        Assert.True(code == 0, err);
        Assert.Matches(@"(?m)^lrwxrwxrwx .* efs/conf_link -> nv/conf\.ini$", listing);
        Assert.Matches(@"(?m)^lrwxrwxrwx .* efs/nv/item_files/up -> \.\./\.\./empty$", listing);
        Assert.Matches(@"(?m)^-rw-r--r-- .* efs/nv/conf\.ini$", listing);
        Assert.Matches(@"(?m)^drwxrwxrwx .* efs/nv/$", listing);

        string into = dir.Combine("x");
        Directory.CreateDirectory(into);
        var (xcode, _, xerr) = await Tar("xzf", path, "-C", into);
        Assert.True(xcode == 0, xerr);
        string link = Path.Combine(into, "efs", "conf_link");
        Assert.Equal("nv/conf.ini", new FileInfo(link).LinkTarget);
        Assert.Equal(SampleTree.ConfBytes, await File.ReadAllBytesAsync(link, Ct)); // resolves inside the extracted tree
        Assert.Equal(SampleTree.ItemBytes, await File.ReadAllBytesAsync(Path.Combine(into, "efs", "nv", "rel"), Ct));
        Assert.Equal("../../empty", new FileInfo(Path.Combine(into, "efs", "nv", "item_files", "up")).LinkTarget);
        Assert.True(File.Exists(Path.Combine(into, "efs", "nv", "item_files", "up")));
        Assert.False(Path.Exists(Path.Combine(into, "efs", "nv", "hidden")));
    }

    [Fact]
    public async Task Names_and_link_targets_past_100_bytes_survive_our_reader_and_system_tar()
    {
        using var dir = new TempDir();
        string deep = "/" + string.Join('/', Enumerable.Range(0, 12).Select(i => $"directory_{i:D2}_name"));
        string path = dir.Combine("long.tar.gz");
        await using (var w = BackupArchiveWriter.Create(path, Header))
        {
            await w.AddFileAsync(new EfsEntryInfo(deep + "/file.bin", EntryModes.Regular | 0x1A4, SampleTree.ConfBytes.Length), new MemoryStream(SampleTree.ConfBytes), Ct);
            w.AddSymlink(new EfsEntryInfo("/short", EntryModes.Symlink | 0x1FF, 0), deep + "/file.bin");
            await w.CompleteAsync(Ct);
        }

        Assert.Contains(TarEntries(path), e => e.Type == TarEntryType.SymbolicLink && e.Name == "efs/short" && e.Link == deep[1..] + "/file.bin");
        var result = await ArchiveVerifier.VerifyAsync(path, Ct);
        Assert.True(result.IsValid, string.Join("; ", result.Problems));
        if (!HasTar) return;
        string into = dir.Combine("x");
        Directory.CreateDirectory(into);
        var (code, _, err) = await Tar("xzf", path, "-C", into);
        Assert.True(code == 0, err);
        Assert.Equal(SampleTree.ConfBytes, await File.ReadAllBytesAsync(Path.Combine(into, "efs", "short"), Ct));
    }

    [Fact]
    public async Task LegacyArchive_WithSymlinksInTheManifestOnly_StillVerifiesAndOpens()
    {
        string legacy = Path.Combine(AppContext.BaseDirectory, "fixtures", "archives", "good", "legacy-symlinks-in-manifest-only.tar.gz");
        Assert.DoesNotContain(TarEntries(legacy), e => e.Type == TarEntryType.SymbolicLink);

        var result = await ArchiveVerifier.VerifyAsync(legacy, Ct);
        Assert.True(result.IsValid, string.Join("; ", result.Problems));
        Assert.Equal(1, result.Symlinks);
        var source = await BackupSource.OpenAsync(legacy, ct: Ct);
        Assert.Equal("/nv/conf.ini", source.Manifest.Entries.Single(e => e.Kind == EntryKind.Symlink).LinkTarget);
    }

    [Fact]
    public async Task A_target_that_climbs_above_the_root_gets_no_tar_entry_and_the_archive_verifies_with_the_exact_target()
    {
        using var dir = new TempDir();
        string path = dir.Combine("up.tar.gz");
        await using (var w = BackupArchiveWriter.Create(path, Header))
        {
            w.AddSymlink(new EfsEntryInfo("/l", EntryModes.Symlink | 0x1FF, 0), "../../etc");
            await w.CompleteAsync(Ct);
        }

        Assert.DoesNotContain(TarEntries(path), e => e.Type == TarEntryType.SymbolicLink);
        var result = await ArchiveVerifier.VerifyAsync(path, Ct);
        Assert.True(result.IsValid, string.Join("; ", result.Problems));
        Assert.Equal("../../etc", result.Manifest!.Entries.Single(e => e.Path == "/l").LinkTarget);
    }
}
