using System.CommandLine;
using System.Diagnostics;
using System.Runtime.InteropServices;
using ZteDiag.Emulator;
using ZteDiag.Emulator.Control;
using ZteDiag.Emulator.Host;
using ZteDiag.Emulator.Profiles;

namespace ZteDiag.Cli.Commands;

/// <summary>`ztediag emulate`: the virtual modem on real pseudo-terminals, for practice and for any DIAG client.</summary>
internal static class EmulateCommand
{
    private static readonly Option<string> ProfileOption = new("--profile")
    {
        Description = "modem to emulate: " + string.Join(", ", ProfileCatalog.Names),
        DefaultValueFactory = _ => "mf627-mts",
    };

    private static readonly Option<string?> StateOption = new("--state") { Description = "directory holding the device state (EFS tree, NV); reused if it exists, created from the profile otherwise. Default: a fresh temporary copy" };
    private static readonly Option<string?> LinkDirOption = new("--link-dir") { Description = "also create symlinks DIR/diag, DIR/at, DIR/modem to the ports" };
    private static readonly Option<int> LatencyOption = new("--latency") { Description = "reply latency in milliseconds, like a USB link and a busy DIAG task (default 0)" };
    private static readonly Option<long> BandwidthOption = new("--bandwidth") { Description = "link bandwidth in bytes per second (default: unlimited)" };
    private static readonly Option<int?> RxQueueOption = new("--rx-queue")
    {
        Description = "the DIAG task holds at most N pending requests and discards any that arrive while N are pending (a receive buffer overflowing when a host floods it; default: unlimited)",
    };

    private static readonly Option<string?> ServiceTimeOption = new("--service-time")
    {
        Description = "time the DIAG task spends on each request, served one at a time: " + DiagTaskModel.ServiceTimeSyntax + " (default 0)",
    };

    private static readonly Option<string?> FaultsOption = new("--faults") { Description = "faults to inject, SPEC as below" };
    private static readonly Option<int> SeedOption = new("--seed") { Description = "seed for the generated EFS and for faults", DefaultValueFactory = _ => 1 };
    private static readonly Option<string?> SysfsOption = new("--sysfs") { Description = "write a Linux-like sysfs tree for the emulated USB device under DIR (for `ztediag ports --sysfs-root DIR`)" };

    private static readonly Option<string?> ControlOption = new("--control")
    {
        Description = "rehearsal controls: a Unix socket at PATH taking one command per line (`-` = read them from stdin, answers on stdout); commands below",
    };

    private static readonly Option<int> CountOption = new("--count")
    {
        Description = "run N virtual sticks in one process (a bench on a hub): each with its own ports, state (--state DIR/k), " +
                      "seed (SEED+k-1), USB serial ZTEVIRT00000000k, IMEI and USB path 1-(k+2) under --sysfs",
        DefaultValueFactory = _ => 1,
    };

    private static readonly Option<string?> SimPinOption = new("--sim-pin")
    {
        Description = "the virtual SIM's PIN lock is on with this PIN (4–8 digits): it waits for it after every plug-in; PUK 12345678, " +
                      "3 PIN and 10 PUK attempts. Default: PIN lock off (PIN 0000)",
    };

    private static readonly Option<double> ScanDelayOption = new("--scan-delay")
    {
        Description = "seconds an AT+COPS=? network scan takes (real sticks: 20–60)",
        DefaultValueFactory = _ => 5,
    };

    public static Command Build()
    {
        var cmd = new Command("emulate",
            "Run a virtual ZTE modem on pseudo-terminals until Ctrl+C or SIGTERM.\n" +
            "Prints one JSON line with the port paths once ready, e.g.\n" +
            "  {\"profile\":\"mf627-mts\",\"diag\":\"/dev/pts/5\",\"at\":\"/dev/pts/6\",\"modem\":\"/dev/pts/7\",\"state\":\"…\"}\n" +
            "Any DIAG client (ztediag, QCSuper, libqcdm) can open the diag port; the AT ports answer the ZTE dialect.\n" +
            "On SIGTERM or Ctrl+C it prints a closing JSON line with the number of DIAG requests served: {\"requests\":N}.\n" +
            "With --count N the ready line also holds \"count\" and a \"sticks\" array (ports, state, serial, usb_path, imei of each).\n\n" +
            "--control PATH rehearses a procedure from a script, e.g. `echo 'sim out' | socat - UNIX-CONNECT:PATH`.\n" +
            RehearsalControl.Help + "\n\n" +
            FaultPlan.SyntaxHelp);
        cmd.Options.Add(ProfileOption);
        cmd.Options.Add(StateOption);
        cmd.Options.Add(LinkDirOption);
        cmd.Options.Add(LatencyOption);
        cmd.Options.Add(BandwidthOption);
        cmd.Options.Add(RxQueueOption);
        cmd.Options.Add(ServiceTimeOption);
        cmd.Options.Add(FaultsOption);
        cmd.Options.Add(SeedOption);
        cmd.Options.Add(SysfsOption);
        cmd.Options.Add(ControlOption);
        cmd.Options.Add(CountOption);
        cmd.Options.Add(SimPinOption);
        cmd.Options.Add(ScanDelayOption);
        cmd.SetAction(RunAsync);
        return cmd;
    }

    /// <summary>--rx-queue and --service-time, or null when neither is given.</summary>
    private static DiagTaskModel? DiagTask(ParseResult parse)
    {
        int? rxQueue = parse.GetValue(RxQueueOption);
        string? service = parse.GetValue(ServiceTimeOption);
        if (rxQueue is < 1)
        {
            throw new UsageException("--rx-queue must be at least 1");
        }

        if (rxQueue is null && service is null)
        {
            return null;
        }

        (TimeSpan time, TimeSpan jitter) = (TimeSpan.Zero, TimeSpan.Zero);
        try
        {
            if (service is not null)
            {
                (time, jitter) = DiagTaskModel.ParseServiceTime(service);
            }
        }
        catch (FormatException ex)
        {
            throw new UsageException("--service-time: " + ex.Message);
        }

        return new DiagTaskModel(rxQueue, time, jitter, parse.GetValue(SeedOption));
    }

    private static async Task<int> RunAsync(ParseResult parse, CancellationToken ct)
    {
        string profile = parse.GetValue(ProfileOption)!;
        if (!ProfileCatalog.Names.Contains(profile))
        {
            throw new UsageException($"unknown profile '{profile}'; choose one of: {string.Join(", ", ProfileCatalog.Names)}");
        }

        int latency = parse.GetValue(LatencyOption);
        long bandwidth = parse.GetValue(BandwidthOption);
        if (latency < 0 || bandwidth < 0)
        {
            throw new UsageException("--latency and --bandwidth must not be negative");
        }

        DiagTaskModel? task = DiagTask(parse);
        FaultPlan? faults;
        try
        {
            faults = parse.GetValue(FaultsOption) is { } spec ? FaultPlan.Parse(spec) : null;
        }
        catch (FormatException ex)
        {
            throw new UsageException("--faults: " + ex.Message);
        }

        int seed = parse.GetValue(SeedOption);
        if (seed < 0)
        {
            throw new UsageException("--seed must not be negative");
        }

        if (faults is not null && parse.GetResult(SeedOption) is not null)
        {
            faults.Seed = seed;
        }

        string? simPin = parse.GetValue(SimPinOption);
        if (simPin is not null && !(simPin.Length is >= 4 and <= 8 && simPin.All(char.IsAsciiDigit)))
        {
            throw new UsageException("--sim-pin must be 4 to 8 digits");
        }

        double scanDelay = parse.GetValue(ScanDelayOption);
        if (scanDelay is < 0 or > 600)
        {
            throw new UsageException("--scan-delay takes 0 to 600 seconds");
        }

        string? state = parse.GetValue(StateOption);
        var options = new VirtualModemStartOptions
        {
            SimPin = simPin,
            NetworkScanDelay = TimeSpan.FromSeconds(scanDelay),
            Profile = profile,
            StateDirectory = state,
            ReuseState = state is not null && Directory.Exists(state) && Directory.EnumerateFileSystemEntries(state).Any(),
            Seed = (ulong)seed,
            Link = latency > 0 || bandwidth > 0 ? new LinkModel(TimeSpan.FromMilliseconds(latency), bandwidth) : null,
            Faults = faults,
            DiagTask = task,
            LinkDirectory = parse.GetValue(LinkDirOption),
        };

        int count = parse.GetValue(CountOption);
        if (count is < 1 or > 32)
        {
            throw new UsageException("--count must be between 1 and 32");
        }

        // A TaskCompletionSource, not a CancellationTokenSource: a signal handled while the process is already
        // shutting down must find nothing disposed (a throwing handler aborts the process with 134).
        var stop = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => { c.Cancel = true; stop.TrySetResult(); });
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, c => { c.Cancel = true; stop.TrySetResult(); });

        if (count > 1 && parse.GetValue(ControlOption) is not null)
        {
            throw new UsageException("--control drives one stick; with --count run one emulator per stick that needs rehearsal controls");
        }

        if (count > 1)
        {
            return await RunBenchAsync(parse, count, options, stop.Task, ct).ConfigureAwait(false);
        }

        await using VirtualModem modem = VirtualModem.Start(options);
        // Power-loss fault: die at once, no cleanup, exactly like a pulled plug; the state dir shows what the EFS kept.
        modem.PowerLoss += (_, _) => Process.GetCurrentProcess().Kill();
        modem.PoweredDown += (_, _) => Serilog.Log.Warning("wrong security password: the virtual modem powered down (ports closed)");
        if (parse.GetValue(SysfsOption) is { } sysfs)
        {
            modem.WriteSysfs(sysfs);
        }

        var output = parse.InvocationConfiguration.Output;
        var control = new RehearsalControl(modem);
        string Answer(string line)
        {
            string reply = control.Execute(line);
            Serilog.Log.Information("control {Command}: {Reply}", line.Trim(), reply);
            return reply;
        }

        string? controlPath = parse.GetValue(ControlOption);
        await using ControlSocketServer? socket = controlPath is null or "-" ? null : new ControlSocketServer(controlPath, Answer);
        await output.WriteLineAsync(modem.ReadyJson()).ConfigureAwait(false);
        await output.FlushAsync(CancellationToken.None).ConfigureAwait(false);
        Serilog.Log.Information("virtual {Profile} ready; state in {State}", profile, modem.StateDirectory);
        if (controlPath == "-")
        {
            _ = Task.Run(() => ReadStdinCommandsAsync(Answer, output), CancellationToken.None);
        }
        // SIGINT/SIGTERM (or the host's cancellation): a clean shutdown below.
        await Task.WhenAny(stop.Task, Task.Delay(Timeout.Infinite, ct)).ConfigureAwait(false);

        // one closing JSON line: how many DIAG requests were served (tests place fault points with it)
        await output.WriteLineAsync($"{{\"requests\":{modem.Host.DiagServer?.RequestCount ?? 0}}}").ConfigureAwait(false);
        await output.FlushAsync(CancellationToken.None).ConfigureAwait(false);
        return ExitCodes.Ok;
    }

    /// <summary>`--control -`: commands from stdin, one answer line each on stdout; the end of stdin ends only the controls.</summary>
    private static async Task ReadStdinCommandsAsync(Func<string, string> answer, TextWriter output)
    {
        while (await Console.In.ReadLineAsync().ConfigureAwait(false) is { } line)
        {
            if (line.Trim().Length == 0)
            {
                continue;
            }

            string reply = answer(line);
            await output.WriteLineAsync(reply).ConfigureAwait(false);
            await output.FlushAsync(CancellationToken.None).ConfigureAwait(false);
        }
    }

    /// <summary>`--count N`: N sticks in one process until the same stop as a single stick; the closing line sums their requests.</summary>
    private static async Task<int> RunBenchAsync(ParseResult parse, int count, VirtualModemStartOptions template, Task stop, CancellationToken ct)
    {
        await using VirtualBench bench = VirtualBench.Start(count, template);
        foreach (VirtualModem m in bench.Modems)
        {
            m.PowerLoss += (_, _) => Process.GetCurrentProcess().Kill();
        }

        if (parse.GetValue(SysfsOption) is { } sysfs)
        {
            bench.WriteSysfs(sysfs);
        }

        var output = parse.InvocationConfiguration.Output;
        await output.WriteLineAsync(bench.ReadyJson()).ConfigureAwait(false);
        await output.FlushAsync(CancellationToken.None).ConfigureAwait(false);
        Serilog.Log.Information("{Count} virtual {Profile} sticks ready", count, template.Profile);
        await Task.WhenAny(stop, Task.Delay(Timeout.Infinite, ct)).ConfigureAwait(false);
        long requests = bench.Modems.Sum(m => (long)(m.Host.DiagServer?.RequestCount ?? 0));
        await output.WriteLineAsync($"{{\"requests\":{requests}}}").ConfigureAwait(false);
        await output.FlushAsync(CancellationToken.None).ConfigureAwait(false);
        return ExitCodes.Ok;
    }
}
