using ZteDiag.Workbench.Backup;
using ZteDiag.Workbench.Connection;
using ZteDiag.Workbench.Jobs;

namespace ZteDiag.Tui;

/// <summary>
/// The technician jobs the TUI starts. The views only call this; the jobs themselves live in the
/// Workbench. A job that the TUI cannot run yet throws <see cref="JobUnavailableException"/>.
/// </summary>
public interface IWorkbenchJobs
{
    /// <summary>
    /// Where verified backups are recorded (null: not recorded). Every backup the TUI takes goes there, the
    /// checklist runs' included, so the write commands of both shells find it later.
    /// </summary>
    BackupRegistry? Registry { get; }

    /// <summary>Backs up the EFS to <paramref name="outputPath"/>; returns a one-line summary.</summary>
    Task<string> BackupAsync(ModemConnection modem, string outputPath, IProgress<JobProgress> progress, CancellationToken ct);

    /// <summary>
    /// Reads the whole NV image (and the EFS item files) into a QCN / XQCN / JSON file; with <paramref name="spc"/> the
    /// SPC-protected items too. Returns a summary that names every item not saved.
    /// </summary>
    Task<string> NvBackupAsync(ModemConnection modem, string outputPath, string? spc, IProgress<JobProgress> progress, CancellationToken ct);

    /// <summary>
    /// The plan of an NV restore from <paramref name="filePath"/> (.qcn, .xqcn, JSON, or a <c>backup --nv</c> archive):
    /// every item by category, what each write changes. Reads only; a file of another device is refused. The text
    /// starts with <see cref="WorkbenchJobs.NothingToWrite"/> when the modem already holds every item.
    /// </summary>
    Task<string> PlanNvRestoreAsync(ModemConnection modem, string filePath, string spc, CancellationToken ct);

    /// <summary>
    /// Writes the items of <paramref name="filePath"/> that differ, as <c>ztediag restore --nv</c> does: a verified safety
    /// backup of their old values first, a journal, read-back after each write. Returns a summary.
    /// </summary>
    Task<string> NvRestoreAsync(ModemConnection modem, string filePath, string spc, IProgress<JobProgress> progress, CancellationToken ct);

    /// <summary>Compares a backup with the modem; returns a summary.</summary>
    Task<string> VerifyAsync(ModemConnection modem, string archivePath, IProgress<JobProgress> progress, CancellationToken ct);

    /// <summary>What a restore would change (shown before <see cref="RestoreAsync"/>).</summary>
    Task<string> PlanRestoreAsync(ModemConnection modem, string archivePath, CancellationToken ct);

    /// <summary>Restores a backup; returns a summary.</summary>
    Task<string> RestoreAsync(ModemConnection modem, string archivePath, IProgress<JobProgress> progress, CancellationToken ct);

    /// <summary>Turns the CD-ROM (ZeroCD) personality on or off.</summary>
    Task<string> SetCdEmulationAsync(ModemConnection modem, bool enabled, CancellationToken ct);

    /// <summary>Turns autorun on or off.</summary>
    Task<string> SetAutorunAsync(ModemConnection modem, bool enabled, CancellationToken ct);

    /// <summary>Writes a new identifier file (PCUI.VN) from a local file after the technician confirmed it.</summary>
    Task<string> SwapIdentifierAsync(ModemConnection modem, string identifierFilePath, CancellationToken ct);
}

/// <summary>The TUI cannot run this job yet; <see cref="Exception.Message"/> names the CLI command that can.</summary>
public sealed class JobUnavailableException : Exception
{
    /// <summary>Creates the exception for a CLI command line.</summary>
    public JobUnavailableException(string commandLine)
        : base($"Not available in the TUI yet. Available from the command line: {commandLine}") => CommandLine = commandLine;

    /// <summary>Creates the exception.</summary>
    public JobUnavailableException()
        : this("ztediag --help")
    {
    }

    /// <summary>Creates the exception with an inner one.</summary>
    public JobUnavailableException(string commandLine, Exception inner)
        : base($"Not available in the TUI yet. Available from the command line: {commandLine}", inner) => CommandLine = commandLine;

    /// <summary>The command that does the job today.</summary>
    public string CommandLine { get; } = "ztediag --help";
}
