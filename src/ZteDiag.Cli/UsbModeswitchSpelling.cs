using System.Globalization;

namespace ZteDiag.Cli;

/// <summary>
/// Accepts usb_modeswitch's spelling on <c>usb switch</c>: <c>-v 19d2 -p 2000</c> becomes <c>--device 19d2:2000</c>.
/// Only a <c>-v</c> followed by a hex id is taken: a bare <c>-v</c> stays ztediag's verbose flag.
/// </summary>
internal static class UsbModeswitchSpelling
{
    /// <summary>The arguments with the usb_modeswitch pair rewritten; unchanged for other verbs.</summary>
    public static string[] Rewrite(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        int verb = Array.IndexOf(args, "usb");
        if (verb < 0 || verb + 1 >= args.Length || args[verb + 1] != "switch")
        {
            return args;
        }

        var rest = new List<string>(args.Length);
        string? vendor = null, product = null;
        for (int i = 0; i < args.Length; i++)
        {
            if (i > verb + 1 && args[i] is "-v" or "-p" && i + 1 < args.Length && IsHexId(args[i + 1]))
            {
                string id = Strip(args[++i]);
                if (args[i - 1] == "-v")
                {
                    vendor = id;
                }
                else
                {
                    product = id;
                }

                continue;
            }

            rest.Add(args[i]);
        }

        if (vendor is null && product is null)
        {
            return args;
        }

        if (vendor is null || product is null)
        {
            throw new UsageException("usb_modeswitch's -v VENDOR needs -p PRODUCT too (or use --device VID:PID, e.g. --device 19d2:2000)");
        }

        rest.Add("--device");
        rest.Add($"{vendor}:{product}");
        return [.. rest];
    }

    private static string Strip(string id) => (id.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? id[2..] : id).ToLowerInvariant();

    private static bool IsHexId(string token)
    {
        string s = Strip(token);
        return s.Length is > 0 and <= 4 && ushort.TryParse(s, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out _);
    }
}
