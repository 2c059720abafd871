using System.Text.Json;
using ZteDiag.Protocol.Qcn;
using ZteDiag.Workbench.Nv;

namespace ZteDiag.Workbench.Archive;

/// <summary>
/// The NV part of an archive beyond its hashes: nv.qcn must be a readable QCN and, when nv.json sits beside it,
/// hold exactly its items and item files. Restore reads the QCN, the technician may read either: two views
/// that disagree would make the archive mean two things, so such an archive is refused whole.
/// </summary>
internal static class NvPartCheck
{
    /// <summary>Adds an <see cref="ArchiveProblemKind.NvInvalid"/> or <see cref="ArchiveProblemKind.NvMismatch"/> problem when the views do not agree.</summary>
    public static void Check(byte[] qcn, byte[]? json, ScanResult result)
    {
        if (QcnFile.TryRead(qcn, out QcnDocument? doc) is { } problem)
        {
            result.Add(ArchiveProblemKind.NvInvalid, ArchivePaths.NvQcnName, problem.Detail);
            return;
        }

        if (json is null)
        {
            return; // the QCN is the only view
        }

        NvBackupFile file;
        try
        {
            file = NvBackupFile.Parse(json);
        }
        catch (JsonException ex)
        {
            result.Add(ArchiveProblemKind.NvInvalid, ArchivePaths.NvName, $"not a readable NV backup ({ex.Message}), so nv.qcn cannot be checked against it");
            return;
        }

        if (NvFiles.Differences(file, doc!) is { Count: > 0 } diffs)
        {
            result.Add(ArchiveProblemKind.NvMismatch, ArchivePaths.NvQcnName,
                $"does not hold the same NV items as nv.json: {string.Join(", ", diffs.Take(5))}{(diffs.Count > 5 ? $" (+{diffs.Count - 5} more)" : "")}");
        }
    }
}
