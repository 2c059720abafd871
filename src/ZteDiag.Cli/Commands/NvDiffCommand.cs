using System.CommandLine;
using System.Text.Json;
using ZteDiag.Protocol.Diag;
using ZteDiag.Workbench.Nv;

namespace ZteDiag.Cli.Commands;

/// <summary>`ztediag nv diff FILE [OTHER | --against-device]`: two NV images side by side, like diff(1).</summary>
internal static class NvDiffCommand
{
    /// <summary>diff(1)'s convention: 1 means "the inputs differ", not a failure.</summary>
    private const int Different = 1;

    /// <summary>Bytes of an item shown on a text line before it is cut with "…".</summary>
    private const int ShortBytes = 16;

    private static readonly Argument<string> FileArgument = new("FILE") { Description = "NV backup A: .qcn, .xqcn, JSON, or a `backup --nv` .tar.gz" };
    private static readonly Argument<string?> OtherArgument = new("OTHER") { Description = "NV backup B (same formats); or give --against-device", Arity = ArgumentArity.ZeroOrOne };
    private static readonly Option<bool> AgainstDeviceOption = new("--against-device") { Description = "compare FILE with the modem's NV image (a full read-only scan, as `nv backup` reads it)" };
    private static readonly Option<string?> SpcOption = new("--spc") { Description = "with --against-device: send this SPC so that the protected items are compared too" };

    public static Command Build()
    {
        var cmd = new Command("diff",
            "Compare two NV images: FILE with OTHER, or FILE with the modem (--against-device, reads only). Prints the items only in A,\n" +
            "only in B, and those that differ (short hex, decoded when known), the item files (/nv/item_files) likewise, then a count summary.\n" +
            "Item data is compared over 128 bytes (QCN pads every item to 128). IMEI/ESN/MEID/SPC are masked unless --reveal-secrets.\n" +
            "Items the modem does not let DIAG read (SPC-protected without --spc, unreadable by design) are listed as not compared.\n" +
            "Exit code: 0 the images are equal, 1 they differ (or some items could not be compared), 2 a file is unreadable or hostile.");
        cmd.Arguments.Add(FileArgument);
        cmd.Arguments.Add(OtherArgument);
        cmd.Options.Add(AgainstDeviceOption);
        cmd.Options.Add(SpcOption);
        cmd.SetAction(RunAsync);
        return cmd;
    }

    private static async Task<int> RunAsync(ParseResult parse, CancellationToken ct)
    {
        string pathA = parse.GetValue(FileArgument)!;
        string? pathB = parse.GetValue(OtherArgument);
        bool device = parse.GetValue(AgainstDeviceOption);
        string? spc = parse.GetValue(SpcOption);
        if (device == (pathB is not null))
        {
            throw new UsageException("nv diff compares FILE with OTHER or with the modem: give OTHER or --against-device (one of them)");
        }

        if (spc is not null && (!device || !SpcRequest.IsValidCode(spc)))
        {
            throw new UsageException(device ? "--spc takes the 6-digit service programming code, e.g. 000000" : "--spc is for --against-device (a file needs no SPC)");
        }

        // both files are read (and a hostile one refused) before the modem is opened
        NvBackupFile a = await NvBackupCommand.LoadOrRefuseAsync(pathA, ct, consequence: "").ConfigureAwait(false);
        NvBackupFile b;
        string labelB;
        if (pathB is not null)
        {
            b = await NvBackupCommand.LoadOrRefuseAsync(pathB, ct, consequence: "").ConfigureAwait(false);
            labelB = Path.GetFullPath(pathB);
        }
        else
        {
            await using var modem = await JobSupport.OpenAsync(parse, ct).ConfigureAwait(false);
            ushort last = NvJob.ScannedLast(a); // the range FILE covers: a `backup --nv --nv-last 600` must not call items above 600 "only in B"
            using (var progress = new JobConsoleProgress("nv diff"))
            {
                // item files only when FILE has some: a file of single items would otherwise list every device file as "only in B"
                b = await new NvJob(modem).BackupAsync(last, null, progress, ct, spc, itemFiles: a.ItemFiles is { Count: > 0 }).ConfigureAwait(false);
            }

            labelB = $"the modem ({modem.DiagDescription})";
        }

        NvImageDiffResult r = NvImageDiff.Compare(a, b);
        bool reveal = parse.GetValue(GlobalOptions.RevealSecrets);
        if (parse.GetValue(GlobalOptions.Json))
        {
            await WriteJsonAsync(parse.InvocationConfiguration.Output, r, Path.GetFullPath(pathA), a, labelB, b, reveal).ConfigureAwait(false);
        }
        else
        {
            await WriteTextAsync(parse.InvocationConfiguration.Output, r, Path.GetFullPath(pathA), a, labelB, b, reveal, device && spc is null).ConfigureAwait(false);
        }

        return r.AreEqual ? ExitCodes.Ok : Different;
    }

    private static async Task WriteTextAsync(TextWriter o, NvImageDiffResult r, string labelA, NvBackupFile a, string labelB, NvBackupFile b, bool reveal, bool spcHint)
    {
        await o.WriteLineAsync($"A: {labelA} ({Sizes(a)})").ConfigureAwait(false);
        await o.WriteLineAsync($"B: {labelB} ({Sizes(b)})").ConfigureAwait(false);
        foreach (NvItemDiff d in r.Items)
        {
            string what = d.Kind switch
            {
                NvDiffKind.Differs => $"{Short(d.Id, d.A!, reveal)} → {Short(d.Id, d.B!, reveal)}",
                NvDiffKind.NotCompared => $"({d.Reason}{(spcHint && d.Reason!.Contains("SPC", StringComparison.Ordinal) ? ": give --spc" : "")})",
                _ => Short(d.Id, (d.A ?? d.B)!, reveal),
            };
            await o.WriteLineAsync($"  {Word(d.Kind),-12} {d.Id,5} {d.Name,-28} {what}").ConfigureAwait(false);
        }

        foreach (NvItemFileDiff f in r.ItemFiles)
        {
            string sizes = f.Kind == NvDiffKind.Differs ? $"{f.SizeA} → {f.SizeB} bytes" : $"{f.SizeA ?? f.SizeB} bytes";
            await o.WriteLineAsync($"  {Word(f.Kind),-12} item file {f.Path} ({sizes})").ConfigureAwait(false);
        }

        string files = r.ItemFilesCompared
            ? $"; item files: {r.SameItemFiles} same, {Count(r.ItemFiles, NvDiffKind.Differs)} differ, {Count(r.ItemFiles, NvDiffKind.OnlyInA)} only in A, {Count(r.ItemFiles, NvDiffKind.OnlyInB)} only in B"
            : "; item files not compared (one side records none)";
        await o.WriteLineAsync(
            $"{r.SameItems} same, {Count(r.Items, NvDiffKind.Differs)} differ, {Count(r.Items, NvDiffKind.OnlyInA)} only in A, " +
            $"{Count(r.Items, NvDiffKind.OnlyInB)} only in B, {Count(r.Items, NvDiffKind.NotCompared)} not compared{files}: " +
            (r.AreEqual ? "equal" : "different")).ConfigureAwait(false);
    }

    private static async Task WriteJsonAsync(TextWriter o, NvImageDiffResult r, string labelA, NvBackupFile a, string labelB, NvBackupFile b, bool reveal)
    {
        object? Hex(int id, byte[]? data) => data is null || Hidden(id, reveal) ? null : Convert.ToHexStringLower(data.AsSpan().TrimEnd((byte)0));
        await o.WriteLineAsync(JsonSerializer.Serialize(new
        {
            a = new { source = labelA, items = a.Items.Count, item_files = a.ItemFiles?.Count },
            b = new { source = labelB, items = b.Items.Count, item_files = b.ItemFiles?.Count },
            equal = r.AreEqual,
            summary = new
            {
                same = r.SameItems,
                differ = Count(r.Items, NvDiffKind.Differs),
                only_in_a = Count(r.Items, NvDiffKind.OnlyInA),
                only_in_b = Count(r.Items, NvDiffKind.OnlyInB),
                not_compared = Count(r.Items, NvDiffKind.NotCompared),
                item_files = r.ItemFilesCompared
                    ? new { same = r.SameItemFiles, differ = Count(r.ItemFiles, NvDiffKind.Differs), only_in_a = Count(r.ItemFiles, NvDiffKind.OnlyInA), only_in_b = Count(r.ItemFiles, NvDiffKind.OnlyInB) }
                    : null,
            },
            items = r.Items.Select(d => new
            {
                id = d.Id,
                name = d.Name,
                kind = JsonWord(d.Kind),
                a = Hex(d.Id, d.A),
                b = Hex(d.Id, d.B),
                a_decoded = d.A is null ? null : NvDecode.Describe((ushort)d.Id, d.A, reveal),
                b_decoded = d.B is null ? null : NvDecode.Describe((ushort)d.Id, d.B, reveal),
                masked = Hidden(d.Id, reveal),
                reason = d.Reason,
            }),
            item_files = r.ItemFiles.Select(f => new { path = f.Path, kind = JsonWord(f.Kind), size_a = f.SizeA, size_b = f.SizeB }),
        }, CliJson.Options)).ConfigureAwait(false);
    }

    private static string Sizes(NvBackupFile f) =>
        $"{f.Items.Count} items" + (f.ItemFiles is { } files ? $", {files.Count} item files" : "") +
        (f.NotSaved is { Count: > 0 } ns ? $", {ns.Count} not read (need the SPC)" : "");

    /// <summary>The item's used bytes, cut after <see cref="ShortBytes"/>, with its decoding when known.</summary>
    private static string Short(int id, byte[] data, bool reveal)
    {
        if (NvDecode.Describe((ushort)id, data, reveal) is { } decoded && Hidden(id, reveal))
        {
            return decoded; // the masked decoding says what the item is without showing it
        }

        if (Hidden(id, reveal))
        {
            return "(hidden: --reveal-secrets)";
        }

        ReadOnlySpan<byte> used = data.AsSpan().TrimEnd((byte)0);
        string hex = used.Length == 0 ? "(zeros)" : Convert.ToHexStringLower(used[..Math.Min(used.Length, ShortBytes)]) + (used.Length > ShortBytes ? $"…({used.Length} B)" : "");
        return NvDecode.Describe((ushort)id, data, reveal) is { } text ? $"{hex} [{text}]" : hex;
    }

    private static bool Hidden(int id, bool reveal) => !reveal && NvItems.IsSensitive((ushort)id);

    private static int Count<T>(IEnumerable<T> list, NvDiffKind kind) where T : class =>
        list.Count(x => x switch { NvItemDiff d => d.Kind == kind, NvItemFileDiff f => f.Kind == kind, _ => false });

    private static string JsonWord(NvDiffKind k) => Word(k).Replace(' ', '_').ToLowerInvariant();

    private static string Word(NvDiffKind k) => k switch
    {
        NvDiffKind.OnlyInA => "only in A",
        NvDiffKind.OnlyInB => "only in B",
        NvDiffKind.Differs => "differs",
        _ => "not compared",
    };
}
