using System.Globalization;
using System.Text;
using System.Text.Json;

namespace ZteDiag.Workbench.Checklists;

/// <summary>JSON value with the line and column where it starts (JsonDocument keeps no positions).</summary>
internal sealed class JNode
{
    public required JsonTokenType Kind { get; init; }
    public required int Line { get; init; }
    public required int Column { get; init; }
    public required string Path { get; init; }
    public string? Text { get; init; }
    public double Number { get; init; }
    public bool Bool { get; init; }
    public List<JProperty> Properties { get; } = [];
    public List<JNode> Items { get; } = [];

    public string KindName => Kind switch
    {
        JsonTokenType.StartObject => "object",
        JsonTokenType.StartArray => "array",
        JsonTokenType.String => "string",
        JsonTokenType.Number => "number",
        JsonTokenType.True or JsonTokenType.False => "boolean",
        JsonTokenType.Null => "null",
        _ => Kind.ToString(),
    };
}

/// <summary>Property of a <see cref="JNode"/> object, with the position of its name.</summary>
internal sealed record JProperty(string Name, int Line, int Column, JNode Value);

/// <summary>Builds a <see cref="JNode"/> tree with a <see cref="Utf8JsonReader"/>, mapping byte offsets to lines.</summary>
internal static class JsonPositionTree
{
    private static readonly JsonReaderOptions ReaderOptions = new()
    {
        CommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        MaxDepth = 32,
    };

    /// <exception cref="ChecklistLoadException">The text is not valid JSON.</exception>
    public static JNode Parse(ReadOnlySpan<byte> utf8, string file)
    {
        if (utf8.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF])) utf8 = utf8[3..];
        var lines = new LineMap(utf8);
        var reader = new Utf8JsonReader(utf8, ReaderOptions);
        string lastPath = "(document)";
        try
        {
            if (!reader.Read()) throw new ChecklistLoadException(file, 1, 1, "(document)", "file is empty");
            JNode root = ReadValue(ref reader, utf8, lines, "$", ref lastPath);
            if (reader.Read())
            {
                (int l, int c) = lines.Position(utf8, (int)reader.TokenStartIndex);
                throw new ChecklistLoadException(file, l, c, "(document)", "unexpected content after the top-level value");
            }
            return root;
        }
        catch (JsonException ex)
        {
            int line = (int)(ex.LineNumber ?? 0) + 1;
            int col = (int)(ex.BytePositionInLine ?? 0) + 1;
            string why = ex.Message;
            int cut = why.IndexOf(" LineNumber:", StringComparison.Ordinal);
            if (cut > 0) why = why[..cut].TrimEnd('.', ' ');
            throw new ChecklistLoadException(file, line, col, Display(lastPath), "invalid JSON: " + why, ex);
        }
    }

    internal static string Display(string path) => path == "$" ? "(document)" : path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path;

    private static JNode ReadValue(ref Utf8JsonReader reader, ReadOnlySpan<byte> utf8, LineMap lines, string path, ref string lastPath)
    {
        (int line, int col) = lines.Position(utf8, (int)reader.TokenStartIndex);
        lastPath = path;
        switch (reader.TokenType)
        {
            case JsonTokenType.StartObject:
            {
                var node = new JNode { Kind = JsonTokenType.StartObject, Line = line, Column = col, Path = path };
                while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
                {
                    string name = reader.GetString() ?? "";
                    (int nl, int nc) = lines.Position(utf8, (int)reader.TokenStartIndex);
                    string childPath = path + "." + name;
                    lastPath = childPath;
                    reader.Read();
                    node.Properties.Add(new JProperty(name, nl, nc, ReadValue(ref reader, utf8, lines, childPath, ref lastPath)));
                }
                return node;
            }
            case JsonTokenType.StartArray:
            {
                var node = new JNode { Kind = JsonTokenType.StartArray, Line = line, Column = col, Path = path };
                int i = 0;
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    node.Items.Add(ReadValue(ref reader, utf8, lines, path + "[" + i.ToString(CultureInfo.InvariantCulture) + "]", ref lastPath));
                    i++;
                }
                return node;
            }
            case JsonTokenType.String:
                return new JNode { Kind = JsonTokenType.String, Line = line, Column = col, Path = path, Text = reader.GetString() };
            case JsonTokenType.Number:
                return new JNode
                {
                    Kind = JsonTokenType.Number, Line = line, Column = col, Path = path,
                    Number = reader.GetDouble(), Text = Encoding.UTF8.GetString(reader.ValueSpan),
                };
            case JsonTokenType.True:
            case JsonTokenType.False:
                return new JNode { Kind = reader.TokenType, Line = line, Column = col, Path = path, Bool = reader.TokenType == JsonTokenType.True };
            default:
                return new JNode { Kind = JsonTokenType.Null, Line = line, Column = col, Path = path };
        }
    }

    /// <summary>Byte offset → 1-based line and column (columns count characters).</summary>
    private sealed class LineMap
    {
        private readonly List<int> _starts = [0];

        public LineMap(ReadOnlySpan<byte> utf8)
        {
            for (int i = 0; i < utf8.Length; i++)
            {
                if (utf8[i] == (byte)'\n') _starts.Add(i + 1);
            }
        }

        public (int Line, int Column) Position(ReadOnlySpan<byte> utf8, int offset)
        {
            int idx = _starts.BinarySearch(offset);
            if (idx < 0) idx = ~idx - 1;
            int start = _starts[idx];
            return (idx + 1, Encoding.UTF8.GetCharCount(utf8[start..offset]) + 1);
        }
    }
}
