using ZteDiag.Workbench.Archive;

namespace ZteDiag.Workbench.Tests.Archive;

public sealed class DeviceFingerprintTests
{
    [Fact]
    public void Create_MasksAndMatchesTheSameImeiOnly()
    {
        var fp = DeviceFingerprint.Create("351234060012345");
        Assert.Equal("35123406*****45", fp.Masked);
        Assert.True(fp.Matches("351234060012345"));
        Assert.True(fp.Matches("35-123406-001234-5"));
        Assert.False(fp.Matches("351234060012346"));
        Assert.False(fp.Matches("not an imei"));
        Assert.Equal(64, fp.HashHex.Length);
    }

    [Fact]
    public void Create_TwoArchives_GetDifferentSaltsAndHashes()
    {
        var a = DeviceFingerprint.Create("351234060012345");
        var b = DeviceFingerprint.Create("351234060012345");
        Assert.NotEqual(a.SaltHex, b.SaltHex);
        Assert.NotEqual(a.HashHex, b.HashHex);
    }

    [Fact]
    public void Create_KnownSalt_GivesSha256OfSaltThenDigits()
    {
        var fp = DeviceFingerprint.Create("12345", [0xAA]);
        string expected = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData([0xAA, (byte)'1', (byte)'2', (byte)'3', (byte)'4', (byte)'5']));
        Assert.Equal(expected, fp.HashHex);
        Assert.Equal("aa", fp.SaltHex);
    }

    [Fact]
    public void DeviceIdentity_WithFingerprint_MatchesImei()
    {
        var id = new DeviceIdentity { Model = "MF627" }.WithFingerprint(DeviceFingerprint.Create("351234060012345"));
        Assert.True(id.MatchesImei("351234060012345"));
        Assert.False(id.MatchesImei("351234060012399"));
        Assert.False(new DeviceIdentity().MatchesImei("351234060012345"));
    }
}
