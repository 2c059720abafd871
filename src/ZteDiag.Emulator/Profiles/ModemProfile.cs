namespace ZteDiag.Emulator.Profiles;

/// <summary>
/// Everything that makes one virtual stick look like a particular firmware build: AT identity,
/// USB layout, DIAG identity, SIM/network facts, EFS content recipe and NV items. Loaded from an
/// embedded JSON file by <see cref="ProfileCatalog"/>. Facts that no source backs are listed in
/// <see cref="Provenance"/> (or flagged on the element) with <c>invented: true</c>.
/// </summary>
public sealed record ModemProfile
{
    /// <summary>Catalog name, e.g. <c>mf627-mts</c>.</summary>
    public required string Name { get; init; }
    /// <summary>One line for humans.</summary>
    public string Description { get; init; } = "";
    /// <summary><c>AT+CGMI</c> answer.</summary>
    public required string Manufacturer { get; init; }
    /// <summary><c>AT+CGMM</c> answer.</summary>
    public required string Model { get; init; }
    /// <summary><c>AT+CGMR</c> answer (firmware revision string).</summary>
    public required string Revision { get; init; }
    /// <summary>Full <c>AT+GCAP</c> line, e.g. <c>+GCAP: +CGSM,+FCLASS,+DS</c>.</summary>
    public required string Gcap { get; init; }
    /// <summary>15-digit IMEI (Luhn-valid); also the source of NV 550.</summary>
    public required string Imei { get; init; }
    /// <summary>IMSI of the inserted SIM.</summary>
    public required string Imsi { get; init; }
    /// <summary>Service programming code, 6 ASCII digits; also the source of NV 85.</summary>
    public string Spc { get; init; } = "000000";
    /// <summary>DIAG security password as 16 hex digits, or null when none is programmed (unlocked at boot).</summary>
    public string? SecurityPassword { get; init; }
    /// <summary>Whether a SIM is inserted at power-on.</summary>
    public bool SimPresent { get; init; } = true;
    /// <summary>Firmware asks for an unlock code when a foreign SIM is inserted.</summary>
    public bool SimLock { get; init; }
    /// <summary>Operator name shown by <c>AT+COPS?</c>, null when not registered.</summary>
    public string? Operator { get; init; }
    /// <summary>Signal quality reported by <c>AT+CSQ</c>.</summary>
    public CsqInfo Csq { get; init; } = new(18, 99);
    /// <summary>USB identity and interface layout of the modem personality.</summary>
    public required UsbLayout Usb { get; init; }
    /// <summary>VERNO (DIAG 0x00) fields.</summary>
    public required VernoInfo Verno { get; init; }
    /// <summary>ESN returned by DIAG 0x01.</summary>
    public uint Esn { get; init; }
    /// <summary>EXT_BUILD_ID (0x7C) fields, or null when the firmware does not support the command.</summary>
    public ExtBuildIdInfo? ExtBuildId { get; init; }
    /// <summary>DIAG version reported by the target.</summary>
    public int DiagVersion { get; init; } = 8;
    /// <summary>EFS subsystem ids the target answers on (19 standard, 62 alternate).</summary>
    public IReadOnlyList<int> EfsSubsystems { get; init; } = [19];
    /// <summary>Recipe for the generated EFS.</summary>
    public required EfsSpec Efs { get; init; }
    /// <summary>NV items present at first boot (they override the generated image).</summary>
    public IReadOnlyList<NvItemSpec> NvItems { get; init; } = [];
    /// <summary>How many generated NV items the image holds besides <see cref="NvItems"/> (0: none, the old 8-item image).</summary>
    public int GeneratedNvItems { get; init; } = 560;
    /// <summary>Notes on where facts come from; every invented fact is listed here or flagged in place.</summary>
    public IReadOnlyList<ProvenanceNote> Provenance { get; init; } = [];
}

/// <summary>AT+CSQ values.</summary>
/// <param name="Rssi">0..31, 99 unknown.</param>
/// <param name="Ber">0..7, 99 unknown.</param>
public sealed record CsqInfo(int Rssi, int Ber);

/// <summary>Where a profile fact comes from.</summary>
/// <param name="Field">Profile field or EFS path the note is about.</param>
/// <param name="Invented">True when no source backs the value.</param>
/// <param name="Note">Source tag or explanation.</param>
public sealed record ProvenanceNote(string Field, bool Invented, string Note);

/// <summary>Role of one USB interface.</summary>
public enum UsbPortRole
{
    /// <summary>Qualcomm DIAG (silent to AT).</summary>
    Diag,
    /// <summary>Secondary AT ("NMEA"/aux) port.</summary>
    SecondaryAt,
    /// <summary>Primary AT / PPP modem port.</summary>
    Modem,
    /// <summary>Mass storage (CD/microSD), no tty.</summary>
    MassStorage,
}

/// <summary>One USB interface of the modem personality.</summary>
public sealed record UsbInterfaceSpec
{
    /// <summary>bInterfaceNumber.</summary>
    public required int Number { get; init; }
    /// <summary>What the interface does.</summary>
    public required UsbPortRole Role { get; init; }
    /// <summary>True when a ttyUSB is bound to it (the option driver never binds mass storage).</summary>
    public bool Tty => Role != UsbPortRole.MassStorage;
    /// <summary>True when no source backs this interface assignment.</summary>
    public bool Invented { get; init; }
    /// <summary>Source tag or explanation.</summary>
    public string? Note { get; init; }
}

/// <summary>USB ids and interfaces.</summary>
public sealed record UsbLayout
{
    /// <summary>idVendor (0x19d2 for ZTE).</summary>
    public required int VendorId { get; init; }
    /// <summary>idProduct of the modem personality.</summary>
    public required int ProductId { get; init; }
    /// <summary>iManufacturer string.</summary>
    public string ManufacturerString { get; init; } = "ZTE, Incorporated";
    /// <summary>iProduct string.</summary>
    public string ProductString { get; init; } = "ZTE CDMA Technologies MSM";
    /// <summary>Interfaces in bInterfaceNumber order.</summary>
    public required IReadOnlyList<UsbInterfaceSpec> Interfaces { get; init; }
}

/// <summary>VERNO response fields (PROTOCOL.md §2.3).</summary>
public sealed record VernoInfo
{
    /// <summary>"Mmm dd yyyy".</summary>
    public required string CompDate { get; init; }
    /// <summary>"hh:mm:ss".</summary>
    public required string CompTime { get; init; }
    /// <summary>"Mmm dd yyyy".</summary>
    public required string RelDate { get; init; }
    /// <summary>"hh:mm:ss".</summary>
    public required string RelTime { get; init; }
    /// <summary>Up to 8 characters.</summary>
    public required string VerDir { get; init; }
    /// <summary>scm byte.</summary>
    public int Scm { get; init; }
    /// <summary>mob_cai_rev byte.</summary>
    public int MobCaiRev { get; init; }
    /// <summary>mob_model byte.</summary>
    public int MobModel { get; init; }
    /// <summary>mob_firm_rev u16.</summary>
    public int MobFirmRev { get; init; }
    /// <summary>slot_cycle_index byte.</summary>
    public int SlotCycleIndex { get; init; }
    /// <summary>hw_maj_ver byte.</summary>
    public int HwMajVer { get; init; }
    /// <summary>hw_min_ver byte.</summary>
    public int HwMinVer { get; init; }
}

/// <summary>EXT_BUILD_ID response fields (PROTOCOL.md §2.3).</summary>
public sealed record ExtBuildIdInfo
{
    /// <summary>msm_hw_version_format.</summary>
    public int MsmHwVersionFormat { get; init; }
    /// <summary>msm_hw_version.</summary>
    public uint MsmHwVersion { get; init; }
    /// <summary>mobile_model_id.</summary>
    public uint MobileModelId { get; init; }
    /// <summary>build_id string.</summary>
    public required string BuildId { get; init; }
    /// <summary>model_string.</summary>
    public string ModelString { get; init; } = "";
}

/// <summary>Recipe for the generated EFS content.</summary>
public sealed record EfsSpec
{
    /// <summary>Capacity used for Statfs and NoSpace accounting.</summary>
    public long CapacityBytes { get; init; } = 16 * 1024 * 1024;
    /// <summary>Block size reported by Statfs.</summary>
    public int BlockSize { get; init; } = 512;
    /// <summary>Directory holding the ZTE flag files and PCUI.VN (real location UNVERIFIED).</summary>
    public string FlagDirectory { get; init; } = "/";
    /// <summary>Content of PCUI.VN (firmware identifier).</summary>
    public required string PcuiVn { get; init; }
    /// <summary>AUTORUN.FLG present at first boot (CD autorun on).</summary>
    public bool Autorun { get; init; } = true;
    /// <summary>NODOWNLOAD.FLG present at first boot (not in download mode).</summary>
    public bool NoDownload { get; init; } = true;
    /// <summary>CD_STARTUP_FLAG present at first boot.</summary>
    public bool CdStartup { get; init; } = true;
    /// <summary>File name of the CD image (in <see cref="FlagDirectory"/>).</summary>
    public string CdImageName { get; init; } = "ZTEMODEM.iso";
    /// <summary>CD image size in bytes (content generated from the seed).</summary>
    public long CdImageBytes { get; init; } = 4 * 1024 * 1024;
    /// <summary>Volume label written into the CD image's primary volume descriptor.</summary>
    public string CdVolumeLabel { get; init; } = "ZTEMODEM";
    /// <summary>How many small generated files (BREW modules, item files, configs).</summary>
    public int GeneratedFiles { get; init; } = 300;
}

/// <summary>Where an NV item's initial value comes from.</summary>
public enum NvItemSource
{
    /// <summary>Taken from <see cref="NvItemSpec.Hex"/>.</summary>
    Hex,
    /// <summary>IMEI encoding of <see cref="ModemProfile.Imei"/> (NV 550).</summary>
    Imei,
    /// <summary>SPC as 6 ASCII digits (NV 85).</summary>
    Spc,
    /// <summary>ESN as u32 little-endian (NV 0).</summary>
    Esn,
}

/// <summary>One NV item at first boot.</summary>
public sealed record NvItemSpec
{
    /// <summary>Item number.</summary>
    public required int Id { get; init; }
    /// <summary>Qualcomm name, for humans.</summary>
    public string Name { get; init; } = "";
    /// <summary>Value source.</summary>
    public NvItemSource Source { get; init; } = NvItemSource.Hex;
    /// <summary>Hex bytes when <see cref="Source"/> is Hex (padded with zeros to 128).</summary>
    public string? Hex { get; init; }
    /// <summary>Reading or writing requires the SPC first.</summary>
    public bool Protected { get; init; }
    /// <summary>Writes are refused with READONLY.</summary>
    public bool ReadOnly { get; init; }
    /// <summary>True when the value is invented.</summary>
    public bool Invented { get; init; }
}
