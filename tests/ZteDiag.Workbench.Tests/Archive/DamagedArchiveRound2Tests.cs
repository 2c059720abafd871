using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using ZteDiag.Workbench.Archive;
using ZteDiag.Workbench.Restore;

namespace ZteDiag.Workbench.Tests.Archive;

/// <summary>
/// Issue 18.3 (gzip trailer, extended header bounds), 19.5 (kind and mode agree) and the byte-name
/// rule: every archive is made here from a good one, and verify and restore's source reader agree.
/// </summary>
public sealed class DamagedArchiveRound2Tests : IDisposable
{
    private readonly TempDir _dir = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => _dir.Dispose();

    private async Task<string> WriteAsync(string name, byte[] bytes)
    {
        string path = _dir.Combine(name);
        await File.WriteAllBytesAsync(path, bytes, Ct);
        return path;
    }

    /// <summary>Verify reports it (not valid) and the restore reader refuses it, both with the same kind.</summary>
    private static async Task AssertRejectedAsync(string path, ArchiveProblemKind? kind, string messagePart)
    {
        var v = await ArchiveVerifier.VerifyAsync(path, Ct);
        Assert.False(v.IsValid);
        Assert.Contains(v.Problems, p => (kind is null || p.Kind == kind) && p.Message.Contains(messagePart, StringComparison.Ordinal));
        var ex = await Assert.ThrowsAsync<ArchiveValidationException>(() => BackupSource.OpenAsync(path, ct: Ct));
        Assert.Contains(ex.Problems, p => kind is null || p.Kind == kind);
        Assert.DoesNotContain("(Parameter", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_good_archive_still_verifies_through_the_trailer_check_and_the_header_guard()
    {
        string path = await WriteAsync("good.tar.gz", await MaliciousArchives.BuildGoodAsync());
        Assert.True((await ArchiveVerifier.VerifyAsync(path, Ct)).IsValid);
    }

    [Theory]
    [InlineData(8)] // CRC-32 and ISIZE gone
    [InlineData(4)] // ISIZE gone
    [InlineData(1)]
    public async Task An_archive_with_its_gzip_trailer_cut_off_is_damaged(int cut)
    {
        byte[] good = await MaliciousArchives.BuildGoodAsync();
        string path = await WriteAsync("cut.tar.gz", good[..^cut]);
        await AssertRejectedAsync(path, ArchiveProblemKind.Corrupt, "");
    }

    [Theory]
    [InlineData(8)] // a CRC byte
    [InlineData(2)] // an ISIZE byte
    public async Task An_archive_whose_gzip_trailer_disagrees_with_its_data_is_damaged(int fromEnd)
    {
        byte[] bad = await MaliciousArchives.BuildGoodAsync();
        bad[^fromEnd] ^= 0x5A;
        string path = await WriteAsync("crc.tar.gz", bad);
        await AssertRejectedAsync(path, ArchiveProblemKind.Corrupt, "");
    }

    [Fact]
    public async Task A_PAX_extended_header_over_the_limit_is_refused_before_it_is_read_whole()
    {
        using var tar = new MemoryStream();
        using (var w = new TarWriter(tar, TarEntryFormat.Pax, leaveOpen: true))
        {
            var e = new PaxTarEntry(TarEntryType.RegularFile, "efs/a", new Dictionary<string, string> { ["comment"] = new string('x', 4 << 20) })
            {
                DataStream = new MemoryStream([1]),
            };
            w.WriteEntry(e);
        }

        string path = await WriteAsync("pax-bloat.tar.gz", Gzip(tar.ToArray()));
        await AssertRejectedAsync(path, ArchiveProblemKind.TooLarge, "PAX extended header");
    }

    [Fact]
    public async Task A_GNU_long_name_over_the_limit_is_refused()
    {
        using var tar = new MemoryStream();
        using (var w = new TarWriter(tar, TarEntryFormat.Gnu, leaveOpen: true))
        {
            w.WriteEntry(new GnuTarEntry(TarEntryType.RegularFile, "efs/" + new string('n', 200_000)) { DataStream = new MemoryStream([1]) });
        }

        string path = await WriteAsync("gnu-bloat.tar.gz", Gzip(tar.ToArray()));
        await AssertRejectedAsync(path, ArchiveProblemKind.TooLarge, "GNU long-name header");
    }

    [Fact]
    public async Task A_file_entry_whose_mode_says_directory_is_refused_in_validation()
    {
        byte[] hello = Encoding.ASCII.GetBytes("hello\n");
        var entry = new ManifestEntry
        {
            Path = "/PCUI.VN", Kind = EntryKind.File, Mode = EntryModes.Directory | 0x1ED, Size = hello.Length,
            Sha256 = Convert.ToHexStringLower(SHA256.HashData(hello)),
        };
        string path = await WriteAsync("kind-mode.tar.gz", Tar([("efs/PCUI.VN", hello)], entry));
        await AssertRejectedAsync(path, ArchiveProblemKind.ManifestInvalid, "mode 040755 is a Directory");
    }

    [Theory]
    [InlineData("/caf\u00e9")] // Latin-1: one byte on the EFS, accepted
    [InlineData("/\u20ac")] // not one byte
    [InlineData("/bad\ufffd")] // what a tar name that is not valid UTF-8 decodes to
    public async Task Names_are_bytes_so_a_character_above_U_00FF_is_refused_by_verify_and_restore_alike(string efsPath)
    {
        byte[] hello = Encoding.ASCII.GetBytes("hello\n");
        var entry = new ManifestEntry
        {
            Path = efsPath, Kind = EntryKind.File, Mode = EntryModes.Regular | 0x1A4, Size = hello.Length,
            Sha256 = Convert.ToHexStringLower(SHA256.HashData(hello)),
        };
        string path = await WriteAsync("name.tar.gz", Tar([("efs" + efsPath, hello)], entry));
        if (efsPath.All(c => c <= '\u00FF'))
        {
            Assert.True((await ArchiveVerifier.VerifyAsync(path, Ct)).IsValid);
            Assert.Equal(efsPath, Assert.Single((await BackupSource.OpenAsync(path, ct: Ct)).Manifest.Entries).Path);
        }
        else
        {
            await AssertRejectedAsync(path, ArchiveProblemKind.InvalidName, "is not one byte");
        }
    }

    [Fact]
    public async Task A_tar_name_with_bytes_that_are_not_UTF_8_is_refused()
    {
        byte[] hello = Encoding.ASCII.GetBytes("hello\n");
        var entry = new ManifestEntry
        {
            Path = "/badXname", Kind = EntryKind.File, Mode = EntryModes.Regular | 0x1A4, Size = hello.Length,
            Sha256 = Convert.ToHexStringLower(SHA256.HashData(hello)),
        };
        byte[] tar = TarBytes([("efs/badXname", hello)], entry);
        // patch the 'X' of the name in the first (ustar) header into a lone 0xFF byte: invalid UTF-8
        int at = Encoding.ASCII.GetString(tar, 0, 100).IndexOf("badXname", StringComparison.Ordinal) + 3;
        tar[at] = 0xFF;
        FixChecksum(tar.AsSpan(0, 512));
        string path = await WriteAsync("not-utf8.tar.gz", Gzip(tar));
        await AssertRejectedAsync(path, null, ""); // U+FFFD in the name, and a name the manifest does not hold

    }

    private static void FixChecksum(Span<byte> header)
    {
        header.Slice(148, 8).Fill((byte)' ');
        int sum = 0;
        foreach (byte b in header) sum += b;
        Encoding.ASCII.GetBytes(Convert.ToString(sum, 8).PadLeft(6, '0') + "\0 ").CopyTo(header[148..]);
    }

    private static byte[] Tar(IEnumerable<(string Name, byte[] Data)> files, params ManifestEntry[] entries) => Gzip(TarBytes(files, entries));

    private static byte[] TarBytes(IEnumerable<(string Name, byte[] Data)> files, params ManifestEntry[] entries)
    {
        var manifest = new BackupManifest { ToolVersion = "test", CreatedUtc = DateTimeOffset.UnixEpoch, Entries = entries };
        using var ms = new MemoryStream();
        using (var w = new TarWriter(ms, TarEntryFormat.Ustar, leaveOpen: true))
        {
            foreach (var (name, data) in files) w.WriteEntry(new UstarTarEntry(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(data) });
            w.WriteEntry(new UstarTarEntry(TarEntryType.RegularFile, "manifest.json") { DataStream = new MemoryStream(BackupManifestJson.Serialize(manifest)) });
        }

        return ms.ToArray();
    }

    private static byte[] Gzip(byte[] data)
    {
        using var ms = new MemoryStream();
        using (var gz = new GZipStream(ms, CompressionLevel.Fastest, leaveOpen: true)) gz.Write(data);
        return ms.ToArray();
    }
}
