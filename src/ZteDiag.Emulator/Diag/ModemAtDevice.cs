using ZteDiag.Protocol.Diag;
using ZteDiag.Emulator.At;
using ZteDiag.Emulator.State;

namespace ZteDiag.Emulator.Diag;

/// <summary>
/// <see cref="IAtDevice"/> over a <see cref="ModemState"/>: identity from the profile, SIM and radio state,
/// PDP contexts and SMS in memory, and the ZTE CD flags acting on the same EFS flag files the DIAG side
/// sees (AT+ZCDRUN=8 deletes AUTORUN.FLG, visible at once over EFS). Thread-safe (one lock for all ports).
/// </summary>
public sealed class ModemAtDevice : IAtDevice
{
    private readonly Lock _lock = new();
    private readonly ModemState _state;
    private readonly SimCard _sim;
    private readonly TimeSpan _scanDelay;
    private readonly SortedDictionary<int, PdpContext> _contexts = [];
    private int _selectionMode;
    private string? _manualNumeric;
    private int _csqReads;
    private int _networkMode;
    private int _acquisitionOrder;
    private bool _online = true;
    private bool _ussdMenuOpen;

    /// <summary>The balance the virtual network reports (invented).</summary>
    public const string UssdBalance = "Balance: 123.45 RUB";

    /// <summary>The same balance in Russian, as an operator's UCS2 answer (invented).</summary>
    public const string UssdBalanceRu = "Баланс: 123,45 руб.";

    /// <summary>Creates the adapter.</summary>
    /// <param name="state">The modem state shared with DIAG.</param>
    /// <param name="sim">The SIM (it outlives a re-plug), or null for a SIM whose PIN lock is off.</param>
    /// <param name="networkScanDelay">How long AT+COPS=? takes (zero when null).</param>
    public ModemAtDevice(ModemState state, SimCard? sim = null, TimeSpan? networkScanDelay = null)
    {
        ArgumentNullException.ThrowIfNull(state);
        _state = state;
        _sim = sim ?? new SimCard(null);
        _scanDelay = networkScanDelay ?? TimeSpan.Zero;
        _contexts[1] = new PdpContext(1, "IP", "internet");
    }

    /// <inheritdoc/>
    public string Manufacturer => _state.Profile.Manufacturer;

    /// <inheritdoc/>
    public string Model => _state.Profile.Model;

    /// <inheritdoc/>
    public string Revision => _state.Profile.Revision;

    /// <inheritdoc/>
    /// <remarks>The IMEI lives in NV 550, which survives a reflash; the profile's value is only the factory default.</remarks>
    public string Imei
    {
        get
        {
            Span<byte> nv = stackalloc byte[NvStore.ItemSize];
            NvResult r = _state.Nv.Read(550, nv, spcUnlocked: true);
            return r.Status == NvStatus.Done && !r.SpcRequired && ZteDiag.Protocol.Diag.Imei.TryDecode(nv[..9], out string? imei) == ImeiError.None ? imei! : _state.Profile.Imei;
        }
    }

    /// <inheritdoc/>
    public string Imsi => _state.Profile.Imsi;

    /// <inheritdoc/>
    public string Gcap => _state.Profile.Gcap.StartsWith("+GCAP:", StringComparison.Ordinal)
        ? _state.Profile.Gcap["+GCAP:".Length..].Trim()
        : _state.Profile.Gcap;

    /// <inheritdoc/>
    public bool SimPresent => _state.SimPresent;

    /// <inheritdoc/>
    public SimCard Sim => _sim;

    /// <inheritdoc/>
    public TimeSpan NetworkScanDelay => _scanDelay;

    /// <inheritdoc/>
    /// <remarks>The home network (the profile's operator, MCC/MNC from the IMSI) is current while registered; the
    /// national rivals are listed as the field sees them: one available, one forbidden (names invented).</remarks>
    public IReadOnlyList<VisibleNetwork> VisibleNetworks
    {
        get
        {
            string home = _state.Profile.Operator ?? "Home";
            string mcc = _state.Profile.Imsi[..3], mnc = _state.Profile.Imsi[3..5];
            string numeric = mcc + mnc;
            string current = CurrentNumeric ?? string.Empty;
            int Status(string n) => n == current ? 2 : 1;
            return
            [
                new VisibleNetwork(Status(numeric), home, home.Split(' ')[0], numeric, 2),
                new VisibleNetwork(Status(mcc + "98"), "Rival " + mcc + " 98", "Rival98", mcc + "98", 2),
                new VisibleNetwork(3, "Rival " + mcc + " 99", "Rival99", mcc + "99", 0),
            ];
        }
    }

    /// <inheritdoc/>
    public int OperatorSelectionMode
    {
        get { lock (_lock) { return _selectionMode; } }
    }

    /// <inheritdoc/>
    public NetworkSelection SelectNetwork(int mode, string? numeric)
    {
        if (mode == 1)
        {
            VisibleNetwork? target = VisibleNetworks.FirstOrDefault(n => n.Numeric == numeric);
            if (target is null)
            {
                return NetworkSelection.NoNetwork;
            }

            if (target.Status == 3)
            {
                return NetworkSelection.NotAllowed;
            }
        }

        lock (_lock)
        {
            _selectionMode = mode;
            _manualNumeric = mode == 1 ? numeric : null;
            return NetworkSelection.Ok;
        }
    }

    private string? CurrentNumeric
    {
        get
        {
            lock (_lock)
            {
                if (!Registered)
                {
                    return null;
                }

                return _manualNumeric ?? _state.Profile.Imsi[..5];
            }
        }
    }

    private bool Registered => _state.SimPresent && _sim.IsReady && Online && _state.Profile.Operator is not null && _selectionMode != 2;

    /// <inheritdoc/>
    public string OperatorName
    {
        get
        {
            lock (_lock)
            {
                if (!Registered)
                {
                    return string.Empty;
                }

                return _manualNumeric is { } n && n != _state.Profile.Imsi[..5] ? "Rival " + n[..3] + " " + n[3..] : _state.Profile.Operator!;
            }
        }
    }

    /// <inheritdoc/>
    /// <remarks>Varies from read to read around the profile's value (a deterministic walk of ±2), so a watched signal moves.</remarks>
    public int CsqRssi
    {
        get
        {
            if (!Online || _state.Profile.Csq.Rssi is < 0 or > 31)
            {
                return Online ? _state.Profile.Csq.Rssi : 99;
            }

            int step;
            lock (_lock)
            {
                step = _csqReads++;
            }

            ReadOnlySpan<int> walk = [0, 1, 2, 1, 0, -1, -2, -1];
            return Math.Clamp(_state.Profile.Csq.Rssi + walk[step % walk.Length], 0, 31);
        }
    }

    /// <inheritdoc/>
    public int CsqBer => Online ? _state.Profile.Csq.Ber : 99;

    /// <inheritdoc/>
    public string ZpasTechnology => Registered ? (NetworkMode == 1 ? "GPRS/EDGE" : "HSDPA") : "No Service";

    /// <inheritdoc/>
    public string ZpasDomain => Registered ? "CS_PS" : "CS_ONLY";

    /// <inheritdoc/>
    public int NetworkMode
    {
        get { lock (_lock) { return _networkMode; } }
        set { lock (_lock) { _networkMode = value; } }
    }

    /// <inheritdoc/>
    public int AcquisitionOrder
    {
        get { lock (_lock) { return _acquisitionOrder; } }
        set { lock (_lock) { _acquisitionOrder = value; } }
    }

    /// <inheritdoc/>
    public bool Online
    {
        get { lock (_lock) { return _online; } }
        set { lock (_lock) { _online = value; } }
    }

    /// <inheritdoc/>
    public IReadOnlyList<PdpContext> PdpContexts
    {
        get { lock (_lock) { return [.. _contexts.Values]; } }
    }

    /// <inheritdoc/>
    public void SetPdpContext(int cid, PdpContext? context)
    {
        lock (_lock)
        {
            if (context is null)
            {
                _ = _contexts.Remove(cid);
            }
            else
            {
                _contexts[cid] = context with { Cid = cid };
            }
        }
    }

    /// <inheritdoc/>
    /// <remarks>Kept with the modem state: the SIM's messages survive re-plugs and flashes.</remarks>
    public SmsStore Sms => _state.Sms;

    /// <inheritdoc/>
    public string? UssdAnswer(string code) => Ussd(code)?.Text;

    /// <inheritdoc/>
    /// <remarks>
    /// Each code shows one way firmware of this family answers (invented codes, real encodings): <c>*100#</c> text the
    /// modem decoded itself, <c>*101#</c> the same balance as hex of packed GSM 7-bit (dcs 15), <c>*102#</c> a Russian
    /// balance as UCS2 hex (dcs 72), <c>*111#</c> a menu that waits for a reply (status 1); other codes "Unknown request".
    /// </remarks>
    public UssdNetworkAnswer? Ussd(string request)
    {
        lock (_lock)
        {
            if (!Registered)
            {
                return null;
            }

            if (_ussdMenuOpen)
            {
                _ussdMenuOpen = false;
                return request switch
                {
                    "1" => new UssdNetworkAnswer(0, UssdBalance, 15),
                    "2" => new UssdNetworkAnswer(0, "Tariff: Internet 3G", 15),
                    _ => new UssdNetworkAnswer(2, "Wrong choice", 15),
                };
            }

            if (!request.StartsWith('*') || !request.EndsWith('#'))
            {
                return null;
            }

            switch (request)
            {
                case "*100#":
                    return new UssdNetworkAnswer(0, UssdBalance, 15);
                case "*101#":
                    return new UssdNetworkAnswer(0, Convert.ToHexString(ZteDiag.Protocol.Sms.UssdText.PackGsm7(UssdBalance)), 15);
                case "*102#":
                    return new UssdNetworkAnswer(0, Convert.ToHexString(System.Text.Encoding.BigEndianUnicode.GetBytes(UssdBalanceRu)), 72);
                case "*111#":
                    _ussdMenuOpen = true;
                    return new UssdNetworkAnswer(1, "1. Balance\r\n2. Tariff", 15);
                default:
                    return new UssdNetworkAnswer(0, "Unknown request", 15);
            }
        }
    }

    /// <inheritdoc/>
    public void CancelUssd()
    {
        lock (_lock)
        {
            _ussdMenuOpen = false;
        }
    }

    /// <inheritdoc/>
    public bool AutorunEnabled => _state.AutorunEnabled;

    /// <inheritdoc/>
    public bool SetAutorun(bool enabled) => _state.SetAutorun(enabled);

    /// <inheritdoc/>
    public bool EnterDownloadMode() => _state.EnterDownloadMode();

    /// <inheritdoc/>
    public bool ExitDownloadMode() => _state.ExitDownloadMode();
}
