namespace ZteDiag.Device.Usb;

/// <summary>Why a USB operation failed.</summary>
public enum UsbErrorKind
{
    /// <summary>libusb-1.0 is not installed (the shared library could not be loaded).</summary>
    NoLibusb,

    /// <summary>No permission to open the device node (LIBUSB_ERROR_ACCESS).</summary>
    PermissionDenied,

    /// <summary>The device disappeared (LIBUSB_ERROR_NO_DEVICE / NOT_FOUND).</summary>
    DeviceGone,

    /// <summary>No matching device is attached.</summary>
    NotFound,

    /// <summary>The device is not in a switchable (storage) mode or there is no recipe for it.</summary>
    NotSwitchable,

    /// <summary>The device did not come back with a target id in time, or a transfer timed out.</summary>
    Timeout,

    /// <summary>Any other libusb failure (busy, I/O, pipe…).</summary>
    UsbError,
}

/// <summary>
/// A USB / mode-switch failure. <see cref="Exception.Message"/> says exactly what is missing and how to fix it.
/// </summary>
public sealed class UsbSwitchException : ZteDiagException
{
    /// <summary>Message for <see cref="UsbErrorKind.NoLibusb"/>.</summary>
    public const string NoLibusbMessage = "libusb-1.0 is not installed: `sudo apt-get install libusb-1.0-0`";

    /// <summary>Message for <see cref="UsbErrorKind.PermissionDenied"/>.</summary>
    public const string PermissionDeniedMessage =
        "permission denied: run as root or install the udev rules (`ztediag udev-rules --install`)";

    /// <summary>Creates the exception.</summary>
    public UsbSwitchException(UsbErrorKind kind, string message, Exception? innerException = null)
        : base(message, kind == UsbErrorKind.Timeout ? ExitLinkFailure : ExitPortProblem, innerException)
    {
        Kind = kind;
    }

    /// <summary>What went wrong.</summary>
    public UsbErrorKind Kind { get; }

    /// <summary>libusb could not be loaded.</summary>
    public static UsbSwitchException NoLibusb(Exception? inner = null) => new(UsbErrorKind.NoLibusb, NoLibusbMessage, inner);

    /// <summary>
    /// Maps a negative libusb return code: -3 ACCESS → permission denied, -4 NO_DEVICE / -5 NOT_FOUND → device gone,
    /// -7 TIMEOUT → timeout, anything else → <see cref="UsbErrorKind.UsbError"/>.
    /// </summary>
    /// <param name="code">The libusb error code.</param>
    /// <param name="operation">What was being done, e.g. "libusb_open".</param>
    /// <param name="device">The device, when known.</param>
    public static UsbSwitchException FromLibusb(int code, string operation, UsbDeviceId? device = null)
    {
        string on = device is { } d ? $" ({d})" : "";
        return code switch
        {
            LibUsbErrors.Access => new(UsbErrorKind.PermissionDenied, $"{PermissionDeniedMessage}{on}"),
            LibUsbErrors.NoDevice or LibUsbErrors.NotFound =>
                new(UsbErrorKind.DeviceGone, $"the device is gone{on}: it was unplugged or re-enumerated during {operation}; plug it in and retry"),
            LibUsbErrors.Timeout => new(UsbErrorKind.Timeout, $"{operation} timed out{on}"),
            LibUsbErrors.Busy => new(UsbErrorKind.UsbError,
                $"{operation} failed{on}: the interface is busy (another program, e.g. usb_modeswitch or ModemManager, holds it)"),
            _ => new(UsbErrorKind.UsbError, $"{operation} failed{on}: {LibUsbErrors.Name(code)} ({code})"),
        };
    }
}

/// <summary>libusb-1.0 error codes (enum libusb_error).</summary>
public static class LibUsbErrors
{
    /// <summary>LIBUSB_SUCCESS.</summary>
    public const int Success = 0;

    /// <summary>LIBUSB_ERROR_IO.</summary>
    public const int Io = -1;

    /// <summary>LIBUSB_ERROR_INVALID_PARAM.</summary>
    public const int InvalidParam = -2;

    /// <summary>LIBUSB_ERROR_ACCESS.</summary>
    public const int Access = -3;

    /// <summary>LIBUSB_ERROR_NO_DEVICE.</summary>
    public const int NoDevice = -4;

    /// <summary>LIBUSB_ERROR_NOT_FOUND.</summary>
    public const int NotFound = -5;

    /// <summary>LIBUSB_ERROR_BUSY.</summary>
    public const int Busy = -6;

    /// <summary>LIBUSB_ERROR_TIMEOUT.</summary>
    public const int Timeout = -7;

    /// <summary>LIBUSB_ERROR_OVERFLOW.</summary>
    public const int Overflow = -8;

    /// <summary>LIBUSB_ERROR_PIPE.</summary>
    public const int Pipe = -9;

    /// <summary>LIBUSB_ERROR_NOT_SUPPORTED.</summary>
    public const int NotSupported = -12;

    /// <summary>The LIBUSB_ERROR_* name of a code.</summary>
    public static string Name(int code) => code switch
    {
        Success => "LIBUSB_SUCCESS",
        Io => "LIBUSB_ERROR_IO",
        InvalidParam => "LIBUSB_ERROR_INVALID_PARAM",
        Access => "LIBUSB_ERROR_ACCESS",
        NoDevice => "LIBUSB_ERROR_NO_DEVICE",
        NotFound => "LIBUSB_ERROR_NOT_FOUND",
        Busy => "LIBUSB_ERROR_BUSY",
        Timeout => "LIBUSB_ERROR_TIMEOUT",
        Overflow => "LIBUSB_ERROR_OVERFLOW",
        Pipe => "LIBUSB_ERROR_PIPE",
        -10 => "LIBUSB_ERROR_INTERRUPTED",
        -11 => "LIBUSB_ERROR_NO_MEM",
        NotSupported => "LIBUSB_ERROR_NOT_SUPPORTED",
        _ => "LIBUSB_ERROR_OTHER",
    };
}
