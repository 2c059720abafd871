namespace ZteDiag.Workbench.Tests.Setup;

/// <summary>
/// Exact comparison with <c>fixtures/golden/&lt;name&gt;</c>. To regenerate after a deliberate change, run the tests with
/// <c>ZTEDIAG_GOLDEN_UPDATE=&lt;repo&gt;/fixtures/golden</c>, then review the diff.
/// </summary>
internal static class Golden
{
    public static void AssertMatches(string name, string actual)
    {
        if (Environment.GetEnvironmentVariable("ZTEDIAG_GOLDEN_UPDATE") is { Length: > 0 } dir)
        {
            File.WriteAllText(Path.Combine(dir, name), actual);
        }

        string path = Path.Combine(AppContext.BaseDirectory, "fixtures", "golden", name);
        Assert.True(File.Exists(path), $"golden file {name} is missing");
        Assert.Equal(File.ReadAllText(path), actual);
    }
}
