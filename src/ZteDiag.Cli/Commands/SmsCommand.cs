using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using ZteDiag.Device.At;
using ZteDiag.Protocol.Sms;

namespace ZteDiag.Cli.Commands;

/// <summary>`ztediag sms list|read N|send NUMBER TEXT|delete N`: the stick's SMS inbox on the AT port.</summary>
internal static class SmsCommand
{
    private static readonly Option<string?> StorageOption = new("--storage")
    {
        Description = "message memory: SM (the SIM) or ME (the stick's own); default: the one in use (AT+CPMS?)",
    };

    private static readonly Option<string> ModeOption = new("--mode")
    {
        Description = "auto (PDU mode where the stick has it, text mode otherwise; send: text mode for plain one-part text), text, or pdu",
        DefaultValueFactory = _ => "auto",
    };

    private static readonly Argument<int> IndexArgument = new("INDEX")
    {
        Description = "storage index as `sms list` shows it (#2); any part of a concatenated message names the whole",
    };

    private static readonly Argument<string> NumberArgument = new("NUMBER") { Description = "destination, e.g. +79161234567 (digits, optional leading +)" };

    private static readonly Argument<string[]> TextArgument = new("TEXT")
    {
        Description = "the message (several words are joined with spaces); Unicode and long texts are sent in PDU mode, in parts",
        Arity = ArgumentArity.OneOrMore,
    };

    public static Command Build()
    {
        var sms = new Command("sms",
            "Read, send and delete SMS on the AT port. Every verb first selects or queries the message memory (AT+CPMS),\n" +
            "which also stops the +ZUSIMR:2 nag ZTE firmware repeats until a connection manager does so. Messages are read in\n" +
            "PDU mode where the stick has it (GSM 7-bit and UCS2 decoded, concatenated parts joined), in text mode otherwise.\n" +
            "Listing marks unread messages read, as on a phone; reading marks only the message read. A refusal names the\n" +
            "CMS/CME code and its meaning; a `> ` prompt is always closed before the command returns.\n" +
            "Examples: ztediag sms list    ztediag sms read 2    ztediag sms send +79161234567 'Test from the bench'    ztediag sms delete 2");
        sms.Subcommands.Add(BuildList());
        sms.Subcommands.Add(BuildRead());
        sms.Subcommands.Add(BuildSend());
        sms.Subcommands.Add(BuildDelete());
        return sms;
    }

    private static Command WithCommonOptions(Command c)
    {
        c.Options.Add(StorageOption);
        c.Options.Add(ModeOption);
        return c;
    }

    private static Command BuildList()
    {
        var cmd = WithCommonOptions(new Command("list",
            "List every message in the memory, the parts of long messages joined. Exit 0, also when there are none.\n" +
            "Example: ztediag sms list --storage SM --json"));
        cmd.SetAction(async (parse, ct) =>
        {
            (string? storage, SmsMode mode) = Common(parse);
            await using AtSession session = await CliSession.OpenAtAsync(parse, ct).ConfigureAwait(false);
            var client = new SmsClient(session);
            (SmsStorageInfo info, SmsMode used) = await client.PrepareAsync(storage, mode, ct).ConfigureAwait(false);
            IReadOnlyList<SmsMessageView> messages = await client.ListAsync(used, ct).ConfigureAwait(false);
            var output = parse.InvocationConfiguration.Output;
            if (parse.GetValue(GlobalOptions.Json))
            {
                output.WriteLine(JsonSerializer.Serialize(new { storage = Storage(info), mode = ModeName(used), messages = messages.Select(Json) }, CliJson.Options));
                return ExitCodes.Ok;
            }

            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{info.Memory}: {info.Used} of {info.Total} slots used, {messages.Count} message{(messages.Count == 1 ? "" : "s")} ({ModeName(used)} mode)"));
            foreach (SmsMessageView m in messages)
            {
                output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"#{m.IndexText,-6} {m.Status,-10}  {m.Address}  {When(m.Timestamp)}{Details(m)}").TrimEnd());
                foreach (string line in (m.Problem ?? m.Text).Split('\n'))
                {
                    output.WriteLine("        " + line);
                }
            }

            return ExitCodes.Ok;
        });
        return cmd;
    }

    private static Command BuildRead()
    {
        var cmd = WithCommonOptions(new Command("read",
            "Show one message; when INDEX is one part of a concatenated message, the whole message. Exit 1 when the slot is\n" +
            "empty (MF62x firmware answers a bare OK) or past the memory (+CMS ERROR: 321, invalid memory index).\n" +
            "Example: ztediag sms read 2"));
        cmd.Arguments.Add(IndexArgument);
        cmd.SetAction(async (parse, ct) =>
        {
            (string? storage, SmsMode mode) = Common(parse);
            int index = CheckIndex(parse.GetValue(IndexArgument));
            await using AtSession session = await CliSession.OpenAtAsync(parse, ct).ConfigureAwait(false);
            var client = new SmsClient(session);
            (SmsStorageInfo info, SmsMode used) = await client.PrepareAsync(storage, mode, ct).ConfigureAwait(false);
            SmsMessageView m = await client.ReadAsync(index, used, info.Total, ct).ConfigureAwait(false);
            var output = parse.InvocationConfiguration.Output;
            if (parse.GetValue(GlobalOptions.Json))
            {
                output.WriteLine(JsonSerializer.Serialize(new { storage = Storage(info), mode = ModeName(used), message = Json(m) }, CliJson.Options));
                return ExitCodes.Ok;
            }

            bool received = m.Status.StartsWith("REC", StringComparison.Ordinal);
            output.WriteLine((received ? "From:   " : "To:     ") + m.Address);
            if (m.Timestamp is not null)
            {
                output.WriteLine("Date:   " + When(m.Timestamp));
            }

            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Status: {m.Status} (#{m.IndexText} on {info.Memory}){Details(m)}"));
            output.WriteLine();
            output.WriteLine((m.Problem ?? m.Text).ReplaceLineEndings(Environment.NewLine));
            return ExitCodes.Ok;
        });
        return cmd;
    }

    private static Command BuildSend()
    {
        var cmd = WithCommonOptions(new Command("send",
            "Send an SMS: AT+CMGS, the text after the `> ` prompt, Ctrl-Z, then up to 30 s for the network's message\n" +
            "reference. Plain ASCII of up to 160 characters goes in text mode; other text in PDU mode (UCS2 when the GSM\n" +
            "alphabet lacks a character), split into concatenated parts when long. Exit 1 when the stick or network refuses\n" +
            "(e.g. +CMS ERROR: 330, SMSC address unknown; +CMS ERROR: 331, no network service).\n" +
            "Examples: ztediag sms send +79161234567 'Test from the bench'    ztediag sms send 900 'Баланс'"));
        cmd.Arguments.Add(NumberArgument);
        cmd.Arguments.Add(TextArgument);
        cmd.SetAction(async (parse, ct) =>
        {
            (_, SmsMode mode) = Common(parse);
            string number = parse.GetValue(NumberArgument) ?? string.Empty;
            string text = string.Join(' ', parse.GetValue(TextArgument) ?? []).ReplaceLineEndings("\n");
            CheckMessage(number, text, mode);
            await using AtSession session = await CliSession.OpenAtAsync(parse, ct).ConfigureAwait(false);
            var client = new SmsClient(session);
            SmsStorageInfo info = await client.SelectStorageAsync(parse.GetValue(StorageOption), ct).ConfigureAwait(false);
            SmsSendResult sent = await client.SendAsync(number, text, mode, ct).ConfigureAwait(false);
            var output = parse.InvocationConfiguration.Output;
            if (parse.GetValue(GlobalOptions.Json))
            {
                output.WriteLine(JsonSerializer.Serialize(new
                {
                    number,
                    mode = ModeName(sent.Mode),
                    encoding = sent.Encoding,
                    parts = sent.References.Count,
                    references = sent.References,
                    storage = Storage(info),
                }, CliJson.Options));
                return ExitCodes.Ok;
            }

            string refs = string.Join(", ", sent.References.Select(r => r.ToString(CultureInfo.InvariantCulture)));
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Sent to {number} in {sent.References.Count} part{(sent.References.Count == 1 ? "" : "s")} ({ModeName(sent.Mode)} mode, {(sent.Encoding == "ucs2" ? "UCS2" : "GSM 7-bit")}); message reference {refs}."));
            return ExitCodes.Ok;
        });
        return cmd;
    }

    private static Command BuildDelete()
    {
        var cmd = WithCommonOptions(new Command("delete",
            "Delete one message; in PDU mode every part of a concatenated message goes with it. The slot is read first, so\n" +
            "an empty one is an error (exit 1) even on firmware that answers OK to deleting nothing.\n" +
            "Example: ztediag sms delete 2"));
        cmd.Arguments.Add(IndexArgument);
        cmd.SetAction(async (parse, ct) =>
        {
            (string? storage, SmsMode mode) = Common(parse);
            int index = CheckIndex(parse.GetValue(IndexArgument));
            await using AtSession session = await CliSession.OpenAtAsync(parse, ct).ConfigureAwait(false);
            var client = new SmsClient(session);
            (SmsStorageInfo info, SmsMode used) = await client.PrepareAsync(storage, mode, ct).ConfigureAwait(false);
            IReadOnlyList<int> deleted = await client.DeleteAsync(index, used, info.Total, ct).ConfigureAwait(false);
            var output = parse.InvocationConfiguration.Output;
            if (parse.GetValue(GlobalOptions.Json))
            {
                output.WriteLine(JsonSerializer.Serialize(new { deleted, storage = info.Memory }, CliJson.Options));
                return ExitCodes.Ok;
            }

            string list = string.Join(",", deleted.Select(i => i.ToString(CultureInfo.InvariantCulture)));
            output.WriteLine(deleted.Count == 1 ? $"Deleted #{list} from {info.Memory}." : $"Deleted #{list} ({deleted.Count} parts of one message) from {info.Memory}.");
            return ExitCodes.Ok;
        });
        return cmd;
    }

    private static (string? Storage, SmsMode Mode) Common(ParseResult parse)
    {
        string? storage = parse.GetValue(StorageOption)?.ToUpperInvariant();
        if (storage is not (null or "SM" or "ME"))
        {
            throw new UsageException($"--storage takes SM (the SIM) or ME (the stick's memory), not '{parse.GetValue(StorageOption)}'");
        }

        SmsMode mode = (parse.GetValue(ModeOption) ?? "auto").ToLowerInvariant() switch
        {
            "auto" => SmsMode.Auto,
            "text" => SmsMode.Text,
            "pdu" => SmsMode.Pdu,
            string other => throw new UsageException($"--mode takes auto, text or pdu, not '{other}'"),
        };
        return (storage, mode);
    }

    private static int CheckIndex(int index) =>
        index is >= 0 and <= 9999 ? index : throw new UsageException($"INDEX is a storage index as `ztediag sms list` shows it (0 to 9999), not {index}");

    /// <summary>Refuses what cannot be sent before the port is opened.</summary>
    private static void CheckMessage(string number, string text, SmsMode mode)
    {
        if (!SmsClient.IsValidNumber(number))
        {
            throw new UsageException($"'{number}' is not a phone number: digits with an optional leading + (e.g. +79161234567)");
        }

        if (text.Length == 0)
        {
            throw new UsageException("the message is empty");
        }

        if (text.Any(c => char.IsControl(c) && c != '\n'))
        {
            throw new UsageException("the message contains a control character (only line breaks are allowed)");
        }

        if (mode == SmsMode.Text && !SmsClient.FitsTextMode(text))
        {
            throw new UsageException("text mode carries plain ASCII up to 160 characters; leave out --mode text to send this in PDU mode");
        }

        try
        {
            _ = SmsSubmitEncoder.Encode(number, text);
        }
        catch (ArgumentException ex)
        {
            throw new UsageException(ex.Message.Split(" (Parameter", 2)[0]);
        }
    }

    private static object Storage(SmsStorageInfo info) => new { memory = info.Memory, used = info.Used, total = info.Total };

    private static string ModeName(SmsMode mode) => mode == SmsMode.Text ? "text" : "pdu";

    private static object Json(SmsMessageView m) => new
    {
        indexes = m.Indexes,
        status = m.Status,
        address = m.Address,
        timestamp = m.Timestamp?.ToString("yyyy-MM-ddTHH:mm:sszzz", CultureInfo.InvariantCulture),
        text = m.Text,
        encoding = m.Encoding,
        parts = m.Parts,
        missing_parts = m.MissingParts,
        problem = m.Problem,
    };

    private static string When(DateTimeOffset? t) => t?.ToString("yyyy-MM-dd HH:mm:ss zzz", CultureInfo.InvariantCulture) ?? string.Empty;

    private static string Details(SmsMessageView m)
    {
        var d = new StringBuilder();
        if (m.Parts > 1)
        {
            d.Append(CultureInfo.InvariantCulture, $"{m.Parts} parts");
            if (m.MissingParts.Count > 0)
            {
                d.Append(CultureInfo.InvariantCulture, $", part {string.Join(",", m.MissingParts)} missing");
            }
        }

        if (m.Encoding == "ucs2")
        {
            d.Append(d.Length > 0 ? ", " : string.Empty).Append("UCS2");
        }

        return d.Length == 0 ? string.Empty : "  (" + d + ")";
    }
}
