using System.CommandLine;
using System.Text.Json;
using ZteDiag.Device.Nv;
using ZteDiag.Protocol.Diag;
using ZteDiag.Workbench.Connection;

namespace ZteDiag.Cli.Commands;

/// <summary>`ztediag spc [CODE]`: sends the service programming code (DIAG 0x41).</summary>
internal static class SpcCommand
{
    private static readonly Argument<string> CodeArgument = new("CODE")
    {
        Description = $"the 6-digit code (default {NvClient.DefaultSpc}, what most ZTE sticks ship with)",
        Arity = ArgumentArity.ZeroOrOne,
        DefaultValueFactory = _ => NvClient.DefaultSpc,
    };

    public static Command Build()
    {
        var cmd = new Command("spc",
            "Send the service programming code. Once accepted, SPC-protected NV items (550 IMEI, 85) can be read and\n" +
            "written until the modem is power-cycled, also by later ztediag runs. Exit code 1 when rejected.\n" +
            "A wrong code may count against a retry limit on some firmware. The code is masked in all output and logs\n" +
            "unless --reveal-secrets.");
        cmd.Arguments.Add(CodeArgument);
        cmd.SetAction(async (parse, ct) =>
        {
            string code = parse.GetValue(CodeArgument) ?? NvClient.DefaultSpc;
            if (!SpcRequest.IsValidCode(code))
            {
                throw new UsageException("the SPC is 6 digits, e.g. 000000");
            }

            await using ModemConnection modem = await CliSession.OpenAsync(parse, ct).ConfigureAwait(false);
            bool accepted = await modem.Nv.SendSpcAsync(code, ct).ConfigureAwait(false);
            var o = parse.InvocationConfiguration.Output;
            if (parse.GetValue(GlobalOptions.Json))
            {
                o.WriteLine(JsonSerializer.Serialize(new { spc = Show(code, parse), accepted }, CliJson.Options));
            }
            else
            {
                o.WriteLine(accepted
                    ? $"SPC {Show(code, parse)} accepted: protected NV items are open until the modem is power-cycled."
                    : $"SPC {Show(code, parse)} rejected. Check the code; do not guess in a loop (some firmware locks up after several wrong codes).");
            }

            return accepted ? ExitCodes.Ok : ExitCodes.DeviceRefused;
        });
        return cmd;
    }

    /// <summary>The code as shown to the user: stars unless --reveal-secrets.</summary>
    internal static string Show(string code, ParseResult parse) =>
        parse.GetValue(GlobalOptions.RevealSecrets) ? code : new string('*', code.Length);
}
