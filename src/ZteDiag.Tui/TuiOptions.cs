using ZteDiag.Workbench.Connection;

namespace ZteDiag.Tui;

/// <summary>How `ztediag tui` starts.</summary>
public sealed record TuiOptions
{
    /// <summary>Start the virtual modem in-process and connect to it.</summary>
    public bool Demo { get; init; }

    /// <summary>Emulator profile for <see cref="Demo"/> (and the "start the demo modem" button).</summary>
    public string Profile { get; init; } = "mf627-mts";

    /// <summary>Where the real modem is (ports, TCP, discovery roots).</summary>
    public ConnectionOptions Connection { get; init; } = new();

    /// <summary>Where downloads go by default (and uploads are looked for).</summary>
    public string OutputDirectory { get; init; } = Directory.GetCurrentDirectory();

    /// <summary>Where backups go by default (created when the first one is written).</summary>
    public string BackupDirectory { get; init; } = PathRules.DefaultBackupDirectory;

    /// <summary>Checklist run state; null = <c>$XDG_STATE_HOME/ztediag/checklists</c> (shared with <c>ztediag checklist</c>).</summary>
    public Workbench.Checklists.ChecklistStateStore? ChecklistStore { get; init; }

    /// <summary>Show IMEIs and other secrets unmasked (--reveal-secrets).</summary>
    public bool RevealSecrets { get; init; }

    /// <summary>Jobs adapter; null = <see cref="WorkbenchJobs"/>.</summary>
    public IWorkbenchJobs? Jobs { get; init; }
}
