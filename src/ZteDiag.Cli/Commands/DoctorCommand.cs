using System.CommandLine;
using System.Text.Json;
using ZteDiag.Workbench.Setup;

namespace ZteDiag.Cli.Commands;

/// <summary>`ztediag doctor`: one verdict per link of the chain from USB to a data connection.</summary>
internal static class DoctorCommand
{
    public static Command Build()
    {
        var cmd = new Command("doctor",
            "Checks every link from the USB plug to a data connection and says what to do: USB personality, driver bound, ports,\n" +
            "permissions, ModemManager, DIAG (VERNO), AT (ATI), SIM (AT+CPIN?), registration (AT+CREG?/AT+COPS?), signal (AT+CSQ),\n" +
            "APN (AT+CGDCONT?). Verdicts: OK, WARN (advice), FAIL (broken), SKIP (not checked because of an earlier link).\n" +
            "Exit 0 when no link fails (warnings allowed), 1 when any link fails.");
        cmd.SetAction(async (parse, ct) =>
        {
            var findings = await DoctorJob.RunAsync(CliConnection.Options(parse), null, ct).ConfigureAwait(false);
            var o = parse.InvocationConfiguration.Output;
            if (parse.GetValue(GlobalOptions.Json))
            {
                o.WriteLine(JsonSerializer.Serialize(findings.Select(f => new { check = f.Check, verdict = f.Verdict.ToString().ToUpperInvariant(), detail = f.Detail, advice = f.Advice }), CliJson.Options));
            }
            else
            {
                foreach (var f in findings)
                {
                    o.WriteLine($"{f.Verdict.ToString().ToUpperInvariant(),-4}  {f.Check,-14} {f.Detail}");
                    if (f.Advice is not null && f.Verdict is DoctorVerdict.Warn or DoctorVerdict.Fail) o.WriteLine($"      → {f.Advice}");
                }
            }

            return DoctorFinding.AnyFailed(findings) ? ExitCodes.DeviceRefused : ExitCodes.Ok;
        });
        return cmd;
    }
}
