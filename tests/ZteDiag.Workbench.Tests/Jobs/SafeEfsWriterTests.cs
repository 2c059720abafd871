using ZteDiag.Device;
using ZteDiag.Emulator.Host;
using ZteDiag.Emulator.State;
using ZteDiag.Protocol.Efs;
using ZteDiag.Workbench.Archive;
using ZteDiag.Workbench.Safety;

namespace ZteDiag.Workbench.Tests.Jobs;

public sealed class SafeEfsWriterTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>A real (tiny) archive that verifies: the token the writer needs.</summary>
    private static async Task<VerifiedBackup> TokenAsync(string path)
    {
        await using (var w = BackupArchiveWriter.Create(path, new BackupHeader("test", DateTimeOffset.UtcNow, null)))
        {
            w.AddDirectory(new EfsEntryInfo("/nvm", 0x41ED, 0));
            await w.CompleteAsync(Ct);
        }

        var v = await ArchiveVerifier.VerifyAsync(path, Ct);
        Assert.True(v.IsValid);
        return new VerifiedBackup(v.Path, v.Manifest!, DateTimeOffset.UtcNow);
    }

    [Fact]
    public async Task A_write_that_runs_out_of_space_removes_its_temporary_file_and_keeps_the_original()
    {
        await using var t = await JobTestModem.StartAsync(faults: new FaultPlan { EnospcAfterBytes = 4096 });
        var store = t.Modem.State.Efs;
        byte[] original = [1, 2, 3, 4, 5, 6, 7, 8];
        Assert.Equal(EfsStoreError.None, store.WriteFile("/keep.bin", original));
        var writer = new SafeEfsWriter(await TokenAsync(Path.Combine(t.Directory, "token.tar.gz")));
        await t.Connection.EnsureEfsAsync(Ct);
        var efs = t.Connection.Efs;

        var ex = await Assert.ThrowsAsync<EfsException>(() =>
            writer.WriteFileAtomicAsync(efs, "/keep.bin", new byte[16 * 1024], 0x81A4, Ct));

        Assert.Equal(EfsErrno.ENOSPC, ex.Errno);
        Assert.False(store.Exists(SafeEfsWriter.TempPathFor("/keep.bin")));
        Assert.Equal(EfsStoreError.None, store.ReadFile("/keep.bin", out byte[] now));
        Assert.Equal(original, now);
    }

    [Fact]
    public async Task A_new_file_that_runs_out_of_space_leaves_neither_the_file_nor_its_temporary_copy()
    {
        await using var t = await JobTestModem.StartAsync(faults: new FaultPlan { EnospcAfterBytes = 1000 });
        var store = t.Modem.State.Efs;
        var writer = new SafeEfsWriter(await TokenAsync(Path.Combine(t.Directory, "token.tar.gz")));
        await t.Connection.EnsureEfsAsync(Ct);
        var efs = t.Connection.Efs;

        await Assert.ThrowsAsync<EfsException>(() =>
            writer.WriteFileAtomicAsync(efs, "/new.bin", new byte[5000], 0x81A4, Ct));

        Assert.False(store.Exists(SafeEfsWriter.TempPathFor("/new.bin")));
        Assert.False(store.Exists("/new.bin"));
    }
}
