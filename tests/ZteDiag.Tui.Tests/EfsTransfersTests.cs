using ZteDiag.Device;
using ZteDiag.Device.Efs;
using ZteDiag.Emulator.State;
using EfsDirEntry = ZteDiag.Device.Efs.EfsDirEntry;
using ZteDiag.Protocol.Efs;
using ZteDiag.Workbench.Jobs;

namespace ZteDiag.Tui.Tests;

/// <summary>
/// The TUI download does what `efs get` promises (temp name, rename, GET for item files; an existing local
/// file is never emptied), and the context runs one modem operation at a time.
/// </summary>
public sealed class EfsTransfersTests : IDisposable
{
    private readonly DirectoryInfo _out = Directory.CreateTempSubdirectory("ztediag-tui-xfer-");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => _out.Delete(recursive: true);

    private static EfsDirEntry Entry(string path, int mode, long size) =>
        new(EfsPath.Name(path), path, EfsMode.IsItemFile(mode) ? EfsDirEntryType.Other : EfsDirEntryType.Regular, mode, size, 0, 0, 0);

    private static IProgress<JobProgress> Quiet { get; } = new Progress<JobProgress>();

    [Fact]
    public async Task A_failed_download_leaves_the_existing_local_file_whole_and_no_temporary_file()
    {
        await using WorkbenchContext ctx = await Harness.DemoAsync(_out.FullName);
        string local = Path.Combine(_out.FullName, "keep.bin");
        await File.WriteAllTextAsync(local, "precious", Ct);

        await Assert.ThrowsAsync<EfsException>(() =>
            EfsTransfers.DownloadAsync(ctx, Entry("/no/such/file", EfsMode.S_IFREG | 0x1A4, 10), local, Quiet, Ct));

        Assert.Equal("precious", await File.ReadAllTextAsync(local, Ct));
        Assert.Equal(["keep.bin"], _out.EnumerateFiles().Select(f => f.Name));
    }

    [Fact]
    public async Task A_download_replaces_the_local_file_with_the_modem_content_and_reads_item_files()
    {
        byte[] item = [0x01, 0x02, 0x03, 0x00, 0xff];
        await using WorkbenchContext ctx = await Harness.DemoAsync(_out.FullName,
            vm => Assert.Equal(EfsStoreError.None, vm.State.Efs.WriteFile("/item.bin", item, EfsMode.S_IFITM | 0x1B6)));
        string local = Path.Combine(_out.FullName, "item.bin");
        await File.WriteAllTextAsync(local, "an older, longer local copy", Ct);

        await EfsTransfers.DownloadAsync(ctx, Entry("/item.bin", EfsMode.S_IFITM | 0x1B6, item.Length), local, Quiet, Ct);

        Assert.Equal(item, await File.ReadAllBytesAsync(local, Ct));
        Assert.Equal(["item.bin"], _out.EnumerateFiles().Select(f => f.Name));
    }

    [Fact]
    public async Task A_second_modem_operation_waits_until_the_first_has_ended()
    {
        await using WorkbenchContext ctx = await Harness.DemoAsync(_out.FullName);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var firstStarted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        bool secondRan = false;

        Task<bool> first = ctx.WithModemAsync(async _ =>
        {
            firstStarted.SetResult();
            await release.Task;
            return secondRan;
        }, Ct);
        await firstStarted.Task;
        Task<bool> second = ctx.WithModemAsync(_ =>
        {
            secondRan = true;
            return Task.FromResult(true);
        }, Ct);
        Task listing = Task.Run(async () =>
        {
            await foreach (EfsDirEntry _ in ctx.ListAsync("/", Ct))
            {
                Assert.True(secondRan); // the listing holds the session only after the operations queued before it
            }
        }, Ct);

        Assert.False(second.IsCompleted);
        release.SetResult();

        Assert.False(await first); // the second had not run while the first held the modem
        Assert.True(await second);
        await listing;
    }
}
