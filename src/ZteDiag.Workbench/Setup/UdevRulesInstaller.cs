namespace ZteDiag.Workbench.Setup;

/// <summary>What <see cref="UdevRulesInstaller.Install"/> did.</summary>
public enum UdevInstallOutcome
{
    /// <summary>The file was written; run <see cref="UdevRulesGenerator.ReloadCommand"/>.</summary>
    Written,

    /// <summary>The file already had exactly this content.</summary>
    Unchanged,

    /// <summary>The user did not confirm.</summary>
    Declined,
}

/// <summary>Writes the generated rules file after a confirmation (<c>ztediag udev-rules --install</c>).</summary>
public static class UdevRulesInstaller
{
    /// <summary>
    /// Writes <paramref name="rules"/> to <paramref name="path"/> when <paramref name="confirm"/> (given a question such as
    /// "Write /etc/udev/rules.d/60-ztediag.rules?") returns true. Identical content is left alone without asking.
    /// </summary>
    /// <exception cref="UnauthorizedAccessException">No permission: the message says to use sudo.</exception>
    public static UdevInstallOutcome Install(string rules, Func<string, bool> confirm, string path = UdevRulesGenerator.DefaultPath)
    {
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentNullException.ThrowIfNull(confirm);
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (File.Exists(path) && File.ReadAllText(path) == rules)
        {
            return UdevInstallOutcome.Unchanged;
        }

        string question = File.Exists(path) ? $"Replace {path}?" : $"Write {path}?";
        if (!confirm(question))
        {
            return UdevInstallOutcome.Declined;
        }

        try
        {
            string tmp = path + ".tmp";
            File.WriteAllText(tmp, rules);
            File.Move(tmp, path, overwrite: true);
        }
        catch (UnauthorizedAccessException ex)
        {
            throw new UnauthorizedAccessException($"permission denied writing {path}: run `sudo ztediag udev-rules --install`", ex);
        }

        return UdevInstallOutcome.Written;
    }
}
