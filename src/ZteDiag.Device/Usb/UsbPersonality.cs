namespace ZteDiag.Device.Usb;

/// <summary>What a USB id presents itself as (DEVICES.md §0, §1.1).</summary>
public enum UsbPersonality
{
    /// <summary>Not in the table, or a vendor-only match.</summary>
    Unknown,

    /// <summary>"ZeroCD": a single mass-storage (CD-ROM) interface; needs a mode switch (e.g. 19d2:2000).</summary>
    Storage,

    /// <summary>Modem mode: DIAG, AT and modem/PPP serial interfaces (e.g. 19d2:0031).</summary>
    Modem,

    /// <summary>ZTE download mode (19d2:0016): DIAG plus command ports, no storage.</summary>
    Download,
}

/// <summary>The role of one USB interface of a modem-mode device.</summary>
public enum UsbPortRole
{
    /// <summary>No known role.</summary>
    Unknown,

    /// <summary>Qualcomm DIAG/QCDM port (silent to AT).</summary>
    Diag,

    /// <summary>Secondary AT port ("NMEA" on the MF62x; answers AT while PPP runs on the modem port).</summary>
    At,

    /// <summary>Primary AT / modem / PPP port.</summary>
    Modem,

    /// <summary>Mass-storage interface (CD or microSD; no tty).</summary>
    Storage,
}
