namespace ZteDiag.Protocol.Diag;

/// <summary>DIAG command codes (first byte of every packet). PROTOCOL.md §2.1.</summary>
public enum DiagCommand : byte
{
    /// <summary>Version info; 55-byte response.</summary>
    Verno = 0x00,
    /// <summary>Electronic serial number; u32 response.</summary>
    Esn = 0x01,
    /// <summary>Memory peek, byte.</summary>
    PeekB = 0x02,
    /// <summary>Memory peek, word.</summary>
    PeekW = 0x03,
    /// <summary>Memory peek, dword.</summary>
    PeekD = 0x04,
    /// <summary>Memory poke, byte.</summary>
    PokeB = 0x05,
    /// <summary>Memory poke, word.</summary>
    PokeW = 0x06,
    /// <summary>Memory poke, dword.</summary>
    PokeD = 0x07,
    /// <summary>CDMA status (GSM targets may not implement it).</summary>
    Status = 0x0C,
    /// <summary>Legacy log mask.</summary>
    LogMask = 0x0F,
    /// <summary>Unsolicited log record.</summary>
    Log = 0x10,
    /// <summary>NV peek.</summary>
    NvPeek = 0x11,
    /// <summary>NV poke.</summary>
    NvPoke = 0x12,
    /// <summary>Error reply: unknown or unimplemented command (echoes the request).</summary>
    BadCommand = 0x13,
    /// <summary>Error reply: invalid parameter.</summary>
    BadParameter = 0x14,
    /// <summary>Error reply: request had the wrong size.</summary>
    BadLength = 0x15,
    /// <summary>Error reply: not accepted by the device.</summary>
    BadDevice = 0x16,
    /// <summary>Error reply: not allowed in the current mode.</summary>
    BadMode = 0x18,
    /// <summary>DIAG protocol version; u16 response.</summary>
    DiagVersion = 0x1C,
    /// <summary>Timestamp.</summary>
    Timestamp = 0x1D,
    /// <summary>Unsolicited debug message.</summary>
    Msg = 0x1F,
    /// <summary>NV item read; 133-byte request and response.</summary>
    NvRead = 0x26,
    /// <summary>NV item write; 133-byte request and response.</summary>
    NvWrite = 0x27,
    /// <summary>Mode change / reset.</summary>
    Control = 0x29,
    /// <summary>Software version.</summary>
    SwVersion = 0x38,
    /// <summary>Enter the downloader.</summary>
    Dload = 0x3A,
    /// <summary>Pilot sets (CDMA).</summary>
    PilotSets = 0x40,
    /// <summary>Service programming code.</summary>
    Spc = 0x41,
    /// <summary>Error reply: SPC locked; NV access refused.</summary>
    BadSpcMode = 0x42,
    /// <summary>Security password (8 raw bytes).</summary>
    Password = 0x46,
    /// <summary>Error reply: diag security locked (EFS handlers refuse).</summary>
    BadSecurityMode = 0x47,
    /// <summary>Subsystem dispatch (4-byte header).</summary>
    SubsysCmd = 0x4B,
    /// <summary>Feature query.</summary>
    FeatureQuery = 0x51,
    /// <summary>Legacy EFS1 operations.</summary>
    FsOp = 0x59,
    /// <summary>Extended log mask.</summary>
    ExtLogMask = 0x5D,
    /// <summary>Unsolicited event report.</summary>
    EventReport = 0x60,
    /// <summary>Status snapshot.</summary>
    StatusSnapshot = 0x63,
    /// <summary>GUID.</summary>
    GetGuid = 0x67,
    /// <summary>Log configuration.</summary>
    LogConfig = 0x73,
    /// <summary>Unsolicited extended message.</summary>
    ExtMsg = 0x79,
    /// <summary>Protocol loopback.</summary>
    ProtocolLoopback = 0x7B,
    /// <summary>Extended build id.</summary>
    ExtBuildId = 0x7C,
    /// <summary>Extended message configuration.</summary>
    ExtMsgConfig = 0x7D,
    /// <summary>Unsolicited terse extended message (equals the flag value; always escaped).</summary>
    ExtMsgTerse = 0x7E,
    /// <summary>Subsystem dispatch, version 2 (12-byte header).</summary>
    SubsysCmdV2 = 0x80,
    /// <summary>Event mask get.</summary>
    EventMaskGet = 0x81,
    /// <summary>Event mask set.</summary>
    EventMaskSet = 0x82,
    /// <summary>Error reply some targets use for a bad transaction.</summary>
    BadTrans = 0x95,
    /// <summary>Multi-radio wrapper.</summary>
    MultiRadioCmd = 0x98,
}
