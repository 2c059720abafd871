using ZteDiag.Protocol.Diag;
using ZteDiag.Workbench.Archive;
using ZteDiag.Workbench.Jobs;
using ZteDiag.Workbench.Nv;
using ZteDiag.Workbench.Safety;

namespace ZteDiag.Workbench.Tests.Jobs;

public sealed class NvFileDeviceCheckTests
{
    private const string ThisImei = "354613020012342";
    private const string OtherImei = "352708007890124";

    private static ProbedDevice Modem(string? imei) =>
        new(imei is null ? new DeviceIdentity { Model = "MF627" } : new DeviceIdentity { Model = "MF627" }.WithFingerprint(DeviceFingerprint.Create(imei)), imei, []);

    private static NvBackupItem Nv550(string imei)
    {
        byte[] nv = new byte[Imei.NvLength];
        Assert.Equal(ImeiError.None, Imei.TryEncode(imei, nv));
        return new NvBackupItem(550, "UE_IMEI", "done", Convert.ToHexStringLower(nv));
    }

    private static NvBackupFile File(string? deviceImei, params NvBackupItem[] items) => new()
    {
        Device = deviceImei is null ? null : new DeviceIdentity { Model = "MF627" }.WithFingerprint(DeviceFingerprint.Create(deviceImei)),
        Items = [new NvBackupItem(10, "NV item 10", "done", "01"), .. items],
    };

    [Fact]
    public void A_file_of_this_modem_passes_even_with_its_own_imei_item()
    {
        NvFileDeviceCheck.Enforce(File(ThisImei), Modem(ThisImei), "nv.json", allowOtherDevice: false);
        NvFileDeviceCheck.Enforce(File(ThisImei, Nv550(ThisImei)), Modem(ThisImei), "nv.json", allowOtherDevice: false);
    }

    [Fact]
    public void A_file_without_a_device_is_refused_unless_other_device_is_given()
    {
        var ex = Assert.Throws<SafetyException>(() => NvFileDeviceCheck.Enforce(File(null), Modem(ThisImei), "nv.json", allowOtherDevice: false));
        Assert.Contains("--other-device", ex.Message, StringComparison.Ordinal);

        NvFileDeviceCheck.Enforce(File(null), Modem(ThisImei), "nv.json", allowOtherDevice: true);
    }

    [Fact]
    public void A_file_of_another_modem_is_refused_even_with_other_device()
    {
        Assert.Throws<SafetyException>(() => NvFileDeviceCheck.Enforce(File(OtherImei), Modem(ThisImei), "nv.json", allowOtherDevice: true));
    }

    [Fact]
    public void A_file_without_a_device_carrying_another_imei_in_nv_550_is_refused_even_with_other_device()
    {
        var ex = Assert.Throws<SafetyException>(() =>
            NvFileDeviceCheck.Enforce(File(null, Nv550(OtherImei)), Modem(ThisImei), "nv.json", allowOtherDevice: true));
        Assert.Contains("another modem's IMEI", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(OtherImei, ex.Message, StringComparison.Ordinal);

        NvFileDeviceCheck.Enforce(File(null, Nv550(ThisImei)), Modem(ThisImei), "nv.json", allowOtherDevice: true);
    }

    [Fact]
    public void An_imei_item_cannot_be_written_to_a_modem_that_reports_no_imei()
    {
        var ex = Assert.Throws<SafetyException>(() =>
            NvFileDeviceCheck.Enforce(File(null, Nv550(ThisImei)), Modem(null), "nv.json", allowOtherDevice: true));
        Assert.Contains("reports none", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void With_only_items_other_than_550_another_imei_in_the_file_is_not_written_so_not_refused_but_a_file_of_another_device_still_is()
    {
        NvFileDeviceCheck.Enforce(File(null, Nv550(OtherImei)), Modem(ThisImei), "nv.json", allowOtherDevice: true, only: new HashSet<int> { 10 });
        Assert.Throws<SafetyException>(() =>
            NvFileDeviceCheck.Enforce(File(null, Nv550(OtherImei)), Modem(ThisImei), "nv.json", allowOtherDevice: true, only: new HashSet<int> { 10, 550 }));
        Assert.Throws<SafetyException>(() =>
            NvFileDeviceCheck.Enforce(File(OtherImei, Nv550(OtherImei)), Modem(ThisImei), "nv.json", allowOtherDevice: true, only: new HashSet<int> { 10 }));

        // the file's own IMEI still identifies this modem, so no --other-device is needed for a part of it
        NvFileDeviceCheck.Enforce(File(null, Nv550(ThisImei)), Modem(ThisImei), "nv.json", allowOtherDevice: false, only: new HashSet<int> { 10 });
    }
}
