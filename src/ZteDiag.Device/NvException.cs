namespace ZteDiag.Device;

/// <summary>The modem answered an NV read/write with a non-zero NV status.</summary>
public sealed class NvException : ZteDiagException
{
    /// <summary>Creates the exception for <paramref name="item"/> with the raw NV <paramref name="status"/>.</summary>
    public NvException(int status, ushort item)
        : base($"NV item {item}: {DescribeStatus(status)}", ExitDeviceRejected)
    {
        Status = status;
        Item = item;
    }

    /// <summary>Raw NV status (1 busy, 2 bad command, 3 full, 4 failed, 5 inactive, 6 bad parameter, 7 read-only).</summary>
    public int Status { get; }

    /// <summary>The NV item id.</summary>
    public ushort Item { get; }

    private static string DescribeStatus(int status) => status switch
    {
        1 => "the NV task is busy (status 1)",
        2 => "bad NV command (status 2)",
        3 => "NV memory is full (status 3)",
        4 => "the NV operation failed (status 4)",
        5 => "the item is inactive / not set (status 5)",
        6 => "bad NV parameter (status 6)",
        7 => "the item is read-only (status 7)",
        _ => $"NV status {status}",
    };
}
