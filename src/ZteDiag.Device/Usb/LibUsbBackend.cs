using System.Buffers.Binary;

namespace ZteDiag.Device.Usb;

/// <summary>
/// <see cref="IUsbBackend"/> over libusb-1.0 (P/Invoke; no managed wrapper package). Construction calls
/// <c>libusb_init</c>: when the library is missing that throws <see cref="UsbSwitchException"/> with
/// <see cref="UsbErrorKind.NoLibusb"/>; libusb errors map through <see cref="UsbSwitchException.FromLibusb"/>.
/// </summary>
public sealed unsafe class LibUsbBackend : IUsbBackend
{
    private const uint ControlTimeoutMs = 2000;
    private IntPtr context;

    /// <summary>Loads libusb-1.0 and creates a context.</summary>
    /// <exception cref="UsbSwitchException">NoLibusb, or the libusb_init error.</exception>
    public LibUsbBackend()
    {
        LibUsbNative.EnsureResolver();
        int rc;
        try
        {
            rc = LibUsbNative.Init(out context);
        }
        catch (DllNotFoundException ex)
        {
            throw UsbSwitchException.NoLibusb(ex);
        }
        catch (EntryPointNotFoundException ex)
        {
            throw UsbSwitchException.NoLibusb(ex);
        }

        if (rc != LibUsbErrors.Success)
        {
            throw UsbSwitchException.FromLibusb(rc, "libusb_init");
        }
    }

    /// <inheritdoc/>
    public IReadOnlyList<UsbDeviceId> Enumerate()
    {
        var result = new List<UsbDeviceId>();
        WithDeviceList((device, id) =>
        {
            result.Add(id);
            return false;
        });
        return result;
    }

    /// <inheritdoc/>
    public IUsbDeviceHandle Open(UsbDeviceId device)
    {
        IntPtr handle = IntPtr.Zero;
        int rc = LibUsbErrors.NotFound;
        WithDeviceList((dev, id) =>
        {
            if (id.Bus != device.Bus || id.Address != device.Address)
            {
                return false;
            }

            rc = LibUsbNative.Open(dev, out handle);
            return true;
        });
        if (rc != LibUsbErrors.Success)
        {
            throw UsbSwitchException.FromLibusb(rc, "libusb_open", device);
        }

        return new Handle(handle, device);
    }

    /// <summary>Frees the libusb context.</summary>
    public void Dispose()
    {
        if (context != IntPtr.Zero)
        {
            LibUsbNative.Exit(context);
            context = IntPtr.Zero;
        }
    }

    /// <summary>Calls <paramref name="visit"/> for each device until it returns true; the list is freed afterwards.</summary>
    private void WithDeviceList(Func<IntPtr, UsbDeviceId, bool> visit)
    {
        ObjectDisposedException.ThrowIf(context == IntPtr.Zero, this);
        nint count = LibUsbNative.GetDeviceList(context, out IntPtr* list);
        if (count < 0)
        {
            throw UsbSwitchException.FromLibusb((int)count, "libusb_get_device_list");
        }

        try
        {
            for (nint i = 0; i < count; i++)
            {
                IntPtr dev = list[i];
                if (LibUsbNative.GetDeviceDescriptor(dev, out LibUsbNative.DeviceDescriptor d) != LibUsbErrors.Success)
                {
                    continue;
                }

                var id = new UsbDeviceId(LibUsbNative.GetBusNumber(dev), LibUsbNative.GetDeviceAddress(dev), d.IdVendor, d.IdProduct);
                if (visit(dev, id))
                {
                    break;
                }
            }
        }
        finally
        {
            LibUsbNative.FreeDeviceList(list, 1);
        }
    }

    private static uint Ms(TimeSpan t) => (uint)Math.Clamp(t.TotalMilliseconds, 1, uint.MaxValue);

    private sealed class Handle(IntPtr handle, UsbDeviceId device) : IUsbDeviceHandle
    {
        private IntPtr handle = handle;

        public UsbDeviceId Device { get; } = device;

        public byte[] GetConfigDescriptor()
        {
            // GET_DESCRIPTOR(CONFIGURATION, index 0): first the 9-byte header for wTotalLength, then all of it.
            Span<byte> header = stackalloc byte[9];
            int n = GetDescriptor(header);
            if (n < 4)
            {
                throw new UsbSwitchException(UsbErrorKind.UsbError, $"short configuration descriptor ({n} bytes) from {Device}");
            }

            var all = new byte[BinaryPrimitives.ReadUInt16LittleEndian(header[2..])];
            n = GetDescriptor(all);
            return all[..n];
        }

        private int GetDescriptor(Span<byte> buffer)
        {
            fixed (byte* p = buffer)
            {
                int rc = LibUsbNative.ControlTransfer(Live(), 0x80, 0x06, 0x0200, 0, p, (ushort)buffer.Length, ControlTimeoutMs);
                return rc < 0 ? throw UsbSwitchException.FromLibusb(rc, "GET_DESCRIPTOR(configuration)", Device) : rc;
            }
        }

        public void ClaimInterface(int interfaceNumber)
        {
            IntPtr h = Live();
            _ = LibUsbNative.SetAutoDetachKernelDriver(h, 1); // NOT_SUPPORTED on some platforms: claim anyway
            int rc = LibUsbNative.ClaimInterface(h, interfaceNumber);
            if (rc != LibUsbErrors.Success)
            {
                throw UsbSwitchException.FromLibusb(rc, $"claiming interface {interfaceNumber}", Device);
            }
        }

        public void ReleaseInterface(int interfaceNumber)
        {
            if (handle != IntPtr.Zero)
            {
                _ = LibUsbNative.ReleaseInterface(handle, interfaceNumber);
            }
        }

        public int BulkWrite(byte endpoint, ReadOnlySpan<byte> data, TimeSpan timeout)
        {
            fixed (byte* p = data)
            {
                int rc = LibUsbNative.BulkTransfer(Live(), (byte)(endpoint & 0x7f), p, data.Length, out int done, Ms(timeout));
                return rc == LibUsbErrors.Success ? done : throw UsbSwitchException.FromLibusb(rc, $"bulk OUT to endpoint 0x{endpoint:x2}", Device);
            }
        }

        public int BulkRead(byte endpoint, Span<byte> buffer, TimeSpan timeout)
        {
            fixed (byte* p = buffer)
            {
                int rc = LibUsbNative.BulkTransfer(Live(), (byte)(endpoint | 0x80), p, buffer.Length, out int done, Ms(timeout));
                return rc == LibUsbErrors.Success ? done : throw UsbSwitchException.FromLibusb(rc, $"bulk IN from endpoint 0x{endpoint:x2}", Device);
            }
        }

        public void Dispose()
        {
            if (handle != IntPtr.Zero)
            {
                LibUsbNative.Close(handle);
                handle = IntPtr.Zero;
            }
        }

        private IntPtr Live()
        {
            ObjectDisposedException.ThrowIf(handle == IntPtr.Zero, this);
            return handle;
        }
    }
}
