using System.Globalization;
using System.Text.Json.Nodes;
using ZteDiag.Emulator.Host;
using ZteDiag.Protocol.Diag;

namespace ZteDiag.Emulator;

/// <summary>
/// Several virtual sticks in one process, like a powered hub on a refurbishing bench: each has its own ports, state
/// directory, generated EFS (seed + index), USB serial, IMEI and USB path, and under one sysfs root they are listed
/// side by side with ttyUSB numbers counting on from stick to stick. One stick can be unplugged and plugged back
/// (new ptys, same state, same serial and path) while the others keep serving.
/// </summary>
public sealed class VirtualBench : IAsyncDisposable
{
    private readonly Lock _gate = new();
    private readonly List<VirtualModem> _modems;
    private readonly Dictionary<int, IReadOnlyList<SysfsTty>> _sysfsTtys = [];
    private readonly List<VirtualModemStartOptions> _options;
    private string? _sysfsRoot;

    private VirtualBench(List<VirtualModem> modems, List<VirtualModemStartOptions> options)
    {
        _modems = modems;
        _options = options;
    }

    /// <summary>The sticks, in USB path order (stick 1 is <c>Modems[0]</c>).</summary>
    public IReadOnlyList<VirtualModem> Modems => _modems;

    /// <summary>The options stick <paramref name="index"/> (1-based) was started with: its serial, IMEI, USB path.</summary>
    public VirtualModemStartOptions OptionsOf(int index) => _options[Check(index)];

    /// <summary>Starts <paramref name="count"/> sticks from <paramref name="template"/>.</summary>
    /// <remarks>
    /// Stick k (1-based) gets seed + k − 1, state <c>STATE/k</c> and links <c>LINKS/k/{diag,at,modem}</c> when the template
    /// names those directories, USB serial <c>ZTEVIRT0000000k</c>, USB path <c>1-(k+2)</c> (stick 1 keeps "1-3"), and the
    /// profile IMEI with its serial number part raised by k − 1 (check digit recomputed). One stick is the template as it is.
    /// </remarks>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is not 1..32.</exception>
    public static VirtualBench Start(int count, VirtualModemStartOptions template)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, 32);
        ArgumentNullException.ThrowIfNull(template);
        var options = Enumerable.Range(1, count).Select(k => count == 1 ? template : ForStick(template, k)).ToList();
        var modems = new List<VirtualModem>();
        try
        {
            foreach (VirtualModemStartOptions o in options)
            {
                modems.Add(VirtualModem.Start(o));
            }
        }
        catch
        {
            modems.ForEach(m => m.Dispose());
            throw;
        }

        return new VirtualBench(modems, options);
    }

    /// <summary>Writes every plugged stick under <paramref name="root"/> (for `ztediag ports --sysfs-root ROOT`).</summary>
    public void WriteSysfs(string root)
    {
        ArgumentException.ThrowIfNullOrEmpty(root);
        lock (_gate)
        {
            _sysfsRoot = root;
            for (int i = 1; i <= _modems.Count; i++)
            {
                WriteSysfsOf(i);
            }
        }
    }

    /// <summary>Unplugs stick <paramref name="index"/> (1-based): its ports vanish and its sysfs entries go.</summary>
    public void Unplug(int index)
    {
        int i = Check(index);
        lock (_gate)
        {
            _modems[i].Disconnect();
            if (_sysfsRoot is not null && _sysfsTtys.Remove(index, out IReadOnlyList<SysfsTty>? ttys))
            {
                SysfsWriter.Remove(_sysfsRoot, _options[i].UsbPath, ttys);
            }
        }
    }

    /// <summary>Plugs stick <paramref name="index"/> back: new ptys, same state, serial and USB path; sysfs written again.</summary>
    public void Replug(int index)
    {
        int i = Check(index);
        lock (_gate)
        {
            if (_sysfsRoot is not null && _sysfsTtys.Remove(index, out IReadOnlyList<SysfsTty>? ttys))
            {
                SysfsWriter.Remove(_sysfsRoot, _options[i].UsbPath, ttys);
            }

            _modems[i].Replug();
            if (_sysfsRoot is not null)
            {
                WriteSysfsOf(index);
            }
        }
    }

    /// <summary>
    /// The ready line: stick 1's fields at the top level (as a single `emulate` prints them) and a <c>sticks</c> array
    /// with each stick's ports, state, serial, USB path and IMEI.
    /// </summary>
    public string ReadyJson()
    {
        lock (_gate)
        {
            var o = (JsonObject)JsonNode.Parse(_modems[0].ReadyJson())!;
            var sticks = new JsonArray();
            for (int i = 0; i < _modems.Count; i++)
            {
                var s = (JsonObject)JsonNode.Parse(_modems[i].ReadyJson())!;
                s["serial"] = _options[i].UsbSerial;
                s["usb_path"] = _options[i].UsbPath;
                s["imei"] = _options[i].Imei ?? _modems[i].State.Profile.Imei;
                sticks.Add(s);
            }

            o["count"] = _modems.Count;
            o["sticks"] = sticks;
            return o.ToJsonString();
        }
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        foreach (VirtualModem m in _modems)
        {
            await m.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>The IMEI of stick <paramref name="k"/>: the profile's with digits 9–14 (the serial number) raised by k − 1.</summary>
    internal static string ImeiOf(string profileImei, int k)
    {
        string tac = profileImei[..8];
        int serial = int.Parse(profileImei.AsSpan(8, 6), NumberStyles.None, CultureInfo.InvariantCulture);
        string body = tac + ((serial + k - 1) % 1_000_000).ToString("000000", CultureInfo.InvariantCulture);
        return body + Imei.LuhnCheckDigit(body).ToString(CultureInfo.InvariantCulture);
    }

    private static VirtualModemStartOptions ForStick(VirtualModemStartOptions t, int k)
    {
        string profileImei = Profiles.ProfileCatalog.Load(t.Profile).Imei;
        return t with
        {
            Seed = t.Seed + (ulong)(k - 1),
            StateDirectory = t.StateDirectory is { } s ? Path.Combine(s, k.ToString(CultureInfo.InvariantCulture)) : null,
            ReuseState = t.StateDirectory is { } r && File.Exists(Path.Combine(r, k.ToString(CultureInfo.InvariantCulture), State.ModemState.ProfileFileName)),
            LinkDirectory = t.LinkDirectory is { } l ? Path.Combine(l, k.ToString(CultureInfo.InvariantCulture)) : null,
            UsbSerial = "ZTEVIRT" + k.ToString("000000000", CultureInfo.InvariantCulture),
            UsbPath = "1-" + (k + 2).ToString(CultureInfo.InvariantCulture),
            UsbDeviceNumber = k + 1,
            Imei = t.Imei ?? ImeiOf(profileImei, k),
        };
    }

    private void WriteSysfsOf(int index)
    {
        // a re-plugged stick gets its old numbers back: count every earlier stick's ttys, plugged or not
        int firstTty = Enumerable.Range(0, index - 1).Sum(TtyCount);
        _sysfsTtys[index] = _modems[index - 1].WriteSysfs(_sysfsRoot!, firstTty);
    }

    private int TtyCount(int i) => _modems[i].State.Profile.Usb.Interfaces.Count(x => x.Tty);

    private int Check(int index)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(index, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(index, _modems.Count);
        return index - 1;
    }
}
