using System.Diagnostics;
using System.Text.Json;

namespace ZteDiag.EndToEnd;

/// <summary>
/// `ztediag emulate` as a child process: started, its one ready JSON line read, stopped with SIGTERM
/// (or killed, to simulate a power cut). The ports are real pseudo-terminals.
/// </summary>
internal sealed class EmulatorProcess : IAsyncDisposable
{
    private readonly Process _process;

    private EmulatorProcess(Process process, JsonElement ready)
    {
        _process = process;
        Profile = ready.GetProperty("profile").GetString()!;
        DiagPath = ready.GetProperty("diag").GetString()!;
        AtPath = ready.TryGetProperty("at", out var at) ? at.GetString() : null;
        ModemPath = ready.TryGetProperty("modem", out var m) ? m.GetString() : null;
        StateDirectory = ready.GetProperty("state").GetString()!;
    }

    public string Profile { get; }

    public string DiagPath { get; }

    public string? AtPath { get; }

    public string? ModemPath { get; }

    public string StateDirectory { get; }

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    /// <summary>Global options that point a ztediag verb at this modem.</summary>
    public string[] PortArgs => AtPath is null ? ["--port", DiagPath] : ["--port", DiagPath, "--at-port", AtPath];

    public static async Task<EmulatorProcess> StartAsync(params string[] args)
    {
        var p = Process.Start(ZteDiagProcess.StartInfo(["emulate", .. args]))!;
        p.StandardInput.Close();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        string? line;
        try
        {
            line = await p.StandardOutput.ReadLineAsync(cts.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            p.Kill(entireProcessTree: true);
            throw new TimeoutException("ztediag emulate did not print its ready line");
        }

        if (line is null)
        {
            string err = await p.StandardError.ReadToEndAsync().ConfigureAwait(false);
            throw new InvalidOperationException($"ztediag emulate exited early ({p.ExitCode}): {err}");
        }

        using var doc = JsonDocument.Parse(line);
        return new EmulatorProcess(p, doc.RootElement.Clone());
    }

    /// <summary>SIGTERM and wait for a clean exit; returns the exit code.</summary>
    public async Task<int> StopAsync()
    {
        if (!_process.HasExited)
        {
            _ = Kill(_process.Id, 15);
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            await _process.WaitForExitAsync(cts.Token).ConfigureAwait(false);
        }

        return _process.ExitCode;
    }

    /// <summary>SIGTERM, wait for the clean exit, and return the DIAG request count of its closing JSON line.</summary>
    public async Task<long> StopAndCountRequestsAsync()
    {
        Assert.Equal(0, await StopAsync().ConfigureAwait(false));
        string rest = await _process.StandardOutput.ReadToEndAsync().ConfigureAwait(false);
        string last = rest.Split('\n', StringSplitOptions.RemoveEmptyEntries).Last();
        using var doc = JsonDocument.Parse(last);
        return doc.RootElement.GetProperty("requests").GetInt64();
    }

    /// <summary>Power cut: SIGKILL, no cleanup.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync().ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await StopAsync().ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.Dispose();
    }

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
}
