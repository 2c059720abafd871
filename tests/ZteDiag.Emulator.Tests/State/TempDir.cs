namespace ZteDiag.Emulator.Tests.State;

/// <summary>A scratch directory, on tmpfs (/dev/shm) when available: file creation on the CI disk
/// costs milliseconds, and a fresh modem state creates several hundred files.</summary>
internal sealed class TempDir : IDisposable
{
    private static readonly string Base = Directory.Exists("/dev/shm") ? "/dev/shm" : System.IO.Path.GetTempPath();

    public TempDir()
    {
        Path = System.IO.Path.Combine(Base, "ztediag-test-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    /// <summary>A not-yet-existing path inside this directory.</summary>
    public string Sub(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        try { Directory.Delete(Path, recursive: true); } catch (IOException) { }
    }
}
