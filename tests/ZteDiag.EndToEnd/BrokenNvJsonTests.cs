namespace ZteDiag.EndToEnd;

/// <summary>`ztediag nv restore` given a damaged nv.json: a usage error naming the file, never a stack trace.</summary>
public sealed class BrokenNvJsonTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "ztediag-badnv-" + Guid.NewGuid().ToString("N"));

    public BrokenNvJsonTests() => Directory.CreateDirectory(_root);

    public void Dispose()
    {
        try { Directory.Delete(_root, recursive: true); }
        catch (IOException) { }
    }

    [Theory]
    [InlineData("""{"schema_version":1,"items":null}""")]
    [InlineData("""{"schema_version":1,"items":[null]}""")]
    public async Task NvRestore_OfAnNvJsonWithNullItems_ExitsWithUsageError_AndNoStackTrace(string json)
    {
        string nvJson = Path.Combine(_root, "nv.json");
        await File.WriteAllTextAsync(nvJson, json, TestContext.Current.CancellationToken);
        var env = new Dictionary<string, string>
        {
            ["XDG_STATE_HOME"] = Path.Combine(_root, "state"),
            ["XDG_CONFIG_HOME"] = Path.Combine(_root, "config"),
        };

        var (code, stdout, stderr) = await ZteDiagProcess.RunAsync(
            ["nv", "restore", nvJson, "--port", "/dev/null-no-such-port", "--yes"], timeout: TimeSpan.FromMinutes(2), environment: env);

        Assert.Equal(2, code);
        Assert.Contains("not an NV backup", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", stdout + stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("internal error", stdout + stderr, StringComparison.Ordinal);
    }
}
