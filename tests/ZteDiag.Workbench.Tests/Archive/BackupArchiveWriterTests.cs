using System.Diagnostics;
using System.Security.Cryptography;
using System.Text.Json;
using ZteDiag.Workbench.Archive;

namespace ZteDiag.Workbench.Tests.Archive;

public sealed class BackupArchiveWriterTests
{
    private static readonly BackupHeader Header = new("1.2.3", new DateTimeOffset(2026, 11, 23, 14, 5, 1, TimeSpan.Zero),
        new DeviceIdentity { Model = "MF627", Revision = "BD_MTSP673A4V1.0.0B01", Verno = new Dictionary<string, string> { ["comp_date"] = "Aug 19 2008" } });

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<string> WriteSampleAsync(TempDir dir)
    {
        string path = dir.Combine("backup.tar.gz");
        await using var w = BackupArchiveWriter.Create(path, Header);
        await SampleTree.WriteAsync(w, Ct);
        await w.CompleteAsync(Ct);
        return path;
    }

    [Fact]
    public async Task RoundTrip_FilesItemFilesDirsSymlinkUnreadableAndNv_AllComeBack()
    {
        using var dir = new TempDir();
        string path = await WriteSampleAsync(dir);

        var source = await BackupSource.OpenAsync(path, ct: Ct);
        Assert.Equal(SourceOrigin.Archive, source.Origin);
        var m = source.Manifest;
        Assert.Equal("1.2.3", m.ToolVersion);
        Assert.Equal("MF627", m.Device!.Model);
        Assert.Equal("Aug 19 2008", m.Device.Verno!["comp_date"]);
        Assert.True(m.NvItems);
        var byPath = m.Entries.ToDictionary(e => e.Path);
        Assert.Equal(EntryKind.ItemFile, byPath["/nv/item_files/ims_enable"].Kind);
        Assert.Equal((uint)20, byPath["/nv/item_files/ims_enable"].Mtime);
        Assert.Equal(EntryKind.File, byPath["/nv/conf.ini"].Kind);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(SampleTree.ConfBytes)), byPath["/nv/conf.ini"].Sha256);
        Assert.Equal(EntryKind.Directory, byPath["/nv"].Kind);
        Assert.Equal("/nv/conf.ini", byPath["/conf_link"].LinkTarget);
        Assert.True(byPath["/secret.bin"].Unreadable);
        Assert.Equal("EACCES", byPath["/secret.bin"].UnreadableReason);

        var contents = new Dictionary<string, byte[]>();
        await foreach (var item in source.ReadFilesAsync(Ct))
        {
            using var ms = new MemoryStream();
            await item.Content.CopyToAsync(ms, Ct);
            contents[item.Entry.Path] = ms.ToArray();
        }
        Assert.Equal(SampleTree.ItemBytes, contents["/nv/item_files/ims_enable"]);
        Assert.Equal(SampleTree.ConfBytes, contents["/nv/conf.ini"]);
        Assert.Empty(contents["/empty"]);
        Assert.Equal(3, contents.Count);
        Assert.Equal(SampleTree.NvJson, await source.ReadNvJsonAsync(Ct));
    }

    [Fact]
    public async Task Manifest_UsesSnakeCaseNames_AndSchemaVersion1()
    {
        using var dir = new TempDir();
        var source = await BackupSource.OpenAsync(await WriteSampleAsync(dir), ct: Ct);
        string json = System.Text.Encoding.UTF8.GetString(BackupManifestJson.Serialize(source.Manifest));
        using var doc = JsonDocument.Parse(json);
        Assert.Equal(1, doc.RootElement.GetProperty("schema_version").GetInt32());
        Assert.True(doc.RootElement.TryGetProperty("created_utc", out _));
        Assert.Contains("\"item_file\"", json, StringComparison.Ordinal);
        Assert.Contains("\"link_target\"", json, StringComparison.Ordinal);
        Assert.Contains("\"unreadable_reason\": \"EACCES\"", json, StringComparison.Ordinal);
        Assert.True(doc.RootElement.GetProperty("nv_items").GetBoolean());
    }

    [Fact]
    public async Task TarTzf_ListsTheArchive_WithManifestLast()
    {
        if (!File.Exists("/usr/bin/tar") && !File.Exists("/bin/tar")) Assert.Skip("tar is not installed");
        using var dir = new TempDir();
        string path = await WriteSampleAsync(dir);
        var psi = new ProcessStartInfo("tar", ["tzf", path]) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var p = Process.Start(psi)!;
        string stdout = await p.StandardOutput.ReadToEndAsync(Ct);
        await p.WaitForExitAsync(Ct);
        Assert.Equal(0, p.ExitCode);
        var lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains("efs/nv/item_files/ims_enable", lines);
        Assert.Contains("efs/nv/conf.ini", lines);
        Assert.Contains("nv.json", lines);
        Assert.Equal("manifest.json", lines[^1]);
    }

    [Fact]
    public async Task Complete_RenamesTempIntoPlace_AndAbandonedWriterLeavesNothing()
    {
        using var dir = new TempDir();
        string path = dir.Combine("x.tar.gz");
        await using (var w = BackupArchiveWriter.Create(path, Header))
        {
            w.AddDirectory(new EfsEntryInfo("/a", EntryModes.Directory, 0));
            Assert.False(File.Exists(path));
            Assert.Single(Directory.GetFiles(dir.Path)); // the .partial file
        }
        Assert.Empty(Directory.GetFiles(dir.Path));
    }

    [Fact]
    public async Task AddFile_StreamShorterThanSize_FaultsWriterAndLeavesNoArchive()
    {
        using var dir = new TempDir();
        string path = dir.Combine("x.tar.gz");
        await using (var w = BackupArchiveWriter.Create(path, Header))
        {
            var ex = await Assert.ThrowsAsync<InvalidDataException>(() =>
                w.AddFileAsync(new EfsEntryInfo("/f", EntryModes.Regular, 10), new MemoryStream(new byte[5]), Ct));
            Assert.Contains("5 of 10 bytes", ex.Message, StringComparison.Ordinal);
            await Assert.ThrowsAsync<InvalidOperationException>(() => w.CompleteAsync(Ct));
        }
        Assert.Empty(Directory.GetFiles(dir.Path));
    }

    [Fact]
    public async Task AddFile_StreamLongerThanSize_Faults()
    {
        using var dir = new TempDir();
        await using var w = BackupArchiveWriter.Create(dir.Combine("x.tar.gz"), Header);
        var ex = await Assert.ThrowsAsync<InvalidDataException>(() =>
            w.AddFileAsync(new EfsEntryInfo("/f", EntryModes.Regular, 4), new MemoryStream(new byte[9]), Ct));
        Assert.Contains("longer", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("relative")]
    [InlineData("/a/../b")]
    [InlineData("/a//b")]
    [InlineData("/a\\b")]
    [InlineData("/a/")]
    public void AddDirectory_BadPath_IsACallerMistake(string path)
    {
        var w = new BackupArchiveWriter(new MemoryStream(), Header);
        Assert.Throws<ArgumentException>(() => w.AddDirectory(new EfsEntryInfo(path, EntryModes.Directory, 0)));
    }

    [Fact]
    public void AddDirectory_SamePathTwice_IsRejected()
    {
        var w = new BackupArchiveWriter(new MemoryStream(), Header);
        w.AddDirectory(new EfsEntryInfo("/a", EntryModes.Directory, 0));
        Assert.Throws<ArgumentException>(() => w.AddDirectory(new EfsEntryInfo("/a", EntryModes.Directory, 0)));
    }

    /// <summary>A non-seekable stream of a repeating pattern, generated on the fly.</summary>
    internal sealed class PatternStream(long length) : Stream
    {
        private long _pos;
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));
        public override int Read(Span<byte> buffer)
        {
            int n = (int)Math.Min(buffer.Length, length - _pos);
            for (int i = 0; i < n; i++) buffer[i] = (byte)((_pos + i) * 31 % 251);
            _pos += n;
            return n;
        }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}

internal static class BackupArchiveWriterTestsHeader
{
    public static readonly BackupHeader Value = new("1.2.3", DateTimeOffset.UnixEpoch, null);
}

/// <summary>Allocation counters are process-wide, so this runs with no other test in parallel.</summary>
[CollectionDefinition(nameof(MemorySensitive), DisableParallelization = true)]
public sealed class MemorySensitive;

[Collection(nameof(MemorySensitive))]
public sealed class BackupArchiveMemoryTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task LargeFile_20MiB_StreamsWithFlatMemory()
    {
        using var dir = new TempDir();
        string path = dir.Combine("big.tar.gz");
        const long size = 20L << 20;
        long before = GC.GetAllocatedBytesForCurrentThread();
        long allocatedTotalBefore = GC.GetTotalAllocatedBytes(precise: true);
        await using (var w = BackupArchiveWriter.Create(path, BackupArchiveWriterTestsHeader.Value))
        {
            await w.AddFileAsync(new EfsEntryInfo("/big.bin", EntryModes.Regular, size), new BackupArchiveWriterTests.PatternStream(size), Ct);
            await w.CompleteAsync(Ct);
        }
        long allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedTotalBefore;
        // Buffering the file would allocate ≥ 20 MiB; streaming allocates buffers only.
        Assert.True(allocated < 8L << 20, $"writer allocated {allocated} bytes for a {size}-byte file (before {before})");

        long readBefore = GC.GetTotalAllocatedBytes(precise: true);
        var result = await ArchiveVerifier.VerifyAsync(path, Ct);
        long readAllocated = GC.GetTotalAllocatedBytes(precise: true) - readBefore;
        Assert.True(result.IsValid, string.Join("; ", result.Problems));
        Assert.Equal(size, result.TotalBytes);
        Assert.True(readAllocated < 8L << 20, $"verifier allocated {readAllocated} bytes");
    }

}
