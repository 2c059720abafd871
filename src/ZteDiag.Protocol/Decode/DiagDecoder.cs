using System.Buffers.Binary;
using ZteDiag.Protocol.Diag;
using ZteDiag.Protocol.Trace;

namespace ZteDiag.Protocol.Decode;

/// <summary>
/// Describes any DIAG payload for a technician reading a trace. Never throws: a packet it cannot
/// decode fully is returned with <see cref="DecodedPacket.Problem"/> set.
/// </summary>
public static partial class DiagDecoder
{
    /// <summary>Decodes one unframed DIAG payload seen going <paramref name="direction"/>; IMEI and SPC stay masked unless <paramref name="revealSecrets"/>.</summary>
    public static DecodedPacket Decode(ReadOnlySpan<byte> payload, TraceDirection direction, bool revealSecrets = false)
    {
        if (payload.IsEmpty)
        {
            return new DecodedPacket("EMPTY", [], "empty packet");
        }

        try
        {
            return DecodeCore(payload, direction, revealSecrets);
        }
#pragma warning disable CA1031 // a trace decoder must survive any packet; the fallback keeps the raw bytes
        catch (Exception ex)
#pragma warning restore CA1031
        {
            return new DecodedPacket(CommandName(payload[0]), [Field("raw", payload.ToArray())], "undecodable: " + ex.Message);
        }
    }

    /// <summary>Name of a DIAG command code, e.g. <c>NV_READ</c>, or <c>CMD_0xNN</c>.</summary>
    public static string CommandName(byte code) => code switch
    {
        0x00 => "VERNO",
        0x01 => "ESN",
        0x0C => "STATUS",
        0x13 => "BAD_CMD",
        0x14 => "BAD_PARM",
        0x15 => "BAD_LEN",
        0x16 => "BAD_DEV",
        0x18 => "BAD_MODE",
        0x1C => "DIAG_VER",
        0x26 => "NV_READ",
        0x27 => "NV_WRITE",
        0x29 => "CONTROL",
        0x3A => "DLOAD",
        0x40 => "PILOT_SETS",
        0x41 => "SPC",
        0x42 => "BAD_SPC_MODE",
        0x46 => "PASSWORD",
        0x47 => "BAD_SEC_MODE",
        0x4B => "SUBSYS_CMD",
        0x60 => "EVENT_REPORT",
        0x73 => "LOG_CONFIG",
        0x7C => "EXT_BUILD_ID",
        0x7D => "EXT_MSG_CONFIG",
        0x80 => "SUBSYS_CMD_VER_2",
        0x95 => "BAD_TRANS",
        _ => Enum.IsDefined((DiagCommand)code) ? ((DiagCommand)code).ToString().ToUpperInvariant() : $"CMD_0x{code:X2}",
    };

    private static DecodedPacket DecodeCore(ReadOnlySpan<byte> p, TraceDirection dir, bool reveal)
    {
        byte code = p[0];
        if (DiagReply.IsErrorCode(code) && dir != TraceDirection.ToModem)
        {
            return DecodeError(p);
        }

        return TryDecodeKnown(p, dir, reveal) ?? Generic(p);
    }

    private static DecodedPacket DecodeError(ReadOnlySpan<byte> p)
    {
        var echo = p[1..].ToArray();
        var fields = new List<KeyValuePair<string, object?>> { Field("echo", echo) };
        if (echo.Length > 0)
        {
            fields.Add(Field("echo_command", CommandName(echo[0])));
        }

        return new DecodedPacket(CommandName(p[0]), fields);
    }

    private static DecodedPacket Generic(ReadOnlySpan<byte> p)
    {
        if (p[0] == (byte)DiagCommand.SubsysCmd && p.Length >= SubsysHeader.Size)
        {
            var h = SubsysHeader.Read(p);
            return new DecodedPacket("SUBSYS_CMD", [Field("subsys_id", (int)h.Subsystem), Field("subsys_cmd_code", (int)h.Command), Field("data", p[4..].ToArray())]);
        }

        return new DecodedPacket(CommandName(p[0]), p.Length > 1 ? [Field("data", p[1..].ToArray())] : []);
    }

    /// <summary>Hook for the decoders of specific commands (partial files per area).</summary>
    private static partial DecodedPacket? TryDecodeKnown(ReadOnlySpan<byte> p, TraceDirection dir, bool reveal);

    internal static KeyValuePair<string, object?> Field(string name, object? value) => new(name, value);

    internal static int I32(ReadOnlySpan<byte> p, int at) => BinaryPrimitives.ReadInt32LittleEndian(p[at..]);
}
