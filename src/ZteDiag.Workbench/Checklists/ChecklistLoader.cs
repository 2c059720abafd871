using System.Reflection;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace ZteDiag.Workbench.Checklists;

/// <summary>
/// Loads and validates checklist files (JSON). Validation is strict: unknown fields, unknown step
/// kinds / check types / action types, duplicate ids, missing titles and wrong value types are
/// errors (<see cref="ChecklistLoadException"/>) naming the file, line, column and field.
/// </summary>
public static partial class ChecklistLoader
{
    private const string ResourcePrefix = "ZteDiag.Workbench.Checklists.BuiltIn.";

    /// <summary>Parses one checklist from UTF-8 JSON.</summary>
    /// <param name="utf8">File content.</param>
    /// <param name="origin">File name used in messages and <see cref="ChecklistDefinition.Origin"/>.</param>
    /// <exception cref="ChecklistLoadException">The content is malformed.</exception>
    public static ChecklistDefinition Parse(ReadOnlySpan<byte> utf8, string origin)
    {
        ArgumentNullException.ThrowIfNull(origin);
        JNode root = JsonPositionTree.Parse(utf8, origin);
        return new Validator(origin).Checklist(root);
    }

    /// <summary>Parses one checklist from JSON text.</summary>
    /// <exception cref="ChecklistLoadException">The content is malformed.</exception>
    public static ChecklistDefinition Parse(string json, string origin)
    {
        ArgumentNullException.ThrowIfNull(json);
        return Parse(System.Text.Encoding.UTF8.GetBytes(json), origin);
    }

    /// <summary>Loads a checklist file.</summary>
    /// <exception cref="ChecklistLoadException">The file is malformed.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static ChecklistDefinition LoadFile(string path) => Parse(File.ReadAllBytes(path), path);

    /// <summary>The checklists shipped with the tool (embedded resources), sorted by id.</summary>
    /// <exception cref="ChecklistLoadException">A built-in file is malformed (a build defect).</exception>
    public static IReadOnlyList<ChecklistDefinition> LoadBuiltIn()
    {
        Assembly asm = typeof(ChecklistLoader).Assembly;
        var list = new List<ChecklistDefinition>();
        foreach (string name in asm.GetManifestResourceNames().Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            using Stream s = asm.GetManifestResourceStream(name)!;
            using var ms = new MemoryStream();
            s.CopyTo(ms);
            list.Add(Parse(ms.ToArray(), "builtin:" + name[ResourcePrefix.Length..]));
        }
        return list.OrderBy(c => c.Id, StringComparer.Ordinal).ToList();
    }

    /// <summary>Every <c>*.json</c> file in <paramref name="directory"/> (missing directory → empty).</summary>
    /// <exception cref="ChecklistLoadException">A file is malformed.</exception>
    public static IReadOnlyList<ChecklistDefinition> LoadDirectory(string directory)
    {
        if (!Directory.Exists(directory)) return [];
        return Directory.EnumerateFiles(directory, "*.json").Order(StringComparer.Ordinal).Select(LoadFile).ToList();
    }

    /// <summary>
    /// Built-ins plus the user's checklists (<see cref="ChecklistPaths.UserChecklistDirectory"/>); a user
    /// checklist with the id of a built-in replaces it. Two user files with the same id are an error.
    /// </summary>
    /// <exception cref="ChecklistLoadException">A file is malformed or an id is defined twice.</exception>
    public static IReadOnlyList<ChecklistDefinition> LoadAll(string? userDirectory)
    {
        var byId = LoadBuiltIn().ToDictionary(c => c.Id, StringComparer.Ordinal);
        if (userDirectory is not null)
        {
            var seen = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (ChecklistDefinition c in LoadDirectory(userDirectory))
            {
                if (seen.TryGetValue(c.Id, out string? other))
                {
                    throw new ChecklistLoadException(c.Origin, 1, 1, "id", $"checklist id '{c.Id}' is also defined in {other}");
                }
                seen[c.Id] = c.Origin;
                byId[c.Id] = c;
            }
        }
        return byId.Values.OrderBy(c => c.Id, StringComparer.Ordinal).ToList();
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,63}$")]
    private static partial Regex IdPattern();

    private sealed class Validator(string file)
    {
        private static readonly string[] ChecklistFields = ["id", "title", "description", "devices", "sources", "steps", "$schema"];
        private static readonly string[] StepFields =
            ["id", "title", "instruction", "kind", "optional", "on_failure", "checks", "action", "warnings", "expected_duration", "timeout_seconds", "expect_unplug"];

        public ChecklistDefinition Checklist(JNode root)
        {
            Expect(root, JsonTokenType.StartObject);
            var props = Props(root, ChecklistFields);
            string id = RequiredId(root, props);
            string title = RequiredString(root, props, "title");
            string description = OptionalString(props, "description") ?? "";
            var devices = StringList(props, "devices");
            var sources = StringList(props, "sources");
            JNode stepsNode = Required(root, props, "steps");
            Expect(stepsNode, JsonTokenType.StartArray);
            if (stepsNode.Items.Count == 0) Fail(stepsNode, "a checklist needs at least one step");
            var steps = new List<ChecklistStep>();
            var ids = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (JNode s in stepsNode.Items)
            {
                ChecklistStep step = Step(s);
                if (ids.TryGetValue(step.Id, out int firstLine))
                {
                    JProperty idProp = Props(s, StepFields)["id"];
                    Fail(idProp.Value, $"duplicate step id '{step.Id}' (first used on line {firstLine})");
                }
                ids[step.Id] = s.Line;
                steps.Add(step);
            }
            return new ChecklistDefinition(id, title, description, devices, sources, steps, file);
        }

        private ChecklistStep Step(JNode s)
        {
            Expect(s, JsonTokenType.StartObject);
            var props = Props(s, StepFields);
            string id = RequiredId(s, props);
            string title = RequiredString(s, props, "title");
            string instruction = RequiredString(s, props, "instruction");
            JNode kindNode = Required(s, props, "kind");
            StepKind kind = ParseEnum(kindNode, new Dictionary<string, StepKind>
            {
                ["manual"] = StepKind.Manual, ["check"] = StepKind.Check, ["action"] = StepKind.Action, ["wait-for-device"] = StepKind.WaitForDevice,
            }, "step kind");
            bool optional = OptionalBool(props, "optional") ?? false;
            string onFailure = RequiredString(s, props, "on_failure");
            var checks = new List<CheckSpec>();
            if (props.TryGetValue("checks", out JProperty? cp))
            {
                Expect(cp.Value, JsonTokenType.StartArray);
                checks.AddRange(cp.Value.Items.Select(Check));
            }
            ActionSpec? action = null;
            if (props.TryGetValue("action", out JProperty? ap))
            {
                if (kind != StepKind.Action) Fail(ap.Value, "only steps of kind 'action' take an action");
                action = Action(ap.Value);
            }
            else if (kind == StepKind.Action)
            {
                Fail(kindNode, "a step of kind 'action' needs an 'action' field", s.Path + ".action");
            }
            if (kind == StepKind.Check && checks.Count == 0)
            {
                Fail(kindNode, "a step of kind 'check' needs at least one entry in 'checks'", s.Path + ".checks");
            }
            var warnings = new List<StepWarning>();
            if (props.TryGetValue("warnings", out JProperty? wp))
            {
                Expect(wp.Value, JsonTokenType.StartArray);
                foreach (JNode w in wp.Value.Items)
                {
                    Expect(w, JsonTokenType.StartObject);
                    var wprops = Props(w, ["text", "common_advice"]);
                    warnings.Add(new StepWarning(RequiredString(w, wprops, "text"), OptionalBool(wprops, "common_advice") ?? false));
                }
            }
            DurationRange? duration = null;
            if (props.TryGetValue("expected_duration", out JProperty? dp))
            {
                Expect(dp.Value, JsonTokenType.StartObject);
                var dprops = Props(dp.Value, ["min_minutes", "max_minutes"]);
                double min = RequiredNumber(dp.Value, dprops, "min_minutes");
                double max = dprops.ContainsKey("max_minutes") ? RequiredNumber(dp.Value, dprops, "max_minutes") : min;
                if (max < min) Fail(dprops["max_minutes"].Value, "max_minutes is smaller than min_minutes");
                duration = new DurationRange(TimeSpan.FromMinutes(min), TimeSpan.FromMinutes(max));
            }
            TimeSpan? timeout = null;
            if (props.TryGetValue("timeout_seconds", out JProperty? tp))
            {
                if (kind != StepKind.WaitForDevice) Fail(tp.Value, "only steps of kind 'wait-for-device' take a timeout");
                timeout = TimeSpan.FromSeconds(PositiveNumber(tp.Value));
            }
            else if (kind == StepKind.WaitForDevice)
            {
                Fail(kindNode, "a step of kind 'wait-for-device' needs 'timeout_seconds'", s.Path + ".timeout_seconds");
            }
            bool expectUnplug = OptionalBool(props, "expect_unplug") ?? false;
            if (expectUnplug && kind != StepKind.WaitForDevice) Fail(props["expect_unplug"].Value, "only steps of kind 'wait-for-device' take expect_unplug");
            return new ChecklistStep(id, title, instruction, kind, optional, onFailure, checks, action, warnings, duration, timeout, expectUnplug, s.Line);
        }

        private CheckSpec Check(JNode c)
        {
            Expect(c, JsonTokenType.StartObject);
            var props = Props(c, ["type", "command", "path", "expect", "slot"]);
            CheckType type = ParseEnum(Required(c, props, "type"), new Dictionary<string, CheckType>
            {
                ["at"] = CheckType.At, ["ati"] = CheckType.Ati, ["efs-absent"] = CheckType.EfsAbsent, ["efs-present"] = CheckType.EfsPresent,
                ["ports-present"] = CheckType.PortsPresent, ["identity-recorded"] = CheckType.IdentityRecorded, ["backup-verified"] = CheckType.BackupVerified,
            }, "check type");
            string? command = null, path = null;
            CheckExpectation expect = CheckExpectation.None;
            IdentitySlot slot = IdentitySlot.Before;
            switch (type)
            {
                case CheckType.At:
                    command = RequiredString(c, props, "command");
                    if (!command.StartsWith("AT", StringComparison.OrdinalIgnoreCase)) Fail(props["command"].Value, "an AT command starts with 'AT'");
                    break;
                case CheckType.EfsAbsent:
                case CheckType.EfsPresent:
                    path = RequiredString(c, props, "path");
                    if (!path.StartsWith('/')) Fail(props["path"].Value, "EFS paths are absolute (start with '/')");
                    break;
                case CheckType.IdentityRecorded:
                    if (props.TryGetValue("slot", out JProperty? sp)) slot = Slot(sp.Value);
                    break;
                default:
                    break;
            }
            foreach (string f in new[] { "command", "path", "slot" })
            {
                if (props.TryGetValue(f, out JProperty? extra) &&
                    !(f == "command" && type == CheckType.At) &&
                    !(f == "path" && type is CheckType.EfsAbsent or CheckType.EfsPresent) &&
                    !(f == "slot" && type == CheckType.IdentityRecorded))
                {
                    Fail(extra.Value, $"field '{f}' does not apply to a check of this type");
                }
            }
            if (props.TryGetValue("expect", out JProperty? ep))
            {
                if (type is not (CheckType.At or CheckType.Ati)) Fail(ep.Value, "only 'at' and 'ati' checks take 'expect'");
                expect = Expectation(ep.Value, type);
            }
            else if (type == CheckType.Ati)
            {
                Fail(c, "an 'ati' check needs 'expect' with 'model' and/or 'revision_prefix'", c.Path + ".expect");
            }
            return new CheckSpec(type, command, path, expect, slot);
        }

        private CheckExpectation Expectation(JNode e, CheckType type)
        {
            Expect(e, JsonTokenType.StartObject);
            string[] allowed = type == CheckType.At ? ["contains", "not_contains", "final_ok"] : ["model", "revision_prefix"];
            var props = Props(e, allowed);
            if (props.Count == 0) Fail(e, "'expect' is empty");
            return new CheckExpectation(
                OptionalString(props, "contains"), OptionalString(props, "not_contains"), OptionalBool(props, "final_ok"),
                OptionalString(props, "model"), OptionalString(props, "revision_prefix"));
        }

        private ActionSpec Action(JNode a)
        {
            Expect(a, JsonTokenType.StartObject);
            var props = Props(a, ["type", "nv", "efs", "target", "file_prompt", "method", "slot"]);
            ActionType type = ParseEnum(Required(a, props, "type"), new Dictionary<string, ActionType>
            {
                ["record-identity"] = ActionType.RecordIdentity, ["backup"] = ActionType.Backup, ["cd-emulation-off"] = ActionType.CdEmulationOff,
                ["autorun-off"] = ActionType.AutorunOff, ["identifier-swap"] = ActionType.IdentifierSwap,
                ["download-mode-exit"] = ActionType.DownloadModeExit, ["restore"] = ActionType.Restore,
            }, "action type");
            var applies = new Dictionary<string, ActionType[]>
            {
                ["nv"] = [ActionType.Backup, ActionType.Restore],
                ["efs"] = [ActionType.Backup, ActionType.Restore],
                ["target"] = [ActionType.IdentifierSwap],
                ["file_prompt"] = [ActionType.IdentifierSwap, ActionType.Restore],
                ["method"] = [ActionType.CdEmulationOff],
                ["slot"] = [ActionType.RecordIdentity],
            };
            foreach ((string f, ActionType[] types) in applies)
            {
                if (props.TryGetValue(f, out JProperty? p) && !types.Contains(type)) Fail(p.Value, $"field '{f}' does not apply to a '{Required(a, props, "type").Text}' action");
            }
            bool nv = OptionalBool(props, "nv") ?? true;
            bool efs = OptionalBool(props, "efs") ?? true;
            string? target = null, prompt = null;
            if (type == ActionType.IdentifierSwap)
            {
                target = RequiredString(a, props, "target");
                if (!target.StartsWith('/')) Fail(props["target"].Value, "EFS paths are absolute (start with '/')");
            }
            if (type is ActionType.IdentifierSwap or ActionType.Restore) prompt = RequiredString(a, props, "file_prompt");
            CdEmulationMethod method = CdEmulationMethod.ZcdRun;
            if (props.TryGetValue("method", out JProperty? mp))
            {
                method = ParseEnum(mp.Value, new Dictionary<string, CdEmulationMethod>
                {
                    ["zcdrun"] = CdEmulationMethod.ZcdRun, ["delete-cd-startup-flag"] = CdEmulationMethod.DeleteCdStartupFlag,
                }, "method");
            }
            IdentitySlot slot = props.TryGetValue("slot", out JProperty? sp) ? Slot(sp.Value) : IdentitySlot.Before;
            return new ActionSpec(type, nv, efs, target, prompt, method, slot);
        }

        private IdentitySlot Slot(JNode n) =>
            ParseEnum(n, new Dictionary<string, IdentitySlot> { ["before"] = IdentitySlot.Before, ["after"] = IdentitySlot.After }, "slot");

        // ---- helpers -------------------------------------------------------------------------

        private Dictionary<string, JProperty> Props(JNode obj, string[] allowed)
        {
            var map = new Dictionary<string, JProperty>(StringComparer.Ordinal);
            foreach (JProperty p in obj.Properties)
            {
                if (!allowed.Contains(p.Name, StringComparer.Ordinal))
                {
                    throw new ChecklistLoadException(file, p.Line, p.Column, JsonPositionTree.Display(p.Value.Path),
                        $"unknown field '{p.Name}' (expected one of: {string.Join(", ", allowed.Where(a => a != "$schema"))})");
                }
                if (!map.TryAdd(p.Name, p))
                {
                    throw new ChecklistLoadException(file, p.Line, p.Column, JsonPositionTree.Display(p.Value.Path), $"field '{p.Name}' appears twice");
                }
            }
            return map;
        }

        private JNode Required(JNode obj, Dictionary<string, JProperty> props, string name)
        {
            if (!props.TryGetValue(name, out JProperty? p))
            {
                Fail(obj, $"required field '{name}' is missing", obj.Path + "." + name);
            }
            return p.Value;
        }

        private string RequiredString(JNode obj, Dictionary<string, JProperty> props, string name)
        {
            JNode n = Required(obj, props, name);
            Expect(n, JsonTokenType.String);
            if (string.IsNullOrWhiteSpace(n.Text)) Fail(n, $"'{name}' must not be empty");
            return n.Text!;
        }

        private string RequiredId(JNode obj, Dictionary<string, JProperty> props)
        {
            string id = RequiredString(obj, props, "id");
            if (!IdPattern().IsMatch(id)) Fail(props["id"].Value, $"id '{id}' must be lower-case letters, digits and '-' (at most 64)");
            return id;
        }

        private double RequiredNumber(JNode obj, Dictionary<string, JProperty> props, string name) => PositiveNumber(Required(obj, props, name));

        private double PositiveNumber(JNode n)
        {
            Expect(n, JsonTokenType.Number);
            if (!(n.Number > 0) || double.IsInfinity(n.Number)) Fail(n, $"must be a positive number, got {n.Text}");
            return n.Number;
        }

        private string? OptionalString(Dictionary<string, JProperty> props, string name)
        {
            if (!props.TryGetValue(name, out JProperty? p)) return null;
            Expect(p.Value, JsonTokenType.String);
            return p.Value.Text;
        }

        private bool? OptionalBool(Dictionary<string, JProperty> props, string name)
        {
            if (!props.TryGetValue(name, out JProperty? p)) return null;
            if (p.Value.Kind is not (JsonTokenType.True or JsonTokenType.False)) Fail(p.Value, $"expected a boolean, got {Describe(p.Value)}");
            return p.Value.Bool;
        }

        private List<string> StringList(Dictionary<string, JProperty> props, string name)
        {
            if (!props.TryGetValue(name, out JProperty? p)) return [];
            Expect(p.Value, JsonTokenType.StartArray);
            return p.Value.Items.Select(i => { Expect(i, JsonTokenType.String); return i.Text!; }).ToList();
        }

        private T ParseEnum<T>(JNode n, Dictionary<string, T> values, string what)
        {
            Expect(n, JsonTokenType.String);
            if (!values.TryGetValue(n.Text!, out T? v))
            {
                Fail(n, $"unknown {what} '{n.Text}' (expected one of: {string.Join(", ", values.Keys)})");
            }
            return v;
        }

        private void Expect(JNode n, JsonTokenType kind)
        {
            if (n.Kind != kind)
            {
                string want = new JNode { Kind = kind, Line = 0, Column = 0, Path = "" }.KindName;
                Fail(n, $"expected {(want == "array" ? "an" : want == "object" ? "an" : "a")} {want}, got {Describe(n)}");
            }
        }

        private static string Describe(JNode n) => n.Kind switch
        {
            JsonTokenType.String => "string \"" + n.Text + "\"",
            JsonTokenType.Number => "number " + n.Text,
            _ => n.KindName,
        };

        [System.Diagnostics.CodeAnalysis.DoesNotReturn]
        private void Fail(JNode at, string problem, string? path = null) =>
            throw new ChecklistLoadException(file, at.Line, at.Column, JsonPositionTree.Display(path ?? at.Path), problem);
    }
}
