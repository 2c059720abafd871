using System.Text;
using FsCheck.Xunit;
using ZteDiag.Protocol.Diag;

namespace ZteDiag.Protocol.Tests.Diag;

public class RoundTripProperties
{
    // Latin-1 text of at most max chars with no NUL (NUL is the padding / terminator).
    private static string Text(byte[]? raw, int max) =>
        Encoding.Latin1.GetString([.. (raw ?? []).Take(max).Select(b => b == 0 ? (byte)'x' : b)]);

    [Property]
    public bool Verno_responses_round_trip(byte[] a, byte[] b, byte scm, byte cai, byte model, ushort firm, byte sci, byte maj, byte min)
    {
        var v = new VernoResponse(Text(a, 11), Text(b, 8), Text(b, 11), Text(a, 8), Text(a, 8), scm, cai, model, firm, sci, maj, min);
        byte[] wire = v.ToArray();
        return wire.Length == 55 && VernoResponse.TryParse(wire, out var back) == DiagStatus.Ok && back == v;
    }

    [Property]
    public bool Ext_build_id_responses_round_trip(byte format, ushort reserved, uint hw, uint model, byte[] build, byte[] name)
    {
        var r = new ExtBuildIdResponse(format, reserved, hw, model, Text(build, 200), Text(name, 50));
        return ExtBuildIdResponse.TryParse(r.ToArray(), out var back) == DiagStatus.Ok && back == r;
    }

    [Property]
    public bool Nv_packets_round_trip_at_133_bytes(bool write, ushort item, byte[] data, ushort status)
    {
        var p = new NvPacket(write ? DiagCommand.NvWrite : DiagCommand.NvRead, item, (data ?? []).Take(128).ToArray(), (NvStatus)status);
        byte[] wire = p.ToArray();
        return wire.Length == 133 && NvPacket.TryParse(wire, out var back) == DiagStatus.Ok && back == p;
    }

    [Property]
    public bool Indexed_nv_packets_round_trip(bool write, ushort item, ushort index, byte[] data, ushort status)
    {
        var p = new IndexedNvPacket(write ? IndexedNvCommand.Write : IndexedNvCommand.Read, item, index, (data ?? []).Take(128).ToArray(), (NvStatus)status);
        return IndexedNvPacket.TryParse(p.ToArray(), out var back) == DiagStatus.Ok && back == p;
    }

    [Property]
    public bool Small_fixed_packets_round_trip(uint esn, ushort ver, ushort mode, bool ok, byte[] pw)
    {
        byte[] password = [.. (pw ?? []).Concat(new byte[8]).Take(8)];
        return EsnResponse.TryParse(new EsnResponse(esn).ToArray(), out var e) == DiagStatus.Ok && e!.Esn == esn
            && DiagVersionResponse.TryParse(new DiagVersionResponse(ver).ToArray(), out var d) == DiagStatus.Ok && d!.Version == ver
            && ControlRequest.TryParse(new ControlRequest((DiagControlMode)mode).ToArray(), out var c) == DiagStatus.Ok && (ushort)c!.Mode == mode
            && ControlResponse.TryParse(new ControlResponse((DiagControlMode)mode).ToArray(), out var cr) == DiagStatus.Ok && (ushort)cr!.Mode == mode
            && SpcResponse.TryParse(new SpcResponse(ok).ToArray(), out var s) == DiagStatus.Ok && s!.Accepted == ok
            && PasswordResponse.TryParse(new PasswordResponse(ok).ToArray(), out var pr) == DiagStatus.Ok && pr!.Accepted == ok
            && PasswordRequest.TryParse(new PasswordRequest(password).ToArray(), out var p) == DiagStatus.Ok && p == new PasswordRequest(password);
    }

    [Property]
    public bool Spc_requests_round_trip(uint n)
    {
        var r = SpcRequest.Create((n % 1_000_000).ToString("D6", System.Globalization.CultureInfo.InvariantCulture));
        return SpcRequest.TryParse(r.ToArray(), out var back) == DiagStatus.Ok && back == r;
    }

    [Property]
    public bool Subsys_v2_headers_round_trip(byte subsys, ushort cmd, uint status, ushort delayed, ushort count)
    {
        var h = new SubsysV2Header(subsys, cmd, status, delayed, count);
        return SubsysV2Header.TryParse(h.ToArray(), out var back) == DiagStatus.Ok && back == h;
    }

    [Property]
    public bool Log_and_msg_config_packets_round_trip(uint op, uint status, byte sub, byte[] args, ushort[] ssids)
    {
        byte[] a = args ?? [];
        SsidRange[] ranges = [.. (ssids ?? []).Select(s => new SsidRange(s, (ushort)(s + 1)))];
        uint[] items = [.. Enumerable.Range(0, 16).Select(i => status + (uint)i)];
        return LogConfigRequest.TryParse(new LogConfigRequest((LogConfigOperation)op, a).ToArray(), out var lq) == DiagStatus.Ok && lq == new LogConfigRequest((LogConfigOperation)op, a)
            && LogConfigResponse.TryParse(new LogConfigResponse((LogConfigOperation)op, status, a).ToArray(), out var lr) == DiagStatus.Ok && lr == new LogConfigResponse((LogConfigOperation)op, status, a)
            && LogConfigIdRangesResponse.TryParse(new LogConfigIdRangesResponse(status, items).ToArray(), out var li) == DiagStatus.Ok && li == new LogConfigIdRangesResponse(status, items)
            && ExtMsgConfigRequest.TryParse(new ExtMsgConfigRequest((ExtMsgConfigSubcommand)sub, a).ToArray(), out var mq) == DiagStatus.Ok && mq == new ExtMsgConfigRequest((ExtMsgConfigSubcommand)sub, a)
            && ExtMsgConfigResponse.TryParse(new ExtMsgConfigResponse((ExtMsgConfigSubcommand)sub, a).ToArray(), out var mr) == DiagStatus.Ok && mr == new ExtMsgConfigResponse((ExtMsgConfigSubcommand)sub, a)
            && ExtMsgSsidRangesResponse.TryParse(new ExtMsgSsidRangesResponse(1, sub, ranges).ToArray(), out var ms) == DiagStatus.Ok && ms == new ExtMsgSsidRangesResponse(1, sub, ranges);
    }

    [Property]
    public bool Imeis_round_trip_through_nv550(ulong n)
    {
        string imei = (n % 1_000_000_000_000_000UL).ToString("D15", System.Globalization.CultureInfo.InvariantCulture);
        byte[] nv = Imei.Encode(imei);
        return nv.Length == 9 && Imei.TryDecode(nv, out string? back) == ImeiError.None && back == imei;
    }

    [Property]
    public bool A_computed_luhn_digit_always_validates(ulong n)
    {
        string body = (n % 100_000_000_000_000UL).ToString("D14", System.Globalization.CultureInfo.InvariantCulture);
        return Imei.IsLuhnValid(body + Imei.LuhnCheckDigit(body).ToString(System.Globalization.CultureInfo.InvariantCulture));
    }
}
