using System.Text;
using System.Text.Json;
using ZteDiag.Workbench.Archive;
using ZteDiag.Workbench.Nv;
using ZteDiag.Workbench.Restore;

namespace ZteDiag.Workbench.Tests.Archive;

/// <summary>Damaged or hostile input ends in a typed error the shells can report, never a NullReferenceException.</summary>
public sealed class BadInputTypedErrorTests
{
    private static readonly BackupHeader Header = new("1.2.3", new DateTimeOffset(2026, 11, 23, 14, 5, 1, TimeSpan.Zero), null);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("""{"schema_version":1,"items":null}""")]
    [InlineData("""{"schema_version":1,"items":[null]}""")]
    [InlineData("""{"schema_version":1,"items":[{"id":5,"name":"x","status":"done","data":null}]}""")]
    public void NvBackupFile_WithNullItemsOrNullItem_IsAJsonException(string json)
    {
        Assert.Throws<JsonException>(() => NvBackupFile.Parse(Encoding.UTF8.GetBytes(json)));
    }

    [Theory]
    [InlineData("null")]
    [InlineData("""[null]""")]
    [InlineData("""[{"action":"replace","path":null}]""")]
    public void RestoreJournal_WithNullSteps_IsARestoreException(string steps)
    {
        using var dir = new TempDir();
        string path = dir.Combine("restore-x.json");
        File.WriteAllText(path, $$"""
            {"format":1,"id":"restore-x","created_utc":"2026-11-23T14:00:00+00:00","source_path":"/b.tar.gz",
             "safety_backup_path":"/s.tar.gz","phase":"applying","steps":{{steps}}}
            """);

        var ex = Assert.Throws<RestoreException>(() => RestoreJournalStore.Load(path));
        Assert.Contains("null", ex.Message, StringComparison.Ordinal);
        Assert.Null(RestoreJournalStore.FindLatestUnfinished(dir.Path));
    }

    [Fact]
    public async Task Writer_WhoseManifestWouldPassTheLimit_RefusesTyped_AndLeavesNoFile()
    {
        using var dir = new TempDir();
        string path = dir.Combine("b.tar.gz");
        var limits = new ArchiveLimits { MaxManifestBytes = 2048 };
        await using (var w = BackupArchiveWriter.Create(path, Header, limits))
        {
            for (int i = 0; i < 40; i++) w.AddDirectory(new EfsEntryInfo($"/dir-with-a-long-name-{i:D3}", EntryModes.Directory, 0));
            var ex = await Assert.ThrowsAsync<ArchiveValidationException>(() => w.CompleteAsync(Ct));
            Assert.Contains(ex.Problems, p => p.Kind == ArchiveProblemKind.TooLarge && p.Entry == "manifest.json");
        }

        Assert.Empty(Directory.GetFiles(dir.Path));
    }

    [Fact]
    public async Task GzipDamage_FoundWhileReadingContent_IsAnArchiveValidationException()
    {
        using var dir = new TempDir();
        string path = dir.Combine("b.tar.gz");
        var rng = new Random(1234);
        byte[] data = new byte[400_000];
        for (int i = 0; i < data.Length; i++) data[i] = (byte)('a' + rng.Next(0, 20)); // compressible: Huffman blocks, not stored ones
        await using (var w = BackupArchiveWriter.Create(path, Header))
        {
            await w.AddFileAsync(new EfsEntryInfo("/big", EntryModes.Regular, data.Length), new MemoryStream(data), Ct);
            await w.CompleteAsync(Ct);
        }

        BackupSource source = await BackupSource.OpenAsync(path, ct: Ct);

        // The archive changes after validation: a run of garbage in the middle of the deflate data.
        byte[] gz = File.ReadAllBytes(path);
        Array.Fill(gz, (byte)0xFF, gz.Length / 2, 4096);
        File.WriteAllBytes(path, gz);

        var ex = await Assert.ThrowsAsync<ArchiveValidationException>(async () =>
        {
            await foreach (var c in source.ReadFilesAsync(Ct))
            {
                await c.Content.CopyToAsync(Stream.Null, Ct);
            }
        });
        Assert.Contains(ex.Problems, p => p.Kind == ArchiveProblemKind.Corrupt);
    }
}
