using System.CommandLine;
using ZteDiag.Tui;

namespace ZteDiag.Cli.Commands;

/// <summary>`ztediag tui`: the text workbench (also what `ztediag` with no verb starts on a terminal).</summary>
internal static class TuiCommand
{
    public const string Name = "tui";

    private static readonly Option<bool> DemoOption = new("--demo")
    {
        Description = "start the built-in virtual modem in-process and connect to it (practice, demos)",
    };

    private static readonly Option<string> ProfileOption = new("--profile")
    {
        Description = "virtual modem profile for --demo (mf627-mts, mf627-mts-b02, mf626-globe, mf622)",
        DefaultValueFactory = _ => "mf627-mts",
    };

    public static Command Build()
    {
        var cmd = new Command(Name,
            "Text workbench: device bar, EFS browser with hex preview, backup with progress, AT console,\n" +
            "checklists, NV viewer. Uses the discovered modem or --port/--at-port; --demo runs the virtual modem.\n" +
            "Keys: F1 help, F2 files, F3 AT console, F4 checklist, F5 refresh, F6 backup, F10 menu, Ctrl+Q quit.");
        cmd.Options.Add(DemoOption);
        cmd.Options.Add(ProfileOption);
        cmd.SetAction((parse, ct) => TuiHost.RunAsync(new TuiOptions
        {
            Demo = parse.GetValue(DemoOption),
            Profile = parse.GetValue(ProfileOption) ?? "mf627-mts",
            Connection = CliConnection.Options(parse),
            RevealSecrets = parse.GetValue(GlobalOptions.RevealSecrets),
        }, ct));
        return cmd;
    }

    /// <summary>True when `ztediag` without a verb should start the TUI: nothing on the command line and a terminal on both ends.</summary>
    public static bool ShouldStartByDefault(string[] args) =>
        args.Length == 0 && !Console.IsInputRedirected && !Console.IsOutputRedirected;
}
