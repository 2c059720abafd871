using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ZteDiag.Workbench.Checklists;

/// <summary>Markdown and JSON records of a run: every step, who confirmed what and when, the evidence,
/// identity before and after, the backups made.</summary>
public static class ChecklistReport
{
    /// <summary>Markdown record of <paramref name="state"/>.</summary>
    public static string ToMarkdown(ChecklistDefinition checklist, ChecklistRunState state)
    {
        ArgumentNullException.ThrowIfNull(checklist);
        ArgumentNullException.ThrowIfNull(state);
        var sb = new StringBuilder();
        void L(string s = "") => sb.Append(s).Append('\n');
        L($"# Checklist run: {checklist.Title}");
        L();
        L($"- Checklist: `{checklist.Id}` ({checklist.Origin})");
        L($"- Device key: `{state.DeviceKey}`");
        L($"- Status: **{Name(state.Status)}**{(state.CurrentStep is { } cur && state.Status != RunStatus.Completed ? $" at step `{cur}`" : "")}");
        L($"- Started: {Time(state.StartedAt)} by {state.StartedBy}");
        L($"- Last update: {Time(state.UpdatedAt)}");
        if (state.CompletedAt is { } done) L($"- Completed: {Time(done)}");
        L();
        L("## Identity");
        L();
        L("| | Before | After |");
        L("|---|---|---|");
        L($"| Model | {Cell(state.IdentityBefore?.Model)} | {Cell(state.IdentityAfter?.Model)} |");
        L($"| Revision | {Cell(state.IdentityBefore?.Revision)} | {Cell(state.IdentityAfter?.Revision)} |");
        L($"| IMEI | {Cell(state.IdentityBefore?.ImeiMasked)} | {Cell(state.IdentityAfter?.ImeiMasked)} |");
        L($"| Version | {Cell(state.IdentityBefore?.Version)} | {Cell(state.IdentityAfter?.Version)} |");
        L($"| Recorded | {Cell(state.IdentityBefore is { } b ? Time(b.RecordedAt) : null)} | {Cell(state.IdentityAfter is { } a ? Time(a.RecordedAt) : null)} |");
        L();
        L("## Backups");
        L();
        if (state.Backups.Count == 0) L("None made in this run.");
        foreach (BackupRecord bk in state.Backups)
        {
            L(string.Create(CultureInfo.InvariantCulture,
                $"- `{bk.Path}` — {bk.Files} files, {bk.NvItems} NV items, {bk.Bytes} bytes, verified: {(bk.Verified ? "yes" : "NO")}{(bk.Sha256 is null ? "" : ", sha256 " + bk.Sha256)}"));
        }
        L();
        L("## Steps");
        for (int i = 0; i < checklist.Steps.Count; i++)
        {
            ChecklistStep step = checklist.Steps[i];
            StepRecord rec = state.Step(step.Id) ?? new StepRecord { StepId = step.Id };
            L();
            L(string.Create(CultureInfo.InvariantCulture, $"### {i + 1}. {step.Title} (`{step.Id}`)"));
            L();
            L($"- Kind: {KindName(step.Kind)}{(step.Optional ? " (optional)" : "")}");
            L($"- Status: **{Name(rec.Status)}**");
            if (rec.ConfirmedBy is not null) L($"- Confirmed by: {rec.ConfirmedBy}");
            if (rec.StartedAt is { } s) L($"- Started: {Time(s)}");
            if (rec.FinishedAt is { } f) L($"- Finished: {Time(f)}");
            if (rec.Attempts > 1) L(string.Create(CultureInfo.InvariantCulture, $"- Attempts: {rec.Attempts}"));
            if (rec.Message is not null) L($"- Note: {rec.Message}");
            if (rec.Status == StepStatus.Failed) L($"- Remedy: {rec.Remedy ?? step.OnFailure}");
            if (rec.Evidence.Count > 0)
            {
                L();
                L("```text");
                foreach (string e in rec.Evidence) L(e.Replace("```", "'''", StringComparison.Ordinal));
                L("```");
            }
        }
        return sb.ToString();
    }

    /// <summary>JSON record of <paramref name="state"/> (snake_case, indented).</summary>
    public static string ToJson(ChecklistDefinition checklist, ChecklistRunState state)
    {
        ArgumentNullException.ThrowIfNull(checklist);
        ArgumentNullException.ThrowIfNull(state);
        JsonNode run = JsonSerializer.SerializeToNode(state, ChecklistStateStore.JsonOptions)!;
        var steps = new JsonArray();
        foreach (ChecklistStep step in checklist.Steps)
        {
            StepRecord rec = state.Step(step.Id) ?? new StepRecord { StepId = step.Id };
            JsonNode node = JsonSerializer.SerializeToNode(rec, ChecklistStateStore.JsonOptions)!;
            node["title"] = step.Title;
            node["kind"] = KindName(step.Kind);
            node["optional"] = step.Optional;
            if (rec.Status == StepStatus.Failed) node["remedy"] = rec.Remedy ?? step.OnFailure;
            steps.Add(node);
        }
        var root = new JsonObject
        {
            ["checklist"] = checklist.Id,
            ["title"] = checklist.Title,
            ["origin"] = checklist.Origin,
            ["device_key"] = state.DeviceKey,
            ["status"] = Name(state.Status),
            ["current_step"] = state.CurrentStep,
            ["started_by"] = state.StartedBy,
            ["started_at"] = run["started_at"]?.DeepClone(),
            ["updated_at"] = run["updated_at"]?.DeepClone(),
            ["completed_at"] = run["completed_at"]?.DeepClone(),
            ["identity_before"] = run["identity_before"]?.DeepClone(),
            ["identity_after"] = run["identity_after"]?.DeepClone(),
            ["backups"] = run["backups"]?.DeepClone(),
            ["steps"] = steps,
        };
        return root.ToJsonString(ChecklistStateStore.JsonOptions);
    }

    private static string Name<T>(T value) where T : struct, Enum => JsonNamingPolicy.KebabCaseLower.ConvertName(value.ToString());

    private static string KindName(StepKind k) => Name(k);

    private static string Time(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static string Cell(string? s) => string.IsNullOrEmpty(s) ? "—" : s.Replace("|", "\\|", StringComparison.Ordinal);
}
