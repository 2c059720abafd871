using System.Globalization;
using ZteDiag.Protocol.Diag;

namespace ZteDiag.Workbench.Nv;

/// <summary>An <c>--only</c> list that names no item, or an item the NV file does not hold.</summary>
public sealed class NvSelectionException(string message) : Exception(message);

/// <summary>
/// <c>nv restore --only ID…</c>: the items of a file to restore, named by number (550, 0x226) or name
/// (NV_UE_IMEI_I, UE_IMEI). Every id must be in the file: a typo must not silently restore nothing.
/// </summary>
public static class NvItemSelection
{
    /// <summary>The id of <paramref name="token"/> (decimal, 0x hex, or a known name).</summary>
    /// <exception cref="NvSelectionException">Neither a number 0..65535 nor a known name.</exception>
    public static ushort Parse(string token)
    {
        ArgumentNullException.ThrowIfNull(token);
        string t = token.Trim();
        if (t.Length > 0 && !char.IsAsciiDigit(t[0]) && NvItemCatalog.TryFind(t, out ushort named))
        {
            return named;
        }

        bool ok = t.StartsWith("0x", StringComparison.OrdinalIgnoreCase)
            ? ushort.TryParse(t.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out ushort id)
            : ushort.TryParse(t, NumberStyles.None, CultureInfo.InvariantCulture, out id);
        return ok ? id : throw new NvSelectionException($"--only: '{token}' is not an NV item id (0..65535, decimal or 0x hex) nor a known name such as NV_UE_IMEI_I");
    }

    /// <summary>
    /// <paramref name="file"/> with only the items <paramref name="tokens"/> name (commas allowed inside a
    /// token); the item files are dropped (they are not NV items). The ids come back in <paramref name="ids"/>.
    /// </summary>
    /// <exception cref="NvSelectionException">An empty list, a bad token, or an id not in the file.</exception>
    public static NvBackupFile Restrict(NvBackupFile file, IEnumerable<string> tokens, string path, out IReadOnlySet<int> ids)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(tokens);
        var wanted = tokens.SelectMany(t => t.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .Select(t => (int)Parse(t)).ToHashSet();
        if (wanted.Count == 0)
        {
            throw new NvSelectionException("--only needs at least one NV item id or name");
        }

        var held = file.Items.Where(i => i.Status == NvJob.StatusName(NvStatus.Done)).Select(i => i.Id).ToHashSet();
        var absent = wanted.Where(id => !held.Contains(id)).Order().ToList();
        if (absent.Count > 0)
        {
            throw new NvSelectionException(
                $"--only: {string.Join(", ", absent.Select(id => $"NV {id} {NvItems.Name((ushort)id)}"))} {(absent.Count == 1 ? "is" : "are")} not in {path} " +
                $"(it holds {held.Count} items; `ztediag nv show {path}` lists them). Nothing was written");
        }

        ids = wanted;
        return file with { Items = [.. file.Items.Where(i => wanted.Contains(i.Id))], ItemFiles = null };
    }
}
