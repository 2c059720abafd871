using System.Text.Json;
using ZteDiag.Workbench.Archive;
using ZteDiag.Workbench.Jobs;
using ZteDiag.Workbench.Safety;

namespace ZteDiag.Workbench.Nv;

/// <summary>Journal state of one NV item.</summary>
public enum NvItemState
{
    /// <summary>Not yet written (or not yet known to be written).</summary>
    Pending,

    /// <summary>Written and read back equal, or found already equal on resume.</summary>
    Done,
}

/// <summary>One NV item an NV restore writes, with the data it writes.</summary>
/// <param name="Id">Item id.</param>
/// <param name="Name">Qualcomm name or "NV item N".</param>
/// <param name="Data">The data to write, lower-case hex.</param>
/// <param name="State">Pending until written and read back.</param>
public sealed record NvJournalItem(int Id, string Name, string Data, NvItemState State = NvItemState.Pending)
{
    /// <summary>What the modem held before the restore, lower-case hex (null when not active or SPC-protected at planning time).</summary>
    public string? OldData { get; init; }
}

/// <summary>
/// The on-disk record of one <c>nv restore</c> (<c>&lt;id&gt;.json</c>): every item to write with its
/// data, the verified backup the writes rely on, and which items are done. Rewritten after every item,
/// so a restore cut by an unplug resumes with <c>ztediag nv restore --resume</c>.
/// </summary>
public sealed record NvRestoreJournal
{
    /// <summary>Journal format version.</summary>
    public int Format { get; init; } = 1;

    /// <summary>Journal id (file name without .json).</summary>
    public required string Id { get; init; }

    /// <summary>When the restore started (UTC).</summary>
    public required DateTimeOffset CreatedUtc { get; init; }

    /// <summary>Full path of the NV backup file the items came from (for the technician; the data is in <see cref="Items"/>).</summary>
    public string? SourcePath { get; init; }

    /// <summary>The verified EFS backup the writes relied on; a resume requires it again.</summary>
    public required string BackupPath { get; init; }

    /// <summary>Salted fingerprint of the modem's IMEI when the restore started (null: it reported none).</summary>
    public DeviceFingerprint? Device { get; init; }

    /// <summary>True once every item is done.</summary>
    public bool Complete { get; init; }

    /// <summary>The items to write, in order, with their state.</summary>
    public IReadOnlyList<NvJournalItem> Items { get; init; } = [];
}

/// <summary>Reads and writes NV restore journals in a directory.</summary>
public static class NvRestoreJournalStore
{
    /// <summary><c>$XDG_STATE_HOME/ztediag/nv-restore</c>.</summary>
    public static string DefaultDirectory => JournalFile.StateDirectory("nv-restore");

    /// <summary>
    /// Where the NV part of a restore keeps its journals and safety backups: <c>nv/</c> under a restore's own journal
    /// directory when one is given (so a file restore and its NV part stay together), else <see cref="DefaultDirectory"/>.
    /// </summary>
    public static string DirectoryFor(string? restoreJournalDirectory) =>
        restoreJournalDirectory is null ? DefaultDirectory : Path.Combine(restoreJournalDirectory, "nv");

    /// <summary>Full path of the journal file for <paramref name="id"/> in <paramref name="directory"/>.</summary>
    public static string PathFor(string directory, string id) => Path.Combine(Path.GetFullPath(directory), id + ".json");

    /// <summary>Writes the journal atomically.</summary>
    public static void Save(string directory, NvRestoreJournal journal)
    {
        ArgumentNullException.ThrowIfNull(journal);
        JournalFile.Save(PathFor(directory, journal.Id), journal);
    }

    /// <summary>Reads a journal file.</summary>
    /// <exception cref="SafetyException">Not a readable NV restore journal.</exception>
    public static NvRestoreJournal Load(string path)
    {
        try
        {
            return JournalFile.Load<NvRestoreJournal>(path) ?? throw new SafetyException($"'{path}' is not an NV restore journal");
        }
        catch (JsonException ex)
        {
            throw new SafetyException($"'{path}' is not a readable NV restore journal: {ex.Message}", ex);
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
                if (!Load(file.FullName).Complete)
                {
                    return file.FullName;
                }
            }
            catch (SafetyException)
            {
                // not ours or damaged: look further
            }
        }

        return null;
    }

    /// <summary>A new journal id, sortable by time: <c>nv-restore-yyyyMMdd-HHmmss-xxxxxx</c>.</summary>
    public static string NewId(DateTimeOffset now) =>
        $"nv-restore-{now.UtcDateTime:yyyyMMdd-HHmmss}-{Guid.NewGuid().ToString("N")[..6]}";
}
