using ZteDiag.Emulator.Tests.State;

namespace ZteDiag.Emulator.Tests.Diag;

/// <summary>A <see cref="VirtualModem"/> on a tmpfs state directory, plus a DIAG client; disposes both.</summary>
internal sealed class TestModem : IDisposable
{
    private readonly TempDir _dir = new();
    private readonly List<IDisposable> _clients = [];

    public TestModem(VirtualModemStartOptions? options = null)
    {
        options ??= new VirtualModemStartOptions();
        Modem = VirtualModem.Start(options with { StateDirectory = options.StateDirectory ?? _dir.Sub("state"), NagInterval = null });
        Diag = Open();
    }

    public VirtualModem Modem { get; }

    public DiagTestClient Diag { get; }

    public DiagTestClient Open()
    {
        var c = new DiagTestClient(Modem.DiagPath);
        _clients.Add(c);
        return c;
    }

    public void Dispose()
    {
        foreach (IDisposable c in _clients)
        {
            c.Dispose();
        }

        Modem.Dispose();
        _dir.Dispose();
    }
}
