using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using ZteDiag.Emulator.Profiles;
using ZteDiag.Protocol.Efs;

namespace ZteDiag.Emulator.State;

/// <summary>
/// Fills a fresh EFS from a profile's recipe. Everything is derived from the seed with a private
/// SplitMix64 generator (not <see cref="Random"/>, whose seeded sequence is not a documented
/// contract), so the same profile and seed give byte-identical trees. Large content (the CD image)
/// is generated, never stored in the repository. The tree layout is INVENTED (no MF62x EFS listing
/// exists, DEVICES.md §4): flag files at <see cref="EfsSpec.FlagDirectory"/>, a BREW-style
/// <c>/brew</c> tree, and <c>/nv/item_files/…</c> item files.
/// </summary>
public static class EfsGenerator
{
    /// <summary>Name of the autorun flag file (AT+ZCDRUN=8/9).</summary>
    public const string AutorunFlag = "AUTORUN.FLG";
    /// <summary>Name of the download-mode flag file (AT+ZCDRUN=E/F).</summary>
    public const string NoDownloadFlag = "NODOWNLOAD.FLG";
    /// <summary>Name of the CD startup flag file.</summary>
    public const string CdStartupFlag = "CD_STARTUP_FLAG";
    /// <summary>Name of the firmware identifier file.</summary>
    public const string PcuiVnFile = "PCUI.VN";
    /// <summary>Path of the single generated symlink.</summary>
    public const string SymlinkPath = "/brew/shared/current";

    private static readonly string[] ItemDirs =
        ["/nv/item_files/modem/mmode", "/nv/item_files/gsm/l1", "/nv/item_files/wcdma/rrc", "/nv/item_files/rfnv", "/nv/item_files/data/dsmgr"];

    private static readonly string[] AppNames =
        ["mtsconnect", "netmgr", "smsbox", "ussd", "phonebook", "stk", "update", "diaglog", "simtool", "settings", "wap", "mms"];

    /// <summary>Full EFS path of a file in the profile's flag directory.</summary>
    public static string FlagPath(ModemProfile profile, string name)
    {
        ArgumentNullException.ThrowIfNull(profile);
        string dir = profile.Efs.FlagDirectory.TrimEnd('/');
        return dir + "/" + name;
    }

    /// <summary>Populates <paramref name="efs"/> for <paramref name="profile"/> and <paramref name="seed"/>.</summary>
    /// <exception cref="IOException">The store refused an operation (e.g. capacity too small for the recipe).</exception>
    public static void Populate(EfsStore efs, ModemProfile profile, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(efs);
        ArgumentNullException.ThrowIfNull(profile);
        var rng = new SplitMix64(seed);
        EfsSpec spec = profile.Efs;

        foreach (string dir in new[] { profile.Efs.FlagDirectory, "/brew", "/brew/mod", "/brew/shared", "/brew/sys", "/nv", "/nv/item_files",
                     "/nv/item_files/conf", "/nv/item_files/modem", "/nv/item_files/gsm", "/nv/item_files/wcdma", "/nv/item_files/data",
                     "/public", "/err" }.Concat(ItemDirs))
        {
            if (dir != "/")
            {
                Check(efs.Mkdir(dir, 0x1FF), dir);
            }
        }

        WriteFirmwareFiles(efs, profile, seed);
        if (spec.Autorun) { Check(efs.WriteFile(FlagPath(profile, AutorunFlag), "1"u8), AutorunFlag); }
        if (spec.NoDownload) { Check(efs.WriteFile(FlagPath(profile, NoDownloadFlag), "1"u8), NoDownloadFlag); }
        if (spec.CdStartup) { Check(efs.WriteFile(FlagPath(profile, CdStartupFlag), "1"u8), CdStartupFlag); }

        // A known item file (8 bytes FF, shape borrowed from a generic Qualcomm layout [S40]).
        Check(efs.PutItem("/nv/item_files/modem/mmode/band_pref", [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF], EfsOpenFlags.Create), "band_pref");

        int total = Math.Max(0, spec.GeneratedFiles);
        int items = total * 3 / 10;
        int confs = total / 10;
        int modules = total - items - confs;
        var apps = new List<string>();
        for (int i = 0; i < modules; i++)
        {
            string app = AppNames[i % AppNames.Length] + (i / AppNames.Length == 0 ? "" : (i / AppNames.Length).ToString(CultureInfo.InvariantCulture));
            string dir = "/brew/mod/" + app;
            if (!apps.Contains(app))
            {
                apps.Add(app);
                Check(efs.Mkdir(dir, 0x1FF), dir);
            }

            string ext = (i % 3) switch { 0 => ".mod", 1 => ".bar", _ => ".sig" };
            string path = $"{dir}/{app}_{i:D3}{ext}";
            Check(efs.WriteFile(path, rng.NextBytes(16 + rng.NextInt(2032)), 0x1A4), path);
        }

        var itemPaths = new List<string>();
        for (int i = 0; i < items; i++)
        {
            string path = $"{ItemDirs[i % ItemDirs.Length]}/item_{i:D3}_{rng.NextInt(0x10000):x4}";
            Check(efs.PutItem(path, rng.NextBytes(1 + rng.NextInt(EfsStore.ItemMax)), EfsOpenFlags.Create), path);
            itemPaths.Add(path);
        }

        for (int i = 0; i < confs; i++)
        {
            var sb = new StringBuilder();
            int lines = 1 + rng.NextInt(6);
            for (int l = 0; l < lines && itemPaths.Count > 0; l++)
            {
                sb.Append(itemPaths[rng.NextInt(itemPaths.Count)]).Append('\n');
            }

            string path = $"/nv/item_files/conf/cfg_{i:D3}.conf";
            Check(efs.WriteFile(path, Encoding.ASCII.GetBytes(sb.ToString()), 0x1A4), path);
        }

        string linkTarget = apps.Count > 0 ? "/brew/mod/" + apps[0] : "/brew/mod";
        Check(efs.Symlink(linkTarget, SymlinkPath), SymlinkPath);
    }

    /// <summary>Writes (or replaces) the files that come with a firmware image: PCUI.VN and the CD image.</summary>
    public static void WriteFirmwareFiles(EfsStore efs, ModemProfile profile, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(efs);
        ArgumentNullException.ThrowIfNull(profile);
        Check(efs.WriteFile(FlagPath(profile, PcuiVnFile), Encoding.ASCII.GetBytes(profile.Efs.PcuiVn), 0x1A4), PcuiVnFile);
        Check(efs.WriteFile(FlagPath(profile, profile.Efs.CdImageName), CdImage(profile, seed), 0x1A4), profile.Efs.CdImageName);
    }

    /// <summary>
    /// A deterministic ISO 9660-looking CD image: 16 empty system sectors, a primary volume descriptor
    /// (volume label, size, 2048-byte blocks), a terminator, then seeded pseudo-random payload.
    /// </summary>
    public static byte[] CdImage(ModemProfile profile, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(profile);
        long size = Math.Max(0x9000, profile.Efs.CdImageBytes);
        var image = new byte[size];
        var rng = new SplitMix64(seed ^ 0x15015015015015UL);
        rng.Fill(image.AsSpan(0x9000));
        Span<byte> pvd = image.AsSpan(0x8000, 2048);
        pvd[0] = 1;
        "CD001"u8.CopyTo(pvd[1..]);
        pvd[6] = 1;
        pvd.Slice(8, 32).Fill((byte)' ');
        pvd.Slice(40, 32).Fill((byte)' ');
        Encoding.ASCII.GetBytes(profile.Efs.CdVolumeLabel.AsSpan(0, Math.Min(32, profile.Efs.CdVolumeLabel.Length)), pvd.Slice(40, 32));
        uint blocks = (uint)(size / 2048);
        BinaryPrimitives.WriteUInt32LittleEndian(pvd[80..], blocks);
        BinaryPrimitives.WriteUInt32BigEndian(pvd[84..], blocks);
        BinaryPrimitives.WriteUInt16LittleEndian(pvd[128..], 2048);
        BinaryPrimitives.WriteUInt16BigEndian(pvd[130..], 2048);
        Span<byte> term = image.AsSpan(0x8800, 2048);
        term[0] = 0xFF;
        "CD001"u8.CopyTo(term[1..]);
        term[6] = 1;
        return image;
    }

    private static void Check(EfsStoreError e, string what)
    {
        if (e != EfsStoreError.None)
        {
            throw new IOException($"Generating the EFS failed at '{what}': {e}.");
        }
    }
}
