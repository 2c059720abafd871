using System.CommandLine;
using System.Text.Json;
using ZteDiag.Device.Nv;
using ZteDiag.Protocol.Diag;
using ZteDiag.Workbench.Jobs;
using ZteDiag.Workbench.Nv;

namespace ZteDiag.Cli.Commands;

/// <summary>`ztediag nv scan` (the modem's whole NV image) and `ztediag nv show FILE` (a backup's).</summary>
internal static class NvImageCommands
{
    private static readonly Option<int> LastOption = new("--last") { Description = "last NV id to scan (0..N)", DefaultValueFactory = _ => NvJob.DefaultLastItem };
    private static readonly Argument<string> ShowFileArgument = new("FILE") { Description = "NV backup: .qcn, .xqcn or JSON" };

    public static Command BuildScan()
    {
        var cmd = new Command("scan",
            $"List the modem's active NV items 0..N (default {NvJob.DefaultLastItem}): id, name when known, bytes used, and counts per status.\n" +
            $"Reads are pipelined ({NvClient.ScanWindow} in flight). Items needing the SPC and items unreadable by design are listed apart. Reads only.");
        cmd.Options.Add(LastOption);
        cmd.SetAction(async (parse, ct) =>
        {
            int last = parse.GetValue(LastOption);
            if (last is < 0 or > ushort.MaxValue)
            {
                throw new UsageException("--last must be 0..65535");
            }

            await using var modem = await JobSupport.OpenAsync(parse, ct).ConfigureAwait(false);
            NvScanResult r;
            using (var bar = new JobConsoleProgress("nv scan"))
            {
                IProgress<NvScanProgress> p = new Relay(s => bar.Report(new JobProgress("nv", $"NV {s.Item}", s.Done, s.Total, s.Found, 0)));
                r = await modem.Nv.ScanAllAsync(NvClient.Range(0, (ushort)last), p, ct).ConfigureAwait(false);
            }

            var o = parse.InvocationConfiguration.Output;
            if (parse.GetValue(GlobalOptions.Json))
            {
                await o.WriteLineAsync(JsonSerializer.Serialize(new
                {
                    scanned = r.Scanned,
                    active = r.Active.Select(i => new { id = i.Item, name = NvItemCatalog.NameOf(i.Item), size = Used(i.Data.Span), status = i.Status.ToString() }),
                    needs_spc = r.NeedsSpc,
                    unreadable = r.Unreadable,
                    unknown = r.Unknown,
                    status_counts = r.StatusCounts.ToDictionary(kv => kv.Key.ToString(), kv => kv.Value),
                }, CliJson.Options)).ConfigureAwait(false);
                return ExitCodes.Ok;
            }

            foreach (NvItem i in r.Active)
            {
                await o.WriteLineAsync($"{i.Item,5}  {NvItemCatalog.NameOf(i.Item) ?? "-",-28} {Used(i.Data.Span),3} B  {i.Status}").ConfigureAwait(false);
            }

            await o.WriteLineAsync($"{r.Scanned} ids scanned: {r.Active.Count} active, " +
                string.Join(", ", r.StatusCounts.OrderBy(kv => kv.Key).Select(kv => $"{kv.Value} {kv.Key}")) +
                $", {r.NeedsSpc.Count} need the SPC ({string.Join(" ", r.NeedsSpc)}), {r.Unreadable.Count} unreadable by design ({string.Join(" ", r.Unreadable)})").ConfigureAwait(false);
            return ExitCodes.Ok;
        });
        return cmd;
    }

    public static Command BuildShow()
    {
        var cmd = new Command("show", "Show an NV backup (.qcn, .xqcn, JSON or the NV part of a `backup --nv` .tar.gz) without a modem: items with names and decoded values, item files,\nthe property info. IMEI/ESN/MEID/SPC are masked unless --reveal-secrets. A hostile or damaged file: one line, exit 2.");
        cmd.Arguments.Add(ShowFileArgument);
        cmd.SetAction(async (parse, ct) =>
        {
            string path = parse.GetValue(ShowFileArgument)!;
            NvBackupFile file = await NvBackupCommand.LoadOrRefuseAsync(path, ct).ConfigureAwait(false);
            bool reveal = parse.GetValue(GlobalOptions.RevealSecrets);
            var o = parse.InvocationConfiguration.Output;
            var rows = file.Items.Select(i =>
            {
                byte[] data = Convert.FromHexString(i.Data);
                bool hide = !reveal && NvItems.IsSensitive((ushort)i.Id);
                return new { id = i.Id, name = NvItems.Name((ushort)i.Id), status = i.Status, data = hide ? null : Convert.ToHexStringLower(Trim(data)), decoded = NvDecode.Describe((ushort)i.Id, data, reveal), masked = hide };
            }).ToList();
            if (parse.GetValue(GlobalOptions.Json))
            {
                await o.WriteLineAsync(JsonSerializer.Serialize(new
                {
                    file = Path.GetFullPath(path),
                    source = file.Scanned,
                    items = rows,
                    item_files = (file.ItemFiles ?? []).Select(f => new { path = f.Path, size = f.Data.Length / 2 }),
                }, CliJson.Options)).ConfigureAwait(false);
                return ExitCodes.Ok;
            }

            await o.WriteLineAsync($"{Path.GetFullPath(path)}: {rows.Count} NV items, {file.ItemFiles?.Count ?? 0} item files ({file.Scanned})").ConfigureAwait(false);
            foreach (var r in rows)
            {
                string value = r.decoded ?? (r.masked ? "(hidden: --reveal-secrets)" : r.data!.Length == 0 ? "(zeros)" : r.data);
                await o.WriteLineAsync($"{r.id,5}  {r.name,-28} {value}").ConfigureAwait(false);
            }

            foreach (var f in file.ItemFiles ?? [])
            {
                await o.WriteLineAsync($"  item file {f.Path} ({f.Data.Length / 2} bytes)").ConfigureAwait(false);
            }

            return ExitCodes.Ok;
        });
        return cmd;
    }

    private static int Used(ReadOnlySpan<byte> data) => Trim(data).Length;

    private static ReadOnlySpan<byte> Trim(ReadOnlySpan<byte> data) => data.TrimEnd((byte)0);

    private sealed class Relay(Action<NvScanProgress> report) : IProgress<NvScanProgress>
    {
        public void Report(NvScanProgress value) => report(value);
    }
}
