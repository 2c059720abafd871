using ZteDiag.Workbench.Archive;

namespace ZteDiag.Workbench.Tests.Archive;

public sealed class BackupNamingTests
{
    [Fact]
    public void DefaultFileName_ModelRevisionAndTime()
    {
        var t = new DateTimeOffset(2026, 11, 23, 14, 5, 1, TimeSpan.FromHours(1));
        Assert.Equal("MF627-BD_MTSP673A4V1.0.0B01-20261123-140501.tar.gz", BackupNaming.DefaultFileName("MF627", "BD_MTSP673A4V1.0.0B01", t));
    }

    [Theory]
    [InlineData("MF 627/../x", "MF_627_.._x")]
    [InlineData("..hidden", "hidden")]
    [InlineData("", "unknown")]
    [InlineData(null, "unknown")]
    [InlineData("a\\b:c*?", "a_b_c_")]
    public void DefaultFileName_SanitisesParts(string? model, string expected)
    {
        string name = BackupNaming.DefaultFileName(model, "R1", new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero));
        Assert.Equal($"{expected}-R1-20260102-030405.tar.gz", name);
        Assert.DoesNotContain('/', name);
    }
}
