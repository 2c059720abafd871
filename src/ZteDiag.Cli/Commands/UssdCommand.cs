using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using ZteDiag.Device.At;

namespace ZteDiag.Cli.Commands;

/// <summary>`ztediag ussd CODE | --reply TEXT | --cancel`: USSD requests (balance, menus) on the AT port.</summary>
internal static class UssdCommand
{
    private static readonly Argument<string?> CodeArgument = new("CODE")
    {
        Description = "the USSD code, e.g. *100# (quote it: the shell treats # and * specially)",
        Arity = ArgumentArity.ZeroOrOne,
    };

    private static readonly Option<string?> ReplyOption = new("--reply") { Description = "answer an open USSD menu with TEXT (e.g. 1)" };

    private static readonly Option<bool> CancelOption = new("--cancel") { Description = "close an open USSD menu (AT+CUSD=2)" };

    private static readonly Option<int> WaitOption = new("--wait")
    {
        Description = "seconds to wait for the network's answer after OK",
        DefaultValueFactory = _ => (int)AtCommandExpectations.UssdTimeout.TotalSeconds,
    };

    public static Command Build()
    {
        var cmd = new Command("ussd",
            "Send a USSD code (balance, tariff, own number) and print the network's answer, decoded from GSM 7-bit or\n" +
            "UCS2 hex as the firmware sends it. When the answer is a menu (status 1) reply with `ussd --reply 1`, or\n" +
            "close it with `ussd --cancel`. Exit 0 when answered, 1 when the modem or network refused, 4 when no answer\n" +
            "came within --wait seconds (the USSD session is then closed so the port stays usable).\n" +
            "Examples: ztediag ussd '*100#'    ztediag ussd '*111#' && ztediag ussd --reply 1");
        cmd.Arguments.Add(CodeArgument);
        cmd.Options.Add(ReplyOption);
        cmd.Options.Add(CancelOption);
        cmd.Options.Add(WaitOption);
        cmd.SetAction(async (parse, ct) =>
        {
            string? code = parse.GetValue(CodeArgument);
            string? reply = parse.GetValue(ReplyOption);
            bool cancel = parse.GetValue(CancelOption);
            int wait = parse.GetValue(WaitOption);
            if ((code is null ? 0 : 1) + (reply is null ? 0 : 1) + (cancel ? 1 : 0) != 1)
            {
                throw new UsageException("give one of: a CODE (e.g. '*100#'), --reply TEXT, or --cancel");
            }

            if (wait is < 1 or > 600)
            {
                throw new UsageException("--wait takes 1 to 600 seconds");
            }

            string? request = code ?? reply;
            if (request is not null && !UssdClient.IsValidRequest(request))
            {
                throw new UsageException($"'{request}' cannot be sent as USSD: use digits, * and # (or menu text without quotes)");
            }

            var output = parse.InvocationConfiguration.Output;
            bool json = parse.GetValue(GlobalOptions.Json);
            await using AtSession session = await CliSession.OpenAtAsync(parse, ct).ConfigureAwait(false);
            var ussd = new UssdClient(session);
            if (request is null)
            {
                await ussd.CancelAsync(ct).ConfigureAwait(false);
                output.WriteLine(json ? JsonSerializer.Serialize(new { cancelled = true }, CliJson.Options) : "USSD session closed.");
                return ExitCodes.Ok;
            }

            UssdResult result = await ussd.SendAsync(request, TimeSpan.FromSeconds(wait), ct).ConfigureAwait(false);
            bool answered = result.Status is 0 or 1;
            if (json)
            {
                output.WriteLine(JsonSerializer.Serialize(new
                {
                    request,
                    status = result.Status,
                    statusText = result.StatusText,
                    text = result.Text,
                    dcs = result.Dcs,
                    raw = result.Raw,
                    awaitsReply = result.AwaitsReply,
                }, CliJson.Options));
            }
            else
            {
                if (result.Text.Length > 0)
                {
                    output.WriteLine(result.Text.ReplaceLineEndings(Environment.NewLine));
                }

                if (result.AwaitsReply)
                {
                    output.WriteLine("(menu: answer with `ztediag ussd --reply CHOICE`, or close it with `ztediag ussd --cancel`)");
                }
                else if (!answered || result.Text.Length == 0)
                {
                    output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"(USSD {result.StatusText})"));
                }
            }

            return answered ? ExitCodes.Ok : ExitCodes.DeviceRefused;
        });
        return cmd;
    }
}
