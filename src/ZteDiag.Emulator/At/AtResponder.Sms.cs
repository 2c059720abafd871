using System.Globalization;
using ZteDiag.Protocol.Sms;

namespace ZteDiag.Emulator.At;

/// <summary>
/// The SMS commands of 27.005 as the MF62x answers them, in text mode (<c>AT+CMGF=1</c>) and PDU mode (the
/// default): storage (<c>+CPMS</c>), list/read/delete/send (<c>+CMGL</c>, <c>+CMGR</c>, <c>+CMGD</c>,
/// <c>+CMGS</c>) and new-message indications (<c>+CNMI</c>, <c>+CMTI</c>). Messages live in the device's
/// <see cref="SmsStore"/> as PDUs; text mode shows them decoded (UCS2 bodies as hex, as the firmware does).
/// </summary>
public sealed partial class AtResponder
{
    private static readonly SmsStatus[][] DeleteFlags =
    [
        [],
        [SmsStatus.ReceivedRead],
        [SmsStatus.ReceivedRead, SmsStatus.StoredSent],
        [SmsStatus.ReceivedRead, SmsStatus.StoredSent, SmsStatus.StoredUnsent],
        [SmsStatus.ReceivedRead, SmsStatus.StoredSent, SmsStatus.StoredUnsent, SmsStatus.ReceivedUnread],
    ];

    private string _readMemory = "SM";
    private string _writeMemory = "SM";
    private int _cnmiMt = 1;
    private int? _arrivalCursor;

    /// <summary>
    /// Unsolicited lines due on this port (<c>+CMTI: "SM",5</c> for each message the network delivered), taken once.
    /// Empty while a command or SMS body is half typed; the port server sends them between replies.
    /// </summary>
    public IReadOnlyList<string> TakeUnsolicited()
    {
        int cursor;
        if (_arrivalCursor is null)
        {
            cursor = int.MaxValue; // the first call (as the port starts) skips what arrived before this port existed
            _ = _device.Sms.ArrivalsAfter(ref cursor);
            _arrivalCursor = cursor;
            return [];
        }

        if (!IsIdle)
        {
            return []; // kept for the next call between replies
        }

        cursor = _arrivalCursor.Value;
        var arrivals = _device.Sms.ArrivalsAfter(ref cursor);
        _arrivalCursor = cursor;
        return _cnmiMt == 0 ? [] : [.. arrivals.Select(a => Inv($"+CMTI: \"{a.Memory}\",{a.Index}"))];
    }

    private Result Cpms(Form form, IReadOnlyList<string> args)
    {
        _nag?.Stop(); // any AT+CPMS, even a malformed one, stops +ZUSIMR
        if (!_device.SimPresent && form != Form.Test)
        {
            return Result.Fail(Error.Cms(310));
        }

        switch (form)
        {
            case Form.Read:
                return Result.Info("+CPMS: " + string.Join(",", new[] { _readMemory, _writeMemory, SmsStore.ReceiveMemory }.Select(m => Inv($"\"{m}\",{Usage(m)}"))));
            case Form.Test:
                return Result.Info("+CPMS: (\"SM\",\"ME\"),(\"SM\",\"ME\"),(\"SM\")");
            case Form.Set when args.Count is >= 1 and <= 3 && args.All(a => a.Length == 0 || SmsStore.IsMemory(a)):
                if (args.Count == 3 && args[2].Length > 0 && !args[2].Equals(SmsStore.ReceiveMemory, StringComparison.OrdinalIgnoreCase))
                {
                    return Result.Fail(Error.Cms(302)); // new messages always land on the SIM
                }

                _readMemory = args[0].Length > 0 ? args[0].ToUpperInvariant() : _readMemory;
                _writeMemory = args.Count > 1 && args[1].Length > 0 ? args[1].ToUpperInvariant() : _writeMemory;
                return Result.Info("+CPMS: " + string.Join(",", new[] { _readMemory, _writeMemory, SmsStore.ReceiveMemory }.Select(Usage)));
            default:
                return Result.Fail(Error.Plain);
        }
    }

    private string Usage(string memory) => Inv($"{_device.Sms.Used(memory)},{SmsStore.Capacity(memory)}");

    private Result Cmgf(Form form, IReadOnlyList<string> args)
    {
        if (form == Form.Read)
        {
            return Result.Info(SmsTextMode ? "+CMGF: 1" : "+CMGF: 0");
        }

        if (form == Form.Test)
        {
            return Result.Info("+CMGF: (0-1)");
        }

        if (form == Form.Set && args.Count == 1 && args[0] is "0" or "1")
        {
            SmsTextMode = args[0] == "1";
            return Result.Ok;
        }

        return Result.Fail(Error.Plain);
    }

    private Result Csca(Form form) => form switch
    {
        Form.Read when !_device.SimPresent => Result.Fail(Error.Cms(310)),
        Form.Read => Result.Info(Inv($"+CSCA: \"{SmsDeliverPdus.ServiceCentre}\",145")),
        Form.Set => Result.Ok, // the SIM keeps its own service centre
        _ => Result.Fail(Error.Plain),
    };

    private Result Cnmi(Form form, IReadOnlyList<string> args)
    {
        switch (form)
        {
            case Form.Read:
                return Result.Info(Inv($"+CNMI: 2,{_cnmiMt},0,0,0"));
            case Form.Test:
                return Result.Info("+CNMI: (0-2),(0-1),(0),(0),(0)");
            case Form.Set when args.Count is >= 1 and <= 5 && args.All(a => a.Length == 0 || TryInt(a, out _)):
                if (args.Count >= 2 && args[1].Length > 0)
                {
                    if (!TryInt(args[1], out int mt) || mt > 1)
                    {
                        return Result.Fail(Error.Cms(303)); // mt=2/3 (route the message itself) is not emulated
                    }

                    _cnmiMt = mt;
                }

                return Result.Ok;
            default:
                return Result.Fail(Error.Plain);
        }
    }

    private Result Cmgl(Form form, IReadOnlyList<string> args)
    {
        if (!_device.SimPresent)
        {
            return Result.Fail(Error.Cms(310));
        }

        if (form is not (Form.Action or Form.Set) || args.Count > 1)
        {
            return form == Form.Test && SmsTextMode ? Result.Info("+CMGL: (\"REC UNREAD\",\"REC READ\",\"STO UNSENT\",\"STO SENT\",\"ALL\")")
                : form == Form.Test ? Result.Info("+CMGL: (0-4)")
                : Result.Fail(Error.Plain);
        }

        // 27.005 §3.4.2 / §4.1: no argument lists the unread ones; 4 / "ALL" lists everything
        SmsStatus? only = SmsStatus.ReceivedUnread;
        if (args.Count == 1 && !TryStatusFilter(args[0], out only))
        {
            return Result.Fail(Error.Cms(SmsTextMode ? 305 : 304));
        }

        var lines = new List<string>();
        bool listsUnread = only is null or SmsStatus.ReceivedUnread; // only the unread ones listed become read
        foreach (StoredSms m in _device.Sms.List(_readMemory, markRead: listsUnread).Where(m => only is null || m.Status == only))
        {
            if (SmsTextMode)
            {
                (string header, IEnumerable<string> body) = TextView(m, "+CMGL: " + Inv($"{m.Index},"));
                lines.Add(header);
                lines.AddRange(body);
            }
            else
            {
                lines.Add(Inv($"+CMGL: {m.Index},{(int)m.Status},,{m.TpduLength}"));
                lines.Add(Convert.ToHexString(m.Pdu));
            }
        }

        return Result.Info([.. lines]);
    }

    private Result Cmgr(Form form, IReadOnlyList<string> args)
    {
        if (!_device.SimPresent)
        {
            return Result.Fail(Error.Cms(310));
        }

        if (form != Form.Set || args.Count != 1 || !TryInt(args[0], out int index))
        {
            return Result.Fail(Error.Cms(321));
        }

        if (index > SmsStore.Capacity(_readMemory))
        {
            return Result.Fail(Error.Cms(321));
        }

        if (_device.Sms.Read(_readMemory, index) is not StoredSms m)
        {
            return Result.Ok; // an empty slot: MF62x firmware answers a bare OK (DEVICES.md §3.4)
        }

        if (!SmsTextMode)
        {
            return Result.Info(Inv($"+CMGR: {(int)m.Status},,{m.TpduLength}"), Convert.ToHexString(m.Pdu));
        }

        (string header, IEnumerable<string> body) = TextView(m, "+CMGR: ");
        return Result.Info([header, .. body]);
    }

    private Result Cmgd(Form form, IReadOnlyList<string> args)
    {
        if (!_device.SimPresent)
        {
            return Result.Fail(Error.Cms(310));
        }

        if (form == Form.Test)
        {
            return Result.Info(Inv($"+CMGD: (1-{SmsStore.Capacity(_readMemory)}),(0-4)"));
        }

        int flag = 0;
        if (form != Form.Set || args.Count is < 1 or > 2 || (args.Count == 2 && (!TryInt(args[1], out flag) || flag > 4)))
        {
            return Result.Fail(Error.Plain);
        }

        if (flag > 0)
        {
            _device.Sms.DeleteWhere(_readMemory, DeleteFlags[flag].ToHashSet());
            return Result.Ok;
        }

        return TryInt(args[0], out int index) && _device.Sms.Delete(_readMemory, index) ? Result.Ok : Result.Fail(Error.Cms(321));
    }

    private Result Cmgs(Form form, IReadOnlyList<string> args)
    {
        if (!_device.SimPresent)
        {
            return Result.Fail(Error.Cms(310));
        }

        if (form != Form.Set || args.Count < 1 || args[0].Length == 0)
        {
            return Result.Fail(Error.Plain);
        }

        bool valid = SmsTextMode ? IsDialString(args[0]) : TryInt(args[0], out int length) && length is >= 7 and <= 164;
        if (!valid)
        {
            return Result.Fail(Error.Cms(SmsTextMode ? 305 : 304));
        }

        _smsNumber = args[0]; // the destination (text mode) or the TPDU length (PDU mode)
        _smsBody.Clear();
        return Result.PromptForBody;
    }

    /// <summary>What follows Ctrl-Z after <c>AT+CMGS</c>: the message goes out, or a CMS error says why not.</summary>
    private string CompleteSmsBody(string target, string body)
    {
        if (_device.OperatorName.Length == 0)
        {
            return Final(Error.Cms(331)); // not registered (radio off, no operator): the network never sees it
        }

        if (SmsTextMode)
        {
            var parts = SmsSubmitEncoder.Encode(target, body);
            int reference = _device.Sms.RecordSent(_writeMemory, parts.Select(p => p.Pdu), target, body);
            return Inv($"\r\n+CMGS: {reference}\r\n\r\nOK\r\n");
        }

        string hex = body.Trim();
        int length = int.Parse(target, CultureInfo.InvariantCulture);
        if (hex.Length % 2 != 0 || !hex.All(Uri.IsHexDigit))
        {
            return Final(Error.Cms(304));
        }

        byte[] pdu = Convert.FromHexString(hex);
        if (pdu.Length == 0 || pdu.Length - 1 - pdu[0] != length
            || SmsPdu.TryParse(pdu, out SmsPdu? submit) != SmsPduStatus.Ok || submit!.Kind != SmsPduKind.Submit)
        {
            return Final(Error.Cms(304)); // the length after AT+CMGS= must count the octets after the SMSC field
        }

        int mr = _device.Sms.RecordSent(_writeMemory, [pdu], submit.Address.Number, submit.Text);
        return Inv($"\r\n+CMGS: {mr}\r\n\r\nOK\r\n");
    }

    /// <summary>The text-mode header and body lines of a stored message (27.005 §3.4.2/§3.4.3, CSDH=0).</summary>
    private static (string Header, IEnumerable<string> Body) TextView(StoredSms m, string prefix)
    {
        if (SmsPdu.TryParse(m.Pdu, out SmsPdu? sms) != SmsPduStatus.Ok || sms is null)
        {
            return (prefix + Inv($"\"{m.StatusText}\",\"\",,"), [Convert.ToHexString(m.Pdu)]);
        }

        string body = sms.Alphabet == SmsAlphabet.Ucs2 ? Convert.ToHexString(System.Text.Encoding.BigEndianUnicode.GetBytes(sms.Text)) : sms.Text;
        string header = sms.Timestamp is { } t
            ? prefix + Inv($"\"{m.StatusText}\",\"{sms.Address.Number}\",,\"{TextTimestamp(t)}\"")
            : prefix + Inv($"\"{m.StatusText}\",\"{sms.Address.Number}\",,");
        return (header, body.Split('\n'));
    }

    /// <summary><c>yy/MM/dd,hh:mm:ss±zz</c>, the zone in quarter hours (27.005 §3.1 &lt;scts&gt;).</summary>
    private static string TextTimestamp(DateTimeOffset t)
    {
        int quarters = (int)(t.Offset.TotalMinutes / 15);
        return t.ToString("yy/MM/dd,HH:mm:ss", CultureInfo.InvariantCulture) + (quarters < 0 ? "-" : "+") + Math.Abs(quarters).ToString("00", CultureInfo.InvariantCulture);
    }

    /// <summary>The status filter of <c>AT+CMGL</c>: a name or "ALL" in text mode, 0–4 in PDU mode; null = all.</summary>
    private bool TryStatusFilter(string arg, out SmsStatus? only)
    {
        only = null;
        if (SmsTextMode)
        {
            if (arg.Equals("ALL", StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }

            only = SmsStatusNames.Parse(arg);
            return only is not null;
        }

        if (!TryInt(arg, out int stat) || stat > 4)
        {
            return false;
        }

        only = stat == 4 ? null : (SmsStatus)stat;
        return true;
    }

    private static bool IsDialString(string number)
    {
        string digits = number.StartsWith('+') ? number[1..] : number;
        return digits.Length is >= 1 and <= 20 && digits.All(c => char.IsAsciiDigit(c) || c is '*' or '#');
    }
}
