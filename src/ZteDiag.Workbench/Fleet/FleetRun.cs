using ZteDiag.Device.Discovery;
using ZteDiag.Workbench.Connection;

namespace ZteDiag.Workbench.Fleet;

/// <summary>One stick of a fleet run: its name, and connection options that reach exactly it.</summary>
/// <param name="Name">Stable name (<see cref="ModemNames"/>).</param>
/// <param name="UsbPath">USB path, the key the options select it by (stable for the run).</param>
/// <param name="Options">The caller's options with <see cref="ConnectionOptions.Device"/> set to this stick.</param>
public sealed record FleetStick(string Name, string UsbPath, ConnectionOptions Options);

/// <summary>How one stick's job ended: a result, or the failure that stopped it (the others went on).</summary>
public sealed record FleetOutcome<T>(FleetStick Stick, T? Result, Exception? Error)
{
    /// <summary>True when the job threw.</summary>
    public bool Failed => Error is not null;
}

/// <summary>
/// Runs one job per plugged stick (every stick with a DIAG port), all in parallel: the links are independent, so the
/// bench takes about as long as its slowest stick. A stick that fails does not stop the others.
/// </summary>
public static class FleetRun
{
    /// <summary>The sticks a fleet run covers, in `ztediag ports` order.</summary>
    public static IReadOnlyList<FleetStick> Sticks(ConnectionOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.DiagPort is not null || options.Tcp is not null || options.Device is not null)
        {
            throw new ArgumentException("--all works on every discovered stick: leave out --port, --tcp and --device");
        }

        IReadOnlyList<DiscoveredModem> all = PortResolver.Discover(options);
        return [.. all.Where(m => m.DiagPort is not null)
            .Select(m => new FleetStick(ModemNames.Of(m, all), m.UsbPath, options with { Device = m.UsbPath, RequireNamedDevice = false }))];
    }

    /// <summary>Runs <paramref name="job"/> on every stick at once; outcomes in stick order.</summary>
    public static async Task<IReadOnlyList<FleetOutcome<T>>> RunAsync<T>(IReadOnlyList<FleetStick> sticks,
        Func<FleetStick, CancellationToken, Task<T>> job, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(sticks);
        ArgumentNullException.ThrowIfNull(job);
        var tasks = sticks.Select(s => Task.Run(async () =>
        {
            try
            {
                return new FleetOutcome<T>(s, await job(s, ct).ConfigureAwait(false), null);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                return new FleetOutcome<T>(s, default, ex);
            }
        }, ct)).ToList();
        return await Task.WhenAll(tasks).ConfigureAwait(false);
    }
}
