using ZteDiag.Emulator.At;
using ZteDiag.Emulator.State;

namespace ZteDiag.Emulator.Tests.At;

/// <summary>An MF627-like device for AT tests.</summary>
internal sealed class FakeAtDevice : IAtDevice
{
    private readonly Lock _lock = new();
    private readonly SortedDictionary<int, PdpContext> _contexts = new() { [1] = new PdpContext(1, "IP", "internet") };

    public string Manufacturer => "ZTE INCORPORATED";

    public string Model => "MF627";

    public string Revision => "BD_3GHAP673A4V1.0.0B07";

    public string Imei => "353143020000001";

    public string Imsi => "234201201366409";

    public string Gcap => "+CGSM,+DS,+ES";

    public bool SimPresent { get; set; } = true;

    public SimCard Sim { get; set; } = new(null);

    public string OperatorName => "3 UK";

    public int CsqRssi => 12;

    public int CsqBer => 99;

    public string ZpasTechnology => "HSDPA";

    public string ZpasDomain => "CS_PS";

    public int NetworkMode { get; set; }

    public int AcquisitionOrder { get; set; }

    public bool Online { get; set; } = true;

    public IReadOnlyList<PdpContext> PdpContexts
    {
        get
        {
            lock (_lock)
            {
                return [.. _contexts.Values];
            }
        }
    }

    /// <summary>Two received messages (indexes 1 and 2), one unread, one read with two lines.</summary>
    public SmsStore Sms { get; init; } = TwoMessages();

    public List<(string Number, string Text)> Sent => [.. Sms.Sent];

    public bool AutorunEnabled { get; private set; } = true;

    public bool InDownloadMode { get; private set; }

    public void SetPdpContext(int cid, PdpContext? context)
    {
        lock (_lock)
        {
            if (context is null)
            {
                _contexts.Remove(cid);
            }
            else
            {
                _contexts[cid] = context;
            }
        }
    }

    public string? UssdAnswer(string code) => code == "*100#" ? "Balance: 3.12 GBP" : null;

    public bool SetAutorun(bool enabled)
    {
        AutorunEnabled = enabled;
        return true;
    }

    public bool EnterDownloadMode() => InDownloadMode = true;

    public bool ExitDownloadMode()
    {
        InDownloadMode = false;
        return true;
    }

    private static SmsStore TwoMessages()
    {
        var store = new SmsStore();
        store.Add("SM", SmsStatus.ReceivedUnread, SmsDeliverPdus.Build("+441234567890", "Hi", new DateTimeOffset(2014, 2, 1, 15, 7, 43, TimeSpan.Zero))[0]);
        store.Add("SM", SmsStatus.ReceivedRead, SmsDeliverPdus.Build("+441234567891", "Line one\nLine two", new DateTimeOffset(2014, 2, 2, 9, 0, 0, TimeSpan.Zero))[0]);
        return store;
    }
}
