namespace ZteDiag.Device.At;

/// <summary>One URC as a console shows it: the line, how often it came in a row, and an offer when it nags.</summary>
/// <param name="Line">The URC line (masked).</param>
/// <param name="Count">How many times in a row it came (1 = new).</param>
/// <param name="Offer">Set once, when the repeats are the known nag and a command stops it.</param>
public sealed record AtUrcUpdate(string Line, int Count, AtOffer? Offer)
{
    /// <summary>True when this repeats the previous URC: update its line rather than add one.</summary>
    public bool IsRepeat => Count > 1;

    /// <summary>The line with its count, e.g. <c>+ZUSIMR:2 (×25)</c>.</summary>
    public string Text => Count > 1 ? $"{Line} (×{Count})" : Line;
}

/// <summary>
/// Collapses repeats of one URC into one counted line and spots the <c>+ZUSIMR:2</c> nag (DEVICES.md:
/// every ~2 s after plug-in until any <c>AT+CPMS</c>), offering <c>AT+CPMS?</c> as the connection
/// managers send; offers to read a new SMS announced by <c>+CMTI</c>. Pure: no I/O, no clock.
/// </summary>
public sealed class AtUrcCollapser
{
    /// <summary>Repeats after which the nag offer is made.</summary>
    public const int NagThreshold = 3;

    private string? _last;
    private int _count;
    private bool _offered;

    /// <summary>Counts <paramref name="line"/> against the previous URC.</summary>
    public AtUrcUpdate Observe(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        if (string.Equals(line, _last, StringComparison.Ordinal))
        {
            _count++;
        }
        else
        {
            _last = line;
            _count = 1;
        }

        AtOffer? offer = null;
        if (!_offered && _count >= NagThreshold && line.StartsWith("+ZUSIMR", StringComparison.OrdinalIgnoreCase))
        {
            _offered = true;
            offer = new AtOffer(
                $"the modem repeats {line} until the SMS storage is queried; AT+CPMS? stops it, as the connection managers do",
                ["AT+CPMS?"]);
        }

        else if (_count == 1 && NewMessageOffer(line) is { } read)
        {
            offer = read;
        }

        return new AtUrcUpdate(line, _count, offer);
    }

    /// <summary><c>+CMTI: "SM",5</c> (27.005 §3.4.1): a new SMS was stored; offer to show it in text mode.</summary>
    private static AtOffer? NewMessageOffer(string line)
    {
        if (!ZteDiag.Protocol.At.AtFields.TryGetBody(line, "+CMTI", out string body))
        {
            return null;
        }

        var f = ZteDiag.Protocol.At.AtFields.Split(body);
        if (f.Count < 2 || f[1].AsInt() is not int index)
        {
            return null;
        }

        string read = "AT+CMGR=" + index.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return new AtOffer($"a new SMS is stored in {f[0].Value} at index {index} (`ztediag sms read {index}` decodes it)", ["AT+CMGF=1", read]);
    }

    /// <summary>Forgets the last URC: the next one starts a new line (call after other output).</summary>
    public void Break()
    {
        _last = null;
        _count = 0;
    }
}
