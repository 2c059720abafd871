using System.Diagnostics;
using System.Text;
using ZteDiag.Protocol.Cfb;
using ZteDiag.Protocol.Qcn;

namespace ZteDiag.Protocol.Tests.Qcn;

public sealed class QcnFileTests
{
    private static readonly string Fixture = Path.Combine(AppContext.BaseDirectory, "fixtures", "qcn", "thirdparty-backup-of-virtual-mf627.xqcn");

    private static QcnDocument ReadFixture()
    {
        Assert.Null(XqcnFile.TryRead(File.ReadAllBytes(Fixture), out QcnDocument? doc));
        return doc!;
    }

    private static string Trimmed(byte[] data) => Convert.ToHexStringLower(data.AsSpan().TrimEnd((byte)0));

    [Fact]
    public void The_third_party_xqcn_holds_the_8_items_of_the_virtual_mf627_with_their_values()
    {
        QcnDocument doc = ReadFixture();
        Assert.Equal(new ushort[] { 0, 10, 85, 441, 453, 550, 946, 1877 }, doc.Items.Select(i => i.Id));
        var values = doc.Items.ToDictionary(i => i.Id, i => Trimmed(i.Data));
        Assert.Equal("05000080", values[0]);          // ESN 0x80000005
        Assert.Equal("04", values[10]);
        Assert.Equal("303030303030", values[85]);     // SPC "000000"
        Assert.Equal("8003", values[441]);
        Assert.Equal("", values[453]);
        Assert.Equal("083a45160302103224", values[550]); // IMEI 354613020012342 in NV 550 form
        Assert.Equal("083a4516030210322400000000000000", Convert.ToHexStringLower(doc.Items.Single(i => i.Id == 550).Data.AsSpan(0, 16)));
        Assert.Equal("60", values[946]);
        Assert.Equal("800360", values[1877]);
        Assert.All(doc.Items, i => Assert.Equal(128, i.Data.Length));
        Assert.Equal("6290A-KPRZL-2.4.0105T", doc.Property!.SoftwareVersion);
        Assert.Equal("QFenix", doc.Property.Writer);
        Assert.Equal(new QcnFileVersion(2, 0, 0), doc.Version);
    }

    [Fact]
    public void Writing_the_parsed_fixture_as_xqcn_gives_back_its_exact_bytes()
    {
        Assert.Equal(Encoding.Latin1.GetString(File.ReadAllBytes(Fixture)), Encoding.Latin1.GetString(XqcnFile.Write(ReadFixture())));
    }

    [Fact]
    public void A_qcn_read_and_written_again_keeps_every_stream_including_unknown_ones()
    {
        QcnDocument doc = ReadFixture();
        var tree = doc.Tree with { Children = [.. doc.Tree.Children, new CfbStream("Feature_Mask", [1, 2, 3, 4]), new CfbStorage("Vendor", [new CfbStream("blob", new byte[5000])])] };
        Assert.Null(QcnDocument.TryParse(tree, out QcnDocument? extended));
        byte[] qcn = QcnFile.Write(extended!);
        Assert.Null(QcnFile.TryRead(qcn, out QcnDocument? back));
        Assert.Equal(Cfb.CfbFormatTests.Describe(Sorted(tree)), Cfb.CfbFormatTests.Describe(back!.Tree));
        Assert.Equal(qcn, QcnFile.Write(back));
        Assert.Equal(doc.Items.Select(i => (i.Id, Hex.Of(i.Data))), back.Items.Select(i => (i.Id, Hex.Of(i.Data))));
    }

    [Fact]
    public void A_new_document_has_qpst_layout_with_item_files_as_efs_dir_and_data_pairs()
    {
        var doc = QcnDocument.Create("x.qcn",
            [new QcnNvItem(550, new byte[128]), new QcnNvItem(10, [4])],
            [new QcnEfsFile("/nv/item_files/modem/mmode/band_pref", [1, 2])],
            [],
            new QcnMobileProperty(29, 0, 0, "M6290A", "ztediag"));
        Assert.Equal(new ushort[] { 10, 550 }, doc.Items.Select(i => i.Id));
        var prov = doc.Tree.Storage("00000000")!.Storage("default")!.Storage("Provisioning_Item_Files")!;
        Assert.Equal("/nv/item_files/modem/mmode/band_pref\0", Encoding.Latin1.GetString(prov.Storage("EFS_Dir")!.Stream("00000000")!.Data));
        Assert.Equal(new byte[] { 1, 2 }, prov.Storage("EFS_Data")!.Stream("00000000")!.Data);
        Assert.Null(QcnFile.TryRead(QcnFile.Write(doc), out QcnDocument? back));
        Assert.Equal("/nv/item_files/modem/mmode/band_pref", back!.ProvisioningFiles.Single().Path);
    }

    [Fact]
    public void Debian_olefile_opens_our_qcn_lists_its_streams_and_reads_their_exact_bytes()
    {
        if (!File.Exists("/usr/bin/python3"))
        {
            Assert.Fail("/usr/bin/python3 is missing: .ci/run installs python3-olefile");
        }

        var items = Enumerable.Range(0, 600).Select(i => new QcnNvItem((ushort)(i * 11), Enumerable.Range(0, 128).Select(b => (byte)(b ^ i)).ToArray())).ToList();
        var doc = QcnDocument.Create("olefile.qcn", items, [new QcnEfsFile("/nv/item_files/a", [9, 8, 7])], [], new QcnMobileProperty(29, 1, 2, "M6290A-KPRZL-2.4.0105T", "ztediag"));
        string dir = Directory.CreateTempSubdirectory("olefile-").FullName;
        try
        {
            string path = Path.Combine(dir, "t.qcn");
            File.WriteAllBytes(path, QcnFile.Write(doc));
            const string Script = """
                import sys, hashlib, olefile
                assert olefile.isOleFile(sys.argv[1])
                ole = olefile.OleFileIO(sys.argv[1])
                for entry in sorted(ole.listdir(streams=True, storages=False)):
                    data = ole.openstream(entry).read()
                    print('/'.join(entry), len(data), hashlib.sha256(data).hexdigest())
                """;
            var psi = new ProcessStartInfo("/usr/bin/python3") { RedirectStandardOutput = true, RedirectStandardError = true };
            psi.ArgumentList.Add("-c");
            psi.ArgumentList.Add(Script);
            psi.ArgumentList.Add(path);
            using var p = Process.Start(psi)!;
            string stdout = p.StandardOutput.ReadToEnd(), stderr = p.StandardError.ReadToEnd();
            p.WaitForExit();
            Assert.True(p.ExitCode == 0, stderr);

            var expected = new List<string>();
            Collect(doc.Tree, "", expected);
            Assert.Equal(string.Join("\n", expected.Order(StringComparer.Ordinal)), string.Join("\n", stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal)));
            Assert.Contains("00000000/default/NV_NUMBERED_ITEMS/NV_ITEM_ARRAY 81600 ", stdout, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(dir, true);
        }

        static void Collect(CfbStorage s, string prefix, List<string> into)
        {
            foreach (var c in s.Children)
            {
                if (c is CfbStorage t)
                {
                    Collect(t, prefix + t.Name + "/", into);
                }
                else if (c is CfbStream st)
                {
                    into.Add($"{prefix}{st.Name} {st.Data.Length} {Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(st.Data))}");
                }
            }
        }
    }

    private static CfbStorage Sorted(CfbStorage s) =>
        s with { Children = [.. s.Children.Order(Comparer<CfbEntry>.Create((a, b) => CfbNames.Compare(a.Name, b.Name))).Select(c => c is CfbStorage t ? Sorted(t) : c)] };
}
