using System.Text;
using ZteDiag.Emulator.At;
using ZteDiag.Emulator.Control;
using ZteDiag.Emulator.Tests.Host;
using ZteDiag.Protocol.Sms;

namespace ZteDiag.Emulator.Tests.At;

/// <summary>The 27.005 SMS commands of the virtual stick, in PDU and text mode, on the responder itself.</summary>
public sealed class SmsCommandTests
{
    private static (AtResponder At, FakeAtDevice Device) Sample()
    {
        var device = new FakeAtDevice { Sms = SmsStore.WithSampleMessages() };
        return (new AtResponder(device) { Echo = false }, device);
    }

    private static string Type(AtResponder at, string bytes) => Encoding.Latin1.GetString(at.Process(Encoding.Latin1.GetBytes(bytes)));

    [Fact]
    public void A_deliver_pdu_is_laid_out_field_by_field_as_TS_23_040_says()
    {
        byte[] pdu = SmsDeliverPdus.Build("+70000000111", "Hi", new DateTimeOffset(2010, 3, 12, 9, 15, 0, TimeSpan.FromHours(3)))[0];
        string expected =
            "07" + "91" + "0700000000F1" + // SMSC +70000000001: 7 octets with the type octet
            "04" + // SMS-DELIVER, TP-MMS (no more messages)
            "0B" + "91" + "0700000011F1" + // TP-OA: 11 digits, international
            "00" + "00" + // TP-PID, TP-DCS (GSM 7-bit)
            "01302190510021" + // TP-SCTS 10-03-12 09:15:00, +12 quarters
            "02" + "C834"; // TP-UDL 2 septets, "Hi" packed
        Assert.Equal(expected, Convert.ToHexString(pdu));

        byte[] west = SmsDeliverPdus.Timestamp(new DateTimeOffset(2024, 1, 2, 3, 4, 5, TimeSpan.FromMinutes(-150)));
        Assert.Equal("42102030405009", Convert.ToHexString(west)); // the sign in bit 3 of the zone's first digit
    }

    [Fact]
    public void PDU_mode_lists_every_message_as_stat_length_and_hex()
    {
        var (at, _) = Sample();
        string reply = at.ExecuteLine("AT+CMGL=4");
        string[] lines = reply.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(7, lines.Length); // 3 headers, 3 PDUs, OK
        Assert.Equal("OK", lines[^1]);
        Assert.StartsWith("+CMGL: 1,0,,", lines[0], StringComparison.Ordinal);
        Assert.StartsWith("+CMGL: 2,1,,", lines[2], StringComparison.Ordinal);
        Assert.StartsWith("+CMGL: 3,1,,", lines[4], StringComparison.Ordinal);

        // the length counts the octets after the service-centre field (07 91 …: 8 octets)
        int length = int.Parse(lines[0].Split(',')[^1], System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal((lines[1].Length / 2) - 8, length);
        Assert.StartsWith("07910700000000F1", lines[1], StringComparison.Ordinal);

        Assert.Equal(SmsPduStatus.Ok, SmsPdu.TryParseHex(lines[1], out var welcome));
        Assert.Equal("+70000000111", welcome!.Address.Number);
        Assert.Equal(SmsStore.WelcomeText, welcome.Text);
        Assert.Equal(new DateTimeOffset(2010, 3, 12, 9, 15, 0, TimeSpan.FromHours(3)), welcome.Timestamp);

        Assert.Equal(SmsPduStatus.Ok, SmsPdu.TryParseHex(lines[3], out var first));
        Assert.Equal(SmsPduStatus.Ok, SmsPdu.TryParseHex(lines[5], out var second));
        Assert.Equal(SmsAlphabet.Ucs2, first!.Alphabet);
        Assert.Equal(new SmsPartInfo(0x2A, 2, 1), first.Part);
        Assert.Equal(new SmsPartInfo(0x2A, 2, 2), second!.Part);
        Assert.Equal(SmsStore.NoticeText, first.Text + second.Text);
    }

    [Fact]
    public void Listing_marks_unread_messages_read_and_the_default_filter_is_unread()
    {
        var (at, _) = Sample();
        Assert.StartsWith("\r\n+CMGL: 1,0,,", at.ExecuteLine("AT+CMGL"), StringComparison.Ordinal);
        Assert.Equal("\r\nOK\r\n", at.ExecuteLine("AT+CMGL=0"));
        Assert.Equal("\r\n+CMS ERROR: 304\r\n", at.ExecuteLine("AT+CMGL=\"ALL\"")); // a text-mode filter in PDU mode
    }

    [Fact]
    public void Listing_read_or_stored_messages_leaves_unread_ones_unread()
    {
        var (at, _) = Sample();
        Assert.StartsWith("\r\n+CMGL: 2,1,,", at.ExecuteLine("AT+CMGL=1"), StringComparison.Ordinal);
        Assert.Equal("\r\nOK\r\n", at.ExecuteLine("AT+CMGL=3"));
        Assert.StartsWith("\r\n+CMGL: 1,0,,", at.ExecuteLine("AT+CMGL=0"), StringComparison.Ordinal);
    }

    [Fact]
    public void Text_mode_shows_gsm_text_as_is_and_ucs2_as_hex()
    {
        var (at, _) = Sample();
        Assert.Equal("\r\nOK\r\n", at.ExecuteLine("AT+CMGF=1"));
        Assert.Equal("\r\n+CMGR: \"REC UNREAD\",\"+70000000111\",,\"10/03/12,09:15:00+12\"\r\nWelcome to the network\r\n\r\nOK\r\n", at.ExecuteLine("AT+CMGR=1"));
        Assert.StartsWith("\r\n+CMGR: \"REC READ\",\"+70000000111\"", at.ExecuteLine("AT+CMGR=1"), StringComparison.Ordinal); // read now
        string ucs2 = at.ExecuteLine("AT+CMGR=2");
        Assert.StartsWith("\r\n+CMGR: \"REC READ\",\"+70000000222\",,\"10/03/12,10:20:00+12\"\r\n04230432043004360430", ucs2, StringComparison.Ordinal);
        Assert.Equal("\r\n+CMS ERROR: 305\r\n", at.ExecuteLine("AT+CMGL=\"NEW\""));
    }

    [Fact]
    public void An_empty_slot_reads_as_a_bare_OK_as_on_MF62x_and_an_index_past_the_memory_is_CMS_321()
    {
        var (at, device) = Sample();
        Assert.Equal("\r\nOK\r\n", at.ExecuteLine("AT+CMGR=9"));
        Assert.Equal("\r\n+CMS ERROR: 321\r\n", at.ExecuteLine("AT+CMGR=21"));
        Assert.Equal("\r\n+CMS ERROR: 321\r\n", at.ExecuteLine("AT+CMGD=9"));
        Assert.Equal("\r\nOK\r\n", at.ExecuteLine("AT+CMGD=2"));
        Assert.Equal("\r\nOK\r\n", at.ExecuteLine("AT+CMGR=2"));
        Assert.Equal("\r\n+CSCA: \"+70000000001\",145\r\n\r\nOK\r\n", at.ExecuteLine("AT+CSCA?"));
        Assert.Equal(2, device.Sms.Used("SM"));
        Assert.Equal("\r\nOK\r\n", at.ExecuteLine("AT+CMGD=1,4"));
        Assert.Equal(0, device.Sms.Used("SM"));
    }

    [Fact]
    public void PDU_mode_CMGS_takes_hex_and_checks_the_length_it_was_given()
    {
        var (at, device) = Sample();
        SmsSubmitPart part = SmsSubmitEncoder.Encode("+46708251358", "hellohello")[0];
        Assert.Equal("\r\n> ", at.ExecuteLine("AT+CMGS=" + (part.TpduLength + 1)));
        Assert.Equal("\r\n+CMS ERROR: 304\r\n", Type(at, part.Hex + "\u001A")); // wrong length: refused, prompt closed
        Assert.True(at.IsIdle);

        Assert.Equal("\r\n> ", at.ExecuteLine("AT+CMGS=" + part.TpduLength));
        Assert.Equal("\r\n+CMGS: 1\r\n\r\nOK\r\n", Type(at, part.Hex + "\u001A"));
        Assert.Equal(("+46708251358", "hellohello"), Assert.Single(device.Sms.Sent));
        string sent = at.ExecuteLine("AT+CMGL=3");
        Assert.Equal($"\r\n+CMGL: 4,3,,{part.TpduLength}\r\n{part.Hex}\r\n\r\nOK\r\n", sent); // kept as STO SENT
    }

    [Fact]
    public void Storage_selection_switches_memories_for_list_and_read()
    {
        var (at, _) = Sample();
        Assert.Equal("\r\n+CPMS: 0,50,0,50,3,20\r\n\r\nOK\r\n", at.ExecuteLine("AT+CPMS=\"ME\",\"ME\",\"SM\""));
        Assert.Equal("\r\nOK\r\n", at.ExecuteLine("AT+CMGL=4"));
        Assert.Equal("\r\n+CPMS: \"ME\",0,50,\"ME\",0,50,\"SM\",3,20\r\n\r\nOK\r\n", at.ExecuteLine("AT+CPMS?"));
        Assert.Equal("\r\nERROR\r\n", at.ExecuteLine("AT+CPMS=\"XX\""));
    }

    [Fact]
    public void A_delivered_message_is_announced_once_between_replies_and_CNMI_mt_0_silences_it()
    {
        var (at, device) = Sample();
        Assert.Empty(at.TakeUnsolicited()); // the port starts: earlier arrivals are not announced
        IReadOnlyList<int> indexes = device.Sms.Deliver("+70000000333", "Ping", DateTimeOffset.UnixEpoch);
        Assert.Equal([4], indexes);
        Assert.Equal(["+CMTI: \"SM\",4"], at.TakeUnsolicited());
        Assert.Empty(at.TakeUnsolicited());

        _ = Type(at, "AT+CS"); // half a command typed: wait
        device.Sms.Deliver("+70000000333", "Pong", DateTimeOffset.UnixEpoch);
        Assert.Empty(at.TakeUnsolicited());
        _ = Type(at, "Q\r");
        Assert.Equal(["+CMTI: \"SM\",5"], at.TakeUnsolicited());

        Assert.Equal("\r\nOK\r\n", at.ExecuteLine("AT+CNMI=2,0,0,0,0"));
        device.Sms.Deliver("+70000000333", "Quiet", DateTimeOffset.UnixEpoch);
        Assert.Empty(at.TakeUnsolicited());
    }

    [Fact]
    public void The_sms_control_delivers_through_the_AT_port_with_CMTI()
    {
        using var m = VirtualModem.Start(new VirtualModemStartOptions { NagInterval = null });
        var control = new RehearsalControl(m);
        using var at = new SerialClient(m.AtPath);
        at.WriteText("AT\r");
        _ = at.ReadUntil("OK\r\n");
        Assert.Equal("ok index=4", control.Execute("sms +70000000444 see  you at 5"));
        Assert.EndsWith("\r\n+CMTI: \"SM\",4\r\n", at.ReadUntil("+CMTI: \"SM\",4\r\n"), StringComparison.Ordinal);
        Assert.Equal("ok index=5,6", control.Execute("sms 123 " + new string('x', 200)));
        Assert.StartsWith("error: ", control.Execute("sms abc hello"), StringComparison.Ordinal);
        Assert.StartsWith("error: ", control.Execute("sms 123"), StringComparison.Ordinal);

        var text = (StoredSms m2) => SmsPdu.TryParse(m2.Pdu, out var p) == SmsPduStatus.Ok ? p!.Text : null;
        Assert.Equal("see  you at 5", text(m.State.Sms.List("SM", markRead: false)[3]));
    }
}
