using ZteDiag.Workbench.Setup;

namespace ZteDiag.Workbench.Tests.Setup;

public sealed class UdevRulesInstallerTests : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("ztediag-udev-").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    [Fact]
    public void Installs_after_confirmation_and_leaves_identical_content_alone()
    {
        string path = Path.Combine(dir, "60-ztediag.rules");
        string rules = UdevRulesGenerator.Generate();
        var questions = new List<string>();

        Assert.Equal(UdevInstallOutcome.Declined, UdevRulesInstaller.Install(rules, q => { questions.Add(q); return false; }, path));
        Assert.False(File.Exists(path));
        Assert.Equal(UdevInstallOutcome.Written, UdevRulesInstaller.Install(rules, q => { questions.Add(q); return true; }, path));
        Assert.Equal(rules, File.ReadAllText(path));
        Assert.Equal(UdevInstallOutcome.Unchanged, UdevRulesInstaller.Install(rules, _ => throw new InvalidOperationException("not asked"), path));
        Assert.Equal(UdevInstallOutcome.Written, UdevRulesInstaller.Install(rules + "# x\n", q => { questions.Add(q); return true; }, path));
        Assert.Equal([$"Write {path}?", $"Write {path}?", $"Replace {path}?"], questions);
    }
}
