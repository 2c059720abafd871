using System.Text;
using ZteDiag.Protocol.Diag;
using ZteDiag.Protocol.Trace;

namespace ZteDiag.Protocol.Decode;

/// <summary>Core DIAG commands: VERNO, ESN, DIAG_VER, EXT_BUILD_ID, NV, SPC, PASSWORD, CONTROL, LOG/MSG config.</summary>
public static partial class DiagDecoder
{
    private static DecodedPacket? TryDecodeCore(ReadOnlySpan<byte> p, TraceDirection dir, bool reveal)
    {
        bool request = dir == TraceDirection.ToModem || (dir == TraceDirection.Unknown && LooksLikeRequest(p));
        switch ((DiagCommand)p[0])
        {
            case DiagCommand.Verno when !request && VernoResponse.TryParse(p, out var v) == DiagStatus.Ok:
                return new DecodedPacket("VERNO", [
                    Field("comp_date", v!.CompileDate), Field("comp_time", v.CompileTime),
                    Field("rel_date", v.ReleaseDate), Field("rel_time", v.ReleaseTime),
                    Field("ver_dir", v.VersionDirectory), Field("scm", (int)v.StationClassMark),
                    Field("mob_cai_rev", (int)v.CaiRevision), Field("mob_model", (int)v.MobileModel),
                    Field("mob_firm_rev", (int)v.FirmwareRevision), Field("slot_cycle_index", (int)v.SlotCycleIndex),
                    Field("hw_maj_ver", (int)v.HardwareMajor), Field("hw_min_ver", (int)v.HardwareMinor)]);
            case DiagCommand.Esn when !request && EsnResponse.TryParse(p, out var e) == DiagStatus.Ok:
                return new DecodedPacket("ESN", [Field("esn", $"{e!.Esn:X8}")]);
            case DiagCommand.DiagVersion when !request && DiagVersionResponse.TryParse(p, out var dv) == DiagStatus.Ok:
                return new DecodedPacket("DIAG_VER", [Field("ver", (int)dv!.Version)]);
            case DiagCommand.ExtBuildId when !request && ExtBuildIdResponse.TryParse(p, out var b) == DiagStatus.Ok:
                return new DecodedPacket("EXT_BUILD_ID", [
                    Field("msm_hw_version_format", (int)b!.Format), Field("msm_hw_version", $"0x{b.MsmHardwareVersion:X8}"),
                    Field("mobile_model_id", (long)b.MobileModelId), Field("build_id", b.BuildId), Field("model_string", b.ModelString)]);
            case DiagCommand.NvRead or DiagCommand.NvWrite when NvPacket.TryParse(p, out var nv) == DiagStatus.Ok:
                return DecodeNv(nv!, request, reveal);
            case DiagCommand.Spc when request && SpcRequest.TryParse(p, out var spc) == DiagStatus.Ok:
                return new DecodedPacket("SPC", [Field("spc", reveal ? spc!.Code : "******")]);
            case DiagCommand.Spc when !request && SpcResponse.TryParse(p, out var s) == DiagStatus.Ok:
                return new DecodedPacket("SPC", [Field("sec_code_ok", s!.Accepted)]);
            case DiagCommand.Password when request && PasswordRequest.TryParse(p, out _) == DiagStatus.Ok:
                return new DecodedPacket("PASSWORD", [Field("password", "********")]);
            case DiagCommand.Password when !request && PasswordResponse.TryParse(p, out var pw) == DiagStatus.Ok:
                return new DecodedPacket("PASSWORD", [Field("password_ok", pw!.Accepted)]);
            case DiagCommand.Control when ControlRequest.TryParse(p, out var c) == DiagStatus.Ok:
                return new DecodedPacket("CONTROL", [Field("mode", c!.Mode.ToString())]);
            case DiagCommand.LogConfig when request && LogConfigRequest.TryParse(p, out var lc) == DiagStatus.Ok:
                return new DecodedPacket("LOG_CONFIG", [Field("operation", lc!.Operation.ToString())]);
            case DiagCommand.LogConfig when !request && LogConfigResponse.TryParse(p, out var lr) == DiagStatus.Ok:
                return new DecodedPacket("LOG_CONFIG", [Field("operation", lr!.Operation.ToString()), Field("status", (long)lr.Status)]);
            case DiagCommand.ExtMsgConfig when request && ExtMsgConfigRequest.TryParse(p, out var mc) == DiagStatus.Ok:
                return new DecodedPacket("EXT_MSG_CONFIG", [Field("subcmd", mc!.Subcommand.ToString())]);
            case DiagCommand.ExtMsgConfig when !request && ExtMsgConfigResponse.TryParse(p, out var mr) == DiagStatus.Ok:
                return new DecodedPacket("EXT_MSG_CONFIG", [Field("subcmd", mr!.Subcommand.ToString()), Field("body", mr.Body.ToArray())]);
            case DiagCommand.Verno or DiagCommand.Esn or DiagCommand.DiagVersion or DiagCommand.ExtBuildId when p.Length == 1:
                return new DecodedPacket(CommandName(p[0]), []);
            default:
                return TryDecodeSubsystem(p, dir, request);
        }
    }

    /// <summary>Without a direction marker, a 1-byte VERNO/ESN/… or a short packet is a request.</summary>
    private static bool LooksLikeRequest(ReadOnlySpan<byte> p) => p.Length == 1;

    private static DecodedPacket DecodeNv(NvPacket nv, bool request, bool reveal)
    {
        var fields = new List<KeyValuePair<string, object?>>
        {
            Field("item", (int)nv.Item),
            Field("item_name", NvItems.Name(nv.Item)),
        };
        if (!request)
        {
            fields.Add(Field("nv_stat", nv.Status.ToString()));
        }

        if (nv.Item == (ushort)NvItemId.UeImei && Imei.TryDecode(nv.Data.Span, out string? imei) == ImeiError.None)
        {
            fields.Add(Field("imei", reveal ? imei : Imei.Mask(imei!)));
        }
        else
        {
            fields.Add(Field("data", TrimZeros(nv.Data.Span)));
        }

        return new DecodedPacket(nv.Command == DiagCommand.NvRead ? "NV_READ" : "NV_WRITE", fields);
    }

    private static byte[] TrimZeros(ReadOnlySpan<byte> data)
    {
        int end = data.LastIndexOfAnyExcept((byte)0);
        return data[..(end + 1)].ToArray();
    }

    internal static string Latin1(ReadOnlySpan<byte> b) => Encoding.Latin1.GetString(b);
}
