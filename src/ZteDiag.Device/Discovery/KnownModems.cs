namespace ZteDiag.Device.Discovery;

/// <summary>
/// A known USB id: model name, personality, and interface numbers per role (DEVICES.md §1.1–1.3:
/// primary/secondary from ModemManager's 77-mm-zte-port-types.rules, DIAG = if00 for the 0031 family).
/// </summary>
/// <param name="Vid">Vendor id.</param>
/// <param name="Pid">Product id.</param>
/// <param name="Name">Model name(s).</param>
/// <param name="Personality">Personality of this PID.</param>
/// <param name="DiagInterface">DIAG interface, when known.</param>
/// <param name="ModemInterface">Primary AT / modem interface.</param>
/// <param name="SecondaryInterface">Secondary AT interface.</param>
public sealed record KnownModel(
    ushort Vid, ushort Pid, string Name, ModemPersonality Personality, int? DiagInterface, int? ModemInterface, int? SecondaryInterface)
{
    /// <summary>Role of <paramref name="bInterfaceNumber"/>.</summary>
    public PortRole RoleOf(int bInterfaceNumber) =>
        bInterfaceNumber == DiagInterface ? PortRole.Diag
        : bInterfaceNumber == ModemInterface ? PortRole.Modem
        : bInterfaceNumber == SecondaryInterface ? PortRole.AtSecondary
        : PortRole.Unknown;
}

/// <summary>The known-devices table (data, not logic).</summary>
public static class KnownModems
{
    /// <summary>ZTE's USB vendor id.</summary>
    public const ushort ZteVid = 0x19d2;

    /// <summary>Qualcomm's USB vendor id.</summary>
    public const ushort QualcommVid = 0x05c6;

    /// <summary>Every known model.</summary>
    public static IReadOnlyList<KnownModel> All { get; } = Build();

    /// <summary>Vendors whose devices discovery reports.</summary>
    public static bool IsModemVendor(ushort vid) => vid is ZteVid or QualcommVid;

    /// <summary>The table entry for <paramref name="vid"/>:<paramref name="pid"/>, or null.</summary>
    public static KnownModel? Find(ushort vid, ushort pid) => All.FirstOrDefault(m => m.Vid == vid && m.Pid == pid);

    private static List<KnownModel> Build()
    {
        var list = new List<KnownModel>
        {
            // named models (DEVICES.md §1.1, §1.2, §1.4)
            Zte(0x0001, "ZTE MF620/MF622", 00, 02),
            Zte(0x0002, "ZTE MF622/MF100", 02, 04),
            Zte(0x0015, "ZTE MF628", 01, 03),
            new(ZteVid, 0x0016, "ZTE download mode", ModemPersonality.Download, 00, 02, 01), // diag port + two command ports (DIAG if00: INFERENCE)
            new(ZteVid, 0x0031, "ZTE MF626/MF627/MF636", ModemPersonality.Modem, 00, 03, 01),
            new(ZteVid, 0x0037, "ZTE MF638", ModemPersonality.Modem, 00, 03, 01),
            new(ZteVid, 0x0063, "ZTE K3565", ModemPersonality.Modem, 00, 03, 01),
            new(ZteVid, 0x2000, "ZTE ZeroCD (storage mode)", ModemPersonality.Storage, null, null, null),
            new(QualcommVid, 0x9008, "Qualcomm emergency download (EDL)", ModemPersonality.Download, null, null, null),
        };

        // the rest of ModemManager's ZTE table: PID → (primary, secondary)
        (int Primary, int Secondary, int[] Pids)[] mm =
        [
            (00, 01, [0x0003, 0x0004, 0x0005, 0x0006, 0x0007, 0x0008, 0x0009, 0x000A]),
            (02, 04, [0x0012, 0x0024, 0x0025, 0x0055]),
            (02, 01, [0x0017, 0x0018, 0x0019, 0x0117, 0x0156]),
            (03, 01, [0x0021, 0x0039, 0x0042, 0x0052, 0x0057, 0x0058, 0x0061, 0x0066, 0x0078, 0x0082, 0x0104, 0x0106, 0x0108,
                0x0122, 0x0123, 0x1007, 0x1008, 0x1010, 0x1254, 0x1268, 0x2002, 0x2003]),
            (01, 03, [0x0030, 0x0054]),
            (04, 01, [0x0033, 0x0091, 0x0113, 0x0118, 0x0121, 0x0124, 0x0126, 0x0128]),
            (03, 02, [0x0043]),
            (04, 02, [0x0048, 0x0049]),
            (02, 00, [0x0064]),
            (05, 01, [0x0125]),
            (00, 02, [0x1515]),
        ];
        foreach ((int primary, int secondary, int[] pids) in mm)
        {
            foreach (int pid in pids)
            {
                list.Add(Zte((ushort)pid, $"ZTE modem {ZteVid:x4}:{pid:x4}", primary, secondary));
            }
        }

        return list;
    }

    private static KnownModel Zte(ushort pid, string name, int modem, int secondary) =>
        new(ZteVid, pid, name, ModemPersonality.Modem, null, modem, secondary);
}
