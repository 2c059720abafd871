using ZteDiag.Workbench.Checklists;
using ZteDiag.Workbench.Tests.Archive;

namespace ZteDiag.Workbench.Tests.Checklists;

public class ChecklistLoaderTests
{
    private const string Valid = """
        {
          "id": "tiny",
          "title": "Tiny",
          "steps": [
            { "id": "a", "title": "A", "instruction": "do a", "kind": "manual", "on_failure": "fix a" },
            { "id": "b", "title": "B", "instruction": "check b", "kind": "check", "on_failure": "fix b",
              "checks": [ { "type": "at", "command": "AT+CPIN?", "expect": { "contains": "+CME ERROR: 10" } } ] }
          ]
        }
        """;

    private static ChecklistLoadException Bad(string json) =>
        Assert.Throws<ChecklistLoadException>(() => ChecklistLoader.Parse(json, "user/bad.json"));

    [Fact]
    public void Every_built_in_checklist_loads_and_validates()
    {
        IReadOnlyList<ChecklistDefinition> all = ChecklistLoader.LoadBuiltIn();
        Assert.Equal(
            ["disable-cd-emulation", "mf627-unlock-globe", "mf627-voice-mts", "recover-download-mode", "restore-from-backup"],
            all.Select(c => c.Id));
        foreach (ChecklistDefinition c in all)
        {
            Assert.StartsWith("builtin:", c.Origin, StringComparison.Ordinal);
            Assert.NotEmpty(c.Steps);
            Assert.All(c.Steps, s => Assert.False(string.IsNullOrWhiteSpace(s.OnFailure)));
            Assert.Equal(c.Steps.Count, c.Steps.Select(s => s.Id).Distinct().Count());
        }
    }

    [Fact]
    public void The_globe_checklist_follows_the_field_procedure()
    {
        ChecklistDefinition c = ChecklistLoader.LoadBuiltIn().Single(x => x.Id == "mf627-unlock-globe");
        Assert.Equal(
            ["identity-before", "backup-before", "remove-sim", "prepare-host", "run-updater", "redetect", "cd-emulation-off", "cd-startup-flag", "autorun-off", "identity-after", "backup-after"],
            c.Steps.Select(s => s.Id));
        ChecklistStep updater = c.Steps[c.IndexOf("run-updater")];
        Assert.Equal(StepKind.Manual, updater.Kind);
        Assert.Equal(TimeSpan.FromMinutes(15), updater.ExpectedDuration!.Min);
        Assert.Equal(TimeSpan.FromMinutes(25), updater.ExpectedDuration.Max);
        Assert.Equal("15–25 min", updater.ExpectedDuration.ToString());
        Assert.Contains(updater.Warnings, w => w.Text.Contains("unplug", StringComparison.Ordinal));
        Assert.Contains(c.Steps[c.IndexOf("prepare-host")].Warnings, w => w.CommonAdvice && w.Text.Contains("motherboard", StringComparison.Ordinal));
        ChecklistStep sim = c.Steps[c.IndexOf("remove-sim")];
        Assert.Equal(new CheckSpec(CheckType.At, "AT+CPIN?", null, new CheckExpectation("+CME ERROR: 10", null, null, null, null), IdentitySlot.Before), sim.Checks.Single());
        ChecklistStep redetect = c.Steps[c.IndexOf("redetect")];
        Assert.Equal(StepKind.WaitForDevice, redetect.Kind);
        Assert.True(redetect.ExpectUnplug);
        Assert.Contains(redetect.Checks, k => k is { Type: CheckType.Ati, Expect: { Model: "MF626", RevisionPrefix: "BD_P673M3" } });
        Assert.True(c.Steps[c.IndexOf("autorun-off")].Optional);
    }

    [Fact]
    public void A_valid_file_parses_with_step_lines()
    {
        ChecklistDefinition c = ChecklistLoader.Parse(Valid, "tiny.json");
        Assert.Equal("tiny", c.Id);
        Assert.Equal([5, 6], c.Steps.Select(s => s.Line));
    }

    [Fact]
    public void Bad_json_syntax_names_file_line_and_the_field_being_read()
    {
        var ex = Bad("{\n  \"id\": \"x\",\n  \"title\": \"T\"\n  \"steps\": []\n}");
        Assert.Equal("user/bad.json", ex.File);
        Assert.Equal(4, ex.Line);
        Assert.Equal("title", ex.Field);
        Assert.StartsWith("user/bad.json:4:", ex.Message, StringComparison.Ordinal);
        Assert.Contains("invalid JSON", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_step_kind_names_line_column_and_field()
    {
        var ex = Bad(Valid.Replace("\"kind\": \"manual\"", "\"kind\": \"pray\"", StringComparison.Ordinal));
        Assert.Equal(5, ex.Line);
        Assert.Equal("steps[0].kind", ex.Field);
        Assert.True(ex.Column > 1);
        Assert.Contains("unknown step kind 'pray'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("wait-for-device", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_title_names_the_step_and_field()
    {
        var ex = Bad(Valid.Replace("\"title\": \"B\", ", "", StringComparison.Ordinal));
        Assert.Equal(6, ex.Line);
        Assert.Equal("steps[1].title", ex.Field);
        Assert.Contains("required field 'title' is missing", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_duplicate_step_id_names_the_second_occurrence()
    {
        var ex = Bad(Valid.Replace("\"id\": \"b\"", "\"id\": \"a\"", StringComparison.Ordinal));
        Assert.Equal(6, ex.Line);
        Assert.Equal("steps[1].id", ex.Field);
        Assert.Contains("duplicate step id 'a' (first used on line 5)", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_wrong_value_type_names_the_field()
    {
        var ex = Bad(Valid.Replace("\"kind\": \"manual\"", "\"kind\": \"manual\", \"optional\": \"yes\"", StringComparison.Ordinal));
        Assert.Equal(5, ex.Line);
        Assert.Equal("steps[0].optional", ex.Field);
        Assert.Contains("expected a boolean, got string \"yes\"", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_check_type_names_the_check()
    {
        var ex = Bad(Valid.Replace("\"type\": \"at\"", "\"type\": \"vibes\"", StringComparison.Ordinal));
        Assert.Equal(7, ex.Line);
        Assert.Equal("steps[1].checks[0].type", ex.Field);
        Assert.Contains("unknown check type 'vibes'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_field_is_an_error()
    {
        var ex = Bad(Valid.Replace("\"kind\": \"manual\"", "\"kind\": \"manual\", \"tiemout\": 3", StringComparison.Ordinal));
        Assert.Equal("steps[0].tiemout", ex.Field);
        Assert.Contains("unknown field 'tiemout'", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\"kind\": \"action\"", "steps[0].action", "needs an 'action' field")]
    [InlineData("\"kind\": \"wait-for-device\"", "steps[0].timeout_seconds", "needs 'timeout_seconds'")]
    [InlineData("\"kind\": \"check\"", "steps[0].checks", "at least one entry in 'checks'")]
    public void A_step_missing_what_its_kind_needs_is_an_error(string kind, string field, string problem)
    {
        var ex = Bad(Valid.Replace("\"kind\": \"manual\"", kind, StringComparison.Ordinal));
        Assert.Equal(field, ex.Field);
        Assert.Contains(problem, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_action_field_that_does_not_apply_is_an_error()
    {
        string json = Valid.Replace("\"kind\": \"manual\"",
            "\"kind\": \"action\", \"action\": { \"type\": \"autorun-off\", \"target\": \"/X\" }", StringComparison.Ordinal);
        var ex = Bad(json);
        Assert.Equal("steps[0].action.target", ex.Field);
    }

    [Fact]
    public void An_empty_file_is_an_error()
    {
        var ex = Bad("   ");
        Assert.Equal("user/bad.json", ex.File);
    }

    [Fact]
    public void User_checklists_come_from_the_config_directory_and_can_replace_a_built_in()
    {
        using var tmp = new TempDir();
        var paths = new ChecklistPaths(v => v switch { "XDG_CONFIG_HOME" => tmp.Combine("cfg"), "HOME" => tmp.Path, _ => null });
        Assert.Equal(tmp.Combine("cfg", "ztediag", "checklists"), paths.UserChecklistDirectory);
        Directory.CreateDirectory(paths.UserChecklistDirectory);
        File.WriteAllText(Path.Combine(paths.UserChecklistDirectory, "mine.json"), Valid);
        File.WriteAllText(Path.Combine(paths.UserChecklistDirectory, "cd.json"), Valid.Replace("\"tiny\"", "\"disable-cd-emulation\"", StringComparison.Ordinal));

        IReadOnlyList<ChecklistDefinition> all = ChecklistLoader.LoadAll(paths.UserChecklistDirectory);

        Assert.Contains(all, c => c.Id == "tiny");
        Assert.Equal(Path.Combine(paths.UserChecklistDirectory, "cd.json"), all.Single(c => c.Id == "disable-cd-emulation").Origin);
        Assert.Equal(6, all.Count);
    }

    [Fact]
    public void A_malformed_user_file_names_its_path()
    {
        using var tmp = new TempDir();
        string file = tmp.Combine("broken.json");
        File.WriteAllText(file, Valid.Replace("\"kind\": \"manual\"", "\"kind\": 7", StringComparison.Ordinal));
        var ex = Assert.Throws<ChecklistLoadException>(() => ChecklistLoader.LoadDirectory(tmp.Path));
        Assert.Equal(file, ex.File);
        Assert.StartsWith(file + ":5:", ex.Message, StringComparison.Ordinal);
        Assert.Contains("expected a string, got number 7", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Paths_fall_back_to_home_when_xdg_is_unset()
    {
        var paths = new ChecklistPaths(v => v == "HOME" ? "/home/u" : null);
        Assert.Equal("/home/u/.config/ztediag/checklists", paths.UserChecklistDirectory);
        Assert.Equal("/home/u/.local/state/ztediag/checklists", paths.StateDirectory);
    }
}
