using ZteDiag.Device;
using ZteDiag.Protocol.Efs;
using ZteDiag.Workbench.Archive;
using ZteDiag.Workbench.Checklists;
using ZteDiag.Workbench.Restore;
using ZteDiag.Workbench.Safety;

namespace ZteDiag.Workbench.Tests.Jobs;

/// <summary>The closed failure model: every exception has one kind, every kind one exit code, shared by CLI and TUI.</summary>
public sealed class FailureModelTests
{
    [Fact]
    public void The_table_gives_every_kind_exactly_one_distinct_exit_code()
    {
        Assert.Equal(Enum.GetValues<FailureKind>().Order(), Failures.Table.Select(r => r.Kind).Order());
        Assert.Equal(Failures.Table.Count, Failures.Table.Select(r => r.ExitCode).Distinct().Count());
        Assert.Equal([1, 2, 3, 4, 5, 70], Failures.Table.Select(r => r.ExitCode).Order());
        foreach (FailureCode row in Failures.Table)
        {
            Assert.Contains($"{row.ExitCode} {row.Meaning}", Failures.HelpText, StringComparison.Ordinal);
        }
    }

    public static TheoryData<Exception, int> Cases => new()
    {
        { new EfsException(EfsErrno.ENOSPC, "/x", "write"), 1 },
        { new EfsListingException("/", "endless"), 1 },
        { new ArchiveValidationException("bad archive"), 2 },
        { new ChecklistLoadException("c.json", 1, 2, "steps", "missing"), 2 },
        { new IOException("No space left on device"), 2 }, // a full local disk is not a link failure
        { new UnauthorizedAccessException("denied"), 2 },
        { new PortException(PortErrorKind.NotFound, "/dev/ttyUSB9", "no DIAG port"), 3 },
        { new DiagLinkException("unplugged"), 4 },
        { new ReadBackMismatchException("differs"), 4 }, // the same mismatch, whichever path wrote
        { new SafetyException("refusing to write: no verified backup"), 5 },
        { new RestoreException("journal of another device"), 5 },
        { new ArgumentException("a bug"), 70 }, // no longer taken for a usage error
        { new NullReferenceException(), 70 },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Each_failure_maps_to_its_documented_exit_code(Exception ex, int code)
    {
        Assert.Equal(code, Failures.ExitCode(Failures.Classify(ex)));
        if (ex is ZteDiagException z)
        {
            Assert.Equal(code, z.ExitCode);
        }
    }
}
