namespace ZteDiag.Device.Usb;

/// <summary>
/// The known-devices table (data; DEVICES.md §1.1–1.4), the one source of truth for ids, model names,
/// personalities, interface roles and switch recipes: port discovery, <c>usb list</c>/<c>usb switch</c>,
/// the udev rules and <c>doctor</c> all read it. Port roles come from ModemManager's
/// 77-mm-zte-port-types.rules (primary = modem, secondary = AT); DIAG = if00 is confirmed for the
/// 0031 family only and inferred (kernel NCTRL(0)) for a few kin, as each entry's note says.
/// </summary>
public static class KnownUsbDevices
{
    /// <summary>ZTE's USB vendor id.</summary>
    public const ushort ZteVid = 0x19d2;

    /// <summary>Qualcomm's USB vendor id.</summary>
    public const ushort QualcommVid = 0x05c6;

    /// <summary>The ZeroCD storage id of ZTE sticks.</summary>
    public const ushort ZeroCdPid = 0x2000;

    /// <summary>ZTE download mode.</summary>
    public const ushort DownloadPid = 0x0016;

    /// <summary>Qualcomm emergency download (EDL) mode of the boot ROM.</summary>
    public const ushort EdlPid = 0x9008;

    /// <summary>TargetProductList of the usb_modeswitch data file 19d2:2000, in file order.</summary>
    public static IReadOnlyList<ushort> ZeroCdTargets { get; } =
    [
        0x0001, 0x0002, 0x0015, 0x0016, 0x0017, 0x0019, 0x0031, 0x0033, 0x0037, 0x0042, 0x0052, 0x0055, 0x0061,
        0x0063, 0x0064, 0x0066, 0x0091, 0x0108, 0x0117, 0x0128, 0x0151, 0x0157, 0x0177, 0x1402, 0x2002, 0x2003,
    ];

    /// <summary>The 19d2:2000 switch recipe: TargetVendor 0x19d2, the list above, StandardEject=1 and the ZTE MessageContent.</summary>
    public static ModeSwitchData ZeroCdSwitch { get; } =
        new(ZteVid, ZeroCdTargets, StandardEject: true, ModeSwitchMessage.ZteMessageContentHex);

    /// <summary>Vendors whose devices are listed (ZTE, Qualcomm) and their names.</summary>
    public static IReadOnlyDictionary<ushort, string> Vendors { get; } = new Dictionary<ushort, string>
    {
        [ZteVid] = "ZTE",
        [QualcommVid] = "Qualcomm",
    };

    /// <summary>Every known id, named models first.</summary>
    public static IReadOnlyList<KnownUsbDevice> All { get; } = Build();

    /// <summary>True for a vendor of known modems.</summary>
    public static bool IsKnownVendor(ushort vid) => Vendors.ContainsKey(vid);

    /// <summary>The exact table entry, or null.</summary>
    public static KnownUsbDevice? Find(ushort vid, ushort pid)
    {
        foreach (KnownUsbDevice d in All)
        {
            if (d.Vid == vid && d.Pid == pid)
            {
                return d;
            }
        }

        return null;
    }

    /// <summary>
    /// The table entry, or for an unlisted id of a known vendor a generic entry with
    /// <see cref="UsbPersonality.Unknown"/>; null for other vendors.
    /// </summary>
    public static KnownUsbDevice? Describe(ushort vid, ushort pid) =>
        Find(vid, pid)
        ?? (Vendors.TryGetValue(vid, out string? vendor)
            ? new KnownUsbDevice(vid, pid, $"{vendor} device {KnownUsbDevice.FormatId(vid, pid)}", UsbPersonality.Unknown, Note: "not in the table")
            : null);

    private static List<KnownUsbDevice> Build()
    {
        const string Mm = "ports: ModemManager 77-mm-zte-port-types.rules";
        var list = new List<KnownUsbDevice>
        {
            new(ZteVid, ZeroCdPid, "ZTE ZeroCD (storage mode)", UsbPersonality.Storage, StorageInterface: 0, Switch: ZeroCdSwitch,
                Note: "usb_modeswitch data 19d2_2000; one mass-storage interface (08/06/50)"),
            new(ZteVid, 0x0001, "ZTE MF620/MF622", UsbPersonality.Modem, AtInterface: 2, ModemInterface: 0, Note: Mm),
            new(ZteVid, 0x0002, "ZTE MF622/MF100", UsbPersonality.Modem, AtInterface: 4, ModemInterface: 2, Note: Mm),
            new(ZteVid, 0x0015, "ZTE MF628", UsbPersonality.Modem, AtInterface: 3, ModemInterface: 1, Note: Mm),
            new(ZteVid, DownloadPid, "ZTE download mode", UsbPersonality.Download, DiagInterface: 0, AtInterface: 1, ModemInterface: 2,
                Note: Mm + "; DIAG on if00 is INFERENCE (\"diag port + two command ports\")"),
            new(ZteVid, 0x0031, "ZTE MF626/MF627/MF636", UsbPersonality.Modem, DiagInterface: 0, AtInterface: 1, ModemInterface: 3, StorageInterface: 2,
                Note: Mm + "; if00 DIAG, if02 storage: field reports (DEVICES.md §1.4); on the MF637 0031 is a storage id (0031→0094)"),
            new(ZteVid, 0x0037, "ZTE MF638", UsbPersonality.Modem, DiagInterface: 0, AtInterface: 1, ModemInterface: 3,
                Note: Mm + "; DIAG on if00 is INFERENCE (kernel NCTRL(0)|NCTRL(1) as on 0031)"),
            new(ZteVid, 0x0063, "ZTE K3565", UsbPersonality.Modem, AtInterface: 1, ModemInterface: 3, Note: Mm),
            new(QualcommVid, EdlPid, "Qualcomm emergency download (EDL)", UsbPersonality.Download,
                Note: "boot-ROM flashing mode (Sahara/Firehose): no DIAG, no AT, no storage"),
        };

        // The rest of ModemManager's ZTE table: (primary = modem, secondary = AT, ids).
        (int Modem, int At, ushort[] Pids)[] mm =
        [
            (0, 1, [0x0003, 0x0004, 0x0005, 0x0006, 0x0007, 0x0008, 0x0009, 0x000a]),
            (2, 4, [0x0012, 0x0024, 0x0025, 0x0055]),
            (2, 1, [0x0017, 0x0018, 0x0019, 0x0117, 0x0156]),
            (3, 1, [0x0021, 0x0039, 0x0042, 0x0052, 0x0057, 0x0058, 0x0061, 0x0066, 0x0078, 0x0082, 0x0104, 0x0106, 0x0108,
                0x0122, 0x0123, 0x1007, 0x1008, 0x1010, 0x1254, 0x1268, 0x2002, 0x2003]),
            (1, 3, [0x0030, 0x0054]),
            (4, 1, [0x0033, 0x0091, 0x0113, 0x0118, 0x0121, 0x0124, 0x0126, 0x0128]),
            (3, 2, [0x0043]),
            (4, 2, [0x0048, 0x0049]),
            (2, 0, [0x0064]),
            (5, 1, [0x0125]),
            (0, 2, [0x1515]),
        ];
        foreach ((int modem, int at, ushort[] pids) in mm)
        {
            foreach (ushort pid in pids)
            {
                list.Add(new KnownUsbDevice(ZteVid, pid, $"ZTE modem {KnownUsbDevice.FormatId(ZteVid, pid)}", UsbPersonality.Modem,
                    AtInterface: at, ModemInterface: modem, Note: Mm));
            }
        }

        return list;
    }
}
