namespace ZteDiag.Protocol.Hdlc;

/// <summary>Why the deframer rejected a frame. The stream resynchronises at the next 0x7E.</summary>
public enum HdlcFrameError
{
    /// <summary>No error.</summary>
    None = 0,

    /// <summary>The CRC over payload+FCS did not leave the good residue.</summary>
    BadCrc,

    /// <summary>Fewer than 3 bytes (1 payload + 2 CRC) between flags.</summary>
    TooShort,

    /// <summary>More bytes than the configured maximum frame length before a flag.</summary>
    TooLong,

    /// <summary>An escape byte directly followed by the flag.</summary>
    BadEscape,
}
