using System.Collections.Immutable;

namespace ZteDiag.Protocol.Diag;

/// <summary>NV item ids worth backing up on ZTE MSM62xx modems. DEVICES.md §6 (ids from libopenpst dm_nv.h).</summary>
public enum NvItemId : ushort
{
    /// <summary>NV_ESN_I: electronic serial number.</summary>
    Esn = 0,
    /// <summary>NV_PREF_MODE_I: mode preference.</summary>
    PrefMode = 10,
    /// <summary>NV_SEC_CODE_I: service programming code (sensitive).</summary>
    SecCode = 85,
    /// <summary>NV_BAND_PREF_I: band preference bits 0–15.</summary>
    BandPref = 441,
    /// <summary>NV_ROAM_PREF_I: roaming preference.</summary>
    RoamPref = 442,
    /// <summary>NV_FTM_MODE_I: factory test mode flag.</summary>
    FtmMode = 453,
    /// <summary>NV_UE_IMEI_I: IMEI (see <see cref="Imei"/>; sensitive).</summary>
    UeImei = 550,
    /// <summary>NV_RTRE_CONFIG_I: RUIM/NV subscription source.</summary>
    RtreConfig = 855,
    /// <summary>NV_BAND_PREF_16_31_I: band preference bits 16–31.</summary>
    BandPref16To31 = 946,
    /// <summary>NV_RF_BC_CONFIG_I: RF band-class config.</summary>
    RfBandClassConfig = 1877,
    /// <summary>NV_MEID_I: CDMA MEID.</summary>
    Meid = 1943,
    /// <summary>NV_BAND_PREF_32_63_I: band preference bits 32–63.</summary>
    BandPref32To63 = 2954,
    /// <summary>NV_RF_BC_CONFIG_DIV_I: RF band-class config, diversity path.</summary>
    RfBandClassConfigDiversity = 4548,
}

/// <summary>Helpers for <see cref="NvItemId"/>.</summary>
public static class NvItems
{
    /// <summary>Every item in <see cref="NvItemId"/>, ascending: the default backup set.</summary>
    public static ImmutableArray<NvItemId> BackupSet { get; } = [.. Enum.GetValues<NvItemId>().Order()];

    /// <summary>Qualcomm name ("NV_UE_IMEI_I") of a known item (<see cref="NvItemCatalog"/>), else "NV item N".</summary>
    public static string Name(ushort item) => NvItemCatalog.NameOf(item) ?? (NvItemId)item switch
    {
        NvItemId.Esn => "NV_ESN_I",
        NvItemId.PrefMode => "NV_PREF_MODE_I",
        NvItemId.SecCode => "NV_SEC_CODE_I",
        NvItemId.BandPref => "NV_BAND_PREF_I",
        NvItemId.RoamPref => "NV_ROAM_PREF_I",
        NvItemId.FtmMode => "NV_FTM_MODE_I",
        NvItemId.UeImei => "NV_UE_IMEI_I",
        NvItemId.RtreConfig => "NV_RTRE_CONFIG_I",
        NvItemId.BandPref16To31 => "NV_BAND_PREF_16_31_I",
        NvItemId.RfBandClassConfig => "NV_RF_BC_CONFIG_I",
        NvItemId.Meid => "NV_MEID_I",
        NvItemId.BandPref32To63 => "NV_BAND_PREF_32_63_I",
        NvItemId.RfBandClassConfigDiversity => "NV_RF_BC_CONFIG_DIV_I",
        _ => $"NV item {item}",
    };

    /// <summary>True for items whose contents must be masked in logs (SPC, IMEI, ESN, MEID).</summary>
    public static bool IsSensitive(ushort item) => (NvItemId)item is NvItemId.SecCode or NvItemId.UeImei or NvItemId.Esn or NvItemId.Meid;
}
