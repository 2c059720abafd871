using ZteDiag.Device;

namespace ZteDiag.Workbench.Checklists;

/// <summary>The verdict of one check: passed or not, a title, the evidence lines, and why it failed.</summary>
public readonly record struct CheckVerdict(bool Ok, string Title, List<string> Lines, string Why);

/// <summary>
/// The check interpreter of a checklist: what each <see cref="CheckType"/> asks the device (an AT reply, the
/// ATI identity, a file on the EFS, the ports) or the run's records (identity, backup), and how its
/// expectation is judged. The run loop (<see cref="ChecklistRunner"/>) only records and shows the verdicts.
/// </summary>
public sealed class ChecklistCheckInterpreter(IChecklistDevice device, TimeProvider time)
{
    private readonly IChecklistDevice _device = device ?? throw new ArgumentNullException(nameof(device));
    private readonly TimeProvider _time = time ?? throw new ArgumentNullException(nameof(time));

    /// <summary>Runs <paramref name="c"/> against the device (or the run's records) and says whether it passed, with the evidence lines.</summary>
    public async Task<CheckVerdict> EvaluateAsync(ChecklistRunState state, CheckSpec c, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(c);
        switch (c.Type)
        {
            case CheckType.At:
            {
                AtResult r = await _device.SendAtAsync(c.Command!, ct).ConfigureAwait(false);
                var lines = new List<string> { "> " + c.Command };
                lines.AddRange(r.Lines);
                lines.Add(r.Final);
                var all = r.Lines.Append(r.Final).ToList();
                CheckExpectation e = c.Expect;
                if (e.Contains is not null && !all.Any(l => l.Contains(e.Contains, StringComparison.Ordinal)))
                    return new CheckVerdict(false, c.Command!, lines, $"{c.Command} reply does not contain \"{e.Contains}\"");
                if (e.NotContains is not null && all.Any(l => l.Contains(e.NotContains, StringComparison.Ordinal)))
                    return new CheckVerdict(false, c.Command!, lines, $"{c.Command} reply contains \"{e.NotContains}\"");
                bool? finalOk = e.FinalOk ?? (e.Contains is null && e.NotContains is null ? true : null);
                if (finalOk is { } want && r.IsOk != want)
                    return new CheckVerdict(false, c.Command!, lines, $"{c.Command} ended with {r.Final}, expected {(want ? "OK" : "an error")}");
                return new CheckVerdict(true, c.Command!, lines, "");
            }
            case CheckType.Ati:
            {
                DeviceIdentitySnapshot id = await _device.ReadIdentityAsync(ct).ConfigureAwait(false);
                var lines = ChecklistEvidence.Identity(IdentityRecord.From(id, _time.GetUtcNow()));
                if (c.Expect.Model is { } m && !string.Equals(id.Model.Trim(), m, StringComparison.OrdinalIgnoreCase))
                    return new CheckVerdict(false, "ATI", lines, $"model is {id.Model}, expected {m}");
                if (c.Expect.RevisionPrefix is { } p && !id.Revision.Trim().StartsWith(p, StringComparison.Ordinal))
                    return new CheckVerdict(false, "ATI", lines, $"revision is {id.Revision}, expected {p}…");
                return new CheckVerdict(true, "ATI", lines, "");
            }
            case CheckType.EfsAbsent:
            case CheckType.EfsPresent:
            {
                bool exists = await _device.EfsExistsAsync(c.Path!, ct).ConfigureAwait(false);
                bool want = c.Type == CheckType.EfsPresent;
                var lines = new List<string> { $"{c.Path}: {(exists ? "present" : "absent")}" };
                return new CheckVerdict(exists == want, "EFS " + c.Path, lines, $"{c.Path} is {(exists ? "still present" : "missing")}");
            }
            case CheckType.PortsPresent:
            {
                PortPresence p = await _device.ProbeAsync(ct).ConfigureAwait(false);
                var lines = p.Ports.Count > 0 ? p.Ports.ToList() : ["(no modem ports found)"];
                return new CheckVerdict(p.Present, "ports", lines, "the modem's ports are not there");
            }
            case CheckType.IdentityRecorded:
            {
                IdentityRecord? id = c.Slot == IdentitySlot.Before ? state.IdentityBefore : state.IdentityAfter;
                string slot = c.Slot == IdentitySlot.Before ? "before" : "after";
                return id is null
                    ? new CheckVerdict(false, "identity " + slot, ["(not recorded)"], $"the identity {slot} the procedure has not been recorded")
                    : new CheckVerdict(true, "identity " + slot, ChecklistEvidence.Identity(id), "");
            }
            default:
            {
                BackupRecord? b = state.Backups.LastOrDefault();
                return b is null
                    ? new CheckVerdict(false, "backup", ["(no backup made in this run)"], "no backup has been made in this run")
                    : new CheckVerdict(b.Verified, "backup", ChecklistEvidence.Backup(b), $"backup {b.Path} failed verification");
            }
        }
    }
}
