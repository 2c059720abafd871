using System.Globalization;
using System.Text;

namespace ZteDiag.Workbench.Archive;

/// <summary>Default backup file names.</summary>
public static class BackupNaming
{
    /// <summary>
    /// <c>&lt;model&gt;-&lt;revision&gt;-&lt;yyyyMMdd-HHmmss&gt;.tar.gz</c>, e.g.
    /// <c>MF627-BD_MTSP673A4V1.0.0B01-20261123-140501.tar.gz</c>. The time is formatted as the
    /// given offset shows it (pass local time for a technician's clock, UTC for logs). Model and
    /// revision keep letters, digits, '.', '_', '+' and '-'; anything else becomes '_', leading
    /// dots are dropped, each part is at most 64 characters, and an empty part becomes "unknown".
    /// </summary>
    public static string DefaultFileName(string? model, string? revision, DateTimeOffset time) =>
        $"{Sanitize(model)}-{Sanitize(revision)}-{time.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture)}.tar.gz";

    /// <summary>
    /// <c>&lt;model&gt;-&lt;revision&gt;-&lt;stick&gt;-&lt;yyyyMMdd-HHmmss&gt;.tar.gz</c>: the name of one stick's archive when several
    /// are backed up at once (<paramref name="stick"/> is its name: USB serial, else USB path), same rules per part.
    /// </summary>
    public static string DefaultFileName(string? model, string? revision, string stick, DateTimeOffset time) =>
        $"{Sanitize(model)}-{Sanitize(revision)}-{Sanitize(stick)}-{time.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture)}.tar.gz";

    /// <summary>One name part as the file names carry it (see <see cref="DefaultFileName(string?, string?, DateTimeOffset)"/>).</summary>
    public static string Sanitize(string? part)
    {
        var sb = new StringBuilder();
        foreach (char c in (part ?? "").Trim())
        {
            bool ok = c is (>= 'A' and <= 'Z') or (>= 'a' and <= 'z') or (>= '0' and <= '9') or '.' or '_' or '+' or '-';
            char mapped = ok ? c : '_';
            if (mapped == '_' && !ok && sb.Length > 0 && sb[^1] == '_') continue; // collapse runs of replacements
            sb.Append(mapped);
        }
        string s = sb.ToString().TrimStart('.');
        if (s.Length > 64) s = s[..64];
        return s.Length == 0 ? "unknown" : s;
    }
}
