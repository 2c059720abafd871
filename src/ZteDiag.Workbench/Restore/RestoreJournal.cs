using System.Text.Json;
using ZteDiag.Workbench.Archive;
using ZteDiag.Workbench.Jobs;

namespace ZteDiag.Workbench.Restore;

/// <summary>Where a restore stands.</summary>
public enum RestorePhase
{
    /// <summary>Plan written; the safety backup is not complete yet (the device is untouched).</summary>
    Planned,

    /// <summary>Safety backup written and verified; steps are being applied.</summary>
    Applying,

    /// <summary>Every step done.</summary>
    Complete,
}

/// <summary>
/// The on-disk record of one restore (<c>&lt;id&gt;.json</c>): what to do, from which backup, the safety
/// backup, and which steps are done. Rewritten (temp + rename) after every step.
/// </summary>
public sealed record RestoreJournal
{
    /// <summary>Journal format version.</summary>
    public int Format { get; init; } = 1;

    /// <summary>Journal id (file name without .json).</summary>
    public required string Id { get; init; }

    /// <summary>When the restore started (UTC).</summary>
    public required DateTimeOffset CreatedUtc { get; init; }

    /// <summary>Full path of the backup archive or folder.</summary>
    public required string SourcePath { get; init; }

    /// <summary>Archive or folder.</summary>
    public SourceOrigin Origin { get; init; }

    /// <summary>Full path of the safety backup (.tar.gz beside the journal).</summary>
    public required string SafetyBackupPath { get; init; }

    /// <summary>Where the restore stands.</summary>
    public RestorePhase Phase { get; init; }

    /// <summary>Restrictions the plan was made with.</summary>
    public IReadOnlyList<string> Only { get; init; } = [];

    /// <summary>True when extra device entries are deleted.</summary>
    public bool DeleteExtra { get; init; }

    /// <summary>How the backup related to the modem when the restore started.</summary>
    public DeviceMatch DeviceMatch { get; init; }

    /// <summary>Salted fingerprint of the modem's IMEI when the restore started (null: it reported none); a resume checks it.</summary>
    public DeviceFingerprint? Device { get; init; }

    /// <summary>The steps that change the device, in order, with their state.</summary>
    public IReadOnlyList<RestoreStep> Steps { get; init; } = [];
}

/// <summary>Reads and writes restore journals in a directory.</summary>
public static class RestoreJournalStore
{
    /// <summary><c>$XDG_STATE_HOME/ztediag/restore</c> (default <c>~/.local/state/ztediag/restore</c>).</summary>
    public static string DefaultDirectory => JournalFile.StateDirectory("restore");

    /// <summary>Full path of the journal file for <paramref name="id"/> in <paramref name="directory"/>.</summary>
    public static string PathFor(string directory, string id) => Path.Combine(Path.GetFullPath(directory), id + ".json");

    /// <summary>Writes the journal atomically (temp file, flush to disk, rename).</summary>
    public static void Save(string directory, RestoreJournal journal)
    {
        ArgumentNullException.ThrowIfNull(journal);
        JournalFile.Save(PathFor(directory, journal.Id), journal);
    }

    /// <summary>Reads a journal file.</summary>
    /// <exception cref="RestoreException">Not a readable journal.</exception>
    public static RestoreJournal Load(string path)
    {
        try
        {
            RestoreJournal journal = JournalFile.Load<RestoreJournal>(path) ?? throw new RestoreException($"'{path}' is not a restore journal");
            // JSON null passes the deserializer for non-nullable members; a resume would trip over it later.
            if (journal.Steps is null || journal.Steps.Any(s => s?.Path is null) || journal.Only is null
                || journal.Id is null || journal.SourcePath is null || journal.SafetyBackupPath is null)
            {
                throw new RestoreException($"'{path}' is not a readable restore journal: a required value is null");
            }

            return journal;
        }
        catch (JsonException ex)
        {
            throw new RestoreException($"'{path}' is not a readable restore journal: {ex.Message}", ex);
        }
    }

    /// <summary>The most recent journal in <paramref name="directory"/> that is not complete, or null.</summary>
    public static string? FindLatestUnfinished(string directory)
    {
        if (!Directory.Exists(directory))
        {
            return null;
        }

        foreach (var file in new DirectoryInfo(directory).GetFiles("*.json").OrderByDescending(f => f.Name, StringComparer.Ordinal))
        {
            try
            {
                if (Load(file.FullName).Phase != RestorePhase.Complete)
                {
                    return file.FullName;
                }
            }
            catch (RestoreException)
            {
                // not ours or damaged: look further
            }
        }

        return null;
    }

    /// <summary>A new journal id, sortable by time: <c>restore-yyyyMMdd-HHmmss-xxxxxx</c>.</summary>
    public static string NewId(DateTimeOffset now) =>
        $"restore-{now.UtcDateTime:yyyyMMdd-HHmmss}-{Guid.NewGuid().ToString("N")[..6]}";
}
