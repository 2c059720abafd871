using ZteDiag.Workbench.Archive;
using ZteDiag.Workbench.Safety;

namespace ZteDiag.Workbench.Tests.Jobs;

public sealed class ResumeDeviceCheckTests
{
    private const string Imei = "354613020012342";
    private const string Other = "352708007890124";

    [Fact]
    public void The_modem_the_journal_was_started_on_may_resume()
    {
        ResumeDeviceCheck.Enforce(DeviceFingerprint.Create(Imei), Imei, allowUnidentified: false, "restore", "j.json");
    }

    [Fact]
    public void Another_modem_is_refused_even_with_other_device()
    {
        var ex = Assert.Throws<SafetyException>(() =>
            ResumeDeviceCheck.Enforce(DeviceFingerprint.Create(Imei), Other, allowUnidentified: true, "restore", "j.json"));
        Assert.Contains("another modem", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    public void A_modem_without_IMEI_cannot_continue_a_journal_that_has_one(string? now)
    {
        var ex = Assert.Throws<SafetyException>(() =>
            ResumeDeviceCheck.Enforce(DeviceFingerprint.Create(Imei), now, allowUnidentified: true, "NV restore", "j.json"));
        Assert.Contains("reports no IMEI", ex.Message, StringComparison.Ordinal);
        Assert.Contains("35461302*****42", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(Imei)]
    [InlineData(null)]
    public void A_journal_without_IMEI_is_refused_unless_the_caller_accepts_it(string? now)
    {
        var ex = Assert.Throws<SafetyException>(() => ResumeDeviceCheck.Enforce(null, now, allowUnidentified: false, "restore", "j.json"));
        Assert.Contains("--other-device", ex.Message, StringComparison.Ordinal);

        ResumeDeviceCheck.Enforce(null, now, allowUnidentified: true, "restore", "j.json");
    }
}
