using ZteDiag.Emulator;
using ZteDiag.Emulator.Host;
using ZteDiag.Workbench.Connection;

namespace ZteDiag.Workbench.Tests.Jobs;

/// <summary>An in-process virtual MF627 on real ptys, a ModemConnection to it, and a scratch directory.</summary>
internal sealed class JobTestModem : IAsyncDisposable
{
    private JobTestModem(VirtualModem modem, ModemConnection connection, string dir)
    {
        Modem = modem;
        Connection = connection;
        Directory = dir;
    }

    public VirtualModem Modem { get; }

    public ModemConnection Connection { get; }

    public string Directory { get; }

    public string EfsHostRoot => Modem.State.Efs.RootDirectory;

    public static async Task<JobTestModem> StartAsync(bool withAt = true, FaultPlan? faults = null, TimeSpan? timeout = null)
    {
        var modem = VirtualModem.Start(new VirtualModemStartOptions { Profile = "mf627-mts", Faults = faults });
        var conn = await ModemConnection.OpenAsync(
            new ConnectionOptions { DiagPort = modem.DiagPath, AtPort = withAt ? modem.AtPath : null, Timeout = timeout ?? TimeSpan.FromSeconds(3) },
            TestContext.Current.CancellationToken);
        string dir = Path.Combine(Path.GetTempPath(), "ztediag-jobs-" + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(dir);
        return new JobTestModem(modem, conn, dir);
    }

    public async ValueTask DisposeAsync()
    {
        await Connection.DisposeAsync();
        await Modem.DisposeAsync();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
