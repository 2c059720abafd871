using System.Globalization;

namespace ZteDiag.Device.At;

/// <summary>How the stick is asked for messages: <c>AT+CMGF=0</c> (PDU) or <c>AT+CMGF=1</c> (text).</summary>
public enum SmsMode
{
    /// <summary>PDU mode where the stick has it (lossless: alphabet and concatenation headers), text mode otherwise.</summary>
    Auto,
    /// <summary>Text mode only.</summary>
    Text,
    /// <summary>PDU mode only.</summary>
    Pdu,
}

/// <summary>One message as a user reads it: a single SMS, or the parts of a concatenated one joined.</summary>
/// <param name="Indexes">Storage indexes of its parts, in part order (what read/delete take).</param>
/// <param name="Status">"REC UNREAD", "REC READ", "STO UNSENT", "STO SENT" (unread when any part is).</param>
/// <param name="Address">Sender (received) or destination (stored/sent).</param>
/// <param name="Timestamp">Service-centre time stamp of a received message, null otherwise.</param>
/// <param name="Text">The text; a missing part shows as <c>[…]</c>; empty when undecodable.</param>
/// <param name="Encoding">"gsm7", "ucs2", "8bit" (PDU mode) or "text" (as the stick gave it in text mode).</param>
/// <param name="Parts">Number of parts the message announces (1 for a single SMS).</param>
/// <param name="MissingParts">Part numbers not in the store.</param>
/// <param name="Problem">Why the PDU could not be decoded (with its hex), or null.</param>
public sealed record SmsMessageView(
    IReadOnlyList<int> Indexes,
    string Status,
    string Address,
    DateTimeOffset? Timestamp,
    string Text,
    string Encoding,
    int Parts,
    IReadOnlyList<int> MissingParts,
    string? Problem)
{
    /// <summary>The indexes as the user types them, e.g. <c>2,3</c>.</summary>
    public string IndexText => string.Join(",", Indexes.Select(i => i.ToString(CultureInfo.InvariantCulture)));

    /// <summary>"REC UNREAD" etc. from the numeric PDU-mode stat (27.005 §3.1).</summary>
    public static string StatusName(int stat) => stat switch
    {
        0 => "REC UNREAD",
        1 => "REC READ",
        2 => "STO UNSENT",
        3 => "STO SENT",
        _ => "stat " + stat.ToString(CultureInfo.InvariantCulture),
    };

    /// <summary>
    /// Parses a text-mode time stamp <c>yy/MM/dd,hh:mm:ss±zz</c> (zone in quarter hours, 27.005 §3.1); null when it is not one.
    /// </summary>
    public static DateTimeOffset? ParseTextTimestamp(string? scts)
    {
        if (scts is null || scts.Length != 20 || scts[17] is not ('+' or '-')
            || !DateTime.TryParseExact(scts[..17], "yy/MM/dd,HH:mm:ss", CultureInfo.InvariantCulture, DateTimeStyles.None, out DateTime local)
            || !int.TryParse(scts[18..], NumberStyles.None, CultureInfo.InvariantCulture, out int quarters) || quarters > 56)
        {
            return null;
        }

        return new DateTimeOffset(local, TimeSpan.FromMinutes(quarters * 15 * (scts[17] == '-' ? -1 : 1)));
    }
}

/// <summary>The storage in use and how full it is (<c>+CPMS</c>).</summary>
/// <param name="Memory">"SM", "ME"…</param>
/// <param name="Used">Messages stored.</param>
/// <param name="Total">Capacity.</param>
public sealed record SmsStorageInfo(string Memory, int Used, int Total);

/// <summary>What <c>sms send</c> did.</summary>
/// <param name="Mode">Text or PDU mode.</param>
/// <param name="References">Message reference of each part (<c>+CMGS: mr</c>), in order.</param>
/// <param name="Encoding">"gsm7" or "ucs2".</param>
public sealed record SmsSendResult(SmsMode Mode, IReadOnlyList<int> References, string Encoding);
