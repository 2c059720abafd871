using System.Buffers.Binary;
using ZteDiag.Protocol.Diag;

namespace ZteDiag.Emulator.Diag;

/// <summary>
/// The generic commands stock firmware answers and QCN/monitoring tools send: TS (0x1D), FEATURE_QUERY
/// (0x51), PROTOCOL_LOOPBACK (0x7B) and the Call Manager state query (<c>4B 0F 00 00</c>, libqcdm).
/// Layouts: Qualcomm diagdiag.h (TS: cmd + qword; FEATURE_QUERY: cmd + u16 size + mask; loopback: the
/// response is the request) and libqcdm dm-commands.h (CM state: header + ten u32).
/// </summary>
public sealed partial class ModemDiagResponder
{
    /// <summary>Call Manager subsystem id (libqcdm DIAG_SUBSYS_CM).</summary>
    internal const byte CmSubsystem = 0x0F;

    /// <summary>
    /// The FEATURE_QUERY mask. INVENTED: no MF626/MF627 dump of it is public; 9 bytes with the low bits set
    /// as a 2008 target that knows the extended log/message packets would report them. Clients only show it.
    /// </summary>
    internal static ReadOnlySpan<byte> FeatureMask => [0xFF, 0xFF, 0x3F, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00];

    /// <summary>GPS epoch, which the IS-95 timestamp counts from.</summary>
    private static readonly DateTimeOffset GpsEpoch = new(1980, 1, 6, 0, 0, 0, TimeSpan.Zero);

    /// <summary>TS: <c>1D</c> + u64 LE; bits 16 and up count 1.25 ms since the GPS epoch, the low 16 bits (chip count) are 0.</summary>
    private byte[] Timestamp(ReadOnlySpan<byte> request)
    {
        if (request.Length != 1)
        {
            return Error(DiagCommand.BadLength, request);
        }

        long ticks = (_options.Time.GetUtcNow() - GpsEpoch).Ticks / (TimeSpan.TicksPerMillisecond * 5 / 4);
        byte[] reply = new byte[9];
        reply[0] = (byte)DiagCommand.Timestamp;
        BinaryPrimitives.WriteUInt64LittleEndian(reply.AsSpan(1), (ulong)ticks << 16);
        return reply;
    }

    /// <summary>FEATURE_QUERY: <c>51</c> + u16 LE mask size + the mask.</summary>
    private static byte[] FeatureQuery(ReadOnlySpan<byte> request)
    {
        if (request.Length != 1)
        {
            return Error(DiagCommand.BadLength, request);
        }

        byte[] reply = new byte[3 + FeatureMask.Length];
        reply[0] = (byte)DiagCommand.FeatureQuery;
        BinaryPrimitives.WriteUInt16LittleEndian(reply.AsSpan(1), (ushort)FeatureMask.Length);
        FeatureMask.CopyTo(reply.AsSpan(3));
        return reply;
    }

    /// <summary>PROTOCOL_LOOPBACK: the request comes back unchanged, payload and all.</summary>
    private static byte[] Loopback(ReadOnlySpan<byte> request) => request.ToArray();

    /// <summary>
    /// CM state info (subsys 0x0F, cmd 0): header + call_state, oper_mode, system_mode, mode_pref, band_pref,
    /// roam_pref, srv_domain_pref, acq_order_pref, hybrid_pref, network_sel_mode_pref (u32 LE each). Idle,
    /// online, on WCDMA; the preferences come from NV 10 and NV 441/946 (plausible values, not a dump).
    /// </summary>
    private byte[] CmStateInfo(ReadOnlySpan<byte> request)
    {
        if (request.Length != SubsysHeader.Size)
        {
            return Error(DiagCommand.BadLength, request);
        }

        if (BinaryPrimitives.ReadUInt16LittleEndian(request[2..]) != 0)
        {
            return Error(DiagCommand.BadCommand, request);
        }

        Span<byte> nv = stackalloc byte[NvPacket.DataLength];
        uint modePref = State.Nv.Read((ushort)NvItemId.PrefMode, nv, spcUnlocked: true).Status == NvStatus.Done ? nv[0] : 2u;
        modePref = modePref == 4 ? 2 : modePref; // NV says 4 for automatic, CM says 2 (libqcdm's note)
        uint bands = State.Nv.Read((ushort)NvItemId.BandPref, nv, spcUnlocked: true).Status == NvStatus.Done ? BinaryPrimitives.ReadUInt16LittleEndian(nv) : 0xFFFFu;
        if (State.Nv.Read((ushort)NvItemId.BandPref16To31, nv, spcUnlocked: true).Status == NvStatus.Done)
        {
            bands |= (uint)BinaryPrimitives.ReadUInt16LittleEndian(nv) << 16;
        }

        uint[] fields = [0 /* idle */, 5 /* online */, 5 /* WCDMA */, modePref, bands, 0xFF /* roam auto */, 2 /* CS+PS */, 0, 0, 0 /* automatic network selection */];
        byte[] reply = new byte[SubsysHeader.Size + (fields.Length * 4)];
        request.CopyTo(reply);
        for (int i = 0; i < fields.Length; i++)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(reply.AsSpan(SubsysHeader.Size + (4 * i)), fields[i]);
        }

        return reply;
    }
}
