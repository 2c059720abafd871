using System.Security.Cryptography;

namespace ZteDiag.EndToEnd;

/// <summary>
/// What an emulator's EFS holds on the host (its <c>&lt;state&gt;/efs/</c> mirror), file by file: two
/// snapshots taken around a verb show whether it wrote anything, and what.
/// </summary>
internal static class EfsHostTree
{
    /// <summary>
    /// Relative path → SHA-256 (lower-case hex) of every file below <c>&lt;stateDirectory&gt;/efs/&lt;folder&gt;</c>;
    /// empty when that folder does not exist (yet).
    /// </summary>
    public static SortedDictionary<string, string> Hashes(string stateDirectory, string folder = "")
    {
        var result = new SortedDictionary<string, string>(StringComparer.Ordinal);
        string root = Path.Combine(stateDirectory, "efs", folder);
        if (!Directory.Exists(root))
        {
            return result;
        }

        foreach (string f in Directory.GetFiles(root, "*", SearchOption.AllDirectories))
        {
            result[Path.GetRelativePath(root, f)] = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(f)));
        }

        return result;
    }
}
