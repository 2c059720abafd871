using System.Text;
using ZteDiag.Emulator.State;
using ZteDiag.Protocol.At;

namespace ZteDiag.Emulator.At;

/// <summary>The SIM commands: PIN/PUK entry and lock (<c>+CPIN</c>, <c>+CLCK</c>, <c>+CPWD</c>), the attempts left (<c>+ZPINPUK</c>) and restricted SIM access (<c>+CRSM</c>).</summary>
public sealed partial class AtResponder
{
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
}
