namespace ZteDiag.Workbench.Checklists;

/// <summary>
/// Where user checklists and run state live, following the XDG base directory rules. The environment
/// is read through a delegate so tests (and the TUI) never depend on the process environment.
/// </summary>
/// <param name="getEnvironment">Environment lookup, e.g. <see cref="Environment.GetEnvironmentVariable(string)"/>.</param>
public sealed class ChecklistPaths(Func<string, string?> getEnvironment)
{
    /// <summary>Paths from the process environment.</summary>
    public static ChecklistPaths FromEnvironment() => new(Environment.GetEnvironmentVariable);

    /// <summary><c>$XDG_CONFIG_HOME/ztediag/checklists</c> (default <c>~/.config/ztediag/checklists</c>).</summary>
    public string UserChecklistDirectory => Path.Combine(Base("XDG_CONFIG_HOME", ".config"), "ztediag", "checklists");

    /// <summary><c>$XDG_STATE_HOME/ztediag/checklists</c> (default <c>~/.local/state/ztediag/checklists</c>).</summary>
    public string StateDirectory => Path.Combine(Base("XDG_STATE_HOME", Path.Combine(".local", "state")), "ztediag", "checklists");

    /// <summary>
    /// <c>$XDG_STATE_HOME/ztediag/demo-checklists</c>: runs on the virtual modem (`tui --demo`, `checklist --demo`),
    /// kept apart from real modems' runs.
    /// </summary>
    public string DemoStateDirectory => Path.Combine(Base("XDG_STATE_HOME", Path.Combine(".local", "state")), "ztediag", "demo-checklists");

    private string Base(string variable, string homeRelative)
    {
        string? v = getEnvironment(variable);
        if (!string.IsNullOrEmpty(v) && Path.IsPathRooted(v)) return v; // XDG: relative values are ignored
        string home = getEnvironment("HOME") is { Length: > 0 } h ? h : Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        return Path.Combine(home, homeRelative);
    }
}
