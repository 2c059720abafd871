using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using ZteDiag.Device.Nv;
using ZteDiag.Protocol.Diag;
using ZteDiag.Workbench.Connection;

namespace ZteDiag.Cli.Commands;

/// <summary>`ztediag nv read|write`: one NV item over DIAG.</summary>
internal static class NvCommand
{
    private const string Safety =
        "SAFETY: NV items hold the radio calibration, the IMEI and the network settings. A wrong value can leave the\n" +
        "stick without network or unable to start, and there is no undo: back up first (`ztediag nv read ID` and keep\n" +
        "the hex). Changing an IMEI is illegal in many countries.";

    private static readonly Argument<ushort> ItemArgument = new("ID") { Description = "NV item id, decimal (550) or hex (0x226), or its name (NV_UE_IMEI_I)", CustomParser = r => ParseItem(r) };
    private static readonly Argument<string> HexArgument = new("HEX") { Description = "item data in hex, up to 128 bytes (spaces and colons allowed inside quotes), zero-padded" };
    private static readonly Option<ushort?> IndexOption = new("--index") { Description = "array index / subscription: indexed read through the NV subsystem (0x4B 0x30)" };
    private static readonly Option<bool> YesOption = new("--yes", "-y") { Description = "write without asking (required when stdin is not a terminal)" };
    private static readonly Option<string?> SpcOption = new("--spc") { Description = "send this service programming code first (protected items such as 550 and 85 need it)" };

    public static Command Build()
    {
        var nv = new Command("nv", "Read and write single NV items over DIAG (SPC-protected items need `ztediag spc` or --spc first).");

        var read = new Command("read",
            "Read one NV item: status name and a hex dump of its 128 data bytes; NV 550 is also decoded as the IMEI.\n" +
            "Sensitive items (0 ESN, 85 SPC, 550 IMEI, 1943 MEID) are masked unless --reveal-secrets.\n" +
            "Exit code 1 when the status is not Done (e.g. NotActive: the item was never written); the status is still printed.");
        read.Arguments.Add(ItemArgument);
        read.Options.Add(IndexOption);
        read.Options.Add(SpcOption);
        read.SetAction(ReadAsync);
        nv.Subcommands.Add(read);

        var write = new Command("write",
            "Write one NV item (data zero-padded to 128 bytes). Asks y/N on a terminal; needs --yes otherwise.\n" + Safety);
        write.Arguments.Add(ItemArgument);
        write.Arguments.Add(HexArgument);
        write.Options.Add(YesOption);
        write.Options.Add(SpcOption);
        write.SetAction(WriteAsync);
        nv.Subcommands.Add(write);
        return nv;
    }

    private static async Task<int> ReadAsync(ParseResult parse, CancellationToken ct)
    {
        ushort item = parse.GetValue(ItemArgument);
        ushort? index = parse.GetValue(IndexOption);
        bool reveal = parse.GetValue(GlobalOptions.RevealSecrets);
        string? spc = ValidSpc(parse);
        await using ModemConnection modem = await CliSession.OpenAsync(parse, ct).ConfigureAwait(false);
        if (spc is not null && !await SendSpcAsync(modem, spc, parse, ct).ConfigureAwait(false))
        {
            return ExitCodes.DeviceRefused;
        }

        NvItem r = index is ushort i
            ? await new IndexedNvClient(modem.Diag).ReadAsync(item, i, ct).ConfigureAwait(false)
            : await modem.Nv.ReadAsync(item, tolerateInactive: true, ct).ConfigureAwait(false);
        bool hide = !reveal && NvItems.IsSensitive(item);
        string? imei = null;
        if (item == (ushort)NvItemId.UeImei && r.IsActive && Imei.TryDecode(r.Data.Span, out string? decoded) == ImeiError.None)
        {
            imei = reveal ? decoded : Imei.Mask(decoded);
        }

        var o = parse.InvocationConfiguration.Output;
        if (parse.GetValue(GlobalOptions.Json))
        {
            o.WriteLine(JsonSerializer.Serialize(new
            {
                item,
                name = NvItems.Name(item),
                index,
                status = r.Status.ToString(),
                status_code = (int)r.Status,
                data = hide ? null : Convert.ToHexString(r.Data.Span).ToLowerInvariant(),
                masked = hide,
                imei,
                decoded = r.IsActive ? NvDecode.Describe(item, r.Data.Span, reveal) : null,
            }, CliJson.Options));
        }
        else
        {
            string where = index is ushort ix ? string.Create(CultureInfo.InvariantCulture, $" index {ix}") : "";
            o.WriteLine($"NV {item}{where} {NvItems.Name(item)}: status {r.Status} ({r.Status.Describe()})");
            if (r.IsActive)
            {
                if (hide)
                {
                    o.WriteLine("  data hidden (sensitive item; --reveal-secrets shows it)");
                }
                else
                {
                    o.Write(HexDump(r.Data.Span));
                }

                if (NvDecode.Describe(item, r.Data.Span, reveal) is { } decodedText)
                {
                    o.WriteLine(decodedText);
                }
            }
        }

        return r.IsActive ? ExitCodes.Ok : ExitCodes.DeviceRefused;
    }

    private static async Task<int> WriteAsync(ParseResult parse, CancellationToken ct)
    {
        ushort item = parse.GetValue(ItemArgument);
        byte[] data = ParseHex(parse.GetValue(HexArgument)!);
        string? spc = ValidSpc(parse);
        var err = parse.InvocationConfiguration.Error;
        if (!parse.GetValue(YesOption))
        {
            if (!Confirmation.CanAsk)
            {
                throw new UsageException($"refusing to write NV {item} without --yes: stdin is not a terminal, so nobody can confirm. {Safety.Replace('\n', ' ')}");
            }

            err.WriteLine(Safety);
            if (!Confirmation.Ask($"Write {data.Length} byte(s) to NV {item} ({NvItems.Name(item)})?", err))
            {
                err.WriteLine("Not written.");
                return ExitCodes.DeviceRefused;
            }
        }

        await using ModemConnection modem = await CliSession.OpenAsync(parse, ct).ConfigureAwait(false);
        if (spc is not null && !await SendSpcAsync(modem, spc, parse, ct).ConfigureAwait(false))
        {
            return ExitCodes.DeviceRefused;
        }

        await modem.Nv.WriteAsync(item, data, ct).ConfigureAwait(false);
        var o = parse.InvocationConfiguration.Output;
        if (parse.GetValue(GlobalOptions.Json))
        {
            o.WriteLine(JsonSerializer.Serialize(new { item, name = NvItems.Name(item), written = data.Length, status = nameof(NvStatus.Done) }, CliJson.Options));
        }
        else
        {
            o.WriteLine($"NV {item} {NvItems.Name(item)}: wrote {data.Length} byte(s), status Done");
        }

        return ExitCodes.Ok;
    }

    private static string? ValidSpc(ParseResult parse)
    {
        string? spc = parse.GetValue(SpcOption);
        return spc is null || SpcRequest.IsValidCode(spc) ? spc : throw new UsageException("--spc takes the 6-digit service programming code, e.g. 000000");
    }

    private static async Task<bool> SendSpcAsync(ModemConnection modem, string spc, ParseResult parse, CancellationToken ct)
    {
        if (await modem.Nv.SendSpcAsync(spc, ct).ConfigureAwait(false))
        {
            return true;
        }

        await parse.InvocationConfiguration.Error.WriteLineAsync($"ztediag: SPC {SpcCommand.Show(spc, parse)} rejected; nothing was read or written").ConfigureAwait(false);
        return false;
    }

    internal static string HexDump(ReadOnlySpan<byte> data)
    {
        var sb = new StringBuilder();
        for (int row = 0; row < data.Length; row += 16)
        {
            ReadOnlySpan<byte> line = data.Slice(row, Math.Min(16, data.Length - row));
            sb.Append(CultureInfo.InvariantCulture, $"  {row:x4}  ");
            for (int i = 0; i < 16; i++)
            {
                sb.Append(i < line.Length ? line[i].ToString("x2", CultureInfo.InvariantCulture) + " " : "   ");
            }

            sb.Append(' ');
            foreach (byte b in line)
            {
                sb.Append(b is >= 0x20 and < 0x7F ? (char)b : '.');
            }

            sb.Append('\n');
        }

        return sb.ToString();
    }

    internal static byte[] ParseHex(string text)
    {
        string s = text.Replace("0x", "", StringComparison.OrdinalIgnoreCase);
        s = new string(s.Where(c => !char.IsWhiteSpace(c) && c is not (':' or '-')).ToArray());
        if (s.Length == 0 || s.Length % 2 != 0 || !s.All(char.IsAsciiHexDigit))
        {
            throw new UsageException($"'{text}' is not hex bytes (e.g. 08 3a 65 or 083a65)");
        }

        byte[] data = Convert.FromHexString(s);
        return data.Length <= NvPacket.DataLength ? data : throw new UsageException($"NV data is at most {NvPacket.DataLength} bytes, got {data.Length}");
    }

    private static ushort ParseItem(System.CommandLine.Parsing.ArgumentResult r)
    {
        string t = r.Tokens.Count > 0 ? r.Tokens[0].Value : "";
        if (t.Length > 0 && !char.IsAsciiDigit(t[0]) && NvItemCatalog.TryFind(t, out ushort named))
        {
            return named;
        }

        bool ok = t.StartsWith("0x", StringComparison.OrdinalIgnoreCase)
            ? ushort.TryParse(t.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out ushort v)
            : ushort.TryParse(t, NumberStyles.None, CultureInfo.InvariantCulture, out v);
        if (!ok)
        {
            r.AddError($"'{t}' is not an NV item id (0..65535, decimal or 0x hex) nor a known name such as NV_UE_IMEI_I");
        }

        return v;
    }
}
