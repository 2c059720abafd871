using System.Globalization;
using ZteDiag.Protocol.At;

namespace ZteDiag.Device.At;

/// <summary>
/// SIM PIN handling on the AT port (27.007 §8.3 AT+CPIN, §7.4 AT+CLCK="SC", §7.5 AT+CPWD; ZTE AT+ZPINPUK=? for the
/// counters). Every attempt reads the counters first and refuses the attempt that could block the PIN or kill the
/// SIM unless forced, because a technician's typo must not cost the customer's SIM.
/// </summary>
public sealed class SimPinClient
{
    private readonly AtSession _session;

    /// <summary>Creates the client over an open session (not owned).</summary>
    public SimPinClient(AtSession session)
    {
        ArgumentNullException.ThrowIfNull(session);
        _session = session;
    }

    /// <summary>4 to 8 digits (27.007 / TS 31.101).</summary>
    public static bool IsValidPin(string? pin) => pin is { Length: >= 4 and <= 8 } && pin.All(char.IsAsciiDigit);

    /// <summary>8 digits.</summary>
    public static bool IsValidPuk(string? puk) => puk is { Length: 8 } && puk.All(char.IsAsciiDigit);

    /// <summary>Reads what the SIM waits for, the attempts left and whether the PIN lock is on.</summary>
    /// <exception cref="AtCommandException">AT+CPIN? failed other than with "SIM not inserted".</exception>
    public async Task<SimPinState> ReadStateAsync(CancellationToken cancellationToken)
    {
        AtReply cpin = await _session.SendAsync("AT+CPIN?", cancellationToken: cancellationToken).ConfigureAwait(false);
        if (CpinReply.TryParse(cpin, out CpinReply? state) != AtParseStatus.Ok)
        {
            _ = cpin.EnsureSuccess();
            throw new AtCommandException("an answer ZteDiag cannot read: " + string.Join(" | ", cpin.Lines), "AT+CPIN?");
        }

        if (state!.State == CpinState.SimNotInserted)
        {
            return new SimPinState(state.State, null, null, null);
        }

        AtReply counters = await _session.SendAsync(ZpinpukReply.Command, cancellationToken: cancellationToken).ConfigureAwait(false);
        _ = ZpinpukReply.TryParse(counters, out ZpinpukReply? retries);
        bool? locked = null;
        if (state.State == CpinState.Ready)
        {
            AtReply clck = await _session.SendAsync(ClckReply.SimPinQuery, cancellationToken: cancellationToken).ConfigureAwait(false);
            locked = ClckReply.TryParse(clck, out ClckReply? l) == AtParseStatus.Ok ? l!.Enabled : null;
        }
        else if (state.State is CpinState.SimPin or CpinState.SimPuk)
        {
            locked = true;
        }

        return new SimPinState(state.State, retries?.PinRetries, retries?.PukRetries, locked);
    }

    /// <summary>Enters the PIN the SIM waits for.</summary>
    public async Task<SimPinState> EnterPinAsync(string pin, bool force, CancellationToken cancellationToken)
    {
        SimPinState s = await RequireAsync(CpinState.SimPin, "enter a PIN", cancellationToken).ConfigureAwait(false);
        GuardPin(s, force);
        return await AttemptAsync(Quote("AT+CPIN=", pin), "PIN", cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Unblocks a blocked PIN with the PUK and sets <paramref name="newPin"/>.</summary>
    public async Task<SimPinState> UnblockAsync(string puk, string newPin, bool force, CancellationToken cancellationToken)
    {
        SimPinState s = await RequireAsync(CpinState.SimPuk, "unblock with the PUK", cancellationToken).ConfigureAwait(false);
        if (s.PukRetries == 1 && !force)
        {
            throw new SimGuardException("the SIM has 1 PUK attempt left: a wrong PUK kills the SIM for good; check the PUK on the SIM's card and give --force to try");
        }

        return await AttemptAsync(Quote("AT+CPIN=", puk) + ",\"" + newPin + "\"", "PUK", cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Changes the PIN (the lock must be on).</summary>
    public async Task<SimPinState> ChangePinAsync(string oldPin, string newPin, bool force, CancellationToken cancellationToken)
    {
        SimPinState s = await RequireAsync(CpinState.Ready, "change the PIN", cancellationToken).ConfigureAwait(false);
        if (s.LockEnabled == false)
        {
            throw new SimGuardException("the PIN lock is off: the SIM does not check a PIN to change; switch it on first with `ztediag pin enable PIN`");
        }

        GuardPin(s, force);
        return await AttemptAsync("AT+CPWD=\"SC\",\"" + oldPin + "\",\"" + newPin + "\"", "PIN", cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Switches the PIN lock on or off; the SIM checks the PIN.</summary>
    public async Task<SimPinState> SetLockAsync(bool enabled, string pin, bool force, CancellationToken cancellationToken)
    {
        SimPinState s = await RequireAsync(CpinState.Ready, enabled ? "switch the PIN lock on" : "switch the PIN lock off", cancellationToken).ConfigureAwait(false);
        if (s.LockEnabled == enabled)
        {
            return s; // nothing to do: no attempt spent
        }

        GuardPin(s, force);
        return await AttemptAsync(string.Create(CultureInfo.InvariantCulture, $"AT+CLCK=\"SC\",{(enabled ? 1 : 0)},\"{pin}\""), "PIN", cancellationToken).ConfigureAwait(false);
    }

    private static string Quote(string prefix, string code) => prefix + "\"" + code + "\"";

    private static void GuardPin(SimPinState s, bool force)
    {
        if (s.PinRetries == 1 && !force)
        {
            throw new SimGuardException("the SIM has 1 PIN attempt left: a wrong PIN blocks it (then only the PUK helps); give --force to try");
        }
    }

    private async Task<SimPinState> RequireAsync(CpinState wanted, string what, CancellationToken ct)
    {
        SimPinState s = await ReadStateAsync(ct).ConfigureAwait(false);
        if (s.State == wanted)
        {
            return s;
        }

        string hint = s.State switch
        {
            CpinState.SimPuk => "; unblock it with `ztediag pin unblock PUK NEWPIN`",
            CpinState.SimPin => "; enter it with `ztediag pin enter PIN`",
            _ => string.Empty,
        };
        throw new SimGuardException($"cannot {what}: the SIM {s.StateText}{hint}");
    }

    private async Task<SimPinState> AttemptAsync(string command, string code, CancellationToken ct)
    {
        AtReply r = await _session.SendAsync(command, cancellationToken: ct).ConfigureAwait(false);
        SimPinState after = await ReadStateAsync(ct).ConfigureAwait(false);
        if (r.IsSuccess)
        {
            return after;
        }

        string next = after.State switch
        {
            CpinState.SimPuk => $"the PIN is now blocked ({after.RetriesText}); unblock it with `ztediag pin unblock PUK NEWPIN`",
            _ when after.State != CpinState.Ready && after.PukRetries == 0 => "the SIM is now blocked for good",
            _ => after.RetriesText,
        };
        string said = r.Final.Kind == AtFinalKind.CmeError && r.Final.Code == 16 ? $"wrong {code}" : $"the SIM refused the {code} ({r.Final.Describe()})";
        throw new SimCodeRejectedException($"{said}: {next}");
    }
}
