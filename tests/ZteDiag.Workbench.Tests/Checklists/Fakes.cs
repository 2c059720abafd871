using ZteDiag.Workbench.Checklists;

namespace ZteDiag.Workbench.Tests.Checklists;

/// <summary>In-memory modem for the runner: identity, SIM, EFS flag files, presence script.</summary>
internal sealed class FakeChecklistDevice : IChecklistDevice
{
    public string Model { get; set; } = "MF627";
    public string Revision { get; set; } = "BD_MTSP673A4V1.0.0B01";
    public string Imei { get; set; } = "351234067890123";
    public bool Present { get; set; } = true;
    public bool SimInserted { get; set; } = true;
    public bool BackupVerifies { get; set; } = true;
    public bool Autorun { get; set; } = true;
    public HashSet<string> Efs { get; } = new(StringComparer.Ordinal) { "/AUTORUN.FLG", "/CD_STARTUP_FLAG", "/NODOWNLOAD.FLG", "/PCUI.VN" };
    public Dictionary<string, string> Contents { get; } = new(StringComparer.Ordinal) { ["/PCUI.VN"] = "MTS_MF627" };

    /// <summary>Scripted probe answers, used before <see cref="Present"/>.</summary>
    public Queue<bool> ProbeScript { get; } = new();

    public List<string> Log { get; } = [];
    public int Backups { get; private set; }

    /// <summary>What the vendor updater does to the stick (profile switch).</summary>
    public void Flash(string model, string revision, string pcui)
    {
        Model = model;
        Revision = revision;
        Contents["/PCUI.VN"] = pcui;
    }

    private void EnsurePresent()
    {
        if (!Present) throw new IOException("no such port: the modem is unplugged");
    }

    public Task<PortPresence> ProbeAsync(CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        bool p = ProbeScript.Count > 0 ? ProbeScript.Dequeue() : Present;
        Log.Add("probe " + p);
        return Task.FromResult(p ? new PortPresence(true, ["/dev/ttyUSB0 if00 DIAG", "/dev/ttyUSB1 if01 AT", "/dev/ttyUSB2 if03 modem"]) : PortPresence.Absent);
    }

    public Task<DeviceIdentitySnapshot> ReadIdentityAsync(CancellationToken ct)
    {
        EnsurePresent();
        Log.Add("ATI");
        return Task.FromResult(new DeviceIdentitySnapshot("ZTE INCORPORATED", Model, Revision, Imei, Revision + " summary"));
    }

    public Task<AtResult> SendAtAsync(string command, CancellationToken ct)
    {
        EnsurePresent();
        Log.Add(command);
        AtResult r = command switch
        {
            "AT" => new AtResult([], "OK"),
            "AT+CPIN?" => SimInserted ? new AtResult(["+CPIN: READY"], "OK") : new AtResult([], "+CME ERROR: 10"),
            "AT+ZCDRUN=4" => new AtResult(["Inquiry autorun open state result(0:NO 1:YES):" + (Autorun ? "1" : "0")], "OK"),
            _ => new AtResult([], "ERROR"),
        };
        return Task.FromResult(r);
    }

    public Task<bool> EfsExistsAsync(string path, CancellationToken ct)
    {
        EnsurePresent();
        return Task.FromResult(Efs.Contains(path));
    }

    public Task<BackupRecord> BackupAsync(BackupRequest request, IProgress<DeviceJobProgress> progress, CancellationToken ct)
    {
        EnsurePresent();
        Backups++;
        progress.Report(new DeviceJobProgress("/PCUI.VN", 1, 2));
        progress.Report(new DeviceJobProgress("nv", 2, 2));
        return Task.FromResult(new BackupRecord($"/backups/{Model}-{Backups}.tar", BackupVerifies, Efs.Count, request.Nv ? 42 : 0, 4096, "ab12"));
    }

    public Task<DeviceActionResult> RestoreAsync(RestoreRequest request, IProgress<DeviceJobProgress> progress, CancellationToken ct)
    {
        EnsurePresent();
        Log.Add("restore " + request.ArchivePath);
        return Task.FromResult(new DeviceActionResult(true, ["restored " + Path.GetFileName(request.ArchivePath)]));
    }

    public Task<DeviceActionResult> CdEmulationOffAsync(CdEmulationMethod method, BackupRecord backup, CancellationToken ct)
    {
        EnsurePresent();
        if (method == CdEmulationMethod.ZcdRun)
        {
            Log.Add("AT+ZCDRUN=8");
            Autorun = false;
            Efs.Remove("/AUTORUN.FLG");
            return Task.FromResult(new DeviceActionResult(true, ["> AT+ZCDRUN=8", "Close autorun state result(0:FAIL 1:SUCCESS):1", "OK"]));
        }
        Efs.Remove("/CD_STARTUP_FLAG");
        return Task.FromResult(new DeviceActionResult(true, ["deleted /CD_STARTUP_FLAG"]));
    }

    public Task<DeviceActionResult> AutorunOffAsync(BackupRecord backup, CancellationToken ct)
    {
        EnsurePresent();
        Efs.Remove("/AUTORUN.FLG");
        return Task.FromResult(new DeviceActionResult(true, ["/AUTORUN.FLG removed"]));
    }

    public Task<DeviceActionResult> IdentifierSwapAsync(string efsPath, string localFile, BackupRecord backup, CancellationToken ct)
    {
        EnsurePresent();
        Contents[efsPath] = File.ReadAllText(localFile);
        Efs.Add(efsPath);
        return Task.FromResult(new DeviceActionResult(true, [$"{efsPath}: {Contents[efsPath]}", "read back: identical"]));
    }

    public Task<DeviceActionResult> DownloadModeExitAsync(BackupRecord backup, CancellationToken ct)
    {
        EnsurePresent();
        Efs.Add("/NODOWNLOAD.FLG");
        return Task.FromResult(new DeviceActionResult(true, ["> AT+ZCDRUN=F", "exit download mode result(0:FAIL 1:SUCCESS):1", "OK"]));
    }
}

/// <summary>Prompter answering from scripts and recording what the runner showed.</summary>
internal sealed class ScriptedPrompter : IChecklistPrompter
{
    public Func<ChecklistStep, PromptAnswer> Manual { get; set; } = _ => PromptAnswer.Yes;
    public Func<ChecklistStep, PromptAnswer> Action { get; set; } = _ => PromptAnswer.Yes;
    public Func<ChecklistStep, string?> File { get; set; } = _ => null;
    public Action<ChecklistStep, TimeSpan>? OnCountdown { get; set; }

    public List<string> StepsShown { get; } = [];
    public List<string> Evidence { get; } = [];
    public List<TimeSpan> Countdowns { get; } = [];
    public List<DeviceJobProgress> Progress { get; } = [];
    public List<(string Step, StepStatus Status)> Results { get; } = [];

    public List<string> Notices { get; } = [];
    public List<string> FileQuestions { get; } = [];

    public void ShowStep(ChecklistStep step, int index, int count) => StepsShown.Add(step.Id);

    public void ShowResuming(string notice) => Notices.Add(notice);

    public Task<PromptAnswer> ConfirmManualAsync(ChecklistStep step, CancellationToken ct) => Task.FromResult(Manual(step));

    public Task<PromptAnswer> ConfirmActionAsync(ChecklistStep step, string description, CancellationToken ct) => Task.FromResult(Action(step));

    public Task<string?> AskForFileAsync(ChecklistStep step, string question, CancellationToken ct)
    {
        FileQuestions.Add(question);
        return Task.FromResult(File(step));
    }

    public void ShowEvidence(ChecklistStep step, string title, IReadOnlyList<string> lines) => Evidence.AddRange(lines.Select(l => step.Id + ": " + l));

    public void ShowCountdown(ChecklistStep step, TimeSpan remaining, string waitingFor)
    {
        Countdowns.Add(remaining);
        OnCountdown?.Invoke(step, remaining);
    }

    public void ShowProgress(ChecklistStep step, DeviceJobProgress progress) => Progress.Add(progress);

    public void ShowStepResult(ChecklistStep step, StepRecord record) => Results.Add((step.Id, record.Status));
}
