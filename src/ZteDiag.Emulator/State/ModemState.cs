using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using ZteDiag.Emulator.Profiles;
using ZteDiag.Protocol.Diag;

namespace ZteDiag.Emulator.State;

/// <summary>
/// The whole state of one virtual modem: its profile, its EFS (<see cref="EfsStore"/>), its NV
/// (<see cref="NvStore"/>) and the transient runtime flags that a power cycle resets. The AT and
/// DIAG responders share one instance, so both see the same flag files.
/// </summary>
/// <remarks>
/// State directory layout: <c>profile.json</c> (profile name + seed), <c>efs/</c> (the EFS tree),
/// <c>efs.meta.json</c> + <c>efs.journal</c> (EFS metadata), <c>nv.json</c>.
/// </remarks>
public sealed class ModemState : IDisposable
{
    /// <summary>File naming the profile and seed inside a state directory.</summary>
    public const string ProfileFileName = "profile.json";
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    private sealed record StateFile
    {
        [JsonPropertyName("profile")] public required string Profile { get; init; }
        [JsonPropertyName("seed")] public ulong Seed { get; init; }
        [JsonPropertyName("format")] public int Format { get; init; } = 1;
    }

    private ModemState(string stateDir, ModemProfile profile, ulong seed, EfsStore efs, NvStore nv, bool ownsDirectory)
    {
        StateDirectory = stateDir;
        Profile = profile;
        Seed = seed;
        Efs = efs;
        Nv = nv;
        OwnsDirectory = ownsDirectory;
        ResetRuntimeFlags();
    }

    /// <summary>Absolute state directory.</summary>
    public string StateDirectory { get; }

    /// <summary>Current profile (changes with <see cref="SwitchProfile"/>).</summary>
    public ModemProfile Profile { get; private set; }

    /// <summary>Seed the EFS content was generated from.</summary>
    public ulong Seed { get; }

    /// <summary>The EFS.</summary>
    public EfsStore Efs { get; }

    /// <summary>The NV items.</summary>
    public NvStore Nv { get; }

    /// <summary>True when the directory was created as a temp dir by <see cref="CreateFresh"/>; it is then
    /// deleted on <see cref="Dispose"/> unless <see cref="KeepDirectory"/> is set.</summary>
    public bool OwnsDirectory { get; }

    /// <summary>Keep a temp state directory after dispose (to study it).</summary>
    public bool KeepDirectory { get; set; }

    /// <summary>SPC (0x41) accepted since power-on.</summary>
    public bool SpcUnlocked { get; set; }

    /// <summary>DIAG security unlocked: true at power-on when no password is programmed.</summary>
    public bool SecurityUnlocked { get; set; }

    /// <summary>A SIM is inserted.</summary>
    public bool SimPresent { get; set; }

    /// <summary>
    /// The SIM was pulled by hand (rehearsal control): it stays out through power cycles and flashes, as a
    /// SIM tray does, until it is inserted again.
    /// </summary>
    public bool SimPulled { get; set; }

    /// <summary>The inserted SIM belongs to another operator (matters when <see cref="ModemProfile.SimLock"/>).</summary>
    public bool ForeignSim { get; set; }

    /// <summary>The network unlock code has been entered.</summary>
    public bool SimUnlocked { get; set; }

    /// <summary>The firmware currently asks for a network unlock code.</summary>
    public bool UnlockCodeRequired => Profile.SimLock && SimPresent && ForeignSim && !SimUnlocked;

    /// <summary>AT command echo (ATE1/ATE0).</summary>
    public bool Echo { get; set; }

    /// <summary>The SIM's and the stick's SMS memories (seeded with sample messages; not saved to the state folder).</summary>
    public At.SmsStore Sms { get; } = At.SmsStore.WithSampleMessages();

    /// <summary>Creates a new state directory with a freshly generated EFS and NV for a profile.</summary>
    /// <param name="profileName">Catalog name (<see cref="ProfileCatalog.Names"/>).</param>
    /// <param name="stateDir">Empty or missing directory; null for a new temp directory.</param>
    /// <param name="seed">Seed for all generated content (same seed ⇒ same EFS).</param>
    /// <param name="time">Clock for runtime timestamps (generation uses a fixed clock).</param>
    /// <exception cref="ArgumentException">Unknown profile, or <paramref name="stateDir"/> is not empty.</exception>
    public static ModemState CreateFresh(string profileName, string? stateDir = null, ulong seed = 1, TimeProvider? time = null)
    {
        ModemProfile profile = ProfileCatalog.Load(profileName);
        bool owns = stateDir is null;
        string dir = stateDir is null
            ? Directory.CreateTempSubdirectory("ztediag-emu-").FullName
            : Path.GetFullPath(stateDir);
        if (Directory.Exists(dir) && Directory.EnumerateFileSystemEntries(dir).Any())
        {
            throw new ArgumentException($"State directory '{dir}' is not empty; use ModemState.Open to reuse it.", nameof(stateDir));
        }

        Directory.CreateDirectory(dir);
        var genOptions = new EfsStoreOptions
        {
            CapacityBytes = profile.Efs.CapacityBytes, BlockSize = profile.Efs.BlockSize, Time = new FixedTime(GenerationEpoch),
        };
        using (EfsStore gen = EfsStore.Open(dir, genOptions))
        {
            EfsGenerator.Populate(gen, profile, seed);
        }

        NvStore nv = NvStore.Open(dir);
        ProvisionNv(nv, profile, seed);
        AtomicFile.Write(Path.Combine(dir, ProfileFileName),
            JsonSerializer.SerializeToUtf8Bytes(new StateFile { Profile = profile.Name, Seed = seed }, Json));
        EfsStore efs = EfsStore.Open(dir, Options(profile, time));
        return new ModemState(dir, profile, seed, efs, nv, owns);
    }

    /// <summary>Reopens an existing state directory (recovering the EFS from any crash).</summary>
    /// <exception cref="ArgumentException">Not a state directory, or it names an unknown profile.</exception>
    public static ModemState Open(string stateDir, TimeProvider? time = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(stateDir);
        string dir = Path.GetFullPath(stateDir);
        string file = Path.Combine(dir, ProfileFileName);
        if (!File.Exists(file))
        {
            throw new ArgumentException($"'{dir}' is not a modem state directory (no {ProfileFileName}).", nameof(stateDir));
        }

        StateFile sf = JsonSerializer.Deserialize<StateFile>(File.ReadAllBytes(file), Json)
            ?? throw new ArgumentException($"'{file}' is empty.", nameof(stateDir));
        ModemProfile profile = ProfileCatalog.Load(sf.Profile);
        return new ModemState(dir, profile, sf.Seed, EfsStore.Open(dir, Options(profile, time)), NvStore.Open(dir), ownsDirectory: false);
    }

    /// <summary>
    /// Simulates flashing another firmware: the identity (AT, USB, DIAG) becomes the new profile's,
    /// the files that ship inside a firmware image (PCUI.VN, the CD image) are replaced, and everything
    /// else is kept — user files, the flag files (AUTORUN/NODOWNLOAD/CD_STARTUP as the user left them)
    /// and NV (IMEI and SPC survive a reflash, which is why NV backups matter). Runtime flags are reset
    /// as by the reboot that ends a flash. The new profile's EFS capacity applies from the next Open.
    /// </summary>
    /// <exception cref="ArgumentException">Unknown profile.</exception>
    public void SwitchProfile(string profileName)
    {
        ModemProfile next = ProfileCatalog.Load(profileName);
        string oldPcui = EfsGenerator.FlagPath(Profile, EfsGenerator.PcuiVnFile);
        string oldIso = EfsGenerator.FlagPath(Profile, Profile.Efs.CdImageName);
        if (oldPcui != EfsGenerator.FlagPath(next, EfsGenerator.PcuiVnFile))
        {
            Efs.Unlink(oldPcui);
        }

        if (oldIso != EfsGenerator.FlagPath(next, next.Efs.CdImageName))
        {
            Efs.Unlink(oldIso);
        }

        EfsGenerator.WriteFirmwareFiles(Efs, next, Seed);
        AtomicFile.Write(Path.Combine(StateDirectory, ProfileFileName),
            JsonSerializer.SerializeToUtf8Bytes(new StateFile { Profile = next.Name, Seed = Seed }, Json));
        Profile = next;
        ResetRuntimeFlags();
    }

    /// <summary>Power cycle: SPC relocked, security as at boot, SIM as in the profile (unless pulled), echo on.</summary>
    public void ResetRuntimeFlags()
    {
        SpcUnlocked = false;
        SecurityUnlocked = Profile.SecurityPassword is null;
        SimPresent = Profile.SimPresent && !SimPulled;
        SimUnlocked = false;
        Echo = true;
        Efs.CloseAll();
    }

    /// <summary>DIAG SPC (0x41): true and unlocked when <paramref name="code"/> equals the SPC.</summary>
    public bool TryUnlockSpc(string code)
    {
        SpcUnlocked = string.Equals(code, Profile.Spc, StringComparison.Ordinal);
        return SpcUnlocked;
    }

    /// <summary>DIAG PASSWORD (0x46): 8 raw bytes compared with the programmed password.</summary>
    public bool TryUnlockSecurity(ReadOnlySpan<byte> password)
    {
        if (Profile.SecurityPassword is null)
        {
            SecurityUnlocked = true;
            return true;
        }

        SecurityUnlocked = password.SequenceEqual(Convert.FromHexString(Profile.SecurityPassword));
        return SecurityUnlocked;
    }

    /// <summary>CD autorun on (AUTORUN.FLG present).</summary>
    public bool AutorunEnabled => Efs.Exists(FlagPath(EfsGenerator.AutorunFlag));

    /// <summary>AT+ZCDRUN=9 (on) / =8 (off). Returns the "result" bit.</summary>
    public bool SetAutorun(bool enabled) => SetFlag(EfsGenerator.AutorunFlag, enabled);

    /// <summary>In download mode (NODOWNLOAD.FLG absent).</summary>
    public bool DownloadMode => !Efs.Exists(FlagPath(EfsGenerator.NoDownloadFlag));

    /// <summary>AT+ZCDRUN=E: deletes NODOWNLOAD.FLG.</summary>
    public bool EnterDownloadMode() => SetFlag(EfsGenerator.NoDownloadFlag, false);

    /// <summary>AT+ZCDRUN=F: re-creates NODOWNLOAD.FLG.</summary>
    public bool ExitDownloadMode() => SetFlag(EfsGenerator.NoDownloadFlag, true);

    /// <summary>CD_STARTUP_FLAG present (effect UNVERIFIED, DEVICES.md §4).</summary>
    public bool CdStartupEnabled => Efs.Exists(FlagPath(EfsGenerator.CdStartupFlag));

    /// <summary>Creates or deletes CD_STARTUP_FLAG.</summary>
    public bool SetCdStartup(bool enabled) => SetFlag(EfsGenerator.CdStartupFlag, enabled);

    /// <summary>EFS path of a file in the profile's flag directory.</summary>
    public string FlagPath(string name) => EfsGenerator.FlagPath(Profile, name);

    /// <summary>PCUI.VN content.</summary>
    public string? PcuiVn => Efs.ReadFile(FlagPath(EfsGenerator.PcuiVnFile), out byte[] b) == EfsStoreError.None
        ? Encoding.ASCII.GetString(b) : null;

    /// <summary>Closes the stores; deletes a temp directory this instance created unless <see cref="KeepDirectory"/>.</summary>
    public void Dispose()
    {
        Efs.Dispose();
        if (OwnsDirectory && !KeepDirectory)
        {
            try
            {
                Directory.Delete(StateDirectory, recursive: true);
            }
            catch (IOException)
            {
                // best effort for a temp dir
            }
        }
    }

    private bool SetFlag(string name, bool present)
    {
        string path = FlagPath(name);
        EfsStoreError e = present
            ? (Efs.Exists(path) ? EfsStoreError.None : Efs.WriteFile(path, "1"u8))
            : Efs.Unlink(path);
        return e == EfsStoreError.None;
    }

    private static readonly DateTimeOffset GenerationEpoch = new(2010, 3, 10, 14, 29, 52, TimeSpan.Zero);

    private static EfsStoreOptions Options(ModemProfile p, TimeProvider? time) => new()
    {
        CapacityBytes = p.Efs.CapacityBytes, BlockSize = p.Efs.BlockSize, Time = time ?? TimeProvider.System,
    };

    private static void ProvisionNv(NvStore nv, ModemProfile profile, ulong seed)
    {
        var own = profile.NvItems.Select(i => (ushort)i.Id).ToHashSet();
        var all = (profile.GeneratedNvItems > 0 ? NvImageGenerator.Generate(seed, profile.GeneratedNvItems, own) : [])
            .Select(g => (g.Id, g.Data, false, false)).ToList();
        foreach (NvItemSpec item in profile.NvItems)
        {
            byte[] data = item.Source switch
            {
                NvItemSource.Imei => Imei.Encode(profile.Imei),
                NvItemSource.Spc => Encoding.ASCII.GetBytes(profile.Spc),
                NvItemSource.Esn => BitConverterLe(profile.Esn),
                _ => Convert.FromHexString(item.Hex ?? ""),
            };
            all.Add(((ushort)item.Id, data, item.Protected, item.ReadOnly));
        }

        nv.ProvisionAll(all);
    }

    private static byte[] BitConverterLe(uint v)
    {
        var b = new byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(b, v);
        return b;
    }

    /// <summary>A clock that never moves (deterministic generation).</summary>
    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
