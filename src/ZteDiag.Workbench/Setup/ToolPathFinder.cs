namespace ZteDiag.Workbench.Setup;

/// <summary>
/// The absolute path udev's <c>RUN+=</c> should call: the running ztediag executable. Started as
/// <c>dotnet ztediag.dll</c> the process is <c>dotnet</c>, so the apphost beside the assembly is used.
/// </summary>
public static class ToolPathFinder
{
    /// <summary>The executable's path, or null when there is none to point udev at (then <c>--exec PATH</c> is needed).</summary>
    public static string? Current(string? processPath, string baseDirectory, string appHostName = "ztediag")
    {
        ArgumentNullException.ThrowIfNull(baseDirectory);
        if (processPath is not null && Path.GetFileNameWithoutExtension(processPath) is not "dotnet")
        {
            return Path.GetFullPath(processPath);
        }

        string beside = Path.Combine(baseDirectory, appHostName);
        return File.Exists(beside) ? Path.GetFullPath(beside) : null;
    }
}
