namespace ZteDiag.Emulator.State;

/// <summary>What the SIM answers to a code (mapped to 27.007 results by the AT dialect).</summary>
public enum SimCodeResult
{
    /// <summary>Accepted.</summary>
    Ok,

    /// <summary>Wrong code; one attempt used (<c>+CME ERROR: 16</c>).</summary>
    WrongCode,

    /// <summary>The SIM does not wait for this code now (<c>+CME ERROR: 3</c>).</summary>
    NotAllowed,

    /// <summary>PIN blocked: the PUK is needed (<c>+CME ERROR: 12</c>).</summary>
    PukRequired,

    /// <summary>PUK attempts used up: the SIM is dead (<c>+CME ERROR: 13</c>).</summary>
    Blocked,
}

/// <summary>
/// The virtual SIM's PIN state machine (3GPP TS 31.101/27.007 behaviour as a handset sees it): 3 PIN attempts,
/// then the PIN is blocked and the PUK (10 attempts) sets a new PIN; 10 wrong PUKs kill the SIM. The PIN lock
/// can be switched off and on (AT+CLCK="SC"), the PIN changed (AT+CPWD="SC"). Thread-safe.
/// </summary>
public sealed class SimCard
{
    /// <summary>PIN attempts a fresh or unblocked SIM has.</summary>
    public const int PinAttempts = 3;

    /// <summary>PUK attempts a SIM has.</summary>
    public const int PukAttempts = 10;

    /// <summary>The PUK of every virtual SIM (invented).</summary>
    public const string DefaultPuk = "12345678";

    /// <summary>The PIN of a virtual SIM whose lock is off (a SIM always has a PIN).</summary>
    public const string DefaultPin = "0000";

    private readonly Lock _lock = new();
    private readonly string _puk;
    private string _pin;
    private bool _lockEnabled;
    private bool _pinVerified;
    private int _pinLeft = PinAttempts;
    private int _pukLeft = PukAttempts;

    /// <summary>Creates a SIM: with <paramref name="pin"/>, its lock is on and it waits for the PIN; without, the lock is off.</summary>
    public SimCard(string? pin, string puk = DefaultPuk)
    {
        _pin = pin ?? DefaultPin;
        _lockEnabled = pin is not null;
        _puk = puk;
    }

    /// <summary>True while the SIM waits for the PIN.</summary>
    public bool WaitsForPin
    {
        get { lock (_lock) { return _lockEnabled && !_pinVerified && _pinLeft > 0; } }
    }

    /// <summary>True while the PIN is blocked and the SIM waits for the PUK.</summary>
    public bool WaitsForPuk
    {
        get { lock (_lock) { return _pinLeft == 0 && _pukLeft > 0; } }
    }

    /// <summary>True when the PUK attempts are used up.</summary>
    public bool IsDead
    {
        get { lock (_lock) { return _pukLeft == 0; } }
    }

    /// <summary>True when no code is needed.</summary>
    public bool IsReady
    {
        get { lock (_lock) { return _pukLeft > 0 && _pinLeft > 0 && (!_lockEnabled || _pinVerified); } }
    }

    /// <summary>The PIN lock is on (asked at power-on).</summary>
    public bool LockEnabled
    {
        get { lock (_lock) { return _lockEnabled; } }
    }

    /// <summary>PIN attempts left.</summary>
    public int PinLeft
    {
        get { lock (_lock) { return _pinLeft; } }
    }

    /// <summary>PUK attempts left.</summary>
    public int PukLeft
    {
        get { lock (_lock) { return _pukLeft; } }
    }

    /// <summary>AT+CPIN="pin" while the SIM waits for it.</summary>
    public SimCodeResult EnterPin(string pin)
    {
        lock (_lock)
        {
            if (Gate() is { } refused)
            {
                return refused;
            }

            if (!_lockEnabled || _pinVerified)
            {
                return SimCodeResult.NotAllowed;
            }

            return CheckPin(pin);
        }
    }

    /// <summary>AT+CPIN="puk","newpin" while the PIN is blocked: a right PUK sets the new PIN and unblocks.</summary>
    public SimCodeResult Unblock(string puk, string newPin)
    {
        lock (_lock)
        {
            if (_pukLeft == 0)
            {
                return SimCodeResult.Blocked;
            }

            if (_pinLeft > 0)
            {
                return SimCodeResult.NotAllowed;
            }

            if (!string.Equals(puk, _puk, StringComparison.Ordinal))
            {
                _pukLeft--;
                return SimCodeResult.WrongCode; // the next attempt learns that the SIM is dead
            }

            _pukLeft = PukAttempts;
            _pinLeft = PinAttempts;
            _pin = newPin;
            _pinVerified = true;
            return SimCodeResult.Ok;
        }
    }

    /// <summary>AT+CPWD="SC","old","new": needs the SIM ready and the lock on.</summary>
    public SimCodeResult ChangePin(string oldPin, string newPin)
    {
        lock (_lock)
        {
            if (Gate() is { } refused)
            {
                return refused;
            }

            if (!_lockEnabled || !_pinVerified)
            {
                return SimCodeResult.NotAllowed;
            }

            SimCodeResult r = CheckPin(oldPin);
            if (r == SimCodeResult.Ok)
            {
                _pin = newPin;
            }

            return r;
        }
    }

    /// <summary>AT+CLCK="SC",0|1,"pin": switches the PIN lock; the PIN is checked (an attempt is used when wrong).</summary>
    public SimCodeResult SetLock(bool enabled, string pin)
    {
        lock (_lock)
        {
            if (Gate() is { } refused)
            {
                return refused;
            }

            if (_lockEnabled && !_pinVerified)
            {
                return SimCodeResult.NotAllowed;
            }

            SimCodeResult r = CheckPin(pin);
            if (r == SimCodeResult.Ok)
            {
                _lockEnabled = enabled;
            }

            return r;
        }
    }

    /// <summary>A power cycle: the SIM asks for its PIN again when the lock is on.</summary>
    public void PowerCycle()
    {
        lock (_lock)
        {
            _pinVerified = false;
        }
    }

    private SimCodeResult? Gate() =>
        _pukLeft == 0 ? SimCodeResult.Blocked : _pinLeft == 0 ? SimCodeResult.PukRequired : null;

    private SimCodeResult CheckPin(string pin)
    {
        if (string.Equals(pin, _pin, StringComparison.Ordinal))
        {
            _pinLeft = PinAttempts;
            _pinVerified = true;
            return SimCodeResult.Ok;
        }

        _pinLeft--;
        return SimCodeResult.WrongCode; // the next command learns that the PUK is needed
    }
}
