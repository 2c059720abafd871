using ZteDiag.Emulator;
using ZteDiag.Workbench.Connection;
using ZteDiag.Workbench.Jobs;

namespace ZteDiag.Tui;

/// <summary>What the workbench window works on: the open modem, the demo modem (if any) and the jobs.</summary>
public sealed class WorkbenchContext : IAsyncDisposable
{
    private readonly SemaphoreSlim _efsGate = new(1, 1);

    /// <summary>Creates the context; it owns <paramref name="modem"/> and <paramref name="demo"/>.</summary>
    public WorkbenchContext(ModemConnection modem, VirtualModem? demo, IWorkbenchJobs jobs, string outputDirectory)
    {
        Modem = modem;
        Demo = demo;
        Jobs = jobs;
        OutputDirectory = outputDirectory;
    }

    /// <summary>The open modem.</summary>
    public ModemConnection Modem { get; }

    /// <summary>The in-process virtual modem when running the demo.</summary>
    public VirtualModem? Demo { get; }

    /// <summary>Backup/verify/restore and maintenance jobs.</summary>
    public IWorkbenchJobs Jobs { get; }

    /// <summary>Default folder for backups and downloads.</summary>
    public string OutputDirectory { get; }

    /// <summary>EFS HELLO once, safe to call from several background tasks.</summary>
    public async Task EnsureEfsAsync(CancellationToken ct)
    {
        await _efsGate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            await Modem.EnsureEfsAsync(ct).ConfigureAwait(false);
        }
        finally
        {
            _efsGate.Release();
        }
    }

    /// <summary>Connects to the discovered / configured modem, or starts the demo modem first.</summary>
    public static async Task<WorkbenchContext> OpenAsync(TuiOptions options, bool demo, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(options);
        VirtualModem? vm = null;
        ConnectionOptions conn = options.Connection;
        if (demo)
        {
            vm = VirtualModem.Start(new VirtualModemStartOptions { Profile = options.Profile });
            conn = conn with { DiagPort = vm.DiagPath, AtPort = vm.AtPath, Tcp = null };
        }

        try
        {
            ModemConnection modem = await ModemConnection.OpenAsync(conn, ct).ConfigureAwait(false);
            return new WorkbenchContext(modem, vm, options.Jobs ?? new WorkbenchJobs(new BackupRegistry(BackupRegistry.DefaultPath)), options.OutputDirectory);
        }
        catch
        {
            vm?.Dispose();
            throw;
        }
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        await Modem.DisposeAsync().ConfigureAwait(false);
        if (Demo is not null)
        {
            await Demo.DisposeAsync().ConfigureAwait(false);
        }

        _efsGate.Dispose();
    }
}
