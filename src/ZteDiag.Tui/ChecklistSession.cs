using ZteDiag.Workbench.Checklists;

namespace ZteDiag.Tui;

/// <summary>
/// The TUI's side of the checklist engine: the connected modem's run-state key, its saved runs, and running a
/// checklist through the same <see cref="ChecklistRunner"/> and <see cref="ModemChecklistDevice"/> as
/// <c>ztediag checklist run</c>, with the workbench's own ports released for the duration of the run.
/// </summary>
public sealed class ChecklistSession
{
    private readonly WorkbenchContext _ctx;
    private readonly ModemChecklistDeviceOptions _device;
    private readonly TimeSpan _pollInterval;

    /// <summary>Creates the session.</summary>
    /// <param name="ctx">The workbench context (modem, ports, state store).</param>
    /// <param name="device">Backup/restore settings; null = backups into the context's output directory, recorded in the
    /// jobs' backup registry like every other backup the TUI takes.</param>
    /// <param name="pollInterval">How often a wait-for-device step looks for the modem (default 1 s).</param>
    public ChecklistSession(WorkbenchContext ctx, ModemChecklistDeviceOptions? device = null, TimeSpan? pollInterval = null)
    {
        _ctx = ctx ?? throw new ArgumentNullException(nameof(ctx));
        _device = device ?? new ModemChecklistDeviceOptions { BackupDirectory = Path.Combine(ctx.OutputDirectory, "backups"), Registry = ctx.Jobs.Registry };
        _pollInterval = pollInterval ?? TimeSpan.FromSeconds(1);
    }

    /// <summary>Run-state key of the connected modem (IMEI hash); null until known.</summary>
    public string? DeviceKey { get; private set; }

    /// <summary>Reads the connected modem's identity once to find its key; null when it has no readable IMEI.</summary>
    public async Task<string?> IdentifyAsync(CancellationToken ct)
    {
        DeviceKey ??= await ModemChecklistDevice.DeviceKeyAsync(_ctx.Modem, ct).ConfigureAwait(false);
        return DeviceKey;
    }

    /// <summary>The saved run of <paramref name="checklist"/> on this modem, or null.</summary>
    /// <exception cref="InvalidDataException">The state file is corrupt (the message names it).</exception>
    public ChecklistRunState? Load(ChecklistDefinition checklist)
    {
        ArgumentNullException.ThrowIfNull(checklist);
        return DeviceKey is null ? null : _ctx.ChecklistStore.Load(DeviceKey, checklist.Id);
    }

    /// <summary>Runs (or resumes) <paramref name="checklist"/>; the state is saved after every step.</summary>
    public Task<ChecklistRunResult> RunAsync(ChecklistDefinition checklist, IChecklistPrompter prompter, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(checklist);
        ArgumentNullException.ThrowIfNull(prompter);
        return _ctx.WithPortsReleasedAsync(async connection =>
        {
            var runner = new ChecklistRunner(checklist, new ModemChecklistDevice(connection, _device), prompter, _ctx.ChecklistStore,
                TimeProvider.System, new ChecklistRunnerOptions { DeviceKey = DeviceKey, PollInterval = _pollInterval, ProvisionalHint = "tui" });
            try
            {
                return await runner.RunAsync(ct).ConfigureAwait(false);
            }
            finally
            {
                // an unidentified modem gets its key during the run (a provisional key, then the IMEI hash)
                DeviceKey = runner.State?.DeviceKey ?? DeviceKey;
            }
        }, ct);
    }

    /// <summary>Forgets the saved run of <paramref name="checklist"/> on this modem; true when there was one.</summary>
    public bool Reset(ChecklistDefinition checklist)
    {
        ArgumentNullException.ThrowIfNull(checklist);
        return DeviceKey is not null && _ctx.ChecklistStore.Delete(DeviceKey, checklist.Id);
    }
}
