using System.Diagnostics;
using ZteDiag.Workbench.Setup;

namespace ZteDiag.Cli;

/// <summary>Finds and runs the machine's connection-manager tools (nmcli, mmcli): the I/O edge of `connect`.</summary>
internal static class ExternalTools
{
    /// <summary>The first executable <paramref name="name"/> on PATH, or null.</summary>
    public static string? Find(string name)
    {
        foreach (string dir in (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            string candidate = Path.Combine(dir, name);
            if (File.Exists(candidate) && (OperatingSystem.IsWindows()
                || (File.GetUnixFileMode(candidate) & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0))
            {
                return candidate;
            }
        }

        return null;
    }

    /// <summary>Which manager answers: NetworkManager when `nmcli -t -f RUNNING general` says running, else ModemManager when `mmcli -L` works.</summary>
    public static async Task<ConnectionManagerKind> DetectAsync(CancellationToken ct)
    {
        if (Find("nmcli") is not null)
        {
            var (code, output, _) = await RunAsync(new ExternalCommand("nmcli", ["-t", "-f", "RUNNING", "general"]), TimeSpan.FromSeconds(10), ct).ConfigureAwait(false);
            if (code == 0 && output.Trim() == "running")
            {
                return ConnectionManagerKind.NetworkManager;
            }
        }

        if (Find("mmcli") is not null)
        {
            var (code, _, _) = await RunAsync(new ExternalCommand("mmcli", ["-L"]), TimeSpan.FromSeconds(10), ct).ConfigureAwait(false);
            if (code == 0)
            {
                return ConnectionManagerKind.ModemManager;
            }
        }

        return ConnectionManagerKind.None;
    }

    /// <summary>Runs a command without a shell; returns its exit code and output. A run past <paramref name="timeout"/> is killed (exit -1).</summary>
    public static async Task<(int Code, string Out, string Err)> RunAsync(ExternalCommand command, TimeSpan timeout, CancellationToken ct)
    {
        var psi = new ProcessStartInfo(command.Program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string a in command.Arguments)
        {
            psi.ArgumentList.Add(a);
        }

        using var p = Process.Start(psi) ?? throw new InvalidOperationException(command.Program + " did not start");
        Task<string> o = p.StandardOutput.ReadToEndAsync(ct);
        Task<string> e = p.StandardError.ReadToEndAsync(ct);
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
        limit.CancelAfter(timeout);
        try
        {
            await p.WaitForExitAsync(limit.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            p.Kill(entireProcessTree: true);
            return (-1, string.Empty, $"{command.Program} did not finish within {timeout.TotalSeconds:0} s");
        }

        return (p.ExitCode, await o.ConfigureAwait(false), await e.ConfigureAwait(false));
    }
}
