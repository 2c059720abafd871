using System.Text.Json;
using ZteDiag.Workbench.Nv;

namespace ZteDiag.EndToEnd;

/// <summary>
/// `ztediag nv restore` cut by an unplug of `ztediag emulate` (a fault after N DIAG requests), then
/// `ztediag nv restore --resume` after the stick comes back on the same state directory.
/// </summary>
public sealed class NvRestoreResumeVerbTests(ITestOutputHelper log) : IDisposable
{
    private const int Changed = 4;
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "ztediag-nv-resume-e2e-" + Guid.NewGuid().ToString("N"));

    /// <summary>Logs and the backup registry of these runs stay in the test's folder.</summary>
    private Dictionary<string, string> Env => new() { ["XDG_STATE_HOME"] = Path.Combine(_dir, "xdg-state") };

    public void Dispose()
    {
        try { Directory.Delete(_dir, recursive: true); }
        catch (IOException) { }
    }

    private Task<(int Code, string Out, string Err)> Run(params string[] args) =>
        ZteDiagProcess.RunAsync(args, timeout: TimeSpan.FromMinutes(3), environment: Env);

    /// <summary>Ids the emulator's NV store protects with the SPC or refuses to write (its nv.json).</summary>
    private static HashSet<int> Guarded(string state)
    {
        using var doc = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(state, "nv.json")));
        var ids = new HashSet<int>();
        foreach (string list in new[] { "readOnly", "protected" })
        {
            if (doc.RootElement.TryGetProperty(list, out var a)) ids.UnionWith(a.EnumerateArray().Select(e => e.GetInt32()));
        }

        return ids;
    }

    private static void CopyDirectory(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (string d in Directory.GetDirectories(from, "*", SearchOption.AllDirectories))
            Directory.CreateDirectory(Path.Combine(to, Path.GetRelativePath(from, d)));
        foreach (string f in Directory.GetFiles(from, "*", SearchOption.AllDirectories))
            File.Copy(f, Path.Combine(to, Path.GetRelativePath(from, f)));
    }

    [Fact]
    [Trait("Category", "Slow")]
    public async Task An_nv_restore_cut_by_an_unplug_fails_clearly_and_resume_after_the_replug_brings_every_item_to_its_target()
    {
        Directory.CreateDirectory(_dir);
        string state = Path.Combine(_dir, "modem");
        string archive = Path.Combine(_dir, "full.tar.gz");
        string nvJson = Path.Combine(_dir, "nv.json");
        string journals = Path.Combine(_dir, "journals");
        List<NvBackupItem> chosen;

        // 1. a full backup (the write guard) and an NV backup, then the technician changes some items
        await using (var emu = await EmulatorProcess.StartAsync("--profile", "mf627-mts", "--state", state))
        {
            var (b, bo, be) = await Run(["backup", "--nv", "--spc", "000000", "-o", archive, .. emu.PortArgs]);
            Assert.True(b == 0, bo + be);
            var (n, no, ne) = await Run(["nv", "backup", "-o", nvJson, "--last", "600", "--spc", "000000", .. emu.PortArgs]);
            Assert.True(n == 0, no + ne);

            var guarded = Guarded(state);
            // NV 550 is the IMEI: changing it would make the stick another device for the restore's checks
            chosen = [.. NvBackupFile.Parse(File.ReadAllBytes(nvJson)).Items
                .Where(i => i.Status == "done" && i.Id != 550 && !guarded.Contains(i.Id) && i.Data.Length >= 2).Take(Changed)];
            Assert.Equal(Changed, chosen.Count);
            foreach (NvBackupItem item in chosen)
            {
                var (w, wo, we) = await Run(["nv", "write", item.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), Flip(item.Data), "--yes", .. emu.PortArgs]);
                Assert.True(w == 0, $"nv write {item.Id}: {wo}{we}");
            }

            await emu.StopAsync();
        }

        // 2. where the writing ends, in DIAG requests: a full restore on a copy of the changed modem
        string reference = Path.Combine(_dir, "reference");
        CopyDirectory(state, reference);
        long total;
        await using (var emu = await EmulatorProcess.StartAsync("--state", reference))
        {
            var (c, o, e) = await Run([.. emu.PortArgs, "nv", "restore", nvJson, "--yes", "--backup", archive, "--journal-dir", Path.Combine(_dir, "journals-ref")]);
            Assert.True(c == 0, o + e);
            Assert.Contains($"{Changed} item(s) differ, {Changed} written and read back", o, StringComparison.Ordinal);
            total = await emu.StopAndCountRequestsAsync();
        }

        // 3. the unplug: every item is one WRITE and one READ at the end of the run; cut right after the 2nd item's WRITE
        long cutAfter = total - (2 * Changed) + 3;
        await using (var emu = await EmulatorProcess.StartAsync("--state", state, "--faults", $"disconnect-after-requests={cutAfter}"))
        {
            var (code, o, e) = await Run([.. emu.PortArgs, "nv", "restore", nvJson, "--yes", "--backup", archive, "--journal-dir", journals]);
            log.WriteLine($"restore ends at request {total}; unplugged after {cutAfter}: exit {code}, {e.Trim()}");
            Assert.True(code == 4, $"exit {code} (expected 4, link failure): {o}{e}");
            Assert.StartsWith("ztediag: ", e.Split('\n', StringSplitOptions.RemoveEmptyEntries).Last(), StringComparison.Ordinal);
            Assert.Contains($"{emu.DiagPath} went away while in use", e, StringComparison.Ordinal); // names the port and what happened
            Assert.Contains("was the modem unplugged", e, StringComparison.Ordinal);
            Assert.Contains("run `ztediag nv restore --resume` to finish it", e, StringComparison.Ordinal); // and how to finish
            Assert.DoesNotContain("   at ", e, StringComparison.Ordinal); // no stack trace
        }

        string? journalPath = NvRestoreJournalStore.FindLatestUnfinished(journals);
        Assert.NotNull(journalPath);
        NvRestoreJournal cut = NvRestoreJournalStore.Load(journalPath);
        Assert.False(cut.Complete);
        Assert.Equal(chosen.Select(i => i.Id).Order(), cut.Items.Select(i => i.Id).Order());
        int doneAtCut = cut.Items.Count(i => i.State == NvItemState.Done);
        Assert.InRange(doneAtCut, 1, Changed - 1); // cut in the middle of the writes
        Assert.Equal(Path.GetFullPath(archive), cut.BackupPath);

        // 4. plugged back in on the same state directory: --resume writes the rest with the restore's own backup
        await using (var emu = await EmulatorProcess.StartAsync("--state", state))
        {
            var (code, o, e) = await Run([.. emu.PortArgs, "nv", "restore", "--resume", "--yes", "--journal-dir", journals, "--json"]);
            Assert.True(code == 0, o + e);
            Assert.Contains("using verified backup " + Path.GetFullPath(archive), e, StringComparison.Ordinal);
            using (var doc = JsonDocument.Parse(o))
            {
                int written = doc.RootElement.GetProperty("written").GetInt32();
                int already = doc.RootElement.GetProperty("already_done").GetInt32();
                log.WriteLine($"journal at the cut: {doneAtCut} of {Changed} done; resume: {written} written, {already} already there");
                Assert.Equal(Changed - doneAtCut, written + already);
                Assert.True(written >= 1, o);
                Assert.Equal(Path.GetFullPath(journalPath), doc.RootElement.GetProperty("journal").GetString());
            }

            foreach (NvBackupItem item in chosen)
            {
                var (rc, ro, re) = await Run(["nv", "read", item.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), "--json", .. emu.PortArgs]);
                Assert.True(rc == 0, ro + re);
                using var doc = JsonDocument.Parse(ro);
                Assert.Equal("Done", doc.RootElement.GetProperty("status").GetString());
                Assert.StartsWith(item.Data, doc.RootElement.GetProperty("data").GetString(), StringComparison.Ordinal);
            }

            var (again, againOut, _) = await Run([.. emu.PortArgs, "nv", "restore", nvJson, "--dry-run"]);
            Assert.Equal(0, again);
            Assert.Contains("no changes", againOut, StringComparison.Ordinal);
        }

        Assert.True(NvRestoreJournalStore.Load(journalPath).Complete);
        Assert.Null(NvRestoreJournalStore.FindLatestUnfinished(journals));
    }

    private static string Flip(string hex)
    {
        byte[] b = Convert.FromHexString(hex);
        b[0] ^= 0x5A;
        return Convert.ToHexStringLower(b);
    }
}
