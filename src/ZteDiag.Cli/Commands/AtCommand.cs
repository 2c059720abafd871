using System.CommandLine;
using System.Text.Json;
using System.Text.RegularExpressions;
using ZteDiag.Device.At;
using ZteDiag.Protocol.At;
using ZteDiag.Protocol.Diag;

namespace ZteDiag.Cli.Commands;

/// <summary>`ztediag at [COMMAND…]`: one AT command, or the interactive AT console.</summary>
internal static partial class AtCommand
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
            "IMEIs and other 15-digit numbers in replies are masked unless --reveal-secrets.");
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
                var at = new AtConsole(console, output, error, reveal, yes);
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
            AtReply reply = await session.SendAsync(command, null, false, ct).ConfigureAwait(false);
            if (parse.GetValue(GlobalOptions.Json))
            {
                output.WriteLine(JsonSerializer.Serialize(new
                {
                    command,
                    lines = reply.Lines.Select(l => MaskSecrets(l, reveal)),
                    final = reply.Final.ToString(),
                    success = reply.IsSuccess,
                    error = reply.IsSuccess ? null : reply.Final.Describe(),
                }, CliJson.Options));
            }
            else
            {
                PrintReply(output, reply, reveal);
            }

            return reply.IsSuccess ? ExitCodes.Ok : ExitCodes.DeviceRefused;
        });
        return cmd;
    }

    /// <summary>Prints the information lines and the final result (described when it is an error).</summary>
    internal static void PrintReply(TextWriter output, AtReply reply, bool reveal)
    {
        foreach (string line in reply.Lines)
        {
            output.WriteLine(MaskSecrets(line, reveal));
        }

        output.WriteLine(reply.Final.Describe());
    }

    /// <summary>Masks 15-digit runs (IMEI, IMSI) unless <paramref name="reveal"/>.</summary>
    internal static string MaskSecrets(string line, bool reveal) =>
        reveal ? line : FifteenDigits().Replace(line, m => Imei.Mask(m.Value));

    [GeneratedRegex(@"(?<![0-9])[0-9]{15}(?![0-9])", RegexOptions.CultureInvariant)]
    private static partial Regex FifteenDigits();
}
