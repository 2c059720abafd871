using System.CommandLine;
using System.Text.Json;
using ZteDiag.Device.At;
using ZteDiag.Workbench.Connection;

namespace ZteDiag.Cli.Commands;

/// <summary>`ztediag pin status|enter|change|disable|enable|unblock`: the SIM PIN, with the attempts left shown before every try.</summary>
internal static class PinCommand
{
    private static readonly Option<bool> ForceOption = new("--force")
    {
        Description = "try even when only one attempt is left (a wrong code then blocks the PIN, or kills the SIM for a PUK)",
    };

    public static Command Build()
    {
        var cmd = new Command("pin",
            "The SIM PIN over the AT port. Every command shows the attempts left (AT+ZPINPUK) before it tries a code, and\n" +
            "refuses (exit 5) when only one attempt is left unless --force: a wrong PIN then blocks the SIM (PUK needed),\n" +
            "a wrong PUK kills it. Exit 1 when the SIM refuses the code (the message says the attempts left).\n" +
            "Examples: ztediag pin status    ztediag pin enter 1234    ztediag pin unblock 12345678 1234");
        cmd.Subcommands.Add(BuildStatus());
        cmd.Subcommands.Add(BuildAttempt("enter", "Enter the PIN the SIM waits for after plug-in (AT+CPIN).", ["PIN"],
            (pin, a, force, ct) => pin.EnterPinAsync(a[0], force, ct)));
        cmd.Subcommands.Add(BuildAttempt("change", "Change the PIN (AT+CPWD=\"SC\"); the PIN lock must be on.", ["OLD", "NEW"],
            (pin, a, force, ct) => pin.ChangePinAsync(a[0], a[1], force, ct)));
        cmd.Subcommands.Add(BuildAttempt("disable", "Switch the PIN lock off (AT+CLCK=\"SC\",0): the SIM no longer asks at plug-in.", ["PIN"],
            (pin, a, force, ct) => pin.SetLockAsync(false, a[0], force, ct)));
        cmd.Subcommands.Add(BuildAttempt("enable", "Switch the PIN lock on (AT+CLCK=\"SC\",1).", ["PIN"],
            (pin, a, force, ct) => pin.SetLockAsync(true, a[0], force, ct)));
        cmd.Subcommands.Add(BuildAttempt("unblock", "Unblock a blocked PIN with the PUK (8 digits, on the SIM's card) and set a new PIN.", ["PUK", "NEWPIN"],
            (pin, a, force, ct) => pin.UnblockAsync(a[0], a[1], force, ct)));
        return cmd;
    }

    private static Command BuildStatus()
    {
        var cmd = new Command("status", "What the SIM waits for, whether the PIN lock is on, and the PIN/PUK attempts left.");
        cmd.SetAction(async (parse, ct) =>
        {
            await using AtSession session = await CliSession.OpenAtAsync(parse, ct).ConfigureAwait(false);
            SimPinState s = await new SimPinClient(session).ReadStateAsync(ct).ConfigureAwait(false);
            Print(parse, s, null);
            return ExitCodes.Ok;
        });
        return cmd;
    }

    private static Command BuildAttempt(string name, string description, string[] codes,
        Func<SimPinClient, string[], bool, CancellationToken, Task<SimPinState>> attempt)
    {
        var arguments = codes.Select(c => new Argument<string>(c)
        {
            Description = c.Contains("PUK", StringComparison.Ordinal) ? "8 digits" : "4 to 8 digits",
        }).ToArray();
        var cmd = new Command(name, description);
        foreach (var a in arguments)
        {
            cmd.Arguments.Add(a);
        }

        cmd.Options.Add(ForceOption);
        cmd.SetAction(async (parse, ct) =>
        {
            string[] values = [.. arguments.Select(a => parse.GetValue(a) ?? string.Empty)];
            for (int i = 0; i < codes.Length; i++)
            {
                bool puk = codes[i] == "PUK";
                if (puk ? !SimPinClient.IsValidPuk(values[i]) : !SimPinClient.IsValidPin(values[i]))
                {
                    throw new UsageException($"{codes[i]} must be {(puk ? "8 digits" : "4 to 8 digits")}; nothing was sent to the SIM");
                }
            }

            bool force = parse.GetValue(ForceOption);
            await using AtSession session = await CliSession.OpenAtAsync(parse, ct).ConfigureAwait(false);
            var pin = new SimPinClient(session);
            SimPinState before = await pin.ReadStateAsync(ct).ConfigureAwait(false);
            if (!parse.GetValue(GlobalOptions.Json))
            {
                parse.InvocationConfiguration.Output.WriteLine("before: " + ModemStatusText.SimText(before));
            }

            SimPinState after = await attempt(pin, values, force, ct).ConfigureAwait(false);
            Print(parse, after, name);
            return ExitCodes.Ok;
        });
        return cmd;
    }

    private static void Print(ParseResult parse, SimPinState s, string? done)
    {
        var output = parse.InvocationConfiguration.Output;
        if (parse.GetValue(GlobalOptions.Json))
        {
            output.WriteLine(JsonSerializer.Serialize(new
            {
                done,
                state = s.State.ToString(),
                text = s.StateText,
                pinRetries = s.PinRetries,
                pukRetries = s.PukRetries,
                pinLock = s.LockEnabled,
            }, CliJson.Options));
            return;
        }

        output.WriteLine((done is null ? "SIM: " : "done; now: ") + ModemStatusText.SimText(s));
    }
}
