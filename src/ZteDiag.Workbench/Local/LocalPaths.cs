using ZteDiag.Device;

namespace ZteDiag.Workbench.Local;

/// <summary>
/// Rules for the local paths ZteDiag reads and writes (SAFETY.md "Local files"): it reads only
/// regular files (and folders, for a folder restore), and it replaces only regular files. A FIFO,
/// a device or a socket is never opened, and never renamed over: that would hang on a FIFO, read
/// /dev/zero without end, or turn /dev/full into a file when run as root.
/// </summary>
public static class LocalPaths
{
    /// <summary>
    /// Checks that <paramref name="path"/> may receive a new file by a rename: its directory exists,
    /// and it is missing, or a regular file and <paramref name="replaceExisting"/> (a link to a regular
    /// file counts as one; the rename replaces the link). Returns the full path.
    /// </summary>
    /// <param name="path">The output path as given.</param>
    /// <param name="replaceExisting">Whether an existing regular file may be replaced.</param>
    /// <param name="howToReplace">What the user adds to allow replacing (e.g. "--overwrite"), or null when replacing is never offered.</param>
    /// <exception cref="LocalPathException">The path cannot be written as asked.</exception>
    public static string CheckOutput(string path, bool replaceExisting, string? howToReplace)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        string full = Path.GetFullPath(path);
        string dir = Path.GetDirectoryName(full) ?? "/";
        if (LocalFile.KindOf(dir, followLinks: true) != LocalFileKind.Directory)
        {
            throw new LocalPathException($"no such local directory: {dir}");
        }

        LocalFileKind kind = LocalFile.KindOf(full, followLinks: true);
        if (kind == LocalFileKind.Missing && LocalFile.KindOf(full, followLinks: false) == LocalFileKind.Symlink)
        {
            throw new LocalPathException($"refusing to write '{full}': it is a symbolic link to nothing; remove it or choose another name");
        }

        switch (kind)
        {
            case LocalFileKind.Missing:
                return full;
            case LocalFileKind.Regular when replaceExisting:
                return full;
            case LocalFileKind.Regular:
                throw new LocalPathException(howToReplace is null
                    ? $"'{full}' already exists"
                    : $"'{full}' already exists; add {howToReplace} to replace it");
            default:
                throw new LocalPathException(
                    $"refusing to write '{full}': it is {LocalFile.Describe(kind)}, not a regular file, and ZteDiag replaces only regular files" +
                    (kind == LocalFileKind.Directory ? "" : "; to stream the output, give '-' (standard output) and redirect it"));
        }
    }

    /// <summary>
    /// Checks that <paramref name="path"/> is a regular file (links followed) no larger than
    /// <paramref name="maxBytes"/>, before anything reads it. Returns its size.
    /// </summary>
    /// <param name="path">The input path as given.</param>
    /// <param name="maxBytes">Largest accepted size.</param>
    /// <param name="allowDirectory">When true a directory is accepted too (and 0 returned).</param>
    /// <exception cref="LocalPathException">Missing, a special file, a directory when not allowed, or too large.</exception>
    public static long CheckInput(string path, long maxBytes, bool allowDirectory = false)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        LocalFileKind kind = LocalFile.KindOf(path, followLinks: true);
        switch (kind)
        {
            case LocalFileKind.Missing:
                throw new LocalPathException($"no such file: {path}");
            case LocalFileKind.Directory when allowDirectory:
                return 0;
            case LocalFileKind.Directory:
                throw new LocalPathException($"{path} is a directory; give a file");
            case LocalFileKind.Regular:
                long size = new FileInfo(path).Length;
                return size > maxBytes
                    ? throw new LocalPathException($"{path} is {size} bytes, more than the {maxBytes} bytes ZteDiag takes from one file")
                    : size;
            default:
                throw new LocalPathException(
                    $"refusing to read '{path}': it is {LocalFile.Describe(kind)}, not a regular file{(allowDirectory ? " or a folder" : "")}" +
                    (allowDirectory ? "" : "; to feed data from a pipe or a device, give '-' (standard input)"));
        }
    }

    /// <summary>
    /// Reads at most <paramref name="maxBytes"/> from <paramref name="source"/> (standard input, say);
    /// more than that is refused instead of growing a buffer without end.
    /// </summary>
    /// <exception cref="LocalPathException">The source holds more than <paramref name="maxBytes"/>.</exception>
    public static async Task<byte[]> ReadBoundedAsync(Stream source, long maxBytes, string name, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(source);
        using var ms = new MemoryStream();
        byte[] buffer = new byte[64 * 1024];
        int n;
        while ((n = await source.ReadAsync(buffer, ct).ConfigureAwait(false)) > 0)
        {
            if (ms.Length + n > maxBytes)
            {
                throw new LocalPathException($"{name} holds more than the {maxBytes} bytes ZteDiag takes from one file; nothing was written");
            }

            ms.Write(buffer, 0, n);
        }

        return ms.ToArray();
    }
}

/// <summary>A local path ZteDiag will not read or write as asked (a usage error: exit 2).</summary>
/// <remarks>A <see cref="ZteDiagException"/> of kind Usage, not an ArgumentException: those are bugs (exit 70).</remarks>
public sealed class LocalPathException : ZteDiagException
{
    /// <summary>Creates the exception.</summary>
    public LocalPathException(string message) : base(message, FailureKind.Usage) { }

    /// <summary>Message and cause.</summary>
    public LocalPathException(string message, Exception innerException) : base(message, FailureKind.Usage, innerException) { }
}
