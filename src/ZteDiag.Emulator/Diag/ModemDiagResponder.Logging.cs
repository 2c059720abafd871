using System.Buffers.Binary;
using ZteDiag.Protocol.Diag;

namespace ZteDiag.Emulator.Diag;

/// <summary>
/// LOG_CONFIG (0x73) and EXT_MSG_CONFIG (0x7D) as stock Qualcomm diag answers them (log_config and
/// msg_pkt handlers; layouts of diagpkt.h/msg_pkt_defs.h): the masks are kept, nothing is ever streamed.
/// LOG_CONFIG: <c>73 pad[3] u32 op</c> + op data; reply <c>73 pad[3] u32 op u32 status</c> + op data.
/// EXT_MSG_CONFIG: <c>7D sub</c> + sub data; status 1 means success there.
/// </summary>
public sealed partial class ModemDiagResponder
{
    /// <summary>Equipment ids LOG_CONFIG knows (LOG_EQUIP_ID_LAST + 1).</summary>
    private const int EquipmentIds = 16;

    /// <summary>
    /// Last log item per equipment id for RETRIEVE_ID_RANGES. INVENTED (no MF627 dump is public): a
    /// UMTS/GSM target of 2008 with 1X-era (1), WCDMA (4), GSM (5) and UMTS (7) log codes.
    /// </summary>
    private static readonly uint[] LastLogItem = [0, 0x5FF, 0, 0, 0x1FF, 0x2FF, 0, 0x1FF, 0, 0, 0, 0, 0, 0, 0, 0];

    /// <summary>SSID ranges for EXT_MSG_CONFIG GET_RANGES. INVENTED, in the shape of a 2008 build.</summary>
    private static readonly (ushort First, ushort Last)[] SsidRanges = [(0, 53), (500, 506), (1000, 1007)];

    private readonly Dictionary<uint, (uint Items, byte[] Mask)> _logMasks = [];
    private readonly Dictionary<ushort, uint> _msgMasks = [];

    private byte[] LogConfig(ReadOnlySpan<byte> request)
    {
        if (!_options.AcknowledgeLogConfig)
        {
            return Error(DiagCommand.BadCommand, request);
        }

        if (request.Length < LogConfigRequest.HeaderLength)
        {
            return Error(DiagCommand.BadLength, request);
        }

        var op = (LogConfigOperation)BinaryPrimitives.ReadUInt32LittleEndian(request[4..]);
        ReadOnlySpan<byte> args = request[LogConfigRequest.HeaderLength..];
        switch (op)
        {
            case LogConfigOperation.Disable:
                _logMasks.Clear();
                return new LogConfigResponse(op, 0).ToArray();
            case LogConfigOperation.RetrieveIdRanges:
                byte[] ranges = new byte[EquipmentIds * 4];
                for (int i = 0; i < EquipmentIds; i++)
                {
                    BinaryPrimitives.WriteUInt32LittleEndian(ranges.AsSpan(4 * i), LastLogItem[i]);
                }

                return new LogConfigResponse(op, 0, ranges).ToArray();
            case LogConfigOperation.SetMask:
                return SetLogMask(request, args);
            case LogConfigOperation.GetMask when args.Length >= 4:
                uint equip = BinaryPrimitives.ReadUInt32LittleEndian(args);
                var (items, mask) = _logMasks.TryGetValue(equip, out var m) ? m : (0u, []);
                return new LogConfigResponse(op, equip < EquipmentIds ? 0u : 1u, [.. args[..4], .. U32(items), .. mask]).ToArray();
            default:
                return Error(DiagCommand.BadParameter, request);
        }
    }

    /// <summary>SET_MASK: u32 equip_id, u32 num_items, then ⌈num_items/8⌉ mask bytes; the reply repeats them (status 1 = invalid equipment id).</summary>
    private byte[] SetLogMask(ReadOnlySpan<byte> request, ReadOnlySpan<byte> args)
    {
        if (args.Length < 8)
        {
            return Error(DiagCommand.BadLength, request);
        }

        uint equip = BinaryPrimitives.ReadUInt32LittleEndian(args);
        uint items = BinaryPrimitives.ReadUInt32LittleEndian(args[4..]);
        long maskBytes = (items + 7L) / 8;
        if (args.Length - 8 < maskBytes)
        {
            return Error(DiagCommand.BadLength, request);
        }

        byte[] mask = args.Slice(8, (int)maskBytes).ToArray();
        if (equip >= EquipmentIds)
        {
            return new LogConfigResponse(LogConfigOperation.SetMask, 1, args[..8]).ToArray();
        }

        _logMasks[equip] = (items, mask);
        return new LogConfigResponse(LogConfigOperation.SetMask, 0, [.. args[..8], .. mask]).ToArray();
    }

    private byte[] ExtMsgConfig(ReadOnlySpan<byte> request)
    {
        if (!_options.AcknowledgeLogConfig)
        {
            return Error(DiagCommand.BadCommand, request);
        }

        if (request.Length < ExtMsgConfigRequest.HeaderLength)
        {
            return Error(DiagCommand.BadLength, request);
        }

        return (ExtMsgConfigSubcommand)request[1] switch
        {
            ExtMsgConfigSubcommand.RetrieveSsidRanges => SsidRangesReply(),
            ExtMsgConfigSubcommand.SetRtMask => SetMsgMasks(request),
            ExtMsgConfigSubcommand.SetAllRtMasks when request.Length >= 8 => SetAllMsgMasks(BinaryPrimitives.ReadUInt32LittleEndian(request[4..])),
            ExtMsgConfigSubcommand.SetAllRtMasks => Error(DiagCommand.BadLength, request),
            _ => Error(DiagCommand.BadCommand, request),
        };
    }

    /// <summary>GET_RANGES: <c>7D 01</c>, u8 status 1, u8 rsvd, u32 range_cnt, then u16 first/last per range.</summary>
    private static byte[] SsidRangesReply()
    {
        byte[] reply = new byte[8 + (4 * SsidRanges.Length)];
        reply[0] = (byte)DiagCommand.ExtMsgConfig;
        reply[1] = (byte)ExtMsgConfigSubcommand.RetrieveSsidRanges;
        reply[2] = 1;
        BinaryPrimitives.WriteUInt32LittleEndian(reply.AsSpan(4), (uint)SsidRanges.Length);
        for (int i = 0; i < SsidRanges.Length; i++)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(reply.AsSpan(8 + (4 * i)), SsidRanges[i].First);
            BinaryPrimitives.WriteUInt16LittleEndian(reply.AsSpan(10 + (4 * i)), SsidRanges[i].Last);
        }

        return reply;
    }

    /// <summary>SET_RT_MASK: u16 ssid_start, u16 ssid_end, u16 pad, u32 mask per SSID; the reply puts u8 status (1), u8 pad where the pad was.</summary>
    private byte[] SetMsgMasks(ReadOnlySpan<byte> request)
    {
        if (request.Length < 8)
        {
            return Error(DiagCommand.BadLength, request);
        }

        ushort start = BinaryPrimitives.ReadUInt16LittleEndian(request[2..]);
        ushort end = BinaryPrimitives.ReadUInt16LittleEndian(request[4..]);
        int count = end - start + 1;
        if (count <= 0 || request.Length != 8 + (4 * count))
        {
            return Error(DiagCommand.BadLength, request);
        }

        byte[] reply = request.ToArray();
        reply[6] = 1;
        reply[7] = 0;
        for (int i = 0; i < count; i++)
        {
            _msgMasks[(ushort)(start + i)] = BinaryPrimitives.ReadUInt32LittleEndian(request[(8 + (4 * i))..]);
        }

        return reply;
    }

    /// <summary>SET_ALL_RT_MASKS: request <c>7D 05</c> u16 rsvd u32 mask; reply <c>7D 05</c> u8 status (1) u8 rsvd u32 mask.</summary>
    private byte[] SetAllMsgMasks(uint mask)
    {
        foreach (var (first, last) in SsidRanges)
        {
            for (int id = first; id <= last; id++)
            {
                _msgMasks[(ushort)id] = mask;
            }
        }

        return [(byte)DiagCommand.ExtMsgConfig, (byte)ExtMsgConfigSubcommand.SetAllRtMasks, 1, 0, .. U32(mask)];
    }

    private static byte[] U32(uint value)
    {
        byte[] b = new byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(b, value);
        return b;
    }
}
