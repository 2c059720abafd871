using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using ZteDiag.Workbench.Archive;

namespace ZteDiag.Workbench.Tests.Archive;

/// <summary>
/// Builds the hostile archives committed under fixtures/archives/malicious/ (and the good one).
/// Tar is written with System.Formats.Tar so that names, link entries and types can be anything.
/// Regenerate with: ZTEDIAG_WRITE_ARCHIVE_FIXTURES=/path/to/repo/fixtures/archives dotnet test …
/// </summary>
internal static class MaliciousArchives
{
    /// <summary>Limits the fixtures are checked with: defaults, except a 1 MiB decompression cap (gzip bomb).</summary>
    public static ArchiveLimits TestLimits { get; } = new() { MaxDecompressedBytes = 1L << 20 };

    public sealed record Fixture(string Name, ArchiveProblemKind Expected, string MessagePart, string Description, Func<byte[]> Build);

    private static readonly DateTimeOffset Epoch = new(2026, 11, 23, 14, 5, 1, TimeSpan.Zero);
    private static readonly byte[] Hello = Encoding.ASCII.GetBytes("hello efs\n");

    public static IReadOnlyList<Fixture> All { get; } =
    [
        new("absolute-path.tar.gz", ArchiveProblemKind.AbsolutePath, "absolute path", "entry named /etc/evil",
            () => Tar(w => File(w, "/etc/evil", Hello), Manifest())),
        new("parent-escape.tar.gz", ArchiveProblemKind.ParentSegment, "'..'", "entry named efs/../../escape",
            () => Tar(w => File(w, "efs/../../escape", Hello), Manifest())),
        new("symlink-to-etc.tar.gz", ArchiveProblemKind.LinkEscapes, "leaves the archive tree", "tar symlink efs/etc -> /etc",
            () => Tar(w => Link(w, TarEntryType.SymbolicLink, "efs/etc", "/etc"), Manifest(Sym("/etc", "/etc")))),
        new("symlink-then-file.tar.gz", ArchiveProblemKind.ThroughSymlink, "goes through the symlink", "symlink efs/lnk -> sub, then file efs/lnk/evil written through it",
            () => Tar(w => { Dir(w, "efs/sub"); Link(w, TarEntryType.SymbolicLink, "efs/lnk", "sub"); File(w, "efs/lnk/evil", Hello); },
                Manifest(DirE("/sub"), Sym("/lnk", "sub"), FileE("/lnk/evil", Hello)))),
        new("hardlink.tar.gz", ArchiveProblemKind.HardLink, "hard link", "tar hard link efs/h -> /etc/passwd",
            () => Tar(w => Link(w, TarEntryType.HardLink, "efs/h", "/etc/passwd"), Manifest())),
        new("symlink-relative-escape.tar.gz", ArchiveProblemKind.LinkEscapes, "leaves the archive tree", "tar symlink efs/sub/up -> ../../../etc (relative, climbs out)",
            () => Tar(w => { Dir(w, "efs/sub"); Link(w, TarEntryType.SymbolicLink, "efs/sub/up", "../../../etc"); }, Manifest(DirE("/sub"), Sym("/sub/up", "/etc")))),
        new("symlink-target-mismatch.tar.gz", ArchiveProblemKind.LinkTargetMismatch, "tar symlink points to '/a'", "tar symlink efs/l -> a, the manifest says /l -> /b",
            () => Tar(w => { File(w, "efs/a", Hello); File(w, "efs/b", Hello); Link(w, TarEntryType.SymbolicLink, "efs/l", "a"); },
                Manifest(FileE("/a", Hello), FileE("/b", Hello), Sym("/l", "/b")))),
        new("symlink-kind-mismatch.tar.gz", ArchiveProblemKind.KindMismatch, "archive holds a Symlink", "tar symlink efs/f -> a where the manifest has a regular file /f",
            () => Tar(w => { File(w, "efs/a", Hello); Link(w, TarEntryType.SymbolicLink, "efs/f", "a"); }, Manifest(FileE("/a", Hello), FileE("/f", Hello)))),
        new("hardlink-to-manifest-symlink.tar.gz", ArchiveProblemKind.HardLink, "hard link", "tar hard link efs/l -> efs/a where the manifest has a symlink /l -> /a",
            () => Tar(w => { File(w, "efs/a", Hello); Link(w, TarEntryType.HardLink, "efs/l", "efs/a"); }, Manifest(FileE("/a", Hello), Sym("/l", "/a")))),
        new("hash-mismatch.tar.gz", ArchiveProblemKind.HashMismatch, "SHA-256", "efs/a content differs from the manifest hash (same size)",
            () => Tar(w => File(w, "efs/a", Hello), Manifest(FileE("/a", Hello) with { Sha256 = new string('0', 64) }))),
        new("upper-case-sha256.tar.gz", ArchiveProblemKind.ManifestInvalid, "lower-case hex", "efs/a's manifest hash is right but in upper case, which restore could never match",
            () => Tar(w => File(w, "efs/a", Hello), Manifest(FileE("/a", Hello) with { Sha256 = Convert.ToHexString(SHA256.HashData(Hello)) }))),
        new("size-mismatch.tar.gz", ArchiveProblemKind.SizeMismatch, "manifest says 11 bytes", "efs/a is 10 bytes, the manifest says 11",
            () => Tar(w => File(w, "efs/a", Hello), Manifest(FileE("/a", Hello) with { Size = 11 }))),
        new("missing-from-archive.tar.gz", ArchiveProblemKind.MissingFromArchive, "missing from the archive", "manifest lists /gone, the archive lacks efs/gone",
            () => Tar(w => File(w, "efs/a", Hello), Manifest(FileE("/a", Hello), FileE("/gone", Hello)))),
        new("extra-entry.tar.gz", ArchiveProblemKind.NotInManifest, "not in the manifest", "archive holds efs/extra that the manifest does not list",
            () => Tar(w => { File(w, "efs/a", Hello); File(w, "efs/extra", Hello); }, Manifest(FileE("/a", Hello)))),
        new("duplicate-entry.tar.gz", ArchiveProblemKind.Duplicate, "more than once", "efs/a appears twice",
            () => Tar(w => { File(w, "efs/a", Hello); File(w, "efs/a", Hello); }, Manifest(FileE("/a", Hello)))),
        new("fifo-entry.tar.gz", ArchiveProblemKind.UnsupportedEntryType, "not used in backups", "a FIFO entry efs/pipe",
            () => Tar(w => w.WriteEntry(new PaxTarEntry(TarEntryType.Fifo, "efs/pipe")), Manifest())),
        new("manifest-missing.tar.gz", ArchiveProblemKind.ManifestMissing, "no manifest.json", "tar with efs/a and no manifest.json",
            () => Tar(w => File(w, "efs/a", Hello), manifest: null)),
        new("gzip-bomb.tar.gz", ArchiveProblemKind.DecompressionLimit, "compression bomb", "8 MiB of zeros in efs/zeros, consistent manifest: rejected under a 1 MiB decompression limit",
            () => Tar(w => File(w, "efs/zeros", new byte[8 << 20]), Manifest(FileE("/zeros", new byte[8 << 20])))),
        new("truncated.tar.gz", ArchiveProblemKind.Corrupt, "truncated", "a valid archive cut after 60% of its bytes",
            () => { var good = Tar(w => File(w, "efs/rnd", Random(4096)), Manifest(FileE("/rnd", Random(4096)))); return good[..(good.Length * 6 / 10)]; }),
        new("not-a-tar.tar.gz", ArchiveProblemKind.NotTar, "not a tar archive", "gzip of plain text",
            () => Gzip(Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("this is not a tar archive\n", 40))))),
        new("not-gzip.tar.gz", ArchiveProblemKind.NotGzip, "not a gzip file", "plain text with a .tar.gz name",
            () => Encoding.ASCII.GetBytes("just text\n")),
    ];

    /// <summary>A small, valid backup written by <see cref="BackupArchiveWriter"/>.</summary>
    public static async Task<byte[]> BuildGoodAsync()
    {
        using var ms = new MemoryStream();
        var fp = DeviceFingerprint.Create("351234060012345", Encoding.ASCII.GetBytes("fixed-test-salt!"));
        var header = new BackupHeader("0.1.0-fixture", Epoch, new DeviceIdentity { Model = "MF627", Revision = "BD_MTSP673A4V1.0.0B01", Manufacturer = "ZTE CORPORATION" }.WithFingerprint(fp));
        await using (var w = new BackupArchiveWriter(ms, header, leaveOpen: true))
        {
            await SampleTree.WriteAsync(w, CancellationToken.None);
            await w.CompleteAsync(CancellationToken.None);
        }
        return ms.ToArray();
    }

    private static byte[] Random(int n)
    {
        var r = new Random(42); // fixed seed: reproducible fixture
        byte[] b = new byte[n];
        r.NextBytes(b);
        return b;
    }

    private static BackupManifest Manifest(params ManifestEntry[] entries) =>
        new() { ToolVersion = "0.1.0-fixture", CreatedUtc = Epoch, Entries = entries };

    private static ManifestEntry FileE(string path, byte[] content) => new()
    {
        Path = path, Kind = EntryKind.File, Mode = EntryModes.Regular | 0x1B6, Size = content.Length,
        Sha256 = Convert.ToHexStringLower(SHA256.HashData(content)),
    };

    private static ManifestEntry DirE(string path) => new() { Path = path, Kind = EntryKind.Directory, Mode = EntryModes.Directory | 0x1FF };

    private static ManifestEntry Sym(string path, string target) => new() { Path = path, Kind = EntryKind.Symlink, Mode = EntryModes.Symlink | 0x1FF, LinkTarget = target };

    private static void File(TarWriter w, string name, byte[] content) =>
        w.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(content), ModificationTime = Epoch });

    private static void Dir(TarWriter w, string name) =>
        w.WriteEntry(new PaxTarEntry(TarEntryType.Directory, name) { ModificationTime = Epoch });

    private static void Link(TarWriter w, TarEntryType type, string name, string target) =>
        w.WriteEntry(new PaxTarEntry(type, name) { LinkName = target, ModificationTime = Epoch });

    private static byte[] Tar(Action<TarWriter> body, BackupManifest? manifest)
    {
        using var tarBytes = new MemoryStream();
        using (var w = new TarWriter(tarBytes, TarEntryFormat.Pax, leaveOpen: true))
        {
            body(w);
            if (manifest is not null) File(w, "manifest.json", BackupManifestJson.Serialize(manifest));
        }
        return Gzip(tarBytes.ToArray());
    }

    private static byte[] Gzip(byte[] data)
    {
        using var ms = new MemoryStream();
        using (var gz = new GZipStream(ms, CompressionLevel.SmallestSize, leaveOpen: true)) gz.Write(data);
        return ms.ToArray();
    }
}

/// <summary>The tree used by round-trip tests and the good fixture.</summary>
internal static class SampleTree
{
    public static readonly byte[] ItemBytes = [0x01, 0x00, 0x02];
    public static readonly byte[] ConfBytes = Encoding.ASCII.GetBytes("[ims]\nenable=1\n");
    public static readonly byte[] NvJson = Encoding.UTF8.GetBytes("{\"items\":{\"10\":\"01\"}}");

    public static async Task WriteAsync(BackupArchiveWriter w, CancellationToken ct)
    {
        w.AddDirectory(new EfsEntryInfo("/nv", EntryModes.Directory | 0x1FF, 0, 1, 2, 3));
        w.AddDirectory(new EfsEntryInfo("/nv/item_files", EntryModes.Directory | 0x1FF, 0, 1, 2, 3));
        await w.AddFileAsync(new EfsEntryInfo("/nv/item_files/ims_enable", EntryModes.ItemFile | 0x1B6, ItemBytes.Length, 10, 20, 30), new MemoryStream(ItemBytes), ct);
        await w.AddFileAsync(new EfsEntryInfo("/nv/conf.ini", EntryModes.Regular | 0x1A4, ConfBytes.Length, 11, 21, 31), new MemoryStream(ConfBytes), ct);
        await w.AddFileAsync(new EfsEntryInfo("/empty", EntryModes.Regular | 0x1A4, 0), Stream.Null, ct);
        w.AddSymlink(new EfsEntryInfo("/conf_link", EntryModes.Symlink | 0x1FF, 0), "/nv/conf.ini");
        w.AddUnreadable(new EfsEntryInfo("/secret.bin", EntryModes.Regular | 0x180, 128), "EACCES");
        await w.AddNvJsonAsync(NvJson, ct);
    }
}
