namespace ZteDiag.Emulator.Host;

/// <summary>What a serial interface of the virtual modem serves.</summary>
public enum PortRole
{
    /// <summary>Qualcomm DIAG (HDLC binary), silent to AT. MF62x interface 00.</summary>
    Diag,

    /// <summary>Secondary AT port ("NMEA"/aux). MF62x interface 01.</summary>
    At,

    /// <summary>Modem (PPP) port, primary AT. MF62x interface 03.</summary>
    Modem,
}
