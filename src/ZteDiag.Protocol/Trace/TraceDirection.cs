namespace ZteDiag.Protocol.Trace;

/// <summary>Which way captured bytes went.</summary>
public enum TraceDirection
{
    /// <summary>Not marked in the capture.</summary>
    Unknown = 0,

    /// <summary>Host to modem (<c>&gt;</c>).</summary>
    ToModem,

    /// <summary>Modem to host (<c>&lt;</c>).</summary>
    FromModem,
}
