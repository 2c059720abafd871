using ZteDiag.Workbench.Nv;


namespace ZteDiag.EndToEnd;

/// <summary>nv restore cannot be talked into writing another modem's NV by removing "device" from the file.</summary>
public sealed class NvRestoreDeviceCheckVerbTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "ztediag-nvdev-e2e-" + Guid.NewGuid().ToString("N"));

    public NvRestoreDeviceCheckVerbTests() => Directory.CreateDirectory(_dir);

    public void Dispose()
    {
        try { Directory.Delete(_dir, recursive: true); }
        catch (IOException) { }
    }

    [Fact]
    public async Task A_file_without_a_device_is_refused_without_other_device_and_another_imei_in_it_is_refused_always()
    {
        await using var emu = await EmulatorProcess.StartAsync("--profile", "mf627-mts", "--state", Path.Combine(_dir, "state"));
        string nvJson = Path.Combine(_dir, "nv.json");
        Assert.Equal(0, (await ZteDiagProcess.RunAsync(["nv", "backup", "-o", nvJson, "--last", "600", "--spc", "000000", .. emu.PortArgs])).ExitCode);
        var file = NvBackupFile.Parse(File.ReadAllBytes(nvJson));
        var item = file.Items.First(i => i.Status == "done" && i.Id != 550);
        string changed = (item.Data[..1] == "f" ? "0" : "f") + item.Data[1..];
        string stripped = Path.Combine(_dir, "stripped.json");
        File.WriteAllBytes(stripped, (file with { Device = null, Items = [item with { Data = changed }] }).ToJson());
        string nvState = Path.Combine(emu.StateDirectory, "nv.json");
        byte[] nvBefore = File.ReadAllBytes(nvState);

        var (code, stdout, stderr) = await ZteDiagProcess.RunAsync(["nv", "restore", stripped, "--yes", "--take-backup", .. emu.PortArgs]);
        Assert.True(code == 5, $"exit {code}: {stdout}{stderr}");
        Assert.Contains("records no device", stderr, StringComparison.Ordinal);
        Assert.Contains("--other-device", stderr, StringComparison.Ordinal);
        Assert.Equal(nvBefore, File.ReadAllBytes(nvState));

        // another modem's IMEI (NV 550) in a device-less file: refused even with --other-device
        byte[] otherImei = new byte[ZteDiag.Protocol.Diag.Imei.NvLength];
        Assert.Equal(ZteDiag.Protocol.Diag.ImeiError.None, ZteDiag.Protocol.Diag.Imei.TryEncode("352708007890124", otherImei));
        string cloned = Path.Combine(_dir, "cloned.json");
        File.WriteAllBytes(cloned, (file with
        {
            Device = null,
            Items = [item with { Data = changed }, new NvBackupItem(550, "UE_IMEI", "done", Convert.ToHexStringLower(otherImei))],
        }).ToJson());
        var (code2, stdout2, stderr2) = await ZteDiagProcess.RunAsync(["nv", "restore", cloned, "--yes", "--other-device", "--take-backup", .. emu.PortArgs]);
        Assert.True(code2 == 5, $"exit {code2}: {stdout2}{stderr2}");
        Assert.Contains("another modem's IMEI (NV 550)", stderr2, StringComparison.Ordinal);
        Assert.DoesNotContain("352708007890124", stderr2, StringComparison.Ordinal);
        Assert.Equal(nvBefore, File.ReadAllBytes(nvState));
    }
}
