using ZteDiag.Protocol.Diag;

namespace ZteDiag.Device.Nv;

/// <summary>What a scan of NV ids found.</summary>
/// <param name="Active">Items that answered nv_stat Done (and other non-inactive statuses), ascending.</param>
/// <param name="NeedsSpc">Ids the modem refused with BAD_SPC_MODE (0x42): readable only after the SPC.</param>
/// <param name="Unreadable">Ids the modem refused with BAD_PARM (0x14): never readable over DIAG (keys, passwords, PRL).</param>
/// <param name="Unknown">Ids answered BAD_CMD (0x13): this firmware does not know them.</param>
/// <param name="StatusCounts">How many ids answered each nv_stat.</param>
/// <param name="Scanned">How many ids were asked.</param>
public sealed record NvScanResult(
    IReadOnlyList<NvItem> Active,
    IReadOnlyList<ushort> NeedsSpc,
    IReadOnlyList<ushort> Unreadable,
    IReadOnlyList<ushort> Unknown,
    IReadOnlyDictionary<NvStatus, int> StatusCounts,
    int Scanned);
