using System.Globalization;
using System.Text;
using ZteDiag.Protocol.At;

namespace ZteDiag.Emulator.At;

/// <summary>
/// Command dispatch: which handler a command name goes to, the basic (one-letter and &amp;) commands, and the
/// result shapes (info lines, final result, lines after it, the SMS prompt, a deferred reply).
/// </summary>
public sealed partial class AtResponder
{
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
