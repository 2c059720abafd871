using System.Globalization;
using System.Text;
using System.Xml;
using ZteDiag.Protocol.Cfb;

namespace ZteDiag.Protocol.Qcn;

/// <summary>
/// XQCN: the QCN storage tree as XML (fixtures/qcn/README.md): <c>&lt;Storage Name=…&gt;</c> for storages,
/// <c>&lt;Stream Length=… Name=… Value='hex bytes'/&gt;</c> for streams, declared Windows-1252, two-space
/// indentation, as QPST and qfenix write it. Reading is bounded: size, depth, no DTD, hex and lengths checked.
/// </summary>
public static class XqcnFile
{
    /// <summary>Largest XQCN accepted (a full NV image is a few MiB of hex).</summary>
    public const int MaxBytes = 32 * 1024 * 1024;

    private const int MaxDepth = 16;

    /// <summary>Reads an XQCN; null on success.</summary>
    public static QcnProblem? TryRead(ReadOnlySpan<byte> bytes, out QcnDocument? document)
    {
        document = null;
        if (bytes.Length > MaxBytes)
        {
            return new QcnProblem(QcnError.BadXml, $"the XQCN is {bytes.Length} bytes, more than the {MaxBytes}-byte limit");
        }

        // Windows-1252 and Latin-1 agree on every byte an XQCN uses (ASCII names and hex).
        string text = Encoding.Latin1.GetString(bytes);
        var settings = new XmlReaderSettings
        {
            DtdProcessing = DtdProcessing.Prohibit,
            XmlResolver = null,
            MaxCharactersInDocument = MaxBytes,
            IgnoreWhitespace = true,
            IgnoreComments = true,
            IgnoreProcessingInstructions = true,
        };
        try
        {
            using var reader = XmlReader.Create(new StringReader(text), settings);
            reader.MoveToContent();
            if (reader.NodeType != XmlNodeType.Element || reader.Name != "Storage")
            {
                return new QcnProblem(QcnError.BadXml, "the XQCN does not start with a <Storage> element");
            }

            QcnProblem? p = ReadStorage(reader, 0, out CfbStorage? root);
            return p ?? QcnDocument.TryParse(root!, out document);
        }
        catch (XmlException ex)
        {
            return new QcnProblem(QcnError.BadXml, $"the XQCN is not well-formed XML: {ex.Message}");
        }
    }

    private static QcnProblem? ReadStorage(XmlReader reader, int depth, out CfbStorage? storage)
    {
        storage = null;
        string name = reader.GetAttribute("Name") ?? "";
        if (depth > 0 && !CfbNames.IsValid(name))
        {
            return new QcnProblem(QcnError.BadName, $"storage name '{name}' is not a valid QCN entry name");
        }

        if (depth >= MaxDepth)
        {
            return new QcnProblem(QcnError.BadXml, $"storages nest deeper than {MaxDepth}");
        }

        var children = new List<CfbEntry>();
        if (!reader.IsEmptyElement)
        {
            while (reader.Read() && reader.NodeType != XmlNodeType.EndElement)
            {
                if (reader.NodeType != XmlNodeType.Element)
                {
                    continue;
                }

                QcnProblem? p;
                CfbEntry? child;
                if (reader.Name == "Storage")
                {
                    p = ReadStorage(reader, depth + 1, out CfbStorage? s);
                    child = s;
                }
                else if (reader.Name == "Stream")
                {
                    p = ReadStream(reader, out CfbStream? s);
                    child = s;
                }
                else
                {
                    return new QcnProblem(QcnError.BadXml, $"unexpected element <{reader.Name}> in storage '{name}'");
                }

                if (p is not null)
                {
                    return p;
                }

                if (children.Any(c => CfbNames.Compare(c.Name, child!.Name) == 0))
                {
                    return new QcnProblem(QcnError.DuplicateItem, $"storage '{name}' holds '{child!.Name}' twice");
                }

                children.Add(child!);
            }
        }

        storage = new CfbStorage(name, children);
        return null;
    }

    private static QcnProblem? ReadStream(XmlReader reader, out CfbStream? stream)
    {
        stream = null;
        string name = reader.GetAttribute("Name") ?? "";
        if (!CfbNames.IsValid(name))
        {
            return new QcnProblem(QcnError.BadName, $"stream name '{name}' is not a valid QCN entry name");
        }

        string value = reader.GetAttribute("Value") ?? "";
        if (!int.TryParse(reader.GetAttribute("Length"), NumberStyles.None, CultureInfo.InvariantCulture, out int length))
        {
            return new QcnProblem(QcnError.LengthMismatch, $"stream '{name}' has no valid Length");
        }

        byte[] data = new byte[Math.Min(length, (value.Length / 2) + 1)];
        int count = 0, i = 0;
        while (i < value.Length)
        {
            if (value[i] is ' ' or '\t' or '\r' or '\n')
            {
                i++;
                continue;
            }

            if (i + 1 >= value.Length || !char.IsAsciiHexDigit(value[i]) || !char.IsAsciiHexDigit(value[i + 1])
                || (i + 2 < value.Length && value[i + 2] is not (' ' or '\t' or '\r' or '\n')))
            {
                return new QcnProblem(QcnError.BadHex, $"stream '{name}': Value is not hex bytes near character {i}");
            }

            if (count >= data.Length)
            {
                return new QcnProblem(QcnError.LengthMismatch, $"stream '{name}' holds more bytes than its Length {length}");
            }

            data[count++] = (byte)((HexValue(value[i]) << 4) | HexValue(value[i + 1]));
            i += 2;
        }

        if (count != length)
        {
            return new QcnProblem(QcnError.LengthMismatch, $"stream '{name}' says Length {length} but holds {count} bytes");
        }

        stream = new CfbStream(name, data.AsSpan(0, count).ToArray());
        return null;
    }

    private static int HexValue(char c) => c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;

    /// <summary>Writes <paramref name="document"/> as XQCN bytes (children in the tree's order).</summary>
    public static byte[] Write(QcnDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        var sb = new StringBuilder();
        sb.Append("<?xml version=\"1.0\" encoding=\"Windows-1252\" ?>\n");
        WriteStorage(sb, document.Tree, 0);
        return Encoding.Latin1.GetBytes(sb.ToString());
    }

    private static void WriteStorage(StringBuilder sb, CfbStorage s, int depth)
    {
        string indent = new(' ', depth * 2);
        sb.Append(indent).Append("<Storage Name='").Append(Escape(s.Name)).Append("'>\n");
        foreach (CfbEntry c in s.Children)
        {
            if (c is CfbStorage child)
            {
                WriteStorage(sb, child, depth + 1);
            }
            else if (c is CfbStream stream)
            {
                sb.Append(indent).Append("  <Stream Length='").Append(stream.Data.Length.ToString(CultureInfo.InvariantCulture))
                  .Append("' Name='").Append(Escape(stream.Name)).Append("' Value='");
                for (int i = 0; i < stream.Data.Length; i++)
                {
                    if (i > 0)
                    {
                        sb.Append(' ');
                    }

                    sb.Append(stream.Data[i].ToString("X2", CultureInfo.InvariantCulture));
                }

                sb.Append("'/>\n");
            }
        }

        sb.Append(indent).Append("</Storage>\n");
    }

    private static string Escape(string s) => s.Replace("&", "&amp;", StringComparison.Ordinal).Replace("'", "&apos;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal);
}
