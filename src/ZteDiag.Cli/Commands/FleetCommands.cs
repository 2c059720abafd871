using System.CommandLine;
using System.Globalization;
using ZteDiag.Device;
using ZteDiag.Device.Identity;
using ZteDiag.Protocol.At;
using ZteDiag.Workbench.Backup;
using ZteDiag.Workbench.Connection;
using ZteDiag.Workbench.Fleet;
using ZteDiag.Workbench.Jobs;
using ZteDiag.Workbench.Verify;

namespace ZteDiag.Cli.Commands;

/// <summary>
/// `backup --all`, `verify --all`, `info --all`: one job per plugged stick, in parallel, one progress line per stick on
/// stderr, a summary table on stdout; a failing stick does not stop the others and the exit code is how many failed.
/// </summary>
internal static class FleetCommands
{
    public static readonly Option<bool> AllOption = new("--all") { Description = "every plugged stick at once, in parallel: one line per stick, a summary table; exit code = number of sticks that failed" };

    /// <summary>`backup --all [-o DIR]`: <c>&lt;model&gt;-&lt;revision&gt;-&lt;stick&gt;-&lt;time&gt;.tar.gz</c> per stick in DIR.</summary>
    public static Task<int> BackupAllAsync(ParseResult parse, string? directory, Func<FleetStick, BackupPlan> plan, CancellationToken ct)
    {
        string dir = Path.GetFullPath(directory ?? ".");
        if (!Directory.Exists(dir))
        {
            throw new UsageException($"-o with --all names a directory for one archive per stick; {dir} is not one");
        }

        return RunAsync(parse, "backup", async (stick, progress, c) =>
        {
            await using ModemConnection modem = await ModemConnection.OpenAsync(stick.Options, c).ConfigureAwait(false);
            BackupResult r = await new BackupJob(modem).RunAsync(plan(stick) with { OutputPath = dir, StickName = stick.Name }, progress, c).ConfigureAwait(false);
            bool ok = r.Verification.IsValid && r.Unreadable.Count == 0 && r.RefusedNames.Count == 0;
            string detail = $"{r.Verification.Files} files, {ConsoleProgress.Human(r.ContentBytes)}, {r.Elapsed.TotalSeconds:0.0} s" +
                (r.Unreadable.Count > 0 ? $", {r.Unreadable.Count} unreadable" : "") +
                (r.RefusedNames.Count > 0 ? $", {r.RefusedNames.Count} listed names refused" : "") + (r.Verification.IsValid ? "" : ", VERIFY FAILED");
            return (ok, Path.GetFileName(r.ArchivePath) + "  " + detail);
        }, ct);
    }

    /// <summary>`verify --all [DIR]`: each stick against its newest <c>*-&lt;stick&gt;-*.tar.gz</c> in DIR.</summary>
    public static Task<int> VerifyAllAsync(ParseResult parse, string? directory, CancellationToken ct)
    {
        string dir = Path.GetFullPath(directory ?? ".");
        if (!Directory.Exists(dir))
        {
            throw new UsageException($"verify --all takes the directory holding the archives; {dir} is not one");
        }

        return RunAsync(parse, "verify", async (stick, progress, c) =>
        {
            string archive = NewestArchiveOf(dir, stick.Name)
                ?? throw new FileNotFoundException($"no archive of {stick.Name} (*-{stick.Name}-*.tar.gz) in {dir}");
            await using ModemConnection modem = await ModemConnection.OpenAsync(stick.Options, c).ConfigureAwait(false);
            DeviceComparison d = await new VerifyJob(modem).AgainstDeviceAsync(archive, progress, c).ConfigureAwait(false);
            return (d.Differences.Count == 0, $"{Path.GetFileName(archive)}  {d.Compared} compared, {d.Differences.Count} difference(s)");
        }, ct);
    }

    /// <summary>`info --all`: identity of every stick (IMEIs masked unless --reveal-secrets).</summary>
    public static Task<int> InfoAllAsync(ParseResult parse, CancellationToken ct)
    {
        bool reveal = parse.GetValue(GlobalOptions.RevealSecrets);
        return RunAsync(parse, "info", async (stick, progress, c) =>
        {
            await using ModemConnection modem = await ModemConnection.OpenAsync(stick.Options, c).ConfigureAwait(false);
            DiagIdentity id = await modem.Identity.ReadAsync(c).ConfigureAwait(false);
            if (modem.Diag.BreakReason is { } broken)
            {
                throw broken;
            }

            AtiInfo? ati = null;
            if (modem.AtPortPath is not null)
            {
                try
                {
                    ati = await (await modem.GetAtAsync(c).ConfigureAwait(false))!.GetInfoAsync(c).ConfigureAwait(false);
                }
                catch (ZteDiagException)
                {
                    // DIAG answered: the row still says what it can
                }
            }

            string imei = InfoCommand.ShowImei(id.Imei ?? ati?.Imei, reveal) ?? "-";
            return (id.Version is not null, $"{ati?.Model ?? "-"}  {ati?.Revision ?? id.Version?.VersionDirectory.Trim() ?? "-"}  IMEI {imei}  DIAG {modem.DiagDescription}  AT {modem.AtPortPath ?? "-"}");
        }, ct);
    }

    /// <summary>`status --all`: SIM, operator, registration and signal of every stick, read over each stick's own AT port.</summary>
    public static Task<int> StatusAllAsync(ParseResult parse, CancellationToken ct)
    {
        bool reveal = parse.GetValue(GlobalOptions.RevealSecrets);
        return RunAsync(parse, "status", async (stick, progress, c) =>
        {
            progress.Report(new JobProgress("reading", null, 0, 0, 0, 0));
            await using Device.At.AtSession at = await AtConnector.OpenAsync(stick.Options, c).ConfigureAwait(false);
            Device.At.ModemStatus s = await new Device.At.ModemStatusReader(at).ReadAsync(c).ConfigureAwait(false);
            string signal = s.Signal?.Dbm is int dbm ? string.Create(CultureInfo.InvariantCulture, $"{dbm} dBm {ModemStatusText.BarsText(s.Bars ?? 0)}") : "no signal";
            string imei = s.Imei is null ? "-" : reveal ? s.Imei : Protocol.Diag.Imei.Mask(s.Imei);
            return (s.Sim?.State == CpinState.Ready,
                $"{s.Model ?? "-"}  IMEI {imei}  SIM {s.Sim?.StateText ?? "unknown"}  {s.Operator ?? "no operator"}  {s.Technology ?? "-"}  {signal}  AT {at.Description}");
        }, ct);
    }

    /// <summary>The newest archive in <paramref name="dir"/> whose name carries <paramref name="stick"/> as its stick part.</summary>
    internal static string? NewestArchiveOf(string dir, string stick)
    {
        string tag = "-" + Workbench.Archive.BackupNaming.Sanitize(stick) + "-";
        return Directory.EnumerateFiles(dir, "*.tar.gz")
            .Where(f => Path.GetFileName(f).Contains(tag, StringComparison.Ordinal))
            .OrderByDescending(File.GetLastWriteTimeUtc)
            .FirstOrDefault();
    }

    private static async Task<int> RunAsync(ParseResult parse, string verb,
        Func<FleetStick, IProgress<JobProgress>, CancellationToken, Task<(bool Ok, string Detail)>> job, CancellationToken ct)
    {
        IReadOnlyList<FleetStick> sticks = FleetRun.Sticks(CliConnection.Options(parse));
        if (sticks.Count == 0)
        {
            throw new PortException(PortErrorKind.NotFound, "(discovery)", PortResolver.NoModemMessage([]));
        }

        TextWriter err = parse.InvocationConfiguration.Error;
        var outcomes = await FleetRun.RunAsync(sticks, (s, c) => job(s, new StickProgress(err, verb, s.Name), c), ct).ConfigureAwait(false);
        TextWriter o = parse.InvocationConfiguration.Output;
        int width = Math.Max(5, sticks.Max(s => s.Name.Length));
        await o.WriteLineAsync($"{"STICK".PadRight(width)}  {"USB",-7}  {"RESULT",-6}  DETAIL").ConfigureAwait(false);
        int failed = 0;
        foreach (var r in outcomes)
        {
            bool ok = r.Result.Ok && !r.Failed;
            failed += ok ? 0 : 1;
            string detail = r.Error is null ? r.Result.Detail : ErrorReport.TryMap(r.Error, out _, out string m) ? m : r.Error.Message;
            await o.WriteLineAsync($"{r.Stick.Name.PadRight(width)}  {r.Stick.UsbPath,-7}  {(ok ? "OK" : "FAILED"),-6}  {detail}").ConfigureAwait(false);
        }

        await o.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{verb} --all: {sticks.Count - failed} of {sticks.Count} stick(s) OK, {failed} failed")).ConfigureAwait(false);
        return Math.Min(failed, 125);
    }

    /// <summary>One line per stick and phase (and per quarter of a long phase), so parallel jobs read as separate lines.</summary>
    private sealed class StickProgress(TextWriter err, string verb, string stick) : IProgress<JobProgress>
    {
        private readonly Lock _gate = new();
        private string? _phase;
        private long _quarter = -1;

        public void Report(JobProgress value)
        {
            long quarter = value.Total > 0 ? 4 * value.Done / value.Total : 0;
            lock (_gate)
            {
                if (value.Phase == _phase && quarter == _quarter)
                {
                    return;
                }

                _phase = value.Phase;
                _quarter = quarter;
            }

            string pct = value.Total > 0 ? string.Create(CultureInfo.InvariantCulture, $" {25 * quarter}%") : "";
            lock (err)
            {
                err.WriteLine($"[{stick}] {verb} {value.Phase}{pct}");
            }
        }
    }
}
