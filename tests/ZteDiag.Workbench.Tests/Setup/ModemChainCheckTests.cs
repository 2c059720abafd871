using ZteDiag.Protocol.At;
using ZteDiag.Workbench.Setup;

namespace ZteDiag.Workbench.Tests.Setup;

/// <summary>
/// The verdicts the virtual modem cannot be brought to give (roaming, denied, a weak or missing +CSQ, a PUK),
/// judged from replies as a modem sends them (27.007 §7.2 stat values, §8.5 rssi scale).
/// </summary>
[Trait("Issue", "8")]
public sealed class ModemChainCheckTests
{
    private static AtReply Reply(string command, string wire) => AtReply.FromText(command, wire)!;

    private static readonly AtReply CopsMts = Reply("AT+COPS?", "\r\n+COPS: 0,0,\"MTS RUS\",2\r\n\r\nOK\r\n");

    [Theory]
    [InlineData("+CREG: 0,1", DoctorVerdict.Ok, "registered, home network, operator \"MTS RUS\"")]
    [InlineData("+CREG: 0,5", DoctorVerdict.Ok, "registered, roaming, operator \"MTS RUS\"")]
    [InlineData("+CREG: 2,2,\"1A2B\",\"00C3\"", DoctorVerdict.Warn, "searching, operator \"MTS RUS\"")]
    [InlineData("+CREG: 0,3", DoctorVerdict.Fail, "registration denied, operator \"MTS RUS\"")]
    [InlineData("+CREG: 0,4", DoctorVerdict.Fail, "not registered (0,4)")]
    public void Registration_reads_the_stat_field_and_names_the_operator(string line, DoctorVerdict verdict, string detail)
    {
        DoctorFinding f = ModemChainCheck.Registration(Reply("AT+CREG?", $"\r\n{line}\r\n\r\nOK\r\n"), CopsMts);
        Assert.Equal((verdict, detail), (f.Verdict, f.Detail));
    }

    [Fact]
    public void Registration_without_a_CREG_line_quotes_the_final_result()
    {
        DoctorFinding f = ModemChainCheck.Registration(Reply("AT+CREG?", "\r\nERROR\r\n"), Reply("AT+COPS?", "\r\nERROR\r\n"));
        Assert.Equal((DoctorVerdict.Fail, "not registered (ERROR)"), (f.Verdict, f.Detail));
    }

    [Theory]
    [InlineData("+CSQ: 31,99", DoctorVerdict.Ok, "+CSQ: 31 (-51 dBm)")]
    [InlineData("+CSQ: 10,99", DoctorVerdict.Ok, "+CSQ: 10 (-93 dBm)")]
    [InlineData("+CSQ: 9,99", DoctorVerdict.Warn, "+CSQ: 9 (-95 dBm, weak)")]
    [InlineData("+CSQ: 0,0", DoctorVerdict.Warn, "+CSQ: 0 (-113 dBm, weak)")]
    [InlineData("+CSQ: 99,99", DoctorVerdict.Fail, "+CSQ: 99 (no signal)")]
    public void Signal_is_weak_below_rssi_10_and_absent_at_99(string line, DoctorVerdict verdict, string detail)
    {
        DoctorFinding f = ModemChainCheck.Signal(Reply("AT+CSQ", $"\r\n{line}\r\n\r\nOK\r\n"));
        Assert.Equal((verdict, detail), (f.Verdict, f.Detail));
    }

    [Fact]
    public void Signal_without_a_CSQ_line_fails()
    {
        Assert.Equal(new DoctorFinding("signal", DoctorVerdict.Fail, "no +CSQ answer"), ModemChainCheck.Signal(Reply("AT+CSQ", "\r\nERROR\r\n")));
    }

    [Fact]
    public void A_SIM_waiting_for_its_PUK_fails_quoting_the_reply()
    {
        DoctorFinding f = ModemChainCheck.Sim(Reply("AT+CPIN?", "\r\n+CPIN: SIM PUK\r\n\r\nOK\r\n"), Reply("AT+ZPINPUK=?", "\r\n+ZPINPUK: 0,9\r\n\r\nOK\r\n"));
        Assert.Equal(new DoctorFinding("sim", DoctorVerdict.Fail, "the PIN is blocked: the SIM waits for the PUK; PIN 0 / PUK 9 attempts left",
            "`ztediag pin unblock PUK NEWPIN` with the PUK from the SIM's card"), f);
    }

    [Fact]
    public void A_ready_SIM_is_ok_with_its_attempts_left_and_a_firmware_without_ZPINPUK_just_leaves_them_out()
    {
        Assert.Equal("+CPIN: READY; PIN 3 / PUK 10 attempts left",
            ModemChainCheck.Sim(Reply("AT+CPIN?", "\r\n+CPIN: READY\r\n\r\nOK\r\n"), Reply("AT+ZPINPUK=?", "\r\n+ZPINPUK: 3,10\r\n\r\nOK\r\n")).Detail);
        Assert.Equal("+CPIN: READY", ModemChainCheck.Sim(Reply("AT+CPIN?", "\r\n+CPIN: READY\r\n\r\nOK\r\n"), Reply("AT+ZPINPUK=?", "\r\nERROR\r\n")).Detail);
    }

    [Fact]
    public void An_APN_preset_of_another_operator_than_the_registered_one_is_a_warning_naming_the_right_preset()
    {
        AtReply mtsApn = Reply("AT+CGDCONT?", "\r\n+CGDCONT: 1,\"IP\",\"internet.mts.ru\",\"0.0.0.0\",0,0\r\n\r\nOK\r\n");
        DoctorFinding beeline = ModemChainCheck.ApnForOperator(mtsApn, Reply("AT+COPS?", "\r\n+COPS: 0,0,\"Beeline\",2\r\n\r\nOK\r\n"));
        Assert.Equal(new DoctorFinding("apn", DoctorVerdict.Warn, "context 1 \"internet.mts.ru\" is the MTS preset, but the stick is registered on \"Beeline\"",
            "`ztediag apn set internet.beeline.ru` (Beeline preset; check with the operator)"), beeline);
        DoctorFinding mts = ModemChainCheck.ApnForOperator(mtsApn, Reply("AT+COPS?", "\r\n+COPS: 0,0,\"MTS RUS\",2\r\n\r\nOK\r\n"));
        Assert.Equal(DoctorVerdict.Ok, mts.Verdict);
        DoctorFinding unknownApn = ModemChainCheck.ApnForOperator(
            Reply("AT+CGDCONT?", "\r\n+CGDCONT: 1,\"IP\",\"my.private.apn\",\"0.0.0.0\",0,0\r\n\r\nOK\r\n"), Reply("AT+COPS?", "\r\n+COPS: 0,0,\"Beeline\",2\r\n\r\nOK\r\n"));
        Assert.Equal(DoctorVerdict.Ok, unknownApn.Verdict);
        DoctorFinding generic = ModemChainCheck.ApnForOperator(
            Reply("AT+CGDCONT?", "\r\n+CGDCONT: 1,\"IP\",\"internet\",\"0.0.0.0\",0,0\r\n\r\nOK\r\n"), Reply("AT+COPS?", "\r\n+COPS: 0,0,\"MTS RUS\",2\r\n\r\nOK\r\n"));
        Assert.Equal(DoctorVerdict.Ok, generic.Verdict); // "internet" is MegaFon's preset and many others' APN
    }

    [Fact]
    public void Apn_looks_at_context_1_only()
    {
        DoctorFinding other = ModemChainCheck.Apn(Reply("AT+CGDCONT?", "\r\n+CGDCONT: 1,\"IP\",\"\",\"0.0.0.0\",0,0\r\n+CGDCONT: 2,\"IP\",\"internet.mts.ru\",\"0.0.0.0\",0,0\r\n\r\nOK\r\n"));
        DoctorFinding one = ModemChainCheck.Apn(Reply("AT+CGDCONT?", "\r\n+CGDCONT: 1,\"IP\",\"internet.mts.ru\",\"0.0.0.0\",0,0\r\n\r\nOK\r\n"));
        Assert.Equal(DoctorVerdict.Warn, other.Verdict);
        Assert.Equal(new DoctorFinding("apn", DoctorVerdict.Ok, "context 1: IP \"internet.mts.ru\""), one);
    }
}
