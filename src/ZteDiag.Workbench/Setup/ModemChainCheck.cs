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

    /// <summary>"sim" from AT+CPIN?: READY, not inserted (+CME ERROR: 10), or waiting for a PIN/PUK.</summary>
    public static DoctorFinding Sim(AtReply cpin)
    {
        ArgumentNullException.ThrowIfNull(cpin);
        bool ready = cpin.IsSuccess && cpin.Lines.Any(l => l.Contains("READY", StringComparison.Ordinal));
        return ready
            ? new DoctorFinding("sim", DoctorVerdict.Ok, "+CPIN: READY")
            : cpin.Final is { Kind: AtFinalKind.CmeError, Code: 10 }
                ? new DoctorFinding("sim", DoctorVerdict.Fail, "SIM not inserted (+CME ERROR: 10)", "insert the SIM and re-plug the stick")
                : new DoctorFinding("sim", DoctorVerdict.Fail, string.Join(" ", cpin.Lines.Append(cpin.Final.Describe())), "enter the PIN in the AT console (AT+CPIN=\"1234\")");
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
            Report(Sim(await at.SendAsync("AT+CPIN?", null, false, ct).ConfigureAwait(false)));
            AtReply creg = await at.SendAsync("AT+CREG?", null, false, ct).ConfigureAwait(false);
            AtReply cops = await at.SendAsync("AT+COPS?", null, false, ct).ConfigureAwait(false);
            Report(Registration(creg, cops));
            Report(Signal(await at.SendAsync("AT+CSQ", null, false, ct).ConfigureAwait(false)));
            Report(Apn(await at.SendAsync(CgdcontCommand.Query, null, false, ct).ConfigureAwait(false)));
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
