using ZteDiag.Protocol.At;
using static ZteDiag.Protocol.Tests.At.AtTestText;

namespace ZteDiag.Protocol.Tests.At;

public class AtReadersTests
{
    private static AtReply Reply(string command, string text) => AtReply.FromText(command, text)!;

    private static AtReply Ok(string command, params string[] lines) => new(command, lines, AtFinalResult.Ok);

    [Fact]
    public void Ati_of_an_MF100_gives_all_five_fields()
    {
        Assert.Equal(AtParseStatus.Ok, AtiInfo.TryParse(Reply("ATI", AtiMf100), out var info));
        Assert.Equal("ZTE INCORPORATED", info!.Manufacturer);
        Assert.Equal("MF100", info.Model);
        Assert.Equal("BD_BLNP671A1V1.0.0B02", info.Revision);
        Assert.Equal("12345678901234", info.Imei);
        Assert.Equal(["+CGSM", "+FCLASS", "+DS"], info.Capabilities);
    }

    [Fact]
    public void Ati_of_an_MF626_gives_model_revision_and_capabilities()
    {
        Assert.Equal(AtParseStatus.Ok, AtiInfo.TryParse(Reply("ATI", AtiMf626), out var info));
        Assert.Equal("MF626", info!.Model);
        Assert.Equal("BD_TMOP673M3V1.0.1B07", info.Revision);
        Assert.Equal(["+CGSM", "+DS", "+ES"], info.Capabilities);
    }

    [Fact]
    public void Ati_with_missing_lines_keeps_what_is_there()
    {
        Assert.Equal(AtParseStatus.Ok, AtiInfo.TryParse(Ok("ATI", "Model: MF627"), out var info));
        Assert.Equal("MF627", info!.Model);
        Assert.Null(info.Imei);
        Assert.Empty(info.Capabilities);
    }

    [Fact]
    public void Ati_without_any_known_prefix_is_missing()
    {
        Assert.Equal(AtParseStatus.Missing, AtiInfo.TryParse(Ok("ATI", "hello"), out var info));
        Assert.Null(info);
    }

    [Theory]
    [InlineData("Close autorun state result(0:FAIL 1:SUCCESS):1", ZcdrunOperation.CloseAutorun, true)]
    [InlineData("Open autorun state result(0:FAIL 1:SUCCESS):1", ZcdrunOperation.OpenAutorun, true)]
    [InlineData("Inquiry autorun open state result(0:NO 1:YES):0", ZcdrunOperation.QueryAutorun, false)]
    [InlineData("Inquiry autorun open state result(0:NO 1:YES):1", ZcdrunOperation.QueryAutorun, true)]
    [InlineData("Enter download mode result(0:FAIL 1:SUCCESS):1", ZcdrunOperation.EnterDownload, true)]
    [InlineData("exit download mode result(0:FAIL 1:SUCCESS):1", ZcdrunOperation.ExitDownload, true)]
    [InlineData("Close autorun state result(0:FAIL 1:SUCCESS):0", ZcdrunOperation.CloseAutorun, false)]
    public void Zcdrun_lines_from_DEVICES_section_3_3_parse_to_operation_and_result(string line, ZcdrunOperation op, bool result)
    {
        var reply = Reply(ZcdrunReply.CommandFor(op), "\r\n" + line + "\r\n\r\nOK\r\n");

        Assert.Equal(AtParseStatus.Ok, ZcdrunReply.TryParse(reply, out var z));
        Assert.Equal(new ZcdrunReply(op, result), z);
        Assert.Equal(line, z!.ToString());
    }

    [Theory]
    [InlineData(ZcdrunOperation.QueryAutorun, "AT+ZCDRUN=4")]
    [InlineData(ZcdrunOperation.CloseAutorun, "AT+ZCDRUN=8")]
    [InlineData(ZcdrunOperation.OpenAutorun, "AT+ZCDRUN=9")]
    [InlineData(ZcdrunOperation.EnterDownload, "AT+ZCDRUN=E")]
    [InlineData(ZcdrunOperation.ExitDownload, "AT+ZCDRUN=F")]
    public void Zcdrun_commands_carry_the_argument_character(ZcdrunOperation op, string command)
    {
        Assert.Equal(command, ZcdrunReply.CommandFor(op));
    }

    [Fact]
    public void Zcdrun_line_with_a_bad_digit_is_malformed()
    {
        Assert.Equal(AtParseStatus.Malformed, ZcdrunReply.TryParse("Close autorun state result(0:FAIL 1:SUCCESS):x", out _));
    }

    [Fact]
    public void Csq_12_99_is_minus_89_dBm_with_unknown_ber()
    {
        Assert.Equal(AtParseStatus.Ok, CsqReply.TryParse(Reply("AT+CSQ", "\r\n+CSQ: 12,99\r\n\r\nOK\r\n"), out var csq));
        Assert.Equal(new CsqReply(12, 99), csq);
        Assert.Equal(-89, csq!.Dbm);
        Assert.Null(csq.BitErrorRate);
    }

    [Fact]
    public void Csq_99_means_unknown_signal()
    {
        CsqReply.TryParse("+CSQ: 99,99", out var csq);
        Assert.Null(csq!.Dbm);
    }

    [Fact]
    public void Csq_after_an_error_reply_is_an_error_reply()
    {
        Assert.Equal(AtParseStatus.ErrorReply, CsqReply.TryParse(Reply("AT+CSQ", "\r\nERROR\r\n"), out var csq));
        Assert.Null(csq);
    }

    [Fact]
    public void Csq_with_letters_is_malformed()
    {
        Assert.Equal(AtParseStatus.Malformed, CsqReply.TryParse(Ok("AT+CSQ", "+CSQ: ab,cd"), out _));
    }

    [Fact]
    public void Cops_of_an_MF626_gives_Orange_Austria_on_UTRAN()
    {
        Assert.Equal(AtParseStatus.Ok, CopsReply.TryParse(Reply("AT+COPS?", "\r\n+COPS: 0,0,\"Orange Austria\",2\r\n\r\nOK\r\n"), out var cops));
        Assert.Equal(new CopsReply(0, 0, "Orange Austria", 2), cops);
    }

    [Fact]
    public void Cops_when_not_registered_has_only_the_mode()
    {
        CopsReply.TryParse("+COPS: 0", out var cops);
        Assert.Equal(new CopsReply(0, null, null, null), cops);
    }

    [Theory]
    [InlineData("+CPIN: READY", CpinState.Ready)]
    [InlineData("+CPIN: SIM PIN", CpinState.SimPin)]
    [InlineData("+CPIN: SIM PUK", CpinState.SimPuk)]
    [InlineData("+CPIN: PH-NET PIN", CpinState.PhNetPin)]
    [InlineData("+CPIN: WHATEVER", CpinState.Unknown)]
    public void Cpin_states_are_typed(string line, CpinState state)
    {
        Assert.Equal(AtParseStatus.Ok, CpinReply.TryParse(Ok("AT+CPIN?", line), out var cpin));
        Assert.Equal(state, cpin!.State);
    }

    [Fact]
    public void Cpin_answered_by_cme_error_10_means_sim_not_inserted()
    {
        Assert.Equal(AtParseStatus.Ok, CpinReply.TryParse(Reply("AT+CPIN?", "\r\n+CME ERROR: 10\r\n"), out var cpin));
        Assert.Equal(CpinState.SimNotInserted, cpin!.State);
    }

    [Fact]
    public void Cpin_answered_by_another_cme_error_is_an_error_reply()
    {
        Assert.Equal(AtParseStatus.ErrorReply, CpinReply.TryParse(Reply("AT+CPIN?", "\r\n+CME ERROR: 14\r\n"), out _));
    }

    [Theory]
    [InlineData("+ZPAS: \"GPRS/EDGE\",\"CS_ONLY\"", "GPRS/EDGE", "CS_ONLY")]
    [InlineData("+ZPAS: \"HSDPA\",\"CS_PS\"", "HSDPA", "CS_PS")]
    [InlineData("+ZPAS: \"3G\",\"CS_PS\"", "3G", "CS_PS")]
    [InlineData("+ZPAS: \"No Service\"", "No Service", null)]
    public void Zpas_samples_give_technology_and_domain(string line, string tech, string? domain)
    {
        Assert.Equal(AtParseStatus.Ok, ZpasReply.TryParse(Reply("AT+ZPAS?", "\r\n" + line + "\r\n\r\nOK\r\n"), out var zpas));
        Assert.Equal(new ZpasReply(tech, domain), zpas);
    }

    [Fact]
    public void Cgdcont_list_gives_one_entry_per_context()
    {
        var reply = Ok("AT+CGDCONT?", "+CGDCONT: 1,\"IP\",\"sipgate\",\"0.0.0.0\",0,0", "+CGDCONT: 2,\"IP\",\"\",,0,0");

        Assert.Equal(AtParseStatus.Ok, CgdcontEntry.TryParseList(reply, out var list));
        Assert.Equal(2, list.Count);
        Assert.Equal(new CgdcontEntry(1, "IP", "sipgate", "0.0.0.0", 0, 0), list[0]);
        Assert.Equal(string.Empty, list[1].Apn);
        Assert.Null(list[1].Address);
    }

    [Fact]
    public void Cgdcont_set_command_matches_the_field_form()
    {
        Assert.Equal("AT+CGDCONT=1,\"IP\",\"ac.vodafone.es\"", CgdcontEntry.FormatSet(1, "IP", "ac.vodafone.es"));
        Assert.Throws<ArgumentException>(() => CgdcontEntry.FormatSet(1, "IP", "a\"b"));
    }

    [Fact]
    public void Cusd_sample_from_an_MF622_gives_status_text_and_dcs()
    {
        string text = "\r\n+CUSD: 0,\"Tarifni profil: Surf Classic\r\nStanje: 3.12\r\nPreostali besplatni saobracaj:\r\nPodaci (kb): 12214240\",15\r\n\r\nOK\r\n";

        Assert.Equal(AtParseStatus.Ok, CusdReply.TryParse(Reply("AT+CUSD=1,\"*797#\",15", text), out var cusd));
        Assert.Equal(0, cusd!.Status);
        Assert.Equal("Tarifni profil: Surf Classic\nStanje: 3.12\nPreostali besplatni saobracaj:\nPodaci (kb): 12214240", cusd.Text);
        Assert.Equal(15, cusd.Dcs);
    }

    [Fact]
    public void Cmgl_text_mode_sample_gives_entries_with_bodies()
    {
        string text = "\r\n+CMGL: 0,\"REC UNREAD\",\"+441234567890\",,\"14/02/01,15:07:43+00\"\r\nHi\r\n" +
                      "+CMGL: 1,\"REC READ\",\"+441234567890\",,\"14/02/01,15:08:00+00\"\r\nSecond\r\nline\r\n\r\nOK\r\n";

        Assert.Equal(AtParseStatus.Ok, CmglEntry.TryParseList(Reply("AT+CMGL=\"ALL\"", text), out var list));
        Assert.Equal(2, list.Count);
        Assert.Equal(new CmglEntry(0, "REC UNREAD", "+441234567890", null, "14/02/01,15:07:43+00", "Hi"), list[0]);
        Assert.Equal("Second\nline", list[1].Body);
    }

    [Fact]
    public void Cmgl_empty_list_is_just_OK()
    {
        Assert.Equal(AtParseStatus.Ok, CmglEntry.TryParseList(Reply("AT+CMGL=\"ALL\"", "\r\nOK\r\n"), out var list));
        Assert.Empty(list);
    }

    [Fact]
    public void Zsnt_gives_mode_selection_and_preference()
    {
        Assert.Equal(AtParseStatus.Ok, ZsntReply.TryParse(Ok("AT+ZSNT?", "+ZSNT: 1,0,0"), out var zsnt));
        Assert.Equal(new ZsntReply(ZsntMode.GsmOnly, 0, ZsntPreference.Auto), zsnt);
        Assert.Equal("AT+ZSNT=1,0,0", zsnt!.ToSetCommand());
    }

    [Fact]
    public void Cpms_set_form_gives_three_unnamed_storages()
    {
        Assert.Equal(AtParseStatus.Ok, CpmsReply.TryParse(Ok("AT+CPMS=\"SM\",\"SM\",\"SM\"", "+CPMS: 50,50,50,50,50,50"), out var cpms));
        Assert.Equal([new CpmsStorage(null, 50, 50), new CpmsStorage(null, 50, 50), new CpmsStorage(null, 50, 50)], cpms!.Storages);
    }

    [Fact]
    public void Cpms_query_form_gives_named_storages()
    {
        CpmsReply.TryParse("+CPMS: \"SM\",3,50,\"ME\",0,100,\"SM\",3,50", out var cpms);
        Assert.Equal(new CpmsStorage("ME", 0, 100), cpms!.Storages[1]);
    }

    [Fact]
    public void Readers_never_throw_on_odd_lines()
    {
        string[] odd = ["", ":", "+CSQ:", "+CSQ: ,", "+COPS: \"", "+CPMS: \"SM\"", "+CGDCONT: x", "+CUSD: ", "+ZSNT: 1", "+CMGL: 1"];
        foreach (string line in odd)
        {
            var reply = Ok("AT", line);
            Assert.Null(Record.Exception(() =>
            {
                CsqReply.TryParse(line, out _);
                CopsReply.TryParse(line, out _);
                CpmsReply.TryParse(line, out _);
                CgdcontEntry.TryParseList(reply, out _);
                CusdReply.TryParse(line, out _);
                ZsntReply.TryParse(line, out _);
                CmglEntry.TryParseList(reply, out _);
                ZpasReply.TryParse(line, out _);
                CpinReply.TryParse(line, out _);
                AtiInfo.TryParse(reply, out _);
                ZcdrunReply.TryParse(line, out _);
            }));
        }
    }
}
