using System.Reflection;
using System.Runtime.InteropServices;

namespace ZteDiag.Device.Usb;

/// <summary>
/// P/Invoke declarations for libusb-1.0 (Debian package libusb-1.0-0 ships <c>libusb-1.0.so.0</c>; the
/// unversioned <c>libusb-1.0.so</c> comes with -dev). A resolver tries those names; when none loads, the first
/// call throws <see cref="DllNotFoundException"/>, which <see cref="LibUsbBackend"/> turns into
/// <see cref="UsbErrorKind.NoLibusb"/>.
/// </summary>
internal static unsafe partial class LibUsbNative
{
    internal const string Lib = "libusb-1.0";

    /// <summary>Names tried in order by the resolver.</summary>
    internal static readonly string[] Candidates = ["libusb-1.0.so.0", "libusb-1.0.so", "libusb-1.0.0.dylib", "libusb-1.0.dll"];

    /// <summary>
    /// Environment variable that replaces <see cref="Candidates"/> with one library name or path. Undocumented for
    /// users: it exists so tests can point the binding at a library that does not exist and see the NoLibusb message
    /// a machine without libusb-1.0-0 gives (this one has it installed).
    /// </summary>
    internal const string OverrideVariable = "ZTEDIAG_LIBUSB";

    private static int registered;

    /// <summary>Installs the resolver once for this assembly (idempotent).</summary>
    internal static void EnsureResolver()
    {
        if (Interlocked.Exchange(ref registered, 1) == 0)
        {
            NativeLibrary.SetDllImportResolver(typeof(LibUsbNative).Assembly, Resolve);
        }
    }

    private static IntPtr Resolve(string name, Assembly assembly, DllImportSearchPath? path)
    {
        if (name != Lib)
        {
            return IntPtr.Zero;
        }

        string? forced = Environment.GetEnvironmentVariable(OverrideVariable);
        foreach (string candidate in string.IsNullOrEmpty(forced) ? Candidates : [forced])
        {
            if (NativeLibrary.TryLoad(candidate, assembly, path, out IntPtr handle))
            {
                return handle;
            }
        }

        return IntPtr.Zero;
    }

    [StructLayout(LayoutKind.Sequential, Pack = 1)]
    internal struct DeviceDescriptor
    {
        public byte BLength;
        public byte BDescriptorType;
        public ushort BcdUsb;
        public byte BDeviceClass;
        public byte BDeviceSubClass;
        public byte BDeviceProtocol;
        public byte BMaxPacketSize0;
        public ushort IdVendor;
        public ushort IdProduct;
        public ushort BcdDevice;
        public byte IManufacturer;
        public byte IProduct;
        public byte ISerialNumber;
        public byte BNumConfigurations;
    }

    [LibraryImport(Lib, EntryPoint = "libusb_init")]
    internal static partial int Init(out IntPtr context);

    [LibraryImport(Lib, EntryPoint = "libusb_exit")]
    internal static partial void Exit(IntPtr context);

    [LibraryImport(Lib, EntryPoint = "libusb_get_device_list")]
    internal static partial nint GetDeviceList(IntPtr context, out IntPtr* list);

    [LibraryImport(Lib, EntryPoint = "libusb_free_device_list")]
    internal static partial void FreeDeviceList(IntPtr* list, int unrefDevices);

    [LibraryImport(Lib, EntryPoint = "libusb_get_device_descriptor")]
    internal static partial int GetDeviceDescriptor(IntPtr device, out DeviceDescriptor descriptor);

    [LibraryImport(Lib, EntryPoint = "libusb_get_bus_number")]
    internal static partial byte GetBusNumber(IntPtr device);

    [LibraryImport(Lib, EntryPoint = "libusb_get_device_address")]
    internal static partial byte GetDeviceAddress(IntPtr device);

    [LibraryImport(Lib, EntryPoint = "libusb_open")]
    internal static partial int Open(IntPtr device, out IntPtr handle);

    [LibraryImport(Lib, EntryPoint = "libusb_close")]
    internal static partial void Close(IntPtr handle);

    [LibraryImport(Lib, EntryPoint = "libusb_set_auto_detach_kernel_driver")]
    internal static partial int SetAutoDetachKernelDriver(IntPtr handle, int enable);

    [LibraryImport(Lib, EntryPoint = "libusb_claim_interface")]
    internal static partial int ClaimInterface(IntPtr handle, int interfaceNumber);

    [LibraryImport(Lib, EntryPoint = "libusb_release_interface")]
    internal static partial int ReleaseInterface(IntPtr handle, int interfaceNumber);

    [LibraryImport(Lib, EntryPoint = "libusb_bulk_transfer")]
    internal static partial int BulkTransfer(IntPtr handle, byte endpoint, byte* data, int length, out int transferred, uint timeoutMs);

    [LibraryImport(Lib, EntryPoint = "libusb_control_transfer")]
    internal static partial int ControlTransfer(IntPtr handle, byte requestType, byte request, ushort value, ushort index, byte* data, ushort length, uint timeoutMs);
}
