using System.Globalization;
using System.Text;
using ZteDiag.Emulator.State;
using ZteDiag.Protocol.At;

namespace ZteDiag.Emulator.At;

/// <summary>
/// The ZTE MF62x AT dialect for one AT port (DEVICES.md §3). Feed it raw bytes with
/// <see cref="Process"/>; it echoes (ATE1, the default), executes each CR-terminated line and returns
/// the bytes to send: info text <c>\r\n&lt;line&gt;[\r\n&lt;line&gt;…]\r\n</c> per command, then
/// <c>\r\nOK\r\n</c> or an error in the <see cref="ErrorMode"/> form. Lines not starting with "AT"
/// are ignored. Simple chains (<c>ATE0V1+CMEE=1;+CFUN=1</c>) work. Text is Latin-1.
/// Not thread-safe: one responder per port; the device behind it is shared.
/// </summary>
public sealed partial class AtResponder
{
    private const int MaxLine = 2048;
    private const byte CtrlZ = 0x1A, Esc = 0x1B, Backspace = 0x08, Del = 0x7F;

    private readonly IAtDevice _device;
    private readonly UnsolicitedNag? _nag;
    private readonly StringBuilder _line = new();
    private readonly StringBuilder _smsBody = new();
    private string? _smsNumber;
    private DeferredReply? _deferred;

    /// <summary>Creates a responder for one port of <paramref name="device"/>.</summary>
    /// <param name="device">The shared device state.</param>
    /// <param name="nag">The shared +ZUSIMR nag that AT+CPMS stops, if any.</param>
    public AtResponder(IAtDevice device, UnsolicitedNag? nag = null)
    {
        ArgumentNullException.ThrowIfNull(device);
        _device = device;
        _nag = nag;
    }

    /// <summary>Command echo (ATE1 default, ATE0 off).</summary>
    public bool Echo { get; set; } = true;

    /// <summary>
    /// Error form (AT+CMEE): 0 = <c>ERROR</c>, 1 = <c>+CME ERROR: 10</c>, 2 = <c>+CME ERROR: SIM not inserted</c>.
    /// Defaults to 1, the mode ZTE's own software and ModemManager set.
    /// </summary>
    public int ErrorMode { get; set; } = 1;

    /// <summary>SMS text mode (AT+CMGF=1); the default is PDU mode (0).</summary>
    public bool SmsTextMode { get; set; }

    /// <summary>True while an AT+CMGS body is being typed (after the <c>&gt; </c> prompt).</summary>
    public bool InSmsPrompt => _smsNumber is not null;

    /// <summary>True between replies: no partial command line and no SMS body pending (unsolicited lines may go out).</summary>
    public bool IsIdle => _line.Length == 0 && !InSmsPrompt;

    /// <summary>
    /// Takes the reply of a command that answers late (AT+COPS=?: the scan takes seconds): the port sends it after
    /// its delay unless the client types first, which aborts the command as 27.007 §5.1 allows.
    /// </summary>
    public DeferredReply? TakeDeferred()
    {
        DeferredReply? d = _deferred;
        _deferred = null;
        return d;
    }

    /// <summary>Consumes client bytes; returns everything to send back (echo and replies), possibly empty.</summary>
    public byte[] Process(ReadOnlySpan<byte> input)
    {
        var output = new StringBuilder();
        foreach (byte b in input)
        {
            if (InSmsPrompt)
            {
                ProcessSmsByte(b, output);
                continue;
            }

            if (b == '\r')
            {
                if (Echo)
                {
                    output.Append('\r');
                }

                string line = _line.ToString();
                _line.Clear();
                output.Append(ExecuteLine(line));
            }
            else if (b is Backspace or Del)
            {
                if (_line.Length > 0)
                {
                    _line.Length--;
                }

                if (Echo)
                {
                    output.Append((char)b);
                }
            }
            else
            {
                if (Echo)
                {
                    output.Append((char)b);
                }

                if (b != '\n' && _line.Length < MaxLine)
                {
                    _line.Append((char)b);
                }
            }
        }

        return Encoding.Latin1.GetBytes(output.ToString());
    }

    /// <summary>Executes one command line (without its CR) and returns the reply text (no echo).</summary>
    public string ExecuteLine(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        string trimmed = line.Trim();
        if (trimmed.Length < 2 || !trimmed.StartsWith("AT", StringComparison.OrdinalIgnoreCase))
        {
            return string.Empty; // not a command: a real modem ignores it
        }

        var reply = new StringBuilder();
        var after = new StringBuilder();
        string body = trimmed[2..];
        int i = 0;
        while (i < body.Length)
        {
            char c = body[i];
            if (c is ' ' or ';')
            {
                i++;
                continue;
            }

            string? command = NextCommand(body, ref i);
            if (command is null)
            {
                return reply.Append(Final(Error.Plain)).ToString();
            }

            Result r = Dispatch(command);
            if (r.Lines.Count > 0)
            {
                reply.Append("\r\n").Append(string.Join("\r\n", r.Lines)).Append("\r\n");
            }

            if (r.Error is { } error)
            {
                return reply.Append(Final(error)).ToString();
            }

            if (r.Delay is { } delay)
            {
                _deferred = new DeferredReply(Encoding.Latin1.GetBytes(reply.Append("\r\nOK\r\n").ToString()), delay);
                return string.Empty;
            }

            if (r.Prompt)
            {
                return reply.Append("\r\n> ").ToString();
            }

            if (r.FinalText is { } final)
            {
                return reply.Append("\r\n").Append(final).Append("\r\n").ToString();
            }

            foreach (string u in r.After)
            {
                after.Append("\r\n").Append(u).Append("\r\n");
            }
        }

        return reply.Append("\r\nOK\r\n").Append(after).ToString();
    }

    private void ProcessSmsByte(byte b, StringBuilder output)
    {
        switch (b)
        {
            case CtrlZ:
                string number = _smsNumber!;
                _smsNumber = null;
                string text = _smsBody.ToString();
                _smsBody.Clear();
                output.Append(CompleteSmsBody(number, text));
                break;
            case Esc:
                _smsNumber = null;
                _smsBody.Clear();
                output.Append("\r\nOK\r\n");
                break;
            case (byte)'\r':
                _smsBody.Append('\n');
                output.Append(Echo ? "\r" : string.Empty).Append("\r\n> ");
                break;
            case Backspace or Del:
                if (_smsBody.Length > 0)
                {
                    _smsBody.Length--;
                }

                break;
            default:
                if (b != '\n' && _smsBody.Length < MaxLine)
                {
                    _smsBody.Append((char)b);
                }

                if (Echo)
                {
                    output.Append((char)b);
                }

                break;
        }
    }

    /// <summary>Cuts the next command off <paramref name="body"/>; null on a syntax error.</summary>
    private static string? NextCommand(string body, ref int i)
    {
        int start = i;
        char c = char.ToUpperInvariant(body[i]);
        if (c is '+' or '^' or '$' or '*')
        {
            bool quoted = false;
            while (i < body.Length && (quoted || body[i] != ';'))
            {
                quoted ^= body[i] == '"';
                i++;
            }

            return body[start..i];
        }

        if (c == 'D')
        {
            i = body.Length; // dial takes the rest of the line
            return body[start..];
        }

        if (c == '&')
        {
            i++;
            if (i >= body.Length || !char.IsAsciiLetter(body[i]))
            {
                return null;
            }
        }
        else if (!char.IsAsciiLetter(c))
        {
            return null;
        }

        i++;
        if (c == 'S')
        {
            while (i < body.Length && (char.IsAsciiDigit(body[i]) || body[i] is '=' or '?'))
            {
                i++;
            }

            return body[start..i];
        }

        while (i < body.Length && char.IsAsciiDigit(body[i]))
        {
            i++;
        }

        return body[start..i];
    }

    private Result Dispatch(string command)
    {
        char first = char.ToUpperInvariant(command[0]);
        if (first is not ('+' or '^' or '$' or '*'))
        {
            return Basic(command.ToUpperInvariant());
        }

        int end = command.IndexOfAny(['=', '?']);
        string name = (end < 0 ? command : command[..end]).ToUpperInvariant();
        string rest = end < 0 ? string.Empty : command[end..];
        Form form = rest switch
        {
            "" => Form.Action,
            "?" => Form.Read,
            "=?" => Form.Test,
            _ when rest.StartsWith('=') => Form.Set,
            _ => Form.Bad,
        };
        IReadOnlyList<string> args = form == Form.Set ? SplitArgs(rest[1..]) : [];
        if (form == Form.Bad)
        {
            return Result.Fail(Error.Plain);
        }

        return name switch
        {
            "+CGMR" or "+GMR" when form == Form.Action => Result.Info(_device.Revision),
            "+CGSN" or "+GSN" when form == Form.Action => Result.Info(_device.Imei),
            "+CGMI" or "+GMI" when form == Form.Action => Result.Info(_device.Manufacturer),
            "+CGMM" or "+GMM" when form == Form.Action => Result.Info(_device.Model),
            "+GCAP" when form == Form.Action => Result.Info("+GCAP: " + _device.Gcap),
            "+CIMI" when form == Form.Action => !_device.SimPresent ? Result.Fail(Error.Cme(10)) : Result.Info(_device.Imsi),
            "+CPIN" => Cpin(form, args),
            "+CLCK" => Clck(form, args),
            "+CPWD" => Cpwd(form, args),
            "+ZPINPUK" when form is Form.Test or Form.Read => ZPinPuk(),
            "+CRSM" when form == Form.Set => Crsm(args),
            "+CSQ" when form == Form.Action => Result.Info(Inv($"+CSQ: {_device.CsqRssi},{_device.CsqBer}")),
            "+COPS" => Cops(form, args),
            "+CREG" => Creg(form, args),
            "+ZPAS" when form == Form.Read => Result.Info($"+ZPAS: \"{_device.ZpasTechnology}\",\"{_device.ZpasDomain}\""),
            "+ZSNT" => Zsnt(form, args),
            "+ZOPRT" => Zoprt(form, args),
            "+CFUN" => Cfun(form, args),
            "+CMEE" => Cmee(form, args),
            "+CGDCONT" => Cgdcont(form, args),
            "+CUSD" => Cusd(form, args),
            "+CPMS" => Cpms(form, args),
            "+CMGF" => Cmgf(form, args),
            "+CMGL" => Cmgl(form, args),
            "+CMGR" => Cmgr(form, args),
            "+CMGD" => Cmgd(form, args),
            "+CMGS" => Cmgs(form, args),
            "+CNMI" => Cnmi(form, args),
            "+CSCA" => Csca(form),
            "+ZCDRUN" when form == Form.Set && args.Count == 1 => Zcdrun(args[0]),
            _ => Result.Fail(Error.Plain),
        };
    }

    private Result Basic(string command)
    {
        char c = command[0];
        string arg = command[1..];
        switch (c)
        {
            case 'E' when arg is "" or "0" or "1":
                Echo = arg == "1";
                return Result.Ok;
            case 'I' when arg is "" or "0":
                return Result.Info(
                    "Manufacturer: " + _device.Manufacturer,
                    "Model: " + _device.Model,
                    "Revision: " + _device.Revision,
                    "IMEI: " + _device.Imei,
                    "+GCAP: " + _device.Gcap);
            case 'Z':
                Echo = true;
                return Result.Ok;
            case 'D':
                return Result.Final("NO CARRIER"); // no PPP behind the virtual modem
            case 'V' or 'Q' or 'X' or 'L' or 'M' or 'H' or 'S':
                return Result.Ok;
            case '&' when command.Length >= 2 && command[1] is 'C' or 'D' or 'F' or 'W' or 'K':
                if (command[1] == 'F')
                {
                    Echo = true;
                }

                return Result.Ok;
            default:
                return Result.Fail(Error.Plain);
        }
    }

    /// <summary>
    /// AT+CPIN (27.007 §8.3): <c>READY</c>, <c>SIM PIN</c>, <c>SIM PUK</c>; a dead SIM answers <c>+CME ERROR: 13</c>.
    /// <c>AT+CPIN="pin"</c> in the PIN state, <c>AT+CPIN="puk","newpin"</c> in the PUK state.
    /// </summary>
    private Result Cpin(Form form, IReadOnlyList<string> args)
    {
        if (!_device.SimPresent)
        {
            return Result.Fail(Error.Cme(10));
        }

        SimCard sim = _device.Sim;
        switch (form)
        {
            case Form.Read:
                return sim.IsDead ? Result.Fail(Error.Cme(13))
                    : Result.Info(sim.WaitsForPuk ? "+CPIN: SIM PUK" : sim.WaitsForPin ? "+CPIN: SIM PIN" : "+CPIN: READY");
            case Form.Test:
                return Result.Ok;
            case Form.Set when args.Count >= 1 && args.All(IsPinText):
                if (sim.WaitsForPuk || sim.IsDead)
                {
                    return args.Count < 2 ? Result.Fail(Error.Cme(sim.IsDead ? 13 : 12)) : SimResult(sim.Unblock(args[0], args[1]));
                }

                return SimResult(sim.EnterPin(args[0]));
            default:
                return Result.Fail(Error.Plain);
        }
    }

    /// <summary>AT+CLCK="SC",mode[,"pin"] (27.007 §7.4): query (2), unlock (0) or lock (1) the SIM PIN.</summary>
    private Result Clck(Form form, IReadOnlyList<string> args)
    {
        if (form == Form.Test)
        {
            return Result.Info("+CLCK: (\"SC\")");
        }

        if (form != Form.Set || args.Count < 2 || !TryInt(args[1], out int mode) || mode is < 0 or > 2)
        {
            return Result.Fail(Error.Plain);
        }

        if (!args[0].Equals("SC", StringComparison.OrdinalIgnoreCase))
        {
            return Result.Fail(Error.Cme(4)); // only the SIM PIN lock is emulated
        }

        if (!_device.SimPresent)
        {
            return Result.Fail(Error.Cme(10));
        }

        if (mode == 2)
        {
            return Result.Info(_device.Sim.LockEnabled ? "+CLCK: 1" : "+CLCK: 0");
        }

        return args.Count >= 3 && IsPinText(args[2]) ? SimResult(_device.Sim.SetLock(mode == 1, args[2])) : Result.Fail(Error.Plain);
    }

    /// <summary>AT+CPWD="SC","old","new" (27.007 §7.5).</summary>
    private Result Cpwd(Form form, IReadOnlyList<string> args)
    {
        if (form != Form.Set || args.Count != 3 || !IsPinText(args[1]) || !IsPinText(args[2]))
        {
            return Result.Fail(Error.Plain);
        }

        if (!args[0].Equals("SC", StringComparison.OrdinalIgnoreCase))
        {
            return Result.Fail(Error.Cme(4));
        }

        return !_device.SimPresent ? Result.Fail(Error.Cme(10)) : SimResult(_device.Sim.ChangePin(args[1], args[2]));
    }

    /// <summary>ZTE AT+ZPINPUK=? → <c>+ZPINPUK: &lt;pin_retries&gt;,&lt;puk_retries&gt;</c> (DEVICES.md §3.2).</summary>
    private Result ZPinPuk() => !_device.SimPresent ? Result.Fail(Error.Cme(10))
        : Result.Info(Inv($"+ZPINPUK: {_device.Sim.PinLeft},{_device.Sim.PukLeft}"));

    /// <summary>
    /// AT+CRSM=176,12258,0,0,10 (27.007 §8.18, READ BINARY of EF_ICCID 2FE2): <c>+CRSM: 144,0,"&lt;hex&gt;"</c> with the ICCID
    /// in swapped-nibble BCD, padded with F (TS 102 221 §13.2). Other files: status 106,130 (file not found).
    /// </summary>
    private Result Crsm(IReadOnlyList<string> args)
    {
        if (!_device.SimPresent)
        {
            return Result.Fail(Error.Cme(10));
        }

        if (args.Count >= 2 && args[0] == "176" && args[1] == "12258")
        {
            string digits = _device.Iccid.Length % 2 == 0 ? _device.Iccid : _device.Iccid + "F";
            var hex = new StringBuilder(digits.Length);
            for (int i = 0; i < digits.Length; i += 2)
            {
                hex.Append(digits[i + 1]).Append(digits[i]);
            }

            return Result.Info(Inv($"+CRSM: 144,0,\"{hex}\""));
        }

        return Result.Info("+CRSM: 106,130");
    }

    private static Result SimResult(SimCodeResult r) => r switch
    {
        SimCodeResult.Ok => Result.Ok,
        SimCodeResult.WrongCode => Result.Fail(Error.Cme(16)),
        SimCodeResult.PukRequired => Result.Fail(Error.Cme(12)),
        SimCodeResult.Blocked => Result.Fail(Error.Cme(13)),
        _ => Result.Fail(Error.Cme(3)),
    };

    private static bool IsPinText(string s) => s.Length is >= 4 and <= 8 && s.All(char.IsAsciiDigit);

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

    private string Final(Error error)
    {
        string text = error.Code is not { } code || ErrorMode == 0 ? "ERROR"
            : error.IsCms ? Inv($"+CMS ERROR: {code}")
            : ErrorMode == 2 && AtErrorText.IsKnown(AtFinalKind.CmeError, code) ? "+CME ERROR: " + AtErrorText.Describe(AtFinalKind.CmeError, code)
            : Inv($"+CME ERROR: {code}");
        return "\r\n" + text + "\r\n";
    }

    private static string Bit(bool ok) => ok ? "1" : "0";

    private static bool TryInt(string s, out int value) =>
        int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out value);

    private static string Inv(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);

    /// <summary>Splits set-command arguments at commas outside quotes and removes the quotes.</summary>
    private static List<string> SplitArgs(string s)
    {
        var args = new List<string>();
        var cur = new StringBuilder();
        bool quoted = false;
        foreach (char c in s)
        {
            if (c == '"')
            {
                quoted = !quoted;
            }
            else if (c == ',' && !quoted)
            {
                args.Add(cur.ToString().Trim());
                cur.Clear();
            }
            else
            {
                cur.Append(c);
            }
        }

        args.Add(quoted ? cur.ToString() : cur.ToString().Trim());
        return args;
    }

    private enum Form
    {
        Action,
        Read,
        Test,
        Set,
        Bad,
    }

    private readonly record struct Error(int? Code, bool IsCms)
    {
        public static Error Plain => new(null, false);

        public static Error Cme(int code) => new(code, false);

        public static Error Cms(int code) => new(code, true);
    }

    private sealed record Result(IReadOnlyList<string> Lines, Error? Error, IReadOnlyList<string> After, bool Prompt, string? FinalText, TimeSpan? Delay = null)
    {
        public static Result Later(TimeSpan delay, params string[] lines) => new(lines, null, [], false, null, delay);

        public static Result Ok { get; } = new([], null, [], false, null);

        public static Result PromptForBody { get; } = new([], null, [], true, null);

        public static Result Info(params string[] lines) => new(lines, null, [], false, null);

        public static Result Fail(Error error) => new([], error, [], false, null);

        public static Result OkThen(string unsolicited) => new([], null, [unsolicited], false, null);

        public static Result Final(string text) => new([], null, [], false, text);
    }
}

/// <summary>A reply the AT port sends after <paramref name="Delay"/>, unless the client types first.</summary>
/// <param name="Bytes">The whole reply, final result included.</param>
/// <param name="Delay">How long after the command.</param>
public sealed record DeferredReply(byte[] Bytes, TimeSpan Delay);
