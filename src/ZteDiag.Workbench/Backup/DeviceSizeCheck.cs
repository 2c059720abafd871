using ZteDiag.Device;
using ZteDiag.Workbench.Archive;

namespace ZteDiag.Workbench.Backup;

/// <summary>
/// Sizes a modem reports (STAT, READDIR) are its word, not the user's: one no backup can hold
/// (2147483647 or 4294967295 bytes on a stick whose whole EFS is a few MiB) means its answers
/// cannot be trusted, which is a link/device failure (exit 4), never a usage error.
/// </summary>
internal static class DeviceSizeCheck
{
    /// <exception cref="DiagLinkException">The size is negative, over the modem's own QUERY max_file_size, or over the backup's file limit.</exception>
    public static void Ensure(string path, long size, int? modemMaxFileSize, ArchiveLimits limits)
    {
        string? why = size < 0 ? "a negative size"
            : modemMaxFileSize is > 0 and int max && size > max ? $"more than the {max} bytes per file it declared itself (QUERY)"
            : size > limits.MaxFileBytes ? $"more than a backup holds per file ({limits.MaxFileBytes} bytes)"
            : null;
        if (why is not null)
        {
            throw new DiagLinkException(
                $"the modem reports '{path}' as {size} bytes, {why}; its answers cannot be trusted. Nothing was saved: " +
                "unplug the modem, plug it back in and run the backup again (if it says the same, this file cannot be backed up)");
        }
    }
}
