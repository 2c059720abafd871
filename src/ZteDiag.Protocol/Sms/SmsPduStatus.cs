namespace ZteDiag.Protocol.Sms;

/// <summary>Outcome of decoding an SMS PDU.</summary>
public enum SmsPduStatus
{
    /// <summary>Decoded; the value is set.</summary>
    Ok,
    /// <summary>The PDU ends before a field it announces.</summary>
    Truncated,
    /// <summary>A field holds a value the specification does not allow (bad BCD, length out of range).</summary>
    Malformed,
    /// <summary>A valid PDU of a kind not decoded here (status report, command, compressed text).</summary>
    Unsupported,
}
