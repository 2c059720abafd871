using System.Text;

namespace ZteDiag.Device.Discovery;

/// <summary>
/// Stable names of plugged sticks: the USB serial as udev spells it in <c>ID_SERIAL_SHORT</c> (so the name is the
/// directory of the <c>/dev/ztediag/&lt;serial&gt;/</c> links), else the USB path ("1-3.2"). A serial that two plugged
/// sticks share (cheap firmware ships "1234567890ABCDEF" on every unit) names neither: both fall back to their path.
/// </summary>
public static class ModemNames
{
    /// <summary>The name of <paramref name="modem"/> among <paramref name="plugged"/> (which holds it).</summary>
    public static string Of(DiscoveredModem modem, IReadOnlyList<DiscoveredModem> plugged)
    {
        ArgumentNullException.ThrowIfNull(modem);
        ArgumentNullException.ThrowIfNull(plugged);
        string? serial = UdevSerial(modem.Serial);
        if (serial is null)
        {
            return modem.UsbPath;
        }

        bool shared = plugged.Any(m => !ReferenceEquals(m, modem) && m.UsbPath != modem.UsbPath
            && string.Equals(UdevSerial(m.Serial), serial, StringComparison.Ordinal));
        return shared ? modem.UsbPath : serial;
    }

    /// <summary>
    /// The serial as udev's <c>ID_SERIAL_SHORT</c> has it: leading and trailing white space dropped, inner runs
    /// of white space made one '_', and every byte outside <c>0-9A-Za-z#+-.:=@_</c> replaced by '_'. Null when empty.
    /// </summary>
    public static string? UdevSerial(string? serial)
    {
        string s = (serial ?? "").Trim();
        if (s.Length == 0)
        {
            return null;
        }

        var sb = new StringBuilder(s.Length);
        bool inSpace = false;
        foreach (char c in s)
        {
            if (char.IsWhiteSpace(c))
            {
                if (!inSpace)
                {
                    sb.Append('_');
                }

                inSpace = true;
                continue;
            }

            inSpace = false;
            sb.Append(char.IsAsciiLetterOrDigit(c) || "#+-.:=@_".Contains(c, StringComparison.Ordinal) ? c : '_');
        }

        return sb.ToString();
    }
}
