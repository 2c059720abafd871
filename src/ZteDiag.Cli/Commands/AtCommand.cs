using System.CommandLine;
using System.Text.Json;
using ZteDiag.Device.At;
using ZteDiag.Protocol.At;

namespace ZteDiag.Cli.Commands;

/// <summary>`ztediag at [COMMAND…]`: one AT command, or the interactive AT console.</summary>
internal static class AtCommand
{
    private static readonly Argument<string[]> CommandArgument = new("COMMAND")
    {
        Description = "the AT command, e.g. ATI or AT+CSQ (quote it when it has quotes or spaces); none: the console",
        Arity = ArgumentArity.ZeroOrMore,
    };

    private static readonly Option<bool> YesOption = new("--yes", "-y") { Description = "send dangerous commands (AT+ZCDRUN=E, AT+CPIN=…) without asking" };

    public static Command Build()
    {
        var cmd = new Command("at",
            "Talk AT on the AT port (--at-port, or the discovered one).\n" +
            "With a COMMAND: send it, print the reply lines and the final result; exit 0 on OK, 1 on ERROR / +CME ERROR /\n" +
            "+CMS ERROR (the code is described).\n" +
            "Without: an interactive console with history (Up/Down, kept in $XDG_STATE_HOME/ztediag/at_history),\n" +
            "Tab completion, `?` / `? AT+ZCDRUN` for help, unsolicited codes shown as [URC] …, `exit` or Ctrl+D to quit.\n" +
            "When stdin is not a terminal the console reads one command per line (scripts), echoes each as `> CMD`\n" +
            "and exits 1 if any command failed or was skipped. Dangerous commands ask first (need --yes in scripts).\n" +
            "IMEIs and other 15-digit numbers in replies are masked unless --reveal-secrets.\n" +
            "Commands that answer late wait for it (bounded) and print it: AT+CUSD=1,\"*100#\",15 prints the +CUSD: answer\n" +
            "(up to 30 s), AT+COPS=? may take 3 minutes. AT+CMGS=\"NUMBER\" answers with the `> ` prompt: type the text,\n" +
            "Ctrl+Z sends, Esc aborts (one-shot with piped stdin: stdin is the text; in a script: the lines after the\n" +
            "command, up to one ending in ^Z, or ^[ to abort). A command that times out is followed by ESC and AT so the\n" +
            "next one finds the port in command mode. AT+CMGL answering +CMS ERROR: 303 (PDU mode) is explained and\n" +
            "text mode offered; repeated unsolicited codes are counted on one line and the +ZUSIMR nag offers AT+CPMS?.");
        cmd.Arguments.Add(CommandArgument);
        cmd.Options.Add(YesOption);
        cmd.SetAction(async (parse, ct) =>
        {
            string command = string.Join(' ', parse.GetValue(CommandArgument) ?? []).Trim();
            bool yes = parse.GetValue(YesOption);
            bool reveal = parse.GetValue(GlobalOptions.RevealSecrets);
            var output = parse.InvocationConfiguration.Output;
            var error = parse.InvocationConfiguration.Error;
            if (command.Length == 0)
            {
                await using AtSession console = await CliSession.OpenAtAsync(parse, ct).ConfigureAwait(false);
                using var engine = new AtConsoleEngine(console, reveal);
                var at = new AtConsole(engine, output, yes);
                return Confirmation.CanAsk
                    ? await at.RunInteractiveAsync(ct).ConfigureAwait(false)
                    : await at.RunScriptAsync(Console.In, ct).ConfigureAwait(false);
            }

            if (command.AsSpan().IndexOfAny('\r', '\n') >= 0)
            {
                throw new UsageException("one AT command per call; for several use the console: `ztediag at < commands.txt`");
            }

            if (AtCommandCatalogue.Match(command) is { IsDangerous: true } danger && !yes)
            {
                if (!Confirmation.CanAsk)
                {
                    throw new UsageException($"{command} is dangerous ({danger.Help}); stdin is not a terminal, so add --yes to send it");
                }

                if (!Confirmation.Ask($"{command}: {danger.Help} Send it?", error))
                {
                    await error.WriteLineAsync("Not sent.").ConfigureAwait(false);
                    return ExitCodes.DeviceRefused;
                }
            }

            await using AtSession session = await CliSession.OpenAtAsync(parse, ct).ConfigureAwait(false);
            using var oneShot = new AtConsoleEngine(session, reveal);
            AtConsoleResult result = await oneShot.ExecuteAsync(command, c => OneShotBodyAsync(error, c), ct).ConfigureAwait(false);
            AtReply? reply = result.Reply;
            if (parse.GetValue(GlobalOptions.Json))
            {
                output.WriteLine(JsonSerializer.Serialize(new
                {
                    command,
                    lines = reply?.Lines.Select(oneShot.Mask) ?? [],
                    final = reply?.Final.ToString(),
                    success = result.IsSuccess,
                    error = reply is null ? result.Lines[^1].Text : reply.IsSuccess ? null : reply.Final.Describe(),
                    unsolicited = result.Lines.Where(l => l.Kind == AtConsoleLineKind.Urc).Select(l => l.Text),
                    notes = result.Lines.Where(l => l.Kind == AtConsoleLineKind.Note).Select(l => l.Text),
                    offer = result.Offer is { } o ? new { text = o.Text, commands = o.Commands } : null,
                }, CliJson.Options));
            }
            else
            {
                output.WriteLine(AtConsole.Format(result));
                if (result.Offer is { } o)
                {
                    output.WriteLine($"hint: {o.Text}: send {string.Join(", then ", o.Commands)}");
                }
            }

            return result.IsSuccess ? ExitCodes.Ok : ExitCodes.DeviceRefused;
        });
        return cmd;
    }

    /// <summary>The `> ` prompt in a one-shot: piped stdin is the text; on a terminal it is typed (Ctrl+Z sends, Esc aborts).</summary>
    private static async Task<string?> OneShotBodyAsync(TextWriter error, CancellationToken ct)
    {
        if (!Console.IsInputRedirected)
        {
            await error.WriteLineAsync("The modem waits for the text: type it, Ctrl+Z sends, Esc aborts.").ConfigureAwait(false);
            return await AtConsole.TerminalBodyAsync(new LineEditor([], _ => [], new Lock()), ct).ConfigureAwait(false);
        }

        string text = await Console.In.ReadToEndAsync(ct).ConfigureAwait(false);
        int z = text.IndexOf('\x1A', StringComparison.Ordinal);
        text = (z >= 0 ? text[..z] : text).TrimEnd('\r', '\n');
        return text.Length == 0 || text.Contains('\x1B', StringComparison.Ordinal) ? null : text; // nothing piped: abort, never an empty SMS
    }
}
