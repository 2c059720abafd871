namespace ZteDiag.Protocol.Diag;

/// <summary>nv_stat of an NV_READ/NV_WRITE response (u16). PROTOCOL.md §2.5.</summary>
public enum NvStatus : ushort
{
    /// <summary>Request completed.</summary>
    Done = 0,
    /// <summary>Request is queued / NV task busy.</summary>
    Busy = 1,
    /// <summary>Unrecognised command.</summary>
    BadCommand = 2,
    /// <summary>NV memory is full.</summary>
    Full = 3,
    /// <summary>Command failed for another reason.</summary>
    Fail = 4,
    /// <summary>Item was never written (inactive).</summary>
    NotActive = 5,
    /// <summary>Bad parameter in the request.</summary>
    BadParameter = 6,
    /// <summary>Item is read-only.</summary>
    ReadOnly = 7,
    /// <summary>Item is not valid for this target.</summary>
    BadTarget = 8,
    /// <summary>Out of free memory.</summary>
    NoMemory = 9,
    /// <summary>Address is not allocated.</summary>
    NotAllocated = 10,
    /// <summary>RUIM access is not supported.</summary>
    RuimNotSupported = 11,
}

/// <summary>Helpers for <see cref="NvStatus"/>.</summary>
public static class NvStatusExtensions
{
    /// <summary>A short technician-facing explanation.</summary>
    public static string Describe(this NvStatus status) => status switch
    {
        NvStatus.Done => "ok",
        NvStatus.Busy => "the NV task is busy",
        NvStatus.BadCommand => "the NV task does not know the command",
        NvStatus.Full => "NV memory is full",
        NvStatus.Fail => "the NV operation failed",
        NvStatus.NotActive => "the item was never written (inactive)",
        NvStatus.BadParameter => "the NV task rejected a parameter",
        NvStatus.ReadOnly => "the item is read-only",
        NvStatus.BadTarget => "the item is not valid for this modem",
        NvStatus.NoMemory => "the NV task ran out of memory",
        NvStatus.NotAllocated => "the item is not allocated",
        NvStatus.RuimNotSupported => "RUIM access is not supported",
        _ => $"NV status {(ushort)status}",
    };
}
