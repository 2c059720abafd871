using System.Diagnostics;

namespace ZteDiag.EndToEnd;

/// <summary>Runs the real `ztediag` executable (the built ztediag.dll next to the tests) as a child process.</summary>
internal static class ZteDiagProcess
{
    public static string Dll => Path.Combine(AppContext.BaseDirectory, "ztediag.dll");

    public static string Fixture(params string[] parts) => Path.Combine([AppContext.BaseDirectory, "fixtures", .. parts]);

    public static ProcessStartInfo StartInfo(IEnumerable<string> args)
    {
        var psi = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        psi.ArgumentList.Add(Dll);
        foreach (string a in args)
        {
            psi.ArgumentList.Add(a);
        }

        // Keep logs of test runs out of the user's state directory.
        psi.Environment["XDG_STATE_HOME"] = Path.Combine(Path.GetTempPath(), "ztediag-tests-state");
        psi.Environment["DOTNET_NOLOGO"] = "1";
        return psi;
    }

    public static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(
        IEnumerable<string> args, string? stdin = null, TimeSpan? timeout = null, IReadOnlyDictionary<string, string>? environment = null)
    {
        ProcessStartInfo psi = StartInfo(args);
        foreach ((string name, string value) in environment ?? new Dictionary<string, string>())
        {
            psi.Environment[name] = value;
        }

        using var p = Process.Start(psi)!;
        if (stdin is not null)
        {
            await p.StandardInput.WriteAsync(stdin).ConfigureAwait(false);
        }

        p.StandardInput.Close();
        Task<string> o = p.StandardOutput.ReadToEndAsync();
        Task<string> e = p.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(60));
        try
        {
            await p.WaitForExitAsync(cts.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            p.Kill(entireProcessTree: true);
            throw new TimeoutException($"ztediag {string.Join(' ', args)} did not finish; stderr so far: {await e.ConfigureAwait(false)}");
        }

        return (p.ExitCode, await o.ConfigureAwait(false), await e.ConfigureAwait(false));
    }
}
