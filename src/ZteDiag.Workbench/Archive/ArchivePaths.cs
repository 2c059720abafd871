namespace ZteDiag.Workbench.Archive;

/// <summary>Name rules shared by the writer, the archive reader and the folder reader.</summary>
internal static class ArchivePaths
{
    public const string ManifestName = "manifest.json";
    public const string NvName = "nv.json";
    public const string NvQcnName = "nv.qcn";
    public const string EfsRoot = "efs";
    public const int MaxPathLength = 1024; // FS_PATH_MAX on 2009 EFS (PROTOCOL.md §3.11)

    /// <summary>Archive entry name for an EFS path: "/" → "efs", "/a/b" → "efs/a/b".</summary>
    public static string ToArchiveName(string efsPath) => efsPath == "/" ? EfsRoot : EfsRoot + efsPath;

    /// <summary>
    /// Normalises an untrusted tar entry name: strips one leading "./", "." segments and a trailing
    /// '/', and rejects absolute names, '..', NUL, backslashes, control characters and empty segments.
    /// </summary>
    public static ArchiveProblem? TryNormalizeArchiveName(string raw, out string normalized)
    {
        normalized = "";
        string shown = Printable(raw);
        if (raw.Length == 0) return new(ArchiveProblemKind.InvalidName, shown, "empty entry name");
        if (raw.Length > MaxPathLength + 8) return new(ArchiveProblemKind.InvalidName, shown[..64] + "…", $"entry name longer than {MaxPathLength} characters");
        if (raw[0] == '/' || (raw.Length >= 2 && raw[1] == ':' && char.IsAsciiLetter(raw[0])))
            return new(ArchiveProblemKind.AbsolutePath, shown, "absolute path in archive");
        var problem = CheckCharacters(raw, shown);
        if (problem is not null) return problem;
        string s = raw.EndsWith('/') ? raw[..^1] : raw;
        var parts = new List<string>();
        foreach (string seg in s.Split('/'))
        {
            if (seg == "..") return new(ArchiveProblemKind.ParentSegment, shown, "'..' segment in path");
            if (seg == ".") continue;
            if (seg.Length == 0) return new(ArchiveProblemKind.InvalidName, shown, "empty path segment ('//')");
            parts.Add(seg);
        }
        if (parts.Count == 0) return new(ArchiveProblemKind.InvalidName, shown, "entry name is only '.'");
        normalized = string.Join('/', parts);
        return null;
    }

    /// <summary>Validates an absolute EFS path as written in a manifest: "/", or "/seg/seg" with no '.', '..' or empty segments.</summary>
    public static ArchiveProblem? CheckEfsPath(string? path)
    {
        if (string.IsNullOrEmpty(path)) return new(ArchiveProblemKind.InvalidName, "", "entry with an empty path");
        string shown = Printable(path);
        if (path.Length > MaxPathLength) return new(ArchiveProblemKind.InvalidName, shown[..64] + "…", $"path longer than {MaxPathLength} characters");
        if (path[0] != '/') return new(ArchiveProblemKind.InvalidName, shown, "EFS path must start with '/'");
        var problem = CheckCharacters(path, shown);
        if (problem is not null) return problem;
        if (path == "/") return null;
        foreach (string seg in path[1..].Split('/'))
        {
            if (seg == "..") return new(ArchiveProblemKind.ParentSegment, shown, "'..' segment in path");
            if (seg.Length == 0 || seg == ".") return new(ArchiveProblemKind.InvalidName, shown, "path is not normalised (empty or '.' segment)");
        }
        return null;
    }

    /// <summary>
    /// Resolves a link target against the link's directory within a rooted tree. Returns the
    /// absolute path inside the tree, or null if it climbs above the root. Absolute targets are
    /// taken as-is when <paramref name="absoluteIsInside"/> (EFS namespace), else rejected.
    /// </summary>
    public static string? ResolveLink(string linkEfsPath, string target, bool absoluteIsInside)
    {
        if (target.Length == 0 || target.Contains('\0', StringComparison.Ordinal) || target.Contains('\\', StringComparison.Ordinal)) return null;
        var stack = new List<string>();
        if (target[0] == '/')
        {
            if (!absoluteIsInside) return null;
        }
        else
        {
            stack.AddRange(Parent(linkEfsPath).Split('/', StringSplitOptions.RemoveEmptyEntries));
        }
        foreach (string seg in target.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            if (seg == ".") continue;
            if (seg == "..")
            {
                if (stack.Count == 0) return null;
                stack.RemoveAt(stack.Count - 1);
                continue;
            }
            stack.Add(seg);
        }
        return "/" + string.Join('/', stack);
    }

    /// <summary>
    /// The target to put into the tar symlink entry for an EFS link: a relative target as it is, an
    /// absolute one made relative to the link's directory (readers reject absolute tar link targets).
    /// Null when the target cannot be resolved inside the tree (climbs above the root, NUL, backslash).
    /// </summary>
    public static string? TarLinkTarget(string linkEfsPath, string target)
    {
        string? resolved = ResolveLink(linkEfsPath, target, absoluteIsInside: true);
        if (resolved is null) return null;
        if (target[0] != '/') return target;
        string[] from = Parent(linkEfsPath).Split('/', StringSplitOptions.RemoveEmptyEntries);
        string[] to = resolved.Split('/', StringSplitOptions.RemoveEmptyEntries);
        int common = 0;
        while (common < from.Length && common < to.Length && from[common] == to[common]) common++;
        var parts = Enumerable.Repeat("..", from.Length - common).Concat(to[common..]).ToList();
        return parts.Count == 0 ? "." : string.Join('/', parts);
    }

    /// <summary>Parent EFS path ("/" for top-level entries and for "/").</summary>
    public static string Parent(string efsPath)
    {
        int i = efsPath.LastIndexOf('/');
        return i <= 0 ? "/" : efsPath[..i];
    }

    /// <summary>Proper ancestors of an EFS path, nearest last, "/" excluded.</summary>
    public static IEnumerable<string> Ancestors(string efsPath)
    {
        for (int i = efsPath.IndexOf('/', 1); i > 0; i = efsPath.IndexOf('/', i + 1))
            yield return efsPath[..i];
    }

    public static string Printable(string s)
    {
        if (!s.Any(char.IsControl)) return s;
        return string.Concat(s.Select(c => char.IsControl(c) ? $"\\x{(int)c:x2}" : c.ToString()));
    }

    private static ArchiveProblem? CheckCharacters(string s, string shown)
    {
        if (s.Contains('\0', StringComparison.Ordinal)) return new(ArchiveProblemKind.InvalidName, shown, "NUL character in path");
        if (s.Contains('\\', StringComparison.Ordinal)) return new(ArchiveProblemKind.InvalidName, shown, "backslash in path");
        if (s.Any(char.IsControl)) return new(ArchiveProblemKind.InvalidName, shown, "control character in path");
        // EFS names are bytes, carried as Latin-1 text (one char per byte, U+0001–U+00FF) in the manifest and
        // on the wire; anything above (U+FFFD from a tar name that is not valid UTF-8, say) names no EFS path
        if (s.FirstOrDefault(c => c > '\u00FF') is var wide and not '\0')
            return new(ArchiveProblemKind.InvalidName, shown, $"character U+{(int)wide:X4} is not one byte (EFS names are bytes, kept as Latin-1 text U+0001–U+00FF)");
        return null;
    }
}
