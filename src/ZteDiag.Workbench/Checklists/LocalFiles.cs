namespace ZteDiag.Workbench.Checklists;

/// <summary>Checks a path typed by the technician before a step uses it.</summary>
internal static class LocalFiles
{
    /// <summary>Null when <paramref name="answer"/> names a readable file (<paramref name="full"/> is its absolute path); else why not.</summary>
    public static string? WhyNotAFile(string answer, out string full)
    {
        full = "";
        string upper = answer.ToUpperInvariant();
        if (upper is "Y" or "YES" or "N" or "NO")
        {
            return $"'{answer}' is an answer, not a path: type the path of the file";
        }

        string path = answer.StartsWith("~/", StringComparison.Ordinal)
            ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), answer[2..])
            : answer;
        try
        {
            full = Path.GetFullPath(path);
        }
        catch (Exception ex) when (ex is ArgumentException or NotSupportedException or PathTooLongException)
        {
            return $"'{answer}' is not a valid path";
        }

        if (Directory.Exists(full)) return $"{full} is a folder, not a file";
        if (!File.Exists(full)) return $"file not found: {full}";
        try
        {
            using FileStream _ = File.OpenRead(full);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return $"cannot read {full}: {ex.Message}";
        }

        return null;
    }
}
