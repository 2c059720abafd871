using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ZteDiag.TestSupport;

namespace ZteDiag.EndToEnd;

/// <summary>
/// `backup --nv` stores the NV image as nv.qcn beside nv.json (issue 13): listed in the manifest, read by `nv show`
/// like any QCN, checked by `verify`, restored by `restore --nv` (also from an archive holding the QCN alone), and
/// a mismatched or hostile nv.qcn is refused with exit 2 before the modem is opened.
/// </summary>
public sealed class NvQcnArchiveVerbTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("ztediag-nv-qcn-archive-e2e-").FullName;

    public void Dispose()
    {
        try { Directory.Delete(_dir, recursive: true); }
        catch (IOException) { }
    }

    private Task<(int Code, string Out, string Err)> Run(params string[] args) =>
        ZteDiagProcess.RunAsync(args, timeout: TimeSpan.FromMinutes(3), environment: new Dictionary<string, string> { ["XDG_STATE_HOME"] = Path.Combine(_dir, "xdg") });

    private async Task<string> BackupAsync(EmulatorProcess emu, string name)
    {
        string archive = Path.Combine(_dir, name);
        var (b, bo, be) = await Run(["backup", "--path", "/nv", "--nv", "--nv-last", "600", "--spc", "000000", "-o", archive, .. emu.PortArgs]);
        Assert.True(b == 0, bo + be);
        return archive;
    }

    [Fact]
    public async Task The_archives_nv_qcn_is_listed_with_its_hash_reads_as_a_qcn_verifies_and_restores_alone()
    {
        await using var emu = await EmulatorProcess.StartAsync("--profile", "mf627-mts");
        string archive = await BackupAsync(emu, "b.tar.gz");

        Dictionary<string, byte[]> entries = TarTestArchive.ReadEntries(archive);
        byte[] qcn = entries["nv.qcn"];
        Assert.Equal([0xD0, 0xCF, 0x11, 0xE0], qcn[..4]);
        var manifest = JsonNode.Parse(entries["manifest.json"])!;
        Assert.Equal(qcn.Length, manifest["nv_qcn"]!["size"]!.GetValue<long>());
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(qcn)), manifest["nv_qcn"]!["sha256"]!.GetValue<string>());
        Assert.Equal(entries["nv.json"].Length, manifest["nv"]!["size"]!.GetValue<long>());

        // the same items as the archive's NV part, and the EFS item files QPST keeps in a QCN
        string qcnFile = Path.Combine(_dir, "extracted.qcn");
        await File.WriteAllBytesAsync(qcnFile, qcn, TestContext.Current.CancellationToken);
        var (s1, so1, se1) = await Run("nv", "show", qcnFile, "--json", "--reveal-secrets");
        Assert.True(s1 == 0, so1 + se1);
        var (s2, so2, se2) = await Run("nv", "show", archive, "--json", "--reveal-secrets");
        Assert.True(s2 == 0, so2 + se2);
        using (JsonDocument fromQcn = JsonDocument.Parse(so1), fromArchive = JsonDocument.Parse(so2))
        {
            var a = Items(fromQcn);
            Assert.True(a.Count >= 50, $"{a.Count} items in nv.qcn (ids 0..600)");
            Assert.All(new[] { 10, 85, 441, 550 }, id => Assert.True(a.ContainsKey(id), $"NV {id} is not in nv.qcn")); // 85 and 550 need the SPC given
            Assert.Equal(a, Items(fromArchive));
            Assert.Contains(fromQcn.RootElement.GetProperty("item_files").EnumerateArray(), f => f.GetProperty("path").GetString() == "/nv/item_files/modem/mmode/band_pref");
        }

        var (v, vo, ve) = await Run("verify", archive, "--json");
        Assert.True(v == 0, vo + ve);
        using (var doc = JsonDocument.Parse(vo))
        {
            Assert.True(doc.RootElement.GetProperty("valid").GetBoolean());
            Assert.Equal(["nv.qcn", "nv.json"], doc.RootElement.GetProperty("nv_files").EnumerateArray().Select(e => e.GetString()));
        }

        // an archive holding only the QCN (no nv.json) restores through the same NV restore
        string qcnOnly = Path.Combine(_dir, "qcn-only.tar.gz");
        TarTestArchive.Rewrite(archive, qcnOnly, (name, data) => name switch
        {
            "nv.json" => null,
            "manifest.json" => Without(data, "nv"),
            _ => data,
        });
        var (vq, vqo, vqe) = await Run("verify", qcnOnly);
        Assert.True(vq == 0, vqo + vqe);
        Assert.Contains(" NV items (nv.qcn)", vqo, StringComparison.Ordinal);

        Assert.Equal(0, (await Run(["nv", "write", "10", "0e", "--yes", .. emu.PortArgs])).Code);
        Assert.Equal(0, (await Run(["nv", "write", "441", "5a 5a", "--yes", .. emu.PortArgs])).Code);
        var (r, ro, re) = await Run(["restore", qcnOnly, "--nv", "--yes", "--journal-dir", Path.Combine(_dir, "journals"), .. emu.PortArgs]);
        Assert.True(r == 0, ro + re);
        Assert.Contains("NV restore complete: 2 item(s) written and read back.", ro, StringComparison.Ordinal);
        var (v2, vo2, ve2) = await Run(["verify", archive, "--against-device", "--spc", "000000", .. emu.PortArgs]);
        Assert.True(v2 == 0, vo2 + ve2);
        Assert.Contains(" same as on the device, 0 difference(s)", vo2, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_nv_qcn_that_disagrees_with_nv_json_or_is_no_qcn_is_refused_with_exit_2_before_the_modem_is_opened()
    {
        await using var emu = await EmulatorProcess.StartAsync("--profile", "mf627-mts");
        string archive = await BackupAsync(emu, "b.tar.gz");

        // a real QCN of the same stick with NV 10 changed, hashed into the manifest: only the item check can catch it
        Assert.Equal(0, (await Run(["nv", "write", "10", "0e", "--yes", .. emu.PortArgs])).Code);
        string changed = Path.Combine(_dir, "changed.qcn");
        var (n, no, ne) = await Run(["nv", "backup", "-o", changed, "--last", "600", "--spc", "000000", .. emu.PortArgs]);
        Assert.True(n == 0, no + ne);
        string mismatched = Path.Combine(_dir, "mismatched.tar.gz");
        byte[] other = await File.ReadAllBytesAsync(changed, TestContext.Current.CancellationToken);
        TarTestArchive.Rewrite(archive, mismatched, (name, data) => name switch
        {
            "nv.qcn" => other,
            "manifest.json" => WithQcnSummary(data, other),
            _ => data,
        });

        string hostile = Path.Combine(_dir, "hostile.tar.gz");
        byte[] junk = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, .. Enumerable.Repeat((byte)0xFF, 1024)];
        TarTestArchive.Rewrite(archive, hostile, (name, data) => name switch
        {
            "nv.qcn" => junk,
            "manifest.json" => WithQcnSummary(data, junk),
            _ => data,
        });

        foreach (var (file, says) in new[] { (mismatched, "nv.qcn: does not hold the same NV items as nv.json: NV 10 differs"), (hostile, "nv.qcn: not a readable QCN") })
        {
            var (v, vo, ve) = await Run("verify", file);
            Assert.True(v == 1, vo + ve);
            Assert.Contains(": BAD", vo, StringComparison.Ordinal);

            // a port that does not exist: exit 2 shows the archive was refused before any port was opened
            var (r, ro, re) = await Run("restore", file, "--nv", "--yes", "--port", "/dev/null-no-such-port");
            Assert.True(r == 2, ro + re);
            Assert.Contains(says, re, StringComparison.Ordinal);
            Assert.DoesNotContain("   at ", re, StringComparison.Ordinal);

            var (nr, nro, nre) = await Run("nv", "restore", file, "--yes", "--port", "/dev/null-no-such-port");
            Assert.True(nr == 2, nro + nre);
            Assert.Contains(says, nre, StringComparison.Ordinal);
        }
    }

    private static Dictionary<int, string> Items(JsonDocument show) =>
        show.RootElement.GetProperty("items").EnumerateArray().Where(i => i.GetProperty("status").GetString() == "done") // a QCN holds no other status
            .ToDictionary(i => i.GetProperty("id").GetInt32(), i => i.GetProperty("data").GetString()!);

    private static byte[] Without(byte[] manifest, string property)
    {
        var m = JsonNode.Parse(manifest)!.AsObject();
        Assert.True(m.Remove(property));
        return Encoding.UTF8.GetBytes(m.ToJsonString());
    }

    private static byte[] WithQcnSummary(byte[] manifest, byte[] qcn)
    {
        var m = JsonNode.Parse(manifest)!.AsObject();
        m["nv_qcn"] = new JsonObject { ["size"] = qcn.Length, ["sha256"] = Convert.ToHexStringLower(SHA256.HashData(qcn)) };
        return Encoding.UTF8.GetBytes(m.ToJsonString());
    }
}
