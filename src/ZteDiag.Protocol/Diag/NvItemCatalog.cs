using System.Collections.Frozen;

namespace ZteDiag.Protocol.Diag;

/// <summary>How stock firmware lets DIAG touch an item (Qualcomm <c>nvdiag.c</c>, 2008 era).</summary>
[Flags]
public enum NvAccess
{
    /// <summary>Readable and writable at any time.</summary>
    Open = 0,
    /// <summary><c>unreadable_nv_item</c>: NV_READ answers BAD_PARM (0x14) even after the SPC.</summary>
    Unreadable = 1,
    /// <summary><c>sp_nv_read_item</c>: NV_READ answers BAD_SPC_MODE (0x42) until the SPC is accepted.</summary>
    SpcToRead = 2,
    /// <summary><c>sp_nv_write_item</c>: NV_WRITE answers BAD_SPC_MODE (0x42) until the SPC is accepted.</summary>
    SpcToWrite = 4,
    /// <summary><c>unwritable_nv_item</c>: NV_WRITE always fails.</summary>
    Unwritable = 8,
}

/// <summary>
/// Names of NV items (numbers from Qualcomm's public <c>nv_items.h</c> define list, the ones this tool
/// could confirm) and the access class <c>nvdiag.c</c> gives them. Items whose number could not be
/// confirmed (SEC_DEVICE_KEY, DEVICE_SERIAL_NO, GPSONE_PASSWORD, DIAG_SPC_UNLOCK_TTL/TIMEOUT) are left out.
/// </summary>
public static class NvItemCatalog
{
    private const NvAccess SpWrite = NvAccess.SpcToWrite;

    private static readonly (ushort Id, string Name, NvAccess Access)[] Table =
    [
        (0, "NV_ESN_I", NvAccess.Open), (1, "NV_ESN_CHKSUM_I", NvAccess.Open), (2, "NV_VERNO_MAJ_I", NvAccess.Open),
        (3, "NV_VERNO_MIN_I", NvAccess.Open), (4, "NV_SCM_I", NvAccess.Open), (5, "NV_SLOT_CYCLE_INDEX_I", SpWrite),
        (6, "NV_MOB_CAI_REV_I", NvAccess.Open), (7, "NV_MOB_FIRM_REV_I", NvAccess.Open), (8, "NV_MOB_MODEL_I", NvAccess.Open),
        (9, "NV_CONFIG_CHKSUM_I", NvAccess.Open), (10, "NV_PREF_MODE_I", NvAccess.Open),
        (19, "NV_ANALOG_REG_I", SpWrite), (20, "NV_PCDMACH_I", SpWrite), (21, "NV_SCDMACH_I", SpWrite),
        (22, "NV_PPCNCH_I", NvAccess.Open), (23, "NV_SPCNCH_I", NvAccess.Open), (24, "NV_NAM_CHKSUM_I", SpWrite),
        (25, "NV_A_KEY_I", NvAccess.Unreadable | SpWrite), (26, "NV_A_KEY_CHKSUM_I", NvAccess.Unreadable | SpWrite),
        (27, "NV_SSD_A_I", NvAccess.Unreadable | SpWrite), (28, "NV_SSD_A_CHKSUM_I", NvAccess.Open),
        (29, "NV_SSD_B_I", NvAccess.Unreadable | SpWrite), (30, "NV_SSD_B_CHKSUM_I", NvAccess.Open), (31, "NV_COUNT_I", NvAccess.Open),
        (85, "NV_SEC_CODE_I", NvAccess.SpcToRead | SpWrite),
        (176, "NV_IMSI_MCC_I", SpWrite), (177, "NV_IMSI_11_12_I", SpWrite), (178, "NV_DIR_NUMBER_I", SpWrite),
        (184, "NV_FSC_I", NvAccess.SpcToRead | SpWrite), (195, "NV_FSC2_I", NvAccess.SpcToRead | SpWrite),
        (196, "NV_FSC2_CHKSUM_I", NvAccess.SpcToRead | SpWrite), (197, "NV_WDC_I", SpWrite), (198, "NV_HW_CONFIG_I", NvAccess.Open),
        (215, "NV_DIR_NUMBER_PCS_I", SpWrite), (216, "NV_ROAMING_LIST_I", NvAccess.Unreadable | SpWrite),
        (219, "NV_OTKSL_I", NvAccess.SpcToRead | SpWrite), (256, "NV_PRL_ENABLED_I", NvAccess.Open),
        (257, "NV_ROAMING_LIST_683_I", NvAccess.Unreadable | SpWrite), (258, "NV_SYSTEM_PREF_I", NvAccess.Open),
        (259, "NV_HOME_SID_NID_I", SpWrite), (299, "NV_UP_KEY_I", NvAccess.Unreadable | SpWrite),
        (316, "NV_PAP_DATA_I", NvAccess.Open), (317, "NV_DATA_DEFAULT_PROFILE_I", NvAccess.Open),
        (318, "NV_PAP_USER_ID_I", NvAccess.SpcToRead | SpWrite), (319, "NV_PAP_PASSWORD_I", NvAccess.Unreadable | SpWrite),
        (441, "NV_BAND_PREF_I", NvAccess.Open), (442, "NV_ROAM_PREF_I", NvAccess.Open), (453, "NV_FTM_MODE_I", NvAccess.Open),
        (550, "NV_UE_IMEI_I", NvAccess.Open), (570, "NV_RF_CONFIG_VER_I", NvAccess.Open), (571, "NV_RF_CAL_DATE_I", NvAccess.Open),
        (572, "NV_RF_NV_LOADED_DATE_I", NvAccess.Open), (573, "NV_RF_CAL_DAT_FILE_I", NvAccess.Open),
        (574, "NV_DOMAIN_NAME_I", NvAccess.Open), (577, "NV_PREF_PLMN_I", NvAccess.Open),
        (579, "NV_HDR_AN_AUTH_NAI_I", NvAccess.SpcToRead), (580, "NV_HDR_AN_AUTH_PASSWORD_I", NvAccess.Unreadable | SpWrite),
        (855, "NV_RTRE_CONFIG_I", SpWrite), (905, "NV_ERR_FATAL_OPTIONS_I", NvAccess.Open),
        (906, "NV_PPP_PASSWORD_I", NvAccess.Unreadable | SpWrite), (909, "NV_SMS_GW_BEARER_PREF_I", NvAccess.Open),
        (910, "NV_PPP_USER_ID_I", NvAccess.SpcToRead), (919, "NV_HDR_AN_PPP_USER_ID_I", NvAccess.Open),
        (920, "NV_HDR_AN_PPP_PASSWORD_I", NvAccess.Unreadable | SpWrite), (946, "NV_BAND_PREF_16_31_I", NvAccess.Open),
        (1877, "NV_RF_BC_CONFIG_I", NvAccess.Open), (1943, "NV_MEID_I", NvAccess.Open), (2954, "NV_BAND_PREF_32_63_I", NvAccess.Open),
        (4548, "NV_RF_BC_CONFIG_DIV_I", NvAccess.Open),
    ];

    private static readonly FrozenDictionary<ushort, (string Name, NvAccess Access)> ById =
        Table.ToFrozenDictionary(t => t.Id, t => (t.Name, t.Access));

    private static readonly FrozenDictionary<string, ushort> ByName =
        Table.ToFrozenDictionary(t => t.Name, t => t.Id, StringComparer.OrdinalIgnoreCase);

    /// <summary>Every catalogued id, ascending.</summary>
    public static IReadOnlyList<ushort> Ids { get; } = [.. Table.Select(t => t.Id).Order()];

    /// <summary>The Qualcomm name of <paramref name="id"/>, or null when not catalogued.</summary>
    public static string? NameOf(ushort id) => ById.TryGetValue(id, out var v) ? v.Name : null;

    /// <summary>The access class stock firmware gives <paramref name="id"/>.</summary>
    public static NvAccess AccessOf(ushort id) => ById.TryGetValue(id, out var v) ? v.Access : NvAccess.Open;

    /// <summary>Looks a name up (<c>NV_UE_IMEI_I</c>, case-insensitive, the <c>NV_</c>/<c>_I</c> affixes optional).</summary>
    public static bool TryFind(string name, out ushort id)
    {
        ArgumentNullException.ThrowIfNull(name);
        string n = name.Trim();
        return ByName.TryGetValue(n, out id) || ByName.TryGetValue($"NV_{n}_I", out id) || ByName.TryGetValue($"NV_{n}", out id) || ByName.TryGetValue($"{n}_I", out id);
    }
}
