namespace ZteDiag.Device;

/// <summary>
/// The closed failure model: every failure a user sees is one of these, and each has one exit code
/// (<see cref="Failures.Table"/>), the same for the CLI and the TUI.
/// </summary>
public enum FailureKind
{
    /// <summary>The modem said no: EFS errno, NV status, CME error, SPC rejected, a listing it could not end.</summary>
    ModemRefused,

    /// <summary>A command-line mistake, bad input, or a local file problem (missing, unreadable, disk full).</summary>
    Usage,

    /// <summary>No modem, or a port problem (missing, busy, not a DIAG port).</summary>
    Port,

    /// <summary>Timeout or link failure (unplugged mid-operation, corrupted stream, a read-back that differs).</summary>
    Link,

    /// <summary>ZteDiag refused: a safety rule (no verified backup, a backup of another modem) or a restore check.</summary>
    Refused,

    /// <summary>A bug in ZteDiag: the stack is in the log, whose path is printed.</summary>
    Internal,
}

/// <summary>One row of the exit-code table.</summary>
/// <param name="Kind">The failure.</param>
/// <param name="ExitCode">The process exit code (a contract with scripts).</param>
/// <param name="Meaning">What it means, as README and --help say it.</param>
public sealed record FailureCode(FailureKind Kind, int ExitCode, string Meaning);

/// <summary>
/// The exit-code table, shared by the CLI (process exit codes, --help) and the TUI (how an error is labelled).
/// To add a code, add a row here (and the kind); README's list follows this table.
/// </summary>
public static class Failures
{
    /// <summary>Every failure kind and its exit code, in the order --help lists them.</summary>
    public static IReadOnlyList<FailureCode> Table { get; } =
    [
        new(FailureKind.ModemRefused, 1, "the modem said no (errno, NV status, CME error)"),
        new(FailureKind.Usage, 2, "usage, bad input or a local file problem"),
        new(FailureKind.Port, 3, "no device or port problem"),
        new(FailureKind.Link, 4, "timeout or link failure (also a read-back that differs)"),
        new(FailureKind.Refused, 5, "ZteDiag refused (safety rules: no verified backup, another device; restore checks)"),
        new(FailureKind.Internal, 70, "internal error (a bug; the log has the details)"),
    ];

    /// <summary>The exit code of <paramref name="kind"/>.</summary>
    public static int ExitCode(FailureKind kind) => Table.First(r => r.Kind == kind).ExitCode;

    /// <summary>The kind an exit code stands for (unknown codes: <see cref="FailureKind.Internal"/>).</summary>
    public static FailureKind KindOf(int exitCode) => Table.FirstOrDefault(r => r.ExitCode == exitCode)?.Kind ?? FailureKind.Internal;

    /// <summary>"Exit codes: 0 ok, 1 …" for --help.</summary>
    public static string HelpText => "Exit codes: 0 ok, " + string.Join(", ", Table.Select(r => $"{r.ExitCode} {r.Meaning}")) + ".";

    /// <summary>
    /// The kind of any exception: a <see cref="ZteDiagException"/> says its own; local file errors are
    /// <see cref="FailureKind.Usage"/> (a full local disk is not a link failure); anything else is a bug.
    /// </summary>
    public static FailureKind Classify(Exception ex) => ex switch
    {
        ZteDiagException z => z.Failure,
        FileNotFoundException or DirectoryNotFoundException or UnauthorizedAccessException or IOException => FailureKind.Usage,
        _ => FailureKind.Internal,
    };
}
