using System.CommandLine;

namespace ZteDiag.Cli;

/// <summary>
/// The verbs that change a modem (EFS, NV, flags, USB mode, SPC attempts, raw AT). With several sticks plugged they
/// need --device: taking "the first" stick is fine for a look, never for a change.
/// </summary>
internal static class WriteVerbs
{
    private static readonly HashSet<string> Paths = new(StringComparer.Ordinal)
    {
        "restore", "efs put", "efs rm", "efs mkdir", "efs mv", "nv write", "nv restore", "spc", "at", "apn set",
        "usb switch", "checklist run", "cd-emulation on", "cd-emulation off", "autorun on", "autorun off",
        "download-mode exit", "identifier swap",
    };

    /// <summary>True when <paramref name="command"/> (a leaf of the tree) writes to the modem.</summary>
    public static bool Writes(Command command) => Paths.Contains(PathOf(command));

    /// <summary>"efs put" for the put leaf: names from below the root.</summary>
    internal static string PathOf(Command command)
    {
        var names = new List<string>();
        for (Command? c = command; c is not null and not RootCommand; c = c.Parents.OfType<Command>().FirstOrDefault())
        {
            names.Add(c.Name);
        }

        names.Reverse();
        return string.Join(' ', names);
    }
}
