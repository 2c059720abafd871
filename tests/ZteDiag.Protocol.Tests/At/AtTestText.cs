using System.Text;
using ZteDiag.Protocol.At;

namespace ZteDiag.Protocol.Tests.At;

/// <summary>Captured modem texts from DEVICES.md §3 and a comparable rendering of events.</summary>
internal static class AtTestText
{
    public const string AtiMf100 =
        "\r\nManufacturer: ZTE INCORPORATED\r\nModel: MF100\r\nRevision: BD_BLNP671A1V1.0.0B02\r\n" +
        "IMEI: 12345678901234\r\n+GCAP: +CGSM,+FCLASS,+DS\r\n\r\nOK\r\n";

    public const string AtiMf626 =
        "\r\nManufacturer: ZTE INCORPORATED\r\nModel: MF626\r\nRevision: BD_TMOP673M3V1.0.1B07\r\n" +
        "IMEI: 12345678901234\r\n+GCAP: +CGSM,+DS,+ES\r\n\r\nOK\r\n";

    /// <summary>A session with echo on, a URC inside a reply, a prompt and an error.</summary>
    public const string Session =
        "AT+CSQ\r\r\n+CSQ: 12,99\r\n\r\n+ZUSIMR:2\r\n\r\nOK\r\n" +
        "\r\n+ZPASR: \"UMTS\"\r\n" +
        "\r\n+CMTI: \"SM\",5\r\n" +
        "\r\n+CME ERROR: 10\r\n" +
        "\r\n> " +
        "\r\nRING\r\n" +
        "\r\n^MODE:5,4\r\n" +
        "\r\nCONNECT 7200000\r\n";

    public static byte[] Latin1(string s) => Encoding.Latin1.GetBytes(s);

    public static string Render(IEnumerable<AtEvent> events)
    {
        var sb = new StringBuilder();
        foreach (var e in events)
        {
            sb.Append(e.Kind).Append('|').Append(e.Text).Append('|').Append(e.Final);
            if (e.Reply is { } r)
            {
                sb.Append("|cmd=").Append(r.Command).Append("|lines=").AppendJoin('¦', r.Lines);
            }

            sb.Append('\n');
        }

        return sb.ToString();
    }
}
