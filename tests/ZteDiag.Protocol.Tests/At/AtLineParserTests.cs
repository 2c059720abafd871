using FsCheck;
using FsCheck.Xunit;
using ZteDiag.Protocol.At;
using static ZteDiag.Protocol.Tests.At.AtTestText;

namespace ZteDiag.Protocol.Tests.At;

public class AtLineParserTests
{
    private static IReadOnlyList<AtEvent> FeedAll(string command, string text, int maxLine = AtLineParser.DefaultMaxLineLength)
    {
        var p = new AtLineParser(maxLine);
        p.CommandSent(command);
        return p.Feed(Latin1(text));
    }

    private static IReadOnlyList<AtEvent> FeedChunks(string command, byte[] bytes, IEnumerable<int> sizes)
    {
        var p = new AtLineParser();
        p.CommandSent(command);
        var events = new List<AtEvent>();
        int pos = 0;
        foreach (int size in sizes)
        {
            if (pos >= bytes.Length)
            {
                break;
            }

            int n = Math.Min(size, bytes.Length - pos);
            p.Feed(bytes.AsSpan(pos, n), events);
            pos += n;
        }

        p.Feed(bytes.AsSpan(pos), events);
        return events;
    }

    [Fact]
    public void Ati_of_an_MF100_becomes_five_information_lines_and_OK()
    {
        var events = FeedAll("ATI", AtiMf100);

        Assert.Equal(6, events.Count);
        Assert.All(events.Take(5), e => Assert.Equal(AtEventKind.Information, e.Kind));
        var final = events[5];
        Assert.Equal(AtEventKind.Final, final.Kind);
        Assert.Equal(AtFinalKind.Ok, final.Final!.Kind);
        Assert.Equal("ATI", final.Reply!.Command);
        Assert.Equal("Model: MF100", final.Reply.Lines[1]);
        Assert.True(final.Reply.IsSuccess);
    }

    [Fact]
    public void Echo_of_the_command_just_sent_is_recognised_once()
    {
        var events = FeedAll("AT+CSQ", "AT+CSQ\r\r\n+CSQ: 12,99\r\n\r\nOK\r\n");

        Assert.Equal([AtEventKind.Echo, AtEventKind.Information, AtEventKind.Final], events.Select(e => e.Kind));
        Assert.Equal(["+CSQ: 12,99"], events[2].Reply!.Lines);
    }

    [Fact]
    public void Zusimr_interleaved_in_the_middle_of_a_reply_is_unsolicited_and_not_part_of_the_reply()
    {
        var events = FeedAll("ATI", "\r\nManufacturer: ZTE INCORPORATED\r\nModel: MF626\r\n\r\n+ZUSIMR:2\r\n\r\nRevision: BD_TMOP673M3V1.0.1B07\r\n\r\nOK\r\n");

        var urc = Assert.Single(events, e => e.Kind == AtEventKind.Unsolicited);
        Assert.Equal("+ZUSIMR:2", urc.Text);
        var reply = events[^1].Reply!;
        Assert.Equal(["Manufacturer: ZTE INCORPORATED", "Model: MF626", "Revision: BD_TMOP673M3V1.0.1B07"], reply.Lines);
    }

    [Theory]
    [InlineData("+ZPASR: \"UMTS\"")]
    [InlineData("+ZDONR: \"O2-UK\",234,10,\"CS_PS\",\"ROAM_OFF\"")]
    [InlineData("+ZPSTM: 1")]
    [InlineData("+ZEND")]
    [InlineData("+CMTI: \"SM\",5")]
    [InlineData("RING")]
    [InlineData("^MODE:5,4")]
    [InlineData("^RSSI:17")]
    [InlineData("+CREG: 1,\"00C3\",\"0010B5F2\"")]
    [InlineData("+CUSD: 0,\"Stanje: 3.12\",15")]
    public void Known_unsolicited_codes_are_unsolicited_even_while_a_command_is_in_flight(string line)
    {
        var events = FeedAll("AT+CSQ", "\r\n" + line + "\r\n");

        var e = Assert.Single(events);
        Assert.Equal(AtEventKind.Unsolicited, e.Kind);
        Assert.Equal(line, e.Text);
    }

    [Fact]
    public void Cusd_is_information_when_the_command_in_flight_asked_for_it()
    {
        var events = FeedAll("AT+CUSD=1,\"*797#\",15", "\r\n+CUSD: 0,\"Stanje: 3.12\",15\r\n\r\nOK\r\n");

        Assert.Equal(AtEventKind.Information, events[0].Kind);
        Assert.Equal(["+CUSD: 0,\"Stanje: 3.12\",15"], events[1].Reply!.Lines);
    }

    [Fact]
    public void Multi_line_cusd_text_is_joined_into_one_event()
    {
        string text = "\r\n+CUSD: 0,\"Tarifni profil: Surf Classic\r\nStanje: 3.12\r\nPreostali besplatni saobracaj:\r\nPodaci (kb): 12214240\",15\r\n\r\nOK\r\n";

        var events = FeedAll("AT+CUSD=1,\"*797#\",15", text);

        Assert.Equal(2, events.Count);
        Assert.Equal("+CUSD: 0,\"Tarifni profil: Surf Classic\nStanje: 3.12\nPreostali besplatni saobracaj:\nPodaci (kb): 12214240\",15", events[0].Text);
        Assert.Equal(AtEventKind.Final, events[1].Kind);
    }

    [Fact]
    public void Unterminated_cusd_quote_does_not_swallow_the_final_result()
    {
        var events = FeedAll("AT+CUSD=1,\"*797#\",15", "\r\n+CUSD: 0,\"broken\r\n\r\nOK\r\n");

        Assert.Equal([AtEventKind.Information, AtEventKind.Final], events.Select(e => e.Kind));
        Assert.True(events[1].Reply!.IsSuccess);
    }

    [Fact]
    public void Creg_answer_to_the_query_is_information_but_the_unsolicited_form_is_not()
    {
        var events = FeedAll("AT+CREG?", "\r\n+CREG: 2\r\n\r\n+CREG: 0,1\r\n\r\nOK\r\n");

        Assert.Equal([AtEventKind.Unsolicited, AtEventKind.Information, AtEventKind.Final], events.Select(e => e.Kind));
    }

    [Fact]
    public void Lines_while_no_command_is_in_flight_are_unsolicited()
    {
        var p = new AtLineParser();
        var events = p.Feed(Latin1("\r\nsomething\r\n"));

        Assert.Equal(AtEventKind.Unsolicited, Assert.Single(events).Kind);
    }

    [Fact]
    public void Cme_error_10_closes_the_reply_as_a_failure()
    {
        var events = FeedAll("AT+CPIN?", "\r\n+CME ERROR: 10\r\n");

        var e = Assert.Single(events);
        Assert.Equal(new AtFinalResult(AtFinalKind.CmeError, 10), e.Final);
        Assert.False(e.Reply!.IsSuccess);
        Assert.Equal("AT+CPIN?", e.Reply.Command);
    }

    [Fact]
    public void Final_result_ends_the_command_in_flight()
    {
        var p = new AtLineParser();
        p.CommandSent("AT+CSQ\r");
        Assert.Equal("AT+CSQ", p.CommandInFlight);

        p.Feed("\r\nOK\r\n".AsSpan());

        Assert.Null(p.CommandInFlight);
    }

    [Fact]
    public void Sms_prompt_without_newline_is_its_own_event()
    {
        var p = new AtLineParser();
        p.CommandSent("AT+CMGS=\"+441234567890\"");

        var events = p.Feed(Latin1("\r\n> "));

        var e = Assert.Single(events);
        Assert.Equal(AtEventKind.Prompt, e.Kind);
        Assert.Equal("AT+CMGS=\"+441234567890\"", p.CommandInFlight);
        var after = p.Feed(Latin1("\r\n+CMGS: 7\r\n\r\nOK\r\n"));
        Assert.Equal(["+CMGS: 7"], after[^1].Reply!.Lines);
    }

    [Fact]
    public void Lone_cr_and_lone_lf_both_end_lines()
    {
        var events = FeedAll("AT+CSQ", "\r+CSQ: 12,99\rOK\n");

        Assert.Equal([AtEventKind.Information, AtEventKind.Final], events.Select(e => e.Kind));
    }

    [Fact]
    public void Overlong_line_is_reported_once_and_the_parser_resyncs_at_the_next_newline()
    {
        string text = "\r\n" + new string('A', 50) + "\r\n+CSQ: 12,99\r\n\r\nOK\r\n";

        var events = FeedAll("AT+CSQ", text, maxLine: 16);

        Assert.Equal([AtEventKind.Overlong, AtEventKind.Information, AtEventKind.Final], events.Select(e => e.Kind));
        Assert.Equal(new string('A', 16), events[0].Text);
    }

    [Fact]
    public void A_line_exactly_at_the_limit_is_not_overlong()
    {
        var events = FeedAll("AT", "\r\n" + new string('B', 16) + "\r\nOK\r\n", maxLine: 16);

        Assert.Equal(AtEventKind.Information, events[0].Kind);
    }

    [Fact]
    public void Latin1_bytes_at_or_above_0x80_are_preserved_one_char_per_byte()
    {
        byte[] bytes = [0x0D, 0x0A, 0x80, 0xE9, 0xFF, 0x41, 0x0D, 0x0A];
        var p = new AtLineParser();
        p.CommandSent("AT+CGMR");

        var e = Assert.Single(p.Feed(bytes));

        Assert.Equal("\u0080\u00E9\u00FFA", e.Text);
        Assert.Equal([0x80, 0xE9, 0xFF, 0x41], Latin1(e.Text));
    }

    [Fact]
    public void Garbage_bytes_never_throw()
    {
        var rng = new Random(20240601);
        var p = new AtLineParser(64);
        var buf = new byte[4096];
        for (int round = 0; round < 200; round++)
        {
            rng.NextBytes(buf);
            if (round % 7 == 0)
            {
                p.CommandSent("AT+CUSD=1,\"*100#\",15");
            }

            var ex = Record.Exception(() => p.Feed(buf.AsSpan(0, rng.Next(buf.Length))));
            Assert.Null(ex);
        }
    }

    [Fact]
    public void Every_two_chunk_split_of_a_session_gives_the_same_events()
    {
        byte[] bytes = Latin1(Session);
        string expected = Render(FeedChunks("AT+CSQ", bytes, []));

        for (int cut = 0; cut <= bytes.Length; cut++)
        {
            Assert.Equal(expected, Render(FeedChunks("AT+CSQ", bytes, [cut])));
        }
    }

    [Fact]
    public void Byte_by_byte_feeding_gives_the_session_events()
    {
        byte[] bytes = Latin1(Session);

        var events = FeedChunks("AT+CSQ", bytes, Enumerable.Repeat(1, bytes.Length));

        Assert.Equal(
            [AtEventKind.Echo, AtEventKind.Information, AtEventKind.Unsolicited, AtEventKind.Final,
             AtEventKind.Unsolicited, AtEventKind.Unsolicited, AtEventKind.Final, AtEventKind.Prompt,
             AtEventKind.Unsolicited, AtEventKind.Unsolicited, AtEventKind.Final],
            events.Select(e => e.Kind));
        Assert.Equal(7200000, events[^1].Final!.ConnectSpeed);
    }

    [Property(MaxTest = 300)]
    public bool Events_are_the_same_regardless_of_chunking(PositiveInt[] sizes, byte[] noise)
    {
        byte[] bytes = [.. Latin1(Session), .. noise ?? [], .. Latin1(AtiMf626)];
        string whole = Render(FeedChunks("AT+CSQ", bytes, []));
        string chunked = Render(FeedChunks("AT+CSQ", bytes, (sizes ?? []).Select(s => s.Get)));
        return whole == chunked;
    }

    [Fact]
    public void Text_and_byte_feeding_agree()
    {
        var a = new AtLineParser();
        var b = new AtLineParser();
        a.CommandSent("ATI");
        b.CommandSent("ATI");

        Assert.Equal(Render(a.Feed(Latin1(AtiMf626))), Render(b.Feed(AtiMf626.AsSpan())));
    }

    [Fact]
    public void Limit_below_two_is_a_caller_mistake()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new AtLineParser(1));
    }

    [Fact]
    public void Reply_from_text_round_trips_through_wire_text()
    {
        var reply = AtReply.FromText("AT+COPS?", "\r\n+COPS: 0,0,\"Orange Austria\",2\r\n\r\nOK\r\n")!;

        Assert.Equal("\r\n+COPS: 0,0,\"Orange Austria\",2\r\n\r\nOK\r\n", reply.ToWireText());
    }
}
