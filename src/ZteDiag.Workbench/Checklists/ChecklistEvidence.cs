using System.Globalization;

namespace ZteDiag.Workbench.Checklists;

/// <summary>The evidence lines a checklist records for an identity and a backup (one wording for actions and checks).</summary>
public static class ChecklistEvidence
{
    /// <summary>Manufacturer, model, revision, the masked IMEI and the version.</summary>
    public static List<string> Identity(IdentityRecord id) =>
    [
        "Manufacturer: " + id.Manufacturer,
        "Model: " + id.Model,
        "Revision: " + id.Revision,
        "IMEI: " + id.ImeiMasked,
        .. string.IsNullOrEmpty(id.Version) ? Array.Empty<string>() : ["Version: " + id.Version],
    ];

    /// <summary>The archive, its counts, its hash and whether it verified.</summary>
    public static List<string> Backup(BackupRecord b) =>
    [
        "archive: " + b.Path,
        string.Create(CultureInfo.InvariantCulture, $"files: {b.Files}, NV items: {b.NvItems}, bytes: {b.Bytes}"),
        .. b.Sha256 is null ? Array.Empty<string>() : ["sha256: " + b.Sha256],
        "verified: " + (b.Verified ? "yes" : "NO"),
    ];
}
