using ZteDiag.Workbench.Archive;

namespace ZteDiag.Tui;

/// <summary>
/// Defaults for the path fields of the dialogs and the checks that refuse a name the job would mangle
/// (each returns why a text is refused, or null). "~/" means the home directory, as in a shell.
/// </summary>
public static class PathRules
{
    /// <summary>What a backup archive's name ends with.</summary>
    public const string ArchiveSuffix = ".tar.gz";

    /// <summary>The default backup folder: <c>~/ztediag-backups</c>.</summary>
    public static string DefaultBackupDirectory =>
        Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), "ztediag-backups");

    /// <summary><c>~/x</c> as an absolute path; other text as a full path.</summary>
    public static string Expand(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        string home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        if (path == "~") return home;
        if (path.StartsWith("~/", StringComparison.Ordinal)) path = Path.Combine(home, path[2..]);
        return Path.GetFullPath(path);
    }

    /// <summary>An absolute path as the technician reads it: under the home directory it starts with <c>~/</c>.</summary>
    public static string Shorten(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        string home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile).TrimEnd('/');
        return home.Length > 1 && path.StartsWith(home + "/", StringComparison.Ordinal) ? "~/" + path[(home.Length + 1)..] : path;
    }

    /// <summary>The backup field's default: <c>&lt;folder&gt;/&lt;model&gt;-&lt;revision&gt;-&lt;time&gt;.tar.gz</c>.</summary>
    public static string DefaultBackup(string directory, string? model, string? revision, DateTimeOffset localNow) =>
        Shorten(Path.Combine(directory, BackupNaming.DefaultFileName(model, revision, localNow)));

    /// <summary><c>&lt;model&gt;-&lt;revision&gt;-&lt;time&gt;-nv.qcn</c> in <paramref name="directory"/>: the NV backup default (QPST's format).</summary>
    public static string DefaultNvBackup(string directory, string? model, string? revision, DateTimeOffset localNow) =>
        Shorten(Path.Combine(directory, BackupNaming.DefaultFileName(model, revision, localNow)[..^ArchiveSuffix.Length] + "-nv.qcn"));

    /// <summary>A new NV backup file: ends with .qcn, .xqcn or .json (the format), does not exist, and its folder can be made.</summary>
    public static string? CheckNewNvFile(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        string path = Expand(text);
        if (!NvSuffixes.Any(x => path.EndsWith(x, StringComparison.OrdinalIgnoreCase)))
        {
            return "End the name with .qcn (QPST), .xqcn or .json: the ending picks the format.";
        }

        if (Directory.Exists(path)) return $"{text} is a folder: add a file name ending with .qcn.";
        if (File.Exists(path)) return $"{text} exists already; choose another name (nothing is overwritten).";
        return CheckFolderFor(path, text);
    }

    private static readonly string[] NvSuffixes = [".qcn", ".xqcn", ".json"];

    /// <summary>The newest NV backup in <paramref name="directory"/> (.qcn, .xqcn, -nv.json; the NV restore default), else the folder itself.</summary>
    public static string NewestNvFile(string directory)
    {
        string? newest = Directory.Exists(directory)
            ? new DirectoryInfo(directory).EnumerateFiles().Where(f => NvSuffixes.Any(x => f.Name.EndsWith(x, StringComparison.OrdinalIgnoreCase)))
                .OrderByDescending(f => f.LastWriteTimeUtc).FirstOrDefault()?.FullName
            : null;
        return Shorten(newest ?? directory + Path.DirectorySeparatorChar);
    }

    /// <summary>An NV backup to restore: an existing .qcn, .xqcn, .json, or a .tar.gz made with --nv.</summary>
    public static string? CheckExistingNvFile(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        string path = Expand(text);
        if (Directory.Exists(path)) return $"{text} is a folder: name the NV backup (.qcn, .xqcn, .json or .tar.gz) in it.";
        if (!File.Exists(path)) return $"No file {text}.";
        return NvSuffixes.Append(ArchiveSuffix).Any(x => path.EndsWith(x, StringComparison.OrdinalIgnoreCase))
            ? null
            : $"{text} is not an NV backup: name a .qcn, .xqcn, .json or a .tar.gz made with --nv.";
    }

    /// <summary>The newest archive in <paramref name="directory"/> (the verify / restore default), else the folder itself.</summary>
    public static string NewestArchive(string directory)
    {
        string? newest = Directory.Exists(directory)
            ? new DirectoryInfo(directory).EnumerateFiles("*" + ArchiveSuffix).OrderByDescending(f => f.LastWriteTimeUtc).FirstOrDefault()?.FullName
            : null;
        return Shorten(newest ?? directory + Path.DirectorySeparatorChar);
    }

    /// <summary>A new backup archive: ends with .tar.gz, is not an existing file or folder, and its folder can be made.</summary>
    public static string? CheckNewArchive(string text)
    {
        string path = Expand(text);
        if (!path.EndsWith(ArchiveSuffix, StringComparison.OrdinalIgnoreCase))
        {
            return $"A backup is a {ArchiveSuffix} archive: end the name with {ArchiveSuffix}.";
        }

        if (Directory.Exists(path)) return $"{text} is a folder: add a file name ending with {ArchiveSuffix}.";
        if (File.Exists(path)) return $"{text} exists already; choose another name (nothing is overwritten).";
        return CheckFolderFor(path, text);
    }

    /// <summary>Where a backup goes: a new .tar.gz archive (<see cref="CheckNewArchive"/>), or a folder (ending with '/', or existing) for the default name.</summary>
    public static string? CheckBackupTarget(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        string path = Expand(text);
        if (text.EndsWith('/') || Directory.Exists(path))
        {
            return File.Exists(path.TrimEnd('/')) ? $"{text} is a file, not a folder." : CheckFolderFor(Path.Combine(path, "x"), text);
        }

        return CheckNewArchive(text);
    }

    /// <summary>An archive to read: an existing .tar.gz file.</summary>
    public static string? CheckExistingArchive(string text)
    {
        string path = Expand(text);
        if (Directory.Exists(path)) return $"{text} is a folder: name the {ArchiveSuffix} archive in it.";
        if (!File.Exists(path)) return $"No file {text}.";
        return path.EndsWith(ArchiveSuffix, StringComparison.OrdinalIgnoreCase) ? null : $"{text} is not a backup archive ({ArchiveSuffix}).";
    }

    /// <summary>A local file to read (upload, identifier swap): it exists and is not a folder.</summary>
    public static string? CheckExistingFile(string text)
    {
        string path = Expand(text);
        if (Directory.Exists(path)) return $"{text} is a folder: name a file in it.";
        return File.Exists(path) ? null : $"No file {text}.";
    }

    /// <summary>
    /// Where a download goes: for a file, a file name (not a folder, not ending with '/'); for a folder, a
    /// path that is not an existing file. The folder it goes into is created if missing.
    /// </summary>
    public static string? CheckDownloadTarget(string text, bool isDirectory)
    {
        string path = Expand(text);
        if (isDirectory)
        {
            return File.Exists(path) ? $"{text} is a file: a folder is downloaded into a folder." : CheckFolderFor(path, text);
        }

        if (text.EndsWith('/') || Directory.Exists(path)) return $"{text} is a folder: add the file name.";
        if (File.Exists(path)) return $"{text} exists already; choose another name (nothing is overwritten).";
        return CheckFolderFor(path, text);
    }

    /// <summary>An absolute EFS path: starts with '/', no empty or "."/".." parts, does not end with '/' (the root aside when <paramref name="rootAllowed"/>).</summary>
    public static string? CheckEfsPath(string text, bool rootAllowed = false)
    {
        if (!text.StartsWith('/')) return "An EFS path starts with / (e.g. /nv/item_files).";
        if (text == "/") return rootAllowed ? null : "Name a file or folder below /.";
        string[] parts = text.TrimEnd('/').Split('/')[1..];
        if (parts.Any(p => p.Length == 0)) return "An EFS path has no empty parts (//).";
        if (parts.Any(p => p is "." or "..")) return "Write the EFS path without . or .. parts.";
        return !rootAllowed && text.EndsWith('/') ? "Name a file or folder: the path ends with /." : null;
    }

    /// <summary>A new folder's name in the current folder: no '/' and not "." or "..".</summary>
    public static string? CheckFolderName(string text) =>
        text.Contains('/', StringComparison.Ordinal) ? "Type one folder name, without /." : text is "." or ".." ? "Type a folder name." : null;

    // the nearest existing ancestor must be a folder (it is created below that on the way)
    private static string? CheckFolderFor(string path, string text)
    {
        for (string? dir = Path.GetDirectoryName(path); !string.IsNullOrEmpty(dir); dir = Path.GetDirectoryName(dir))
        {
            if (Directory.Exists(dir)) return null;
            if (File.Exists(dir)) return $"{Shorten(dir)} is a file, so {text} cannot be made.";
        }

        return null;
    }
}
