using ZteDiag.Device.Usb;

namespace ZteDiag.Device.Tests.Usb;

/// <summary>Calls the real libusb-1.0 binding on this machine (no USB hardware here).</summary>
public class LibUsbBackendTests
{
    [Fact]
    public async Task On_this_machine_the_real_backend_says_no_libusb_or_finds_no_zte_stick()
    {
        LibUsbBackend? usb = null;
        try
        {
            usb = new LibUsbBackend();
        }
        catch (UsbSwitchException ex) when (ex.Kind == UsbErrorKind.NoLibusb)
        {
            // libusb-1.0-0 not installed: the message says exactly how to fix it
            Assert.Equal("libusb-1.0 is not installed: `sudo apt-get install libusb-1.0-0`", ex.Message);
            Assert.IsType<DllNotFoundException>(ex.InnerException);
            return;
        }

        using (usb)
        {
            IReadOnlyList<UsbDeviceId> devices = usb.Enumerate();
            Assert.DoesNotContain(devices, d => d.Vid == KnownUsbDevices.ZteVid);
            var ex = await Assert.ThrowsAsync<UsbSwitchException>(() =>
                UsbModeSwitcher.SwitchAsync(null, usb, null, TimeSpan.FromSeconds(1), TestContext.Current.CancellationToken));
            Assert.Equal(UsbErrorKind.NotFound, ex.Kind);
        }
    }
}
