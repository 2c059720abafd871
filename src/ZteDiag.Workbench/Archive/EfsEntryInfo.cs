namespace ZteDiag.Workbench.Archive;

/// <summary>
/// What the device walker knows about one EFS entry (from READDIR/STAT/LSTAT), handed to
/// <see cref="BackupArchiveWriter"/>.
/// </summary>
/// <param name="Path">Absolute EFS path, '/'-separated, e.g. <c>/nv/item_files/ims/ims_enable</c>.</param>
/// <param name="Mode">st_mode as the modem reports it (type bits + permissions).</param>
/// <param name="Size">st_size in bytes (for files: the number of bytes the content stream must deliver).</param>
/// <param name="Atime">Access time, u32 POSIX seconds.</param>
/// <param name="Mtime">Modification time, u32 POSIX seconds.</param>
/// <param name="Ctime">Change time, u32 POSIX seconds.</param>
public sealed record EfsEntryInfo(string Path, int Mode, long Size, uint Atime = 0, uint Mtime = 0, uint Ctime = 0);
