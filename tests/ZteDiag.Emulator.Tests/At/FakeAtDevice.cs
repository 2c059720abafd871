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

    public List<SmsMessage> Messages { get; } =
    [
        new(0, "REC UNREAD", "+441234567890", "14/02/01,15:07:43+00", "Hi"),
        new(1, "REC READ", "+441234567891", "14/02/02,09:00:00+00", "Line one\nLine two"),
    ];

    public IReadOnlyList<SmsMessage> SmsMessages => Messages;

    public int SmsCapacity => 50;

    public List<(string Number, string Text)> Sent { get; } = [];

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

    public int SendSms(string number, string text)
    {
        lock (_lock)
        {
            Sent.Add((number, text));
            return 4 + Sent.Count;
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
}
