namespace ZteDiag.Workbench.Archive;

/// <summary>
/// The one name rule (issue 19.4): a path ZteDiag creates on the modem (efs mkdir, put, mv) must be
/// one that backup can store and restore can put back: no control characters, no backslash, every
/// character one byte (Latin-1), at most 1024 bytes. Existing odd names can still be listed and removed.
/// </summary>
public static class EfsNameRule
{
    /// <summary>Why <paramref name="normalizedPath"/> may not be created, or null when it may.</summary>
    public static string? Problem(string normalizedPath) =>
        normalizedPath == "/" ? null : ArchivePaths.CheckEfsPath(normalizedPath)?.Message;

    /// <summary>The path with control characters shown as \xNN, for messages.</summary>
    public static string Printable(string path) => ArchivePaths.Printable(path);
}
