using System.Diagnostics;
using System.Globalization;

namespace ZteDiag.Device.Usb;

/// <summary>Tunables of <see cref="UsbModeSwitcher"/>.</summary>
/// <param name="Timeout">How long to wait for the device to come back with a target id.</param>
/// <param name="PollInterval">How often the rediscovery callback is polled.</param>
/// <param name="TransferTimeout">Timeout of each bulk transfer.</param>
public sealed record UsbSwitchOptions(TimeSpan Timeout, TimeSpan PollInterval, TimeSpan TransferTimeout)
{
    /// <summary>20 s wait, 250 ms polling, 1 s per transfer.</summary>
    public static UsbSwitchOptions Default { get; } = new(TimeSpan.FromSeconds(20), TimeSpan.FromMilliseconds(250), TimeSpan.FromSeconds(1));
}

/// <summary>What a successful switch did.</summary>
/// <param name="Before">The storage-mode device that was switched.</param>
/// <param name="After">The device that appeared with a target id.</param>
/// <param name="AfterModel">The table entry of <paramref name="After"/> (ports by interface), when known.</param>
/// <param name="MessagesSent">How many CBWs went out before the device detached or the sequence ended.</param>
/// <param name="OutEndpoint">The bulk OUT endpoint used.</param>
/// <param name="EndpointFromDescriptor">True when the endpoint was read from the configuration descriptor, false for the 0x01 fallback.</param>
/// <param name="Elapsed">Time from the first message to the new device.</param>
public sealed record UsbSwitchResult(
    UsbDeviceId Before, UsbDeviceId After, KnownUsbDevice? AfterModel, int MessagesSent, byte OutEndpoint, bool EndpointFromDescriptor, TimeSpan Elapsed);

/// <summary>
/// Switches a ZTE stick from ZeroCD/storage mode to modem mode the way usb_modeswitch does for 19d2:2000:
/// on the storage interface's bulk OUT endpoint send the StandardEject CBWs and the ZTE MessageContent
/// (<see cref="ModeSwitchMessage"/>), reading each status wrapper when the device still answers, then poll
/// a rediscovery callback until a device with a target product id appears.
/// </summary>
public static class UsbModeSwitcher
{
    /// <summary>Bulk OUT endpoint used when the configuration descriptor cannot be read (the usual one of the ZTE storage interface).</summary>
    public const byte FallbackOutEndpoint = 0x01;

    /// <summary>Bulk IN endpoint used when the configuration descriptor cannot be read.</summary>
    public const byte FallbackInEndpoint = 0x81;

    /// <summary>Switches with <see cref="UsbSwitchOptions.Default"/> tunables but the given <paramref name="timeout"/>.</summary>
    public static Task<UsbSwitchResult> SwitchAsync(
        UsbDeviceSelector? target,
        IUsbBackend backend,
        Func<CancellationToken, ValueTask<IReadOnlyList<UsbDeviceId>>>? rediscover,
        TimeSpan timeout,
        CancellationToken cancellationToken = default) =>
        SwitchAsync(target, backend, rediscover, UsbSwitchOptions.Default with { Timeout = timeout }, cancellationToken);

    /// <summary>
    /// Finds the device (<paramref name="target"/>, or the first attached id with a switch recipe when null),
    /// sends the switch messages and waits for the re-enumerated device.
    /// </summary>
    /// <param name="target">BUS:ADDR or VID:PID; null = the first storage-mode stick.</param>
    /// <param name="backend">USB access (<see cref="LibUsbBackend"/> or a fake).</param>
    /// <param name="rediscover">Lists attached devices while waiting (e.g. from sysfs); null = <see cref="IUsbBackend.Enumerate"/>.</param>
    /// <param name="options">Timeouts.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <exception cref="UsbSwitchException">NotFound, NotSwitchable, PermissionDenied, DeviceGone, Timeout, UsbError.</exception>
    public static async Task<UsbSwitchResult> SwitchAsync(
        UsbDeviceSelector? target,
        IUsbBackend backend,
        Func<CancellationToken, ValueTask<IReadOnlyList<UsbDeviceId>>>? rediscover,
        UsbSwitchOptions options,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(backend);
        ArgumentNullException.ThrowIfNull(options);
        rediscover ??= _ => ValueTask.FromResult(backend.Enumerate());

        (UsbDeviceId device, KnownUsbDevice model, ModeSwitchData recipe) = Select(target, backend.Enumerate());
        var clock = Stopwatch.StartNew();
        (int sent, byte outEp, bool fromDescriptor) = Send(backend, device, model, recipe, options.TransferTimeout);

        using var timeoutCts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeoutCts.CancelAfter(options.Timeout);
        bool stillThere = true;
        try
        {
            while (true)
            {
                IReadOnlyList<UsbDeviceId> now = await rediscover(timeoutCts.Token).ConfigureAwait(false);
                stillThere = now.Contains(device);
                foreach (UsbDeviceId d in now)
                {
                    if (recipe.IsTarget(d.Vid, d.Pid))
                    {
                        return new UsbSwitchResult(device, d, KnownUsbDevices.Find(d.Vid, d.Pid), sent, outEp, fromDescriptor, clock.Elapsed);
                    }
                }

                await Task.Delay(options.PollInterval, timeoutCts.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            string targets = string.Join(", ", recipe.TargetProducts.Select(p => p.ToString("x4", CultureInfo.InvariantCulture)));
            string state = stillThere
                ? $"{device} is still there in storage mode: the stick ignored the messages (try another USB port, or `usb_modeswitch -v 0x{device.Vid:x4} -p 0x{device.Pid:x4}`)"
                : "the storage device detached but nothing came back: check `dmesg` for USB errors and replug the stick";
            throw new UsbSwitchException(UsbErrorKind.Timeout, string.Create(CultureInfo.InvariantCulture,
                $"sent {sent} switch message(s), but no {recipe.TargetVendor:x4} device with a target product id ({targets}) appeared within {options.Timeout.TotalSeconds:0.#} s; {state}"));
        }
    }

    /// <summary>Picks the device to switch and its recipe; throws NotFound / NotSwitchable.</summary>
    public static (UsbDeviceId Device, KnownUsbDevice Model, ModeSwitchData Recipe) Select(UsbDeviceSelector? target, IReadOnlyList<UsbDeviceId> devices)
    {
        ArgumentNullException.ThrowIfNull(devices);
        if (target is null)
        {
            foreach (UsbDeviceId d in devices)
            {
                if (KnownUsbDevices.Find(d.Vid, d.Pid) is { Switch: { } r } m)
                {
                    return (d, m, r);
                }
            }

            string seen = devices.Where(d => KnownUsbDevices.IsKnownVendor(d.Vid)).Select(d => d.ToString()).DefaultIfEmpty("").Aggregate((a, b) => a.Length == 0 ? b : $"{a}, {b}");
            throw new UsbSwitchException(UsbErrorKind.NotFound, devices.Count == 0
                ? "no USB devices are visible: plug the stick in (in a container or VM, pass the USB device through; /dev/bus/usb must exist)"
                : seen.Length == 0
                    ? "no ZTE/Qualcomm USB device is attached: plug the stick in and check `lsusb`"
                    : $"no stick in storage (ZeroCD) mode is attached; seen: {seen}");
        }

        UsbDeviceId? found = devices.Where(target.Matches).Select(d => (UsbDeviceId?)d).FirstOrDefault();
        if (found is not { } device)
        {
            throw new UsbSwitchException(UsbErrorKind.NotFound, $"no USB device {target} is attached: check `lsusb` (BUS:ADDR changes on every replug)");
        }

        KnownUsbDevice? model = KnownUsbDevices.Find(device.Vid, device.Pid);
        if (model?.Switch is not { } recipe)
        {
            throw new UsbSwitchException(UsbErrorKind.NotSwitchable, model is { Personality: UsbPersonality.Modem or UsbPersonality.Download }
                ? $"{device} ({model.Name}) is already in {model.Personality.ToString().ToLowerInvariant()} mode: nothing to switch"
                : $"{device} has no known mode-switch message (known: {KnownUsbDevice.FormatId(KnownUsbDevices.ZteVid, KnownUsbDevices.ZeroCdPid)})");
        }

        return (device, model, recipe);
    }

    /// <summary>
    /// Picks the storage interface and its bulk endpoints from a raw configuration descriptor: the first
    /// mass-storage interface (class 08) with a bulk OUT endpoint, else the first interface with one.
    /// Null when there is none (the caller falls back to <see cref="FallbackOutEndpoint"/> on interface 0).
    /// </summary>
    public static (int Interface, byte Out, byte In)? FindStorageEndpoints(ReadOnlySpan<byte> configDescriptor)
    {
        IReadOnlyList<UsbInterfaceDescriptor> interfaces = UsbConfigDescriptor.Parse(configDescriptor);
        UsbInterfaceDescriptor? chosen =
            interfaces.FirstOrDefault(i => i.Class == UsbInterfaceDescriptor.MassStorageClass && i.BulkOut is not null)
            ?? interfaces.FirstOrDefault(i => i.BulkOut is not null);
        return chosen is null ? null : (chosen.Number, chosen.BulkOut!.Value.Address, chosen.BulkIn?.Address ?? FallbackInEndpoint);
    }

    private static (int Sent, byte OutEp, bool FromDescriptor) Send(
        IUsbBackend backend, UsbDeviceId device, KnownUsbDevice model, ModeSwitchData recipe, TimeSpan transferTimeout)
    {
        IReadOnlyList<BulkOnlyCbw> messages = recipe.Messages();
        using IUsbDeviceHandle handle = backend.Open(device);

        (int Interface, byte Out, byte In)? eps = null;
        try
        {
            eps = FindStorageEndpoints(handle.GetConfigDescriptor());
        }
        catch (UsbSwitchException ex) when (ex.Kind == UsbErrorKind.UsbError || ex.Kind == UsbErrorKind.Timeout)
        {
            // unreadable descriptor: use the usual endpoints below
        }

        bool fromDescriptor = eps is not null;
        (int iface, byte outEp, byte inEp) = eps ?? (model.StorageInterface ?? 0, FallbackOutEndpoint, FallbackInEndpoint);
        handle.ClaimInterface(iface);
        int sent = 0;
        try
        {
            foreach (BulkOnlyCbw cbw in messages)
            {
                try
                {
                    handle.BulkWrite(outEp, cbw.ToArray(), transferTimeout);
                }
                catch (UsbSwitchException ex) when (sent > 0 && ex.Kind is UsbErrorKind.DeviceGone or UsbErrorKind.UsbError)
                {
                    break; // the eject already took effect: the device is detaching
                }

                sent++;
                if (!ReadResponse(handle, inEp, cbw, transferTimeout))
                {
                    break;
                }
            }
        }
        finally
        {
            handle.ReleaseInterface(iface);
        }

        return (sent, outEp, fromDescriptor);
    }

    /// <summary>Reads the data stage (if any) and the CSW, best effort. False when the device is gone.</summary>
    private static bool ReadResponse(IUsbDeviceHandle handle, byte inEp, BulkOnlyCbw cbw, TimeSpan timeout)
    {
        try
        {
            if ((cbw.Flags & BulkOnlyCbw.DirectionIn) != 0 && cbw.DataTransferLength > 0)
            {
                handle.BulkRead(inEp, new byte[cbw.DataTransferLength], timeout);
            }

            handle.BulkRead(inEp, new byte[BulkOnlyCbw.StatusSize], timeout);
            return true;
        }
        catch (UsbSwitchException ex)
        {
            return ex.Kind != UsbErrorKind.DeviceGone;
        }
    }
}
