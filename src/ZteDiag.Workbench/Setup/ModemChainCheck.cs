using System.Globalization;
using ZteDiag.Device;
using ZteDiag.Device.At;
using ZteDiag.Device.Identity;
using ZteDiag.Protocol.At;

namespace ZteDiag.Workbench.Setup;

/// <summary>
/// The modem end of <c>ztediag doctor</c>: DIAG (VERNO), then over AT: ATI, SIM, registration, signal and APN.
/// The verdicts are pure functions of the replies, so each can be judged from a captured reply.
/// </summary>
public static class ModemChainCheck
{
    /// <summary>The checks read over AT after "at": without an AT port they are not checked.</summary>
    public static IReadOnlyList<string> AtChecks { get; } = ["sim", "registration", "signal", "apn"];

    /// <summary>The "diag" verdict from the identity read over DIAG.</summary>
    public static DoctorFinding Diag(DiagIdentity identity)
    {
        ArgumentNullException.ThrowIfNull(identity);
        return identity.Version is { } v
            ? new DoctorFinding("diag", DoctorVerdict.Ok, $"VERNO {v.VersionDirectory} {v.CompileDate}")
            : new DoctorFinding("diag", DoctorVerdict.Fail, "no VERNO answer", "is --port the DIAG interface (if00)? see `ztediag ports`");
    }

    /// <summary>"sim" from AT+CPIN? (and AT+ZPINPUK=?'s attempts left when known): READY, not inserted, or waiting for a PIN/PUK.</summary>
    public static DoctorFinding Sim(AtReply cpin, AtReply? retries = null)
    {
        ArgumentNullException.ThrowIfNull(cpin);
        string left = retries is not null && ZpinpukReply.TryParse(retries, out ZpinpukReply? r) == AtParseStatus.Ok
            ? string.Create(CultureInfo.InvariantCulture, $"; PIN {r!.PinRetries} / PUK {r.PukRetries} attempts left") : string.Empty;
        _ = CpinReply.TryParse(cpin, out CpinReply? state);
        return state?.State switch
        {
            CpinState.Ready => new DoctorFinding("sim", DoctorVerdict.Ok, "+CPIN: READY" + left),
            CpinState.SimNotInserted => new DoctorFinding("sim", DoctorVerdict.Fail, "SIM not inserted (+CME ERROR: 10)", "insert the SIM and re-plug the stick"),
            CpinState.SimPin => new DoctorFinding("sim", DoctorVerdict.Fail, "the SIM waits for its PIN" + left, "`ztediag pin enter PIN` (it shows the attempts left first)"),
            CpinState.SimPuk => new DoctorFinding("sim", DoctorVerdict.Fail, "the PIN is blocked: the SIM waits for the PUK" + left, "`ztediag pin unblock PUK NEWPIN` with the PUK from the SIM's card"),
            _ => new DoctorFinding("sim", DoctorVerdict.Fail, string.Join(" ", cpin.Lines.Append(cpin.Final.Describe())), "see `ztediag pin status`"),
        };
    }

    /// <summary>
    /// "apn" beside the registration: a context-1 APN that is another operator's preset (the stick was set up for
    /// MTS and now carries a Beeline SIM) gets a warning naming the registered operator's preset when there is one.
    /// </summary>
    public static DoctorFinding ApnForOperator(AtReply cgdcont, AtReply cops)
    {
        ArgumentNullException.ThrowIfNull(cops);
        DoctorFinding basic = Apn(cgdcont);
        PdpContext? ctx = CgdcontCommand.Parse(cgdcont.Lines).FirstOrDefault(c => c.Cid == 1 && c.Apn.Length > 0);
        if (ctx is null || CopsReply.TryParse(cops, out CopsReply? op) != AtParseStatus.Ok || op!.Operator is not { } registered)
        {
            return basic;
        }

        ApnPreset? preset = ApnPresets.All.FirstOrDefault(p => string.Equals(p.Apn, ctx.Apn, StringComparison.OrdinalIgnoreCase));
        // "internet" and other dotless names are shared by many operators: only a domain-like APN names one
        if (preset is null || !ctx.Apn.Contains('.', StringComparison.Ordinal) || ApnPresets.SameOperator(preset.Operator, registered))
        {
            return basic;
        }

        ApnPreset? theirs = ApnPresets.All.FirstOrDefault(p => ApnPresets.SameOperator(p.Operator, registered));
        return new DoctorFinding("apn", DoctorVerdict.Warn,
            $"context 1 \"{ctx.Apn}\" is the {preset.Operator} preset, but the stick is registered on \"{registered}\"",
            theirs is null ? "set the APN of the SIM's operator: `ztediag apn set APN`" : $"`ztediag apn set {theirs.Apn}` ({theirs.Operator} preset; check with the operator)");
    }

    /// <summary>"registration" from the +CREG stat (27.007 §7.2), naming the operator from AT+COPS? when there is one.</summary>
    public static DoctorFinding Registration(AtReply creg, AtReply cops)
    {
        ArgumentNullException.ThrowIfNull(creg);
        ArgumentNullException.ThrowIfNull(cops);
        string? body = creg.FindBody("+CREG");
        string stat = body?.Split(',').ElementAtOrDefault(1)?.Trim() ?? "";
        CopsReply.TryParse(cops, out CopsReply? op);
        string opText = op?.Operator is { } name ? $", operator \"{name}\"" : "";
        return stat switch
        {
            "1" => new DoctorFinding("registration", DoctorVerdict.Ok, "registered, home network" + opText),
            "5" => new DoctorFinding("registration", DoctorVerdict.Ok, "registered, roaming" + opText),
            "2" => new DoctorFinding("registration", DoctorVerdict.Warn, "searching" + opText, "wait a minute; check the antenna/coverage"),
            "3" => new DoctorFinding("registration", DoctorVerdict.Fail, "registration denied" + opText, "the SIM is not allowed on this network (locked stick? check with the operator)"),
            "0" => new DoctorFinding("registration", DoctorVerdict.Fail, $"not registered, not searching (+CREG: {body})",
                "check `ztediag pin status` (a SIM waiting for its PIN does not register) and the radio (AT+ZOPRT=5 brings it online)"),
            _ => new DoctorFinding("registration", DoctorVerdict.Fail, $"not registered ({body ?? creg.Final.Describe()})", "check the SIM and coverage; AT+ZOPRT=5 brings the radio online"),
        };
    }

    /// <summary>"signal" from AT+CSQ: 99 is no signal, below 10 (under -93 dBm) is weak.</summary>
    public static DoctorFinding Signal(AtReply csq)
    {
        ArgumentNullException.ThrowIfNull(csq);
        CsqReply.TryParse(csq, out CsqReply? q);
        return q switch
        {
            null => new DoctorFinding("signal", DoctorVerdict.Fail, "no +CSQ answer"),
            { Rssi: 99 } => new DoctorFinding("signal", DoctorVerdict.Fail, "+CSQ: 99 (no signal)", "move the stick (USB extension to a window), check coverage"),
            { Rssi: < 10 } => new DoctorFinding("signal", DoctorVerdict.Warn, string.Create(CultureInfo.InvariantCulture, $"+CSQ: {q.Rssi} ({-113 + 2 * q.Rssi} dBm, weak)"), "move the stick for a better signal"),
            _ => new DoctorFinding("signal", DoctorVerdict.Ok, string.Create(CultureInfo.InvariantCulture, $"+CSQ: {q.Rssi} ({-113 + 2 * q.Rssi} dBm)")),
        };
    }

    /// <summary>"apn" from AT+CGDCONT?: context 1 needs an APN, or pppd's IPCP times out.</summary>
    public static DoctorFinding Apn(AtReply cgdcont)
    {
        ArgumentNullException.ThrowIfNull(cgdcont);
        PdpContext? ctx = CgdcontCommand.Parse(cgdcont.Lines).FirstOrDefault(c => c.Cid == 1 && c.Apn.Length > 0);
        return ctx is null
            ? new DoctorFinding("apn", DoctorVerdict.Warn, "no APN in context 1", "`ztediag apn set <APN>` (see `ztediag apn list`); without it pppd's IPCP times out")
            : new DoctorFinding("apn", DoctorVerdict.Ok, $"context 1: {ctx.PdpType} \"{ctx.Apn}\"");
    }

    /// <summary>
    /// "at" (ATI) and, once it answers, SIM, registration, signal and APN, in that order. A port that stops
    /// answering part-way adds a second "at" failure, and the checks it could not read are skipped, so
    /// every link still gets a verdict.
    /// </summary>
    public static async Task CheckAtAsync(AtSession at, Action<DoctorFinding> add, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(at);
        ArgumentNullException.ThrowIfNull(add);
        int done = 0; // how many of AtChecks have a verdict
        void Report(DoctorFinding f)
        {
            add(f);
            if (f.Check != "at") done++;
        }

        try
        {
            AtiInfo ati = await at.GetInfoAsync(ct).ConfigureAwait(false);
            Report(new DoctorFinding("at", DoctorVerdict.Ok, $"ATI: {ati.Manufacturer} {ati.Model} {ati.Revision}"));
            AtReply cpin = await at.SendAsync("AT+CPIN?", null, false, ct).ConfigureAwait(false);
            Report(Sim(cpin, await at.SendAsync(ZpinpukReply.Command, null, false, ct).ConfigureAwait(false)));
            AtReply creg = await at.SendAsync("AT+CREG?", null, false, ct).ConfigureAwait(false);
            AtReply cops = await at.SendAsync("AT+COPS?", null, false, ct).ConfigureAwait(false);
            Report(Registration(creg, cops));
            Report(Signal(await at.SendAsync("AT+CSQ", null, false, ct).ConfigureAwait(false)));
            Report(ApnForOperator(await at.SendAsync(CgdcontCommand.Query, null, false, ct).ConfigureAwait(false), cops));
        }
        catch (Exception ex) when (ex is ZteDiagException or IOException)
        {
            add(new DoctorFinding("at", DoctorVerdict.Fail, ex.Message, "the AT port stopped answering: re-plug the stick"));
            foreach (string check in AtChecks.Skip(done))
            {
                add(new DoctorFinding(check, DoctorVerdict.Skip, "not checked (the AT port stopped answering)"));
            }
        }
    }
}
