using ZteDiag.Device.Usb;

namespace ZteDiag.Device.Tests.Usb;

/// <summary>A scripted <see cref="IUsbBackend"/>: a device list, failures to inject, and a record of every call.</summary>
internal sealed class FakeUsbBackend : IUsbBackend
{
    public List<UsbDeviceId> Devices { get; } = [];
    public List<string> Calls { get; } = [];
    public List<(byte Endpoint, byte[] Data)> Written { get; } = [];
    public byte[]? ConfigDescriptor { get; set; }
    public int? OpenError { get; set; }
    public int? ClaimError { get; set; }

    /// <summary>Error code returned by the n-th bulk write (0-based), if any.</summary>
    public Dictionary<int, int> WriteErrors { get; } = [];

    /// <summary>Runs after each successful write (e.g. to make the device re-enumerate).</summary>
    public Action<int>? AfterWrite { get; set; }

    public IReadOnlyList<UsbDeviceId> Enumerate()
    {
        Calls.Add("enumerate");
        return [.. Devices];
    }

    public IUsbDeviceHandle Open(UsbDeviceId device)
    {
        Calls.Add($"open {device.Bus}:{device.Address}");
        if (OpenError is int e)
        {
            throw UsbSwitchException.FromLibusb(e, "libusb_open", device);
        }

        return new FakeHandle(this, device);
    }

    public void Dispose() => Calls.Add("exit");

    private sealed class FakeHandle(FakeUsbBackend owner, UsbDeviceId device) : IUsbDeviceHandle
    {
        public UsbDeviceId Device { get; } = device;

        public byte[] GetConfigDescriptor()
        {
            owner.Calls.Add("get-config");
            return owner.ConfigDescriptor ?? throw UsbSwitchException.FromLibusb(LibUsbErrors.Pipe, "GET_DESCRIPTOR(configuration)", Device);
        }

        public void ClaimInterface(int interfaceNumber)
        {
            owner.Calls.Add($"claim {interfaceNumber}");
            if (owner.ClaimError is int e)
            {
                throw UsbSwitchException.FromLibusb(e, $"claiming interface {interfaceNumber}", Device);
            }
        }

        public void ReleaseInterface(int interfaceNumber) => owner.Calls.Add($"release {interfaceNumber}");

        public int BulkWrite(byte endpoint, ReadOnlySpan<byte> data, TimeSpan timeout)
        {
            int index = owner.Written.Count;
            owner.Calls.Add($"write 0x{endpoint:x2} {data.Length}");
            if (owner.WriteErrors.TryGetValue(index, out int e))
            {
                owner.Written.Add((endpoint, [])); // keep indexes aligned with attempts
                throw UsbSwitchException.FromLibusb(e, $"bulk OUT to endpoint 0x{endpoint:x2}", Device);
            }

            owner.Written.Add((endpoint, data.ToArray()));
            owner.AfterWrite?.Invoke(index);
            return data.Length;
        }

        public int BulkRead(byte endpoint, Span<byte> buffer, TimeSpan timeout)
        {
            owner.Calls.Add($"read 0x{endpoint:x2} {buffer.Length}");
            return buffer.Length;
        }

        public void Dispose() => owner.Calls.Add("close");
    }
}
