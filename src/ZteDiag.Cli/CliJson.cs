using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ZteDiag.Cli;

/// <summary>
/// JSON output settings shared by every verb's --json, and the guarantee behind them: under --json stdout
/// is valid JSON for every verb. A verb that prints JSON (one document, or one document per line like
/// `decode`) is passed through; a verb with nothing structured to say has its text wrapped as
/// <c>{"text": …}</c>; a failure with nothing on stdout becomes <c>{"error": …, "exit_code": N}</c>.
/// The exit code never changes.
/// </summary>
internal static class CliJson
{
    public static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.Never,
    };

    /// <summary>Verbs whose stdout is live (a server's ready line, a full-screen UI): never buffered.</summary>
    private static readonly string[] LiveVerbs = ["emulate", "tui"];

    /// <summary>Verbs that talk with a person on a terminal (prompts must show as they come): buffered only when scripted.</summary>
    private static readonly string[] ConversationVerbs = ["checklist run", "at"];

    /// <summary>True when --json output of <paramref name="command"/> is collected and checked before it is printed.</summary>
    public static bool Buffers(Command command, bool stdinIsTerminal)
    {
        string path = PathOf(command);
        if (LiveVerbs.Contains(path, StringComparer.Ordinal))
        {
            return false;
        }

        return !(stdinIsTerminal && ConversationVerbs.Contains(path, StringComparer.Ordinal));
    }

    /// <summary>The verb path without the root, e.g. "checklist run".</summary>
    public static string PathOf(Command command)
    {
        var names = new List<string>();
        for (Command? c = command; c is not null and not RootCommand; c = c.Parents.OfType<Command>().FirstOrDefault())
        {
            names.Insert(0, c.Name);
        }

        return string.Join(' ', names);
    }

    /// <summary>
    /// What to print for a verb's collected stdout <paramref name="text"/>: unchanged when it is JSON already,
    /// else wrapped. <paramref name="error"/> is the message printed on stderr for a failed verb, if any.
    /// </summary>
    public static string Finish(string text, string? error, int exitCode)
    {
        if (text.Trim().Length > 0 && IsJson(text))
        {
            return text.EndsWith('\n') ? text : text + "\n";
        }

        var o = new JsonObject();
        if (text.Trim().Length > 0 || error is null)
        {
            o["text"] = text.TrimEnd('\n');
        }

        if (error is not null)
        {
            o["error"] = error;
            o["exit_code"] = exitCode;
        }

        return o.ToJsonString() + "\n";
    }

    /// <summary>One JSON document, or one per non-empty line (JSON Lines).</summary>
    public static bool IsJson(string text)
    {
        if (Parses(text))
        {
            return true;
        }

        string[] lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return lines.Length > 1 && lines.All(Parses);
    }

    private static bool Parses(string text)
    {
        try
        {
            using var _ = JsonDocument.Parse(text);
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
