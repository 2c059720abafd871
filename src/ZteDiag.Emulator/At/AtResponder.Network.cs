using ZteDiag.Emulator.State;
using ZteDiag.Protocol.At;

namespace ZteDiag.Emulator.At;

/// <summary>Registration, operator selection and the radio (<c>+CREG</c>, <c>+COPS</c>, <c>+ZSNT</c>, <c>+ZOPRT</c>, <c>+CFUN</c>), error mode, PDP contexts, USSD and the ZTE CD-ROM switch (<c>+ZCDRUN</c>).</summary>
public sealed partial class AtResponder
{
    /// <summary>
    /// AT+CREG (3GPP 27.007 §7.2), unsolicited mode 0 only: stat 1 (home) while online with an operator,
    /// 2 (searching) while online without one, 0 (not searching) when the radio is off, the SIM waits for a code
    /// or the stick is deregistered (AT+COPS=2). No SIM: +CME ERROR: 10.
    /// </summary>
    private Result Creg(Form form, IReadOnlyList<string> args)
    {
        switch (form)
        {
            case Form.Read:
                if (!_device.SimPresent)
                {
                    return Result.Fail(Error.Cme(10));
                }

                int stat = !_device.Online || !_device.Sim.IsReady || _device.OperatorSelectionMode == 2 ? 0 : _device.OperatorName.Length > 0 ? 1 : 2;
                return Result.Info(Inv($"+CREG: 0,{stat}"));
            case Form.Test:
                return Result.Info("+CREG: (0-2)");
            case Form.Set when args.Count == 1 && args[0] is "0" or "1" or "2":
                return Result.Ok; // URCs are not emulated; the query keeps answering in mode 0
            default:
                return Result.Fail(Error.Plain);
        }
    }

    /// <summary>
    /// AT+COPS (27.007 §7.3): <c>?</c> the registered operator, <c>=?</c> a scan that answers after the device's delay,
    /// <c>=0</c> automatic, <c>=1,2,"MCCMNC"</c> manual, <c>=2</c> deregister, <c>=3,f</c> format only.
    /// </summary>
    private Result Cops(Form form, IReadOnlyList<string> args)
    {
        switch (form)
        {
            case Form.Read:
                if (!_device.SimPresent)
                {
                    return Result.Fail(Error.Cme(10));
                }

                int mode = _device.OperatorSelectionMode;
                if (!_device.Online || _device.OperatorName.Length == 0)
                {
                    return Result.Info(Inv($"+COPS: {mode}"));
                }

                string tech = _device.ZpasTechnology.ToUpperInvariant();
                int act = tech.Contains("GPRS", StringComparison.Ordinal) || tech.Contains("EDGE", StringComparison.Ordinal) || tech.Contains("GSM", StringComparison.Ordinal) ? 0 : 2;
                return Result.Info(Inv($"+COPS: {mode},0,\"{_device.OperatorName}\",{act}"));
            case Form.Test:
                if (!_device.SimPresent)
                {
                    return Result.Fail(Error.Cme(10));
                }

                string list = string.Join(",", _device.VisibleNetworks.Select(n =>
                    Inv($"({n.Status},\"{n.LongName}\",\"{n.ShortName}\",\"{n.Numeric}\",{n.AccessTechnology})")));
                return Result.Later(_device.NetworkScanDelay, "+COPS: " + list + ",,(0-4),(0-2)");
            case Form.Set when args.Count >= 1 && TryInt(args[0], out int set) && set is >= 0 and <= 4:
                if (set == 3)
                {
                    return Result.Ok;
                }

                string? numeric = set is 1 or 4 && args.Count >= 3 ? args[2] : null;
                if (set is 1 or 4 && numeric is null)
                {
                    return Result.Fail(Error.Plain);
                }

                return _device.SelectNetwork(set == 4 ? 1 : set, numeric) switch
                {
                    NetworkSelection.Ok => Result.Ok,
                    NetworkSelection.NotAllowed => Result.Fail(Error.Cme(32)),
                    _ => Result.Fail(Error.Cme(30)),
                };
            default:
                return Result.Fail(Error.Plain);
        }
    }

    private Result Zsnt(Form form, IReadOnlyList<string> args)
    {
        if (form == Form.Read)
        {
            return Result.Info(Inv($"+ZSNT: {_device.NetworkMode},0,{_device.AcquisitionOrder}"));
        }

        if (form == Form.Set && args.Count == 3 && TryInt(args[0], out int mode) && mode is 0 or 1 or 2 or 6
            && TryInt(args[1], out int sel) && sel == 0 && TryInt(args[2], out int pref) && pref is 0 or 1 or 2)
        {
            _device.NetworkMode = mode;
            _device.AcquisitionOrder = pref;
            return Result.Ok;
        }

        return Result.Fail(Error.Plain);
    }

    private Result Zoprt(Form form, IReadOnlyList<string> args)
    {
        if (form == Form.Read)
        {
            return Result.Info(_device.Online ? "+ZOPRT: 5" : "+ZOPRT: 6");
        }

        if (form == Form.Set && args.Count == 1 && args[0] is "5" or "6")
        {
            _device.Online = args[0] == "5";
            return Result.Ok;
        }

        return Result.Fail(Error.Plain);
    }

    private Result Cfun(Form form, IReadOnlyList<string> args)
    {
        if (form == Form.Read)
        {
            return Result.Info(_device.Online ? "+CFUN: 1" : "+CFUN: 4");
        }

        if (form == Form.Set && args.Count >= 1 && args[0] is "0" or "1" or "4")
        {
            _device.Online = args[0] == "1";
            return Result.Ok;
        }

        return Result.Fail(Error.Plain);
    }

    private Result Cmee(Form form, IReadOnlyList<string> args)
    {
        if (form == Form.Read)
        {
            return Result.Info(Inv($"+CMEE: {ErrorMode}"));
        }

        if (form == Form.Set && args.Count == 1 && TryInt(args[0], out int mode) && mode is >= 0 and <= 2)
        {
            ErrorMode = mode;
            return Result.Ok;
        }

        return Result.Fail(Error.Plain);
    }

    private Result Cgdcont(Form form, IReadOnlyList<string> args)
    {
        switch (form)
        {
            case Form.Read:
                return Result.Info([.. _device.PdpContexts.Select(c => Inv($"+CGDCONT: {c.Cid},\"{c.PdpType}\",\"{c.Apn}\",\"0.0.0.0\",0,0"))]);
            case Form.Test:
                return Result.Info("+CGDCONT: (1-16),\"IP\",,,(0-2),(0-4)", "+CGDCONT: (1-16),\"PPP\",,,(0-2),(0-4)");
            case Form.Set when args.Count >= 1 && TryInt(args[0], out int cid) && cid is >= 1 and <= 16:
                _device.SetPdpContext(cid, args.Count == 1 ? null : new PdpContext(cid, args[1], args.Count > 2 ? args[2] : string.Empty));
                return Result.Ok;
            default:
                return Result.Fail(Error.Plain);
        }
    }

    private Result Cusd(Form form, IReadOnlyList<string> args)
    {
        switch (form)
        {
            case Form.Read:
                return Result.Info("+CUSD: 1");
            case Form.Set when args.Count >= 1 && args[0] is "0" or "1" or "2":
                if (args[0] == "2")
                {
                    _device.CancelUssd(); // 27.007 §7.15: n=2 cancels the session
                    return Result.Ok;
                }

                if (args.Count < 2)
                {
                    return Result.Ok;
                }

                if (!_device.SimPresent)
                {
                    return Result.Fail(Error.Cme(10));
                }

                UssdNetworkAnswer? answer = _device.Ussd(args[1]);
                return Result.OkThen(answer is null ? "+CUSD: 4" : Inv($"+CUSD: {answer.Status},\"{answer.Text}\",{answer.Dcs}"));
            default:
                return Result.Fail(Error.Plain);
        }
    }

    private Result Zcdrun(string arg) => arg.ToUpperInvariant() switch
    {
        "4" => Result.Info("Inquiry autorun open state result(0:NO 1:YES):" + (_device.AutorunEnabled ? "1" : "0")),
        "8" => Result.Info("Close autorun state result(0:FAIL 1:SUCCESS):" + Bit(_device.SetAutorun(false))),
        "9" => Result.Info("Open autorun state result(0:FAIL 1:SUCCESS):" + Bit(_device.SetAutorun(true))),
        "E" => Result.Info("Enter download mode result(0:FAIL 1:SUCCESS):" + Bit(_device.EnterDownloadMode())),
        "F" => Result.Info("exit download mode result(0:FAIL 1:SUCCESS):" + Bit(_device.ExitDownloadMode())),
        _ => Result.Fail(Error.Plain),
    };
}
