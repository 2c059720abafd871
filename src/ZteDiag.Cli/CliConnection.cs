using System.CommandLine;
using ZteDiag.Cli.Commands;
using ZteDiag.Workbench.Connection;

namespace ZteDiag.Cli;

/// <summary>Turns the global options into <see cref="ConnectionOptions"/>.</summary>
internal static class CliConnection
{
    public static ConnectionOptions Options(ParseResult parse)
    {
        int timeout = parse.GetValue(GlobalOptions.Timeout);
        int window = parse.GetValue(GlobalOptions.Window);
        if (timeout <= 0)
        {
            throw new UsageException("--timeout must be a positive number of milliseconds");
        }

        if (window is < 1 or > 64)
        {
            throw new UsageException("--window must be between 1 and 64");
        }

        string sys = parse.GetValue(PortsCommand.SysfsRootOption) ?? "/sys";
        return new ConnectionOptions
        {
            DiagPort = parse.GetValue(GlobalOptions.Port),
            AtPort = parse.GetValue(GlobalOptions.AtPort),
            Device = parse.GetValue(GlobalOptions.Device) is { Length: > 0 } device ? device : null,
            RequireNamedDevice = WriteVerbs.Writes(parse.CommandResult.Command),
            Tcp = parse.GetValue(GlobalOptions.Tcp),
            Timeout = TimeSpan.FromMilliseconds(timeout),
            Window = window,
            SysfsRoot = sys,
            DevRoot = PortsCommand.DevRootFor(sys),
            ProcRoot = parse.GetValue(GlobalOptions.ProcRoot) ?? "/proc",
        };
    }
}
