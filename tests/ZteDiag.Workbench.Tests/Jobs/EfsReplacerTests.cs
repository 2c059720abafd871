using ZteDiag.Device;
using ZteDiag.Device.Efs;
using ZteDiag.Workbench.Safety;

namespace ZteDiag.Workbench.Tests.Jobs;

/// <summary>The one replacement path (efs put, the TUI upload, SafeEfsWriter) on the emulator: whole new content or the old one, never a temp file left.</summary>
public sealed class EfsReplacerTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<List<string>> NamesAsync(EfsClient efs, string dir)
    {
        var names = new List<string>();
        await foreach (var e in efs.WalkAsync(dir, readLinks: false, Ct)) names.Add(e.Path);
        return names;
    }

    [Fact]
    public async Task An_existing_file_is_replaced_with_the_new_bytes_and_no_temporary_file_stays()
    {
        await using var t = await JobTestModem.StartAsync();
        var efs = t.Connection.Efs;
        await efs.MkdirAsync("/up", parents: true, cancellationToken: Ct);
        await efs.WriteAllBytesAsync("/up/conf.ini", "old"u8.ToArray(), Ct);
        byte[] data = new byte[5000];
        new Random(7).NextBytes(data);

        await EfsReplacer.ReplaceAsync(efs, "/up/conf.ini", data, EfsClient.DefaultFileMode, null, Ct);

        Assert.Equal(data, await efs.ReadAllBytesAsync("/up/conf.ini", Ct));
        Assert.Equal(["/up/conf.ini"], await NamesAsync(efs, "/up"));
    }

    [Fact]
    public async Task When_the_final_rename_is_refused_the_target_is_untouched_and_the_temporary_file_is_removed()
    {
        await using var t = await JobTestModem.StartAsync();
        var efs = t.Connection.Efs;
        await efs.MkdirAsync("/up/dir", parents: true, cancellationToken: Ct);
        await efs.WriteAllBytesAsync("/up/dir/keep", "keep"u8.ToArray(), Ct);

        await Assert.ThrowsAnyAsync<ZteDiagException>(() =>
            EfsReplacer.ReplaceAsync(efs, "/up/dir", "new"u8.ToArray(), EfsClient.DefaultFileMode, null, Ct));

        Assert.Equal("keep"u8.ToArray(), await efs.ReadAllBytesAsync("/up/dir/keep", Ct));
        Assert.Equal(["/up/dir", "/up/dir/keep"], (await NamesAsync(efs, "/up")).Order(StringComparer.Ordinal));
    }
}
