using ZteDiag.Protocol.At;

namespace ZteDiag.Device.At;

/// <summary>
/// Reads a <see cref="ModemStatus"/> with read-only AT queries (nothing is changed on the stick). A query the
/// firmware refuses leaves its field unknown with the reason; only a dead link (timeout, unplug) stops the read.
/// </summary>
public sealed class ModemStatusReader
{
    private readonly AtSession _session;

    /// <summary>Creates the reader over an open session (not owned).</summary>
    public ModemStatusReader(AtSession session)
    {
        ArgumentNullException.ThrowIfNull(session);
        _session = session;
    }

    /// <summary>Reads every field.</summary>
    /// <exception cref="DiagTimeoutException">The AT port stopped answering.</exception>
    public async Task<ModemStatus> ReadAsync(CancellationToken cancellationToken)
    {
        var unknown = new Dictionary<string, string>(StringComparer.Ordinal);
        AtReply ati = await Send("ATI").ConfigureAwait(false);
        _ = AtiInfo.TryParse(ati, out AtiInfo? info);
        if (info?.Model is null)
        {
            unknown["model"] = Why(ati);
        }

        SimPinState sim = await new SimPinClient(_session).ReadStateAsync(cancellationToken).ConfigureAwait(false);
        bool simUsable = sim.State == CpinState.Ready;
        string simWhy = "the SIM " + sim.StateText;

        string? iccid = null, imsi = null;
        if (sim.State != CpinState.SimNotInserted)
        {
            AtReply crsm = await Send(CrsmReply.ReadIccidCommand).ConfigureAwait(false);
            iccid = CrsmReply.TryParse(crsm, out CrsmReply? ef) == AtParseStatus.Ok && ef!.IsSuccess ? CrsmReply.DecodeIccid(ef.Response) : null;
            if (iccid is null)
            {
                unknown["iccid"] = Why(crsm);
            }
        }
        else
        {
            unknown["iccid"] = simWhy;
        }

        if (simUsable)
        {
            AtReply cimi = await Send("AT+CIMI").ConfigureAwait(false);
            imsi = cimi.IsSuccess ? cimi.Lines.Select(l => l.Trim()).FirstOrDefault(l => l.Length is >= 6 and <= 15 && l.All(char.IsAsciiDigit)) : null;
            if (imsi is null)
            {
                unknown["imsi"] = Why(cimi);
            }
        }
        else
        {
            unknown["imsi"] = simWhy;
        }

        AtReply copsReply = await Send("AT+COPS?").ConfigureAwait(false);
        _ = CopsReply.TryParse(copsReply, out CopsReply? cops);
        if (cops?.Operator is null)
        {
            unknown["operator"] = cops is null ? Why(copsReply) : "not registered";
        }

        AtReply zpasReply = await Send("AT+ZPAS?").ConfigureAwait(false);
        string? technology = ZpasReply.TryParse(zpasReply, out ZpasReply? zpas) == AtParseStatus.Ok ? zpas!.Technology
            : AccessTechnologyName.Describe(cops?.AccessTechnology);
        if (technology is null)
        {
            unknown["technology"] = Why(zpasReply);
        }

        AtReply cregReply = await Send("AT+CREG?").ConfigureAwait(false);
        string? registration = Creg(cregReply);
        if (registration is null)
        {
            unknown["registration"] = Why(cregReply);
        }

        AtReply csqReply = await Send("AT+CSQ").ConfigureAwait(false);
        _ = CsqReply.TryParse(csqReply, out CsqReply? csq);
        if (csq?.Dbm is null)
        {
            unknown["signal"] = csq is null ? Why(csqReply) : "no signal measured (CSQ 99)";
        }

        AtReply zsntReply = await Send("AT+ZSNT?").ConfigureAwait(false);
        string? mode = ZsntReply.TryParse(zsntReply, out ZsntReply? zsnt) == AtParseStatus.Ok ? NetworkModeName.Describe(zsnt!) : null;
        if (mode is null)
        {
            unknown["networkMode"] = Why(zsntReply);
        }

        AtReply cgdcont = await Send("AT+CGDCONT?").ConfigureAwait(false);
        _ = CgdcontEntry.TryParseList(cgdcont, out IReadOnlyList<CgdcontEntry> apns);
        if (!cgdcont.IsSuccess)
        {
            unknown["apn"] = Why(cgdcont);
        }

        AtReply zcdrun = await Send(ZcdrunReply.CommandFor(ZcdrunOperation.QueryAutorun)).ConfigureAwait(false);
        bool? autorun = ZcdrunReply.TryParse(zcdrun, out ZcdrunReply? z) == AtParseStatus.Ok && z!.Operation == ZcdrunOperation.QueryAutorun ? z.Result : null;
        if (autorun is null)
        {
            unknown["autorun"] = Why(zcdrun);
        }

        return new ModemStatus
        {
            Model = info?.Model,
            Revision = info?.Revision,
            Imei = info?.Imei,
            Sim = sim,
            Iccid = iccid,
            Imsi = imsi,
            Operator = cops?.Operator,
            OperatorSelection = cops?.Mode,
            Technology = technology,
            Registration = registration,
            Signal = csq,
            NetworkMode = mode,
            Apns = apns,
            Autorun = autorun,
            Unknown = unknown,
        };

        Task<AtReply> Send(string command) => _session.SendAsync(command, cancellationToken: cancellationToken);
    }

    private static string? Creg(AtReply reply)
    {
        if (!reply.IsSuccess || reply.FindBody("+CREG") is not { } body)
        {
            return null;
        }

        var f = AtFields.Split(body);
        return f.Count >= 2 && f[1].AsInt() is int stat ? ModemStatus.RegistrationText(stat) : null;
    }

    private static string Why(AtReply reply) =>
        reply.IsSuccess ? "the answer held no value ZteDiag can read" : "the modem answered " + reply.Final.Describe();
}
