using System.Text;

namespace ZteDiag.Protocol.Efs;

/// <summary>Lexical helpers for absolute EFS paths ('/' separator, no NUL).</summary>
public static class EfsPath
{
    /// <summary>The root directory.</summary>
    public const string Root = "/";

    /// <summary>Throws <see cref="ArgumentException"/> if <paramref name="path"/> contains a NUL (it would end the path on the wire).</summary>
    public static void Validate(string path, string? paramName = null)
    {
        ArgumentNullException.ThrowIfNull(path, paramName);
        if (path.Contains('\0', StringComparison.Ordinal))
        {
            throw new ArgumentException("an EFS path cannot contain NUL", paramName ?? nameof(path));
        }
    }

    /// <summary>
    /// Collapses repeated '/', drops '.' segments and a trailing '/', and makes the path absolute:
    /// <c>"//nv//item_files/"</c> → <c>"/nv/item_files"</c>, <c>""</c> → <c>"/"</c>. '..' is kept as is.
    /// </summary>
    /// <exception cref="ArgumentException">The path contains NUL.</exception>
    public static string Normalize(string path)
    {
        Validate(path);
        var sb = new StringBuilder(path.Length + 1);
        foreach (string part in path.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            if (part == ".")
            {
                continue;
            }

            sb.Append('/').Append(part);
        }

        return sb.Length == 0 ? Root : sb.ToString();
    }

    /// <summary>Joins a directory and a name; an absolute <paramref name="name"/> replaces the directory.</summary>
    /// <exception cref="ArgumentException">Either part contains NUL.</exception>
    public static string Join(string directory, string name)
    {
        Validate(directory, nameof(directory));
        Validate(name, nameof(name));
        return name.StartsWith('/') ? Normalize(name) : Normalize(directory + "/" + name);
    }

    /// <summary>The parent directory of the normalised path ("/" for "/" and for top-level names).</summary>
    public static string Parent(string path)
    {
        string p = Normalize(path);
        int i = p.LastIndexOf('/');
        return i <= 0 ? Root : p[..i];
    }

    /// <summary>The last segment of the normalised path ("" for "/").</summary>
    public static string Name(string path)
    {
        string p = Normalize(path);
        return p[(p.LastIndexOf('/') + 1)..];
    }
}
