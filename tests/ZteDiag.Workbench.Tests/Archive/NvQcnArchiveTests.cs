using System.Diagnostics;
using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using ZteDiag.Protocol.Qcn;
using ZteDiag.Workbench.Archive;
using ZteDiag.TestSupport;
using ZteDiag.Workbench.Nv;

namespace ZteDiag.Workbench.Tests.Archive;

/// <summary>
/// nv.qcn beside nv.json in a backup archive (issue 13): listed in the manifest, checked on every read (hash,
/// a readable QCN, the same items as nv.json), preferred by the NV reader, and older nv.json-only archives still read.
/// </summary>
public sealed class NvQcnArchiveTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly DeviceIdentity Device = new DeviceIdentity { Model = "MF627", Revision = "BD_MTSP673A4V1.0.0B01" }
        .WithFingerprint(DeviceFingerprint.Create("351234060012345", Encoding.ASCII.GetBytes("fixed-test-salt!")));

    private static readonly BackupHeader Header = new("1.2.3", new DateTimeOffset(2026, 12, 1, 10, 0, 0, TimeSpan.Zero), Device);

    private static string Hex128(byte fill, params byte[] head)
    {
        byte[] b = new byte[128];
        Array.Fill(b, fill);
        head.CopyTo(b, 0);
        return Convert.ToHexStringLower(b);
    }

    /// <summary>Three done items (one given short, as a JSON may hold it), one read_only item, one item file.</summary>
    private static NvBackupFile Image() => new()
    {
        CreatedUtc = Header.CreatedUtc,
        Device = Device,
        Scanned = "0-600 + backup set (9 ids)",
        Items =
        [
            new NvBackupItem(10, "NV_PREF_MODE_I", "done", "04"),
            new NvBackupItem(441, "NV_BAND_PREF_I", "done", Hex128(0, 0xff, 0xff)),
            new NvBackupItem(550, "NV_UE_IMEI_I", "done", Hex128(0, 0x08, 0x3a, 0x25, 0x13)),
            new NvBackupItem(600, "NV item 600", "read_only", Hex128(7)),
        ],
        NotSaved = [85],
        Unreadable = [25],
        ItemFiles = [new NvItemFile("/nv/item_files/modem/mmode/band_pref", "0102030405")],
    };

    private static byte[] Qcn(NvBackupFile file) => NvFiles.Encode(file, NvFileFormat.Qcn, "nv.qcn", "BD_MTSP673A4V1.0.0B01");

    private static async Task<string> WriteAsync(TempDir dir, byte[]? json, byte[]? qcn, string name = "b.tar.gz")
    {
        string path = dir.Combine(name);
        await using var w = BackupArchiveWriter.Create(path, Header);
        w.AddDirectory(new EfsEntryInfo("/nv", EntryModes.Directory | 0x1FF, 0));
        if (json is not null) await w.AddNvJsonAsync(json, Ct);
        if (qcn is not null) await w.AddNvQcnAsync(qcn, Ct);
        await w.CompleteAsync(Ct);
        return path;
    }

    [Fact]
    public async Task Both_views_are_stored_listed_in_the_manifest_with_size_and_sha256_and_the_archive_verifies()
    {
        using var dir = new TempDir();
        byte[] json = Image().ToJson(), qcn = Qcn(Image());
        string path = await WriteAsync(dir, json, qcn);

        var v = await ArchiveVerifier.VerifyAsync(path, Ct);
        Assert.True(v.IsValid, string.Join("; ", v.Problems));
        Assert.Equal(new NvSummary(qcn.Length, Convert.ToHexStringLower(SHA256.HashData(qcn))), v.Manifest!.NvQcn);
        Assert.Equal(new NvSummary(json.Length, Convert.ToHexStringLower(SHA256.HashData(json))), v.Manifest.Nv);
        Assert.True(v.Manifest.NvItems);

        var raw = JsonNode.Parse(TarTestArchive.ReadEntries(path)["manifest.json"])!;
        Assert.Equal(qcn.Length, raw["nv_qcn"]!["size"]!.GetValue<long>());
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(qcn)), raw["nv_qcn"]!["sha256"]!.GetValue<string>());
        Assert.Equal(qcn, TarTestArchive.ReadEntries(path)["nv.qcn"]); // the stored bytes are the QCN written, untouched

        var source = await BackupSource.OpenAsync(path, ct: Ct);
        NvParts parts = await source.ReadNvPartsAsync(Ct);
        Assert.Equal(json, parts.Json);
        Assert.Equal(qcn, parts.Qcn);
    }

    [Fact]
    public async Task The_nv_reader_takes_items_and_item_files_from_the_qcn_and_device_and_bookkeeping_from_nv_json()
    {
        using var dir = new TempDir();
        string path = await WriteAsync(dir, Image().ToJson(), Qcn(Image()));

        NvBackupFile nv = await NvArchiveFile.LoadAsync(path, Ct);
        // from the QCN: 128 zero-padded bytes (NV 10 was "04" in the JSON); the read_only item only the JSON can hold
        Assert.Equal([(10, "done", Hex128(0, 0x04)), (441, "done", Hex128(0, 0xff, 0xff)), (550, "done", Hex128(0, 0x08, 0x3a, 0x25, 0x13)), (600, "read_only", Hex128(7))],
            nv.Items.Select(i => (i.Id, i.Status, i.Data)));
        Assert.Equal([("/nv/item_files/modem/mmode/band_pref", "0102030405")], nv.ItemFiles!.Select(f => (f.Path, f.Data)));
        Assert.Equal(Device.ImeiHash, nv.Device!.ImeiHash);
        Assert.Equal([85], nv.NotSaved);
        Assert.Equal([25], nv.Unreadable);
        Assert.Equal(600, NvJob.ScannedLast(nv));
    }

    [Fact]
    public async Task An_archive_with_nv_json_only_as_written_before_nv_qcn_still_verifies_and_reads()
    {
        using var dir = new TempDir();
        string path = await WriteAsync(dir, Image().ToJson(), qcn: null);

        var v = await ArchiveVerifier.VerifyAsync(path, Ct);
        Assert.True(v.IsValid, string.Join("; ", v.Problems));
        Assert.Null(v.Manifest!.NvQcn);
        Assert.DoesNotContain("nv_qcn", Encoding.UTF8.GetString(TarTestArchive.ReadEntries(path)["manifest.json"]), StringComparison.Ordinal);
        NvBackupFile nv = await NvArchiveFile.LoadAsync(path, Ct);
        Assert.Equal([(10, "04"), (441, Hex128(0, 0xff, 0xff))], nv.Items.Take(2).Select(i => (i.Id, i.Data)));
    }

    [Fact]
    public async Task An_archive_with_nv_qcn_only_reads_its_items_with_the_manifests_device()
    {
        using var dir = new TempDir();
        string path = await WriteAsync(dir, json: null, Qcn(Image()));

        Assert.True((await ArchiveVerifier.VerifyAsync(path, Ct)).IsValid);
        NvBackupFile nv = await NvArchiveFile.LoadAsync(path, Ct);
        Assert.Equal([10, 441, 550], nv.Items.Select(i => i.Id));
        Assert.Equal(Device.ImeiHash, nv.Device!.ImeiHash);
    }

    [Fact]
    public async Task A_qcn_holding_other_values_than_nv_json_is_refused_whole_naming_the_item()
    {
        using var dir = new TempDir();
        NvBackupFile other = Image() with { Items = [.. Image().Items.Select(i => i.Id == 441 ? i with { Data = Hex128(0, 0x01) } : i)] };
        string path = await WriteAsync(dir, Image().ToJson(), Qcn(other));

        var v = await ArchiveVerifier.VerifyAsync(path, Ct);
        ArchiveProblem p = Assert.Single(v.Problems);
        Assert.Equal(ArchiveProblemKind.NvMismatch, p.Kind);
        Assert.Equal("nv.qcn", p.Entry);
        Assert.Equal("does not hold the same NV items as nv.json: NV 441 differs", p.Message);
        var ex = await Assert.ThrowsAsync<ArchiveValidationException>(() => BackupSource.OpenAsync(path, ct: Ct));
        Assert.Equal(ZteDiag.Device.FailureKind.Usage, ex.Failure); // exit 2, before any device I/O
        var nvEx = await Assert.ThrowsAsync<NvFileException>(() => NvArchiveFile.LoadAsync(path, Ct));
        Assert.Contains("NV 441 differs", nvEx.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_qcn_missing_an_item_or_an_item_file_is_a_mismatch_too()
    {
        using var dir = new TempDir();
        NvBackupFile fewer = Image() with { Items = [.. Image().Items.Where(i => i.Id != 550)], ItemFiles = [] };
        string path = await WriteAsync(dir, Image().ToJson(), Qcn(fewer));

        ArchiveProblem p = Assert.Single((await ArchiveVerifier.VerifyAsync(path, Ct)).Problems);
        Assert.Equal(ArchiveProblemKind.NvMismatch, p.Kind);
        Assert.Equal("does not hold the same NV items as nv.json: NV 550 only in the JSON, item file /nv/item_files/modem/mmode/band_pref only in the JSON", p.Message);
    }

    [Theory]
    [InlineData("garbage")]
    [InlineData("cfb-header-only")]
    public async Task A_hostile_nv_qcn_is_a_typed_validation_error_not_an_exception_from_an_index(string kind)
    {
        using var dir = new TempDir();
        byte[] hostile = kind == "garbage"
            ? Encoding.ASCII.GetBytes("this is no compound file")
            : [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, .. new byte[504]]; // the signature, then a header of zeros
        string path = await WriteAsync(dir, Image().ToJson(), hostile);

        ArchiveProblem p = Assert.Single((await ArchiveVerifier.VerifyAsync(path, Ct)).Problems);
        Assert.Equal(ArchiveProblemKind.NvInvalid, p.Kind);
        Assert.Equal("nv.qcn", p.Entry);
        Assert.StartsWith("not a readable QCN", p.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<ArchiveValidationException>(() => BackupSource.OpenAsync(path, ct: Ct));
    }

    [Fact]
    public async Task Beside_a_qcn_an_nv_json_that_does_not_parse_is_refused_as_the_views_cannot_be_compared()
    {
        using var dir = new TempDir();
        string path = await WriteAsync(dir, Encoding.UTF8.GetBytes("{\"items\":{\"10\":\"01\"}}"), Qcn(Image()));

        ArchiveProblem p = Assert.Single((await ArchiveVerifier.VerifyAsync(path, Ct)).Problems);
        Assert.Equal(ArchiveProblemKind.NvInvalid, p.Kind);
        Assert.Equal("nv.json", p.Entry);
    }

    [Fact]
    public async Task Changed_nv_qcn_bytes_fail_the_manifest_hash_and_an_unlisted_one_is_not_in_the_manifest()
    {
        using var dir = new TempDir();
        string good = await WriteAsync(dir, Image().ToJson(), Qcn(Image()));

        string tampered = dir.Combine("tampered.tar.gz");
        TarTestArchive.Rewrite(good, tampered, (name, data) => name == "nv.qcn" ? Flip(data, 600) : data);
        ArchiveProblem p = Assert.Single((await ArchiveVerifier.VerifyAsync(tampered, Ct)).Problems);
        Assert.Equal((ArchiveProblemKind.HashMismatch, "nv.qcn"), (p.Kind, p.Entry));

        string unlisted = dir.Combine("unlisted.tar.gz");
        TarTestArchive.Rewrite(good, unlisted, (name, data) =>
        {
            if (name != "manifest.json") return data;
            var m = JsonNode.Parse(data)!.AsObject();
            m.Remove("nv_qcn");
            return Encoding.UTF8.GetBytes(m.ToJsonString());
        });
        p = Assert.Single((await ArchiveVerifier.VerifyAsync(unlisted, Ct)).Problems);
        Assert.Equal((ArchiveProblemKind.NotInManifest, "nv.qcn"), (p.Kind, p.Entry));

        string dropped = dir.Combine("dropped.tar.gz");
        TarTestArchive.Rewrite(good, dropped, (name, data) => name == "nv.qcn" ? null : data);
        p = Assert.Single((await ArchiveVerifier.VerifyAsync(dropped, Ct)).Problems);
        Assert.Equal((ArchiveProblemKind.MissingFromArchive, "nv.qcn"), (p.Kind, p.Entry));
    }

    [Fact]
    public async Task Debian_olefile_opens_the_archives_nv_qcn_and_reads_the_item_array_and_the_item_file_exactly()
    {
        if (!File.Exists("/usr/bin/python3"))
        {
            Assert.Fail("/usr/bin/python3 is missing: .ci/run installs python3-olefile");
        }

        using var dir = new TempDir();
        byte[] qcn = Qcn(Image());
        string path = await WriteAsync(dir, Image().ToJson(), qcn);
        string extracted = dir.Combine("nv.qcn");
        await File.WriteAllBytesAsync(extracted, TarTestArchive.ReadEntries(path)["nv.qcn"], Ct);

        const string Script = """
            import sys, hashlib, olefile
            ole = olefile.OleFileIO(sys.argv[1])
            for entry in sorted(ole.listdir(streams=True, storages=False)):
                data = ole.openstream(entry).read()
                print('/'.join(entry), len(data), data.hex() if len(data) < 64 else hashlib.sha256(data).hexdigest())
            """;
        var psi = new ProcessStartInfo("/usr/bin/python3") { RedirectStandardOutput = true, RedirectStandardError = true };
        psi.ArgumentList.Add("-c");
        psi.ArgumentList.Add(Script);
        psi.ArgumentList.Add(extracted);
        using var proc = Process.Start(psi)!;
        string stdout = await proc.StandardOutput.ReadToEndAsync(Ct), stderr = await proc.StandardError.ReadToEndAsync(Ct);
        await proc.WaitForExitAsync(Ct);
        Assert.True(proc.ExitCode == 0, stderr);

        Assert.Null(QcnFile.TryRead(qcn, out QcnDocument? doc));
        byte[] array = QcnNvItem.WriteArray(doc!.Items);
        Assert.Equal(3 * QcnNvItem.RecordSize, array.Length);
        Assert.Contains($"00000000/default/NV_NUMBERED_ITEMS/NV_ITEM_ARRAY {array.Length} {Convert.ToHexStringLower(SHA256.HashData(array))}", stdout, StringComparison.Ordinal);
        // the item file as QPST keeps it: its path (NUL-terminated) in EFS_Dir, its bytes in EFS_Data, under one stream name
        string pathHex = Convert.ToHexStringLower(Encoding.ASCII.GetBytes("/nv/item_files/modem/mmode/band_pref\0"));
        Assert.Matches($@"Provisioning_Item_Files/EFS_Dir/(\S+) {pathHex.Length / 2} {pathHex}\n", stdout);
        Assert.Matches(@"Provisioning_Item_Files/EFS_Data/\S+ 5 0102030405\n", stdout);
    }

    private static byte[] Flip(byte[] data, int at)
    {
        byte[] copy = (byte[])data.Clone();
        copy[at] ^= 0xFF;
        return copy;
    }
}
