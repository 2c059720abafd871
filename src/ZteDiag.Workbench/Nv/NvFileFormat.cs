using System.Text.Json;
using ZteDiag.Protocol.Diag;
using ZteDiag.Protocol.Qcn;

namespace ZteDiag.Workbench.Nv;

/// <summary>The NV backup formats: our JSON, QPST's QCN (compound file) and XQCN (XML).</summary>
public enum NvFileFormat
{
    /// <summary><c>nv.json</c> (<see cref="NvBackupFile"/>).</summary>
    Json,
    /// <summary>QPST QCN (MS-CFB compound file).</summary>
    Qcn,
    /// <summary>QPST/qfenix XQCN (the QCN tree as XML).</summary>
    Xqcn,
}

/// <summary>A file that is not a readable NV backup (hostile or damaged): one line, nothing touched.</summary>
public sealed class NvFileException(string message) : Exception(message);

/// <summary>Reads and writes NV backups in every <see cref="NvFileFormat"/>, through the one <see cref="NvBackupFile"/> model.</summary>
public static class NvFiles
{
    /// <summary>Largest NV backup file read.</summary>
    public const long MaxFileBytes = 64L * 1024 * 1024;

    /// <summary>The format a name implies (.qcn, .xqcn, else JSON), unless <paramref name="explicitFormat"/> says.</summary>
    public static NvFileFormat FormatOf(string path, NvFileFormat? explicitFormat = null) => explicitFormat
        ?? Path.GetExtension(path).ToLowerInvariant() switch
        {
            ".qcn" => NvFileFormat.Qcn,
            ".xqcn" => NvFileFormat.Xqcn,
            _ => NvFileFormat.Json,
        };

    /// <summary>Reads <paramref name="path"/> (format from its content: compound-file signature, XML, else JSON).</summary>
    /// <exception cref="NvFileException">Not a readable NV backup.</exception>
    public static NvBackupFile Load(string path, byte[]? bytes = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (bytes is null)
        {
            var info = new FileInfo(path);
            if (!info.Exists)
            {
                throw new NvFileException($"{path}: no such file");
            }

            if (info.Length > MaxFileBytes)
            {
                throw new NvFileException($"{path}: {info.Length} bytes is more than an NV backup can be ({MaxFileBytes} bytes)");
            }

            bytes = File.ReadAllBytes(path);
        }

        if (bytes.Length >= 8 && bytes[0] == 0xD0 && bytes[1] == 0xCF)
        {
            return FromQcn(QcnFile.TryRead(bytes, out QcnDocument? doc) is { } p ? throw new NvFileException($"{path}: {p.Detail}") : doc!);
        }

        int first = Array.FindIndex(bytes, b => b is not (0x20 or 0x09 or 0x0A or 0x0D or 0xEF or 0xBB or 0xBF));
        if (first >= 0 && bytes[first] == (byte)'<')
        {
            return FromQcn(XqcnFile.TryRead(bytes, out QcnDocument? doc) is { } p ? throw new NvFileException($"{path}: {p.Detail}") : doc!);
        }

        try
        {
            return NvBackupFile.Parse(bytes);
        }
        catch (JsonException ex)
        {
            throw new NvFileException($"{path}: not an NV backup ({ex.Message})");
        }
    }

    /// <summary>The items and item files of a QCN/XQCN as an <see cref="NvBackupFile"/> (no device: QPST records none).</summary>
    public static NvBackupFile FromQcn(QcnDocument doc)
    {
        ArgumentNullException.ThrowIfNull(doc);
        return new NvBackupFile
        {
            Scanned = doc.Property is { } p ? $"QCN written by {p.Writer} from {p.SoftwareVersion}" : "QCN",
            Items = [.. doc.Items.OrderBy(i => i.Id).Select(i => new NvBackupItem(i.Id, NvItems.Name(i.Id), NvJob.StatusName(NvStatus.Done), Convert.ToHexStringLower(i.Data)))],
            ItemFiles = [.. doc.ProvisioningFiles.Concat(doc.NvItemFileEntries).Select(f => new NvItemFile(f.Path, Convert.ToHexStringLower(f.Data)))],
        };
    }

    /// <summary>
    /// How <paramref name="qcn"/> differs from <paramref name="file"/>'s items (those read with status done, the ones a
    /// QCN holds; data compared over 128 bytes, zero-padded as the QCN stores them) and item files; empty when the same.
    /// </summary>
    public static IReadOnlyList<string> Differences(NvBackupFile file, QcnDocument qcn)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(qcn);
        var diffs = new List<string>();
        var fromFile = file.Items.Where(i => i.Status == NvJob.StatusName(NvStatus.Done)).ToDictionary(i => i.Id, i => Pad(Convert.FromHexString(i.Data)));
        var fromQcn = new Dictionary<int, byte[]>();
        foreach (QcnNvItem i in qcn.Items)
        {
            if (!fromQcn.TryAdd(i.Id, Pad(i.Data)))
            {
                diffs.Add($"NV {i.Id} appears twice in the QCN");
            }
        }

        foreach (int id in fromFile.Keys.Union(fromQcn.Keys).Order())
        {
            bool inFile = fromFile.TryGetValue(id, out byte[]? a), inQcn = fromQcn.TryGetValue(id, out byte[]? b);
            if (!inQcn) diffs.Add($"NV {id} only in the JSON");
            else if (!inFile) diffs.Add($"NV {id} only in the QCN");
            else if (!a!.AsSpan().SequenceEqual(b)) diffs.Add($"NV {id} differs");
        }

        var filesA = (file.ItemFiles ?? []).ToDictionary(f => f.Path, f => Convert.FromHexString(f.Data), StringComparer.Ordinal);
        var filesB = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (QcnEfsFile f in qcn.ProvisioningFiles.Concat(qcn.NvItemFileEntries))
        {
            if (!filesB.TryAdd(f.Path, f.Data))
            {
                diffs.Add($"item file {f.Path} appears twice in the QCN");
            }
        }

        foreach (string path in filesA.Keys.Union(filesB.Keys).Order(StringComparer.Ordinal))
        {
            bool inFile = filesA.TryGetValue(path, out byte[]? a), inQcn = filesB.TryGetValue(path, out byte[]? b);
            if (!inQcn) diffs.Add($"item file {path} only in the JSON");
            else if (!inFile) diffs.Add($"item file {path} only in the QCN");
            else if (!a!.AsSpan().SequenceEqual(b)) diffs.Add($"item file {path} differs");
        }

        return diffs;
    }

    /// <summary>An <see cref="NvBackupFile"/> as a QPST-layout QCN document.</summary>
    public static QcnDocument ToQcn(NvBackupFile file, string name, string softwareVersion)
    {
        ArgumentNullException.ThrowIfNull(file);
        return QcnDocument.Create(
            name,
            file.Items.Where(i => i.Status == NvJob.StatusName(NvStatus.Done)).Select(i => new QcnNvItem((ushort)i.Id, Pad(Convert.FromHexString(i.Data)))),
            (file.ItemFiles ?? []).Select(f => new QcnEfsFile(f.Path, Convert.FromHexString(f.Data))),
            [],
            new QcnMobileProperty(0, 0, 0, softwareVersion, "ZteDiag"));
    }

    /// <summary>Encodes <paramref name="file"/> in <paramref name="format"/>.</summary>
    public static byte[] Encode(NvBackupFile file, NvFileFormat format, string name, string softwareVersion) => format switch
    {
        NvFileFormat.Qcn => QcnFile.Write(ToQcn(file, name, softwareVersion)),
        NvFileFormat.Xqcn => XqcnFile.Write(ToQcn(file, name, softwareVersion)),
        _ => file.ToJson(),
    };

    /// <summary>Writes atomically (temp name beside the target, then rename): never a half-written file.</summary>
    public static async Task SaveAsync(NvBackupFile file, string path, NvFileFormat format, string softwareVersion, CancellationToken ct)
    {
        string full = Path.GetFullPath(path);
        string temp = full + ".partial";
        await File.WriteAllBytesAsync(temp, Encode(file, format, Path.GetFileName(full), softwareVersion), ct).ConfigureAwait(false);
        File.Move(temp, full, overwrite: true);
    }

    private static byte[] Pad(byte[] data)
    {
        byte[] b = new byte[QcnNvItem.DataSize];
        data.AsSpan(0, Math.Min(data.Length, b.Length)).CopyTo(b);
        return b;
    }
}
