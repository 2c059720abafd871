using System.CommandLine;
using System.Text;
using System.Text.Json;
using ZteDiag.Protocol.Decode;
using ZteDiag.Protocol.Hdlc;
using ZteDiag.Protocol.Trace;

namespace ZteDiag.Cli.Commands;

/// <summary>`ztediag decode`: turns captured hex into one line per DIAG frame.</summary>
internal static class DecodeCommand
{
    private static readonly Option<string?> HexOption = new("--hex") { Description = "hex bytes on the command line (spaces, 0x prefixes, > and < markers allowed)" };
    private static readonly Option<bool> RawOption = new("--raw") { Description = "input is unframed DIAG payloads (one per line), not HDLC frames" };
    private static readonly Argument<string?> FileArgument = new("file") { Description = "capture file ('-' or none: standard input)", Arity = ArgumentArity.ZeroOrOne };

    public static Command Build()
    {
        var cmd = new Command("decode",
            "Decode captured DIAG bytes: deframe, check CRC, print one line per frame.\n" +
            "Input: --hex \"…\", a file, or stdin; '>' marks host→modem, '<' modem→host; '#' starts a comment;\n" +
            "'[00 x N]' stands for N zero bytes. Bad frames are reported and decoding goes on.\n" +
            "Example: ztediag decode --hex '> 4b 13 0b 00 2f 00 19 11 7e'");
        cmd.Options.Add(HexOption);
        cmd.Options.Add(RawOption);
        cmd.Arguments.Add(FileArgument);
        cmd.Validators.Add(r =>
        {
            string? file = r.GetValue(FileArgument);
            if (file is { Length: > 1 } && file[0] == '-')
            {
                r.AddError($"unknown option '{file}'");
            }
            else if (file is not null && r.GetValue(HexOption) is not null)
            {
                r.AddError("give either --hex or a file, not both");
            }
        });
        cmd.SetAction(async (parse, ct) =>
        {
            string text = await ReadInputAsync(parse, ct).ConfigureAwait(false);
            var output = parse.InvocationConfiguration.Output;
            return Run(text, parse.GetValue(RawOption), parse.GetValue(GlobalOptions.Json), parse.GetValue(GlobalOptions.RevealSecrets), output, parse.InvocationConfiguration.Error);
        });
        return cmd;
    }

    internal static int Run(string text, bool raw, bool json, bool reveal, TextWriter output, TextWriter error)
    {
        var (chunks, errors) = HexTraceReader.Read(text);
        foreach (var e in errors)
        {
            error.WriteLine($"line {e.Line}: {e.Message}");
        }

        int frames = 0, bad = 0;
        foreach (var (dir, result) in raw ? Unframed(chunks) : Deframe(chunks))
        {
            frames++;
            bad += result.IsGood ? 0 : 1;
            output.WriteLine(json ? ToJson(dir, result, reveal) : ToText(dir, result, reveal));
        }

        if (frames == 0)
        {
            error.WriteLine(errors.Count == 0 ? "ztediag: no frames in the input" : "ztediag: nothing decodable in the input");
            return ExitCodes.Usage;
        }

        if (bad > 0 && !json)
        {
            error.WriteLine($"{frames} frames, {bad} bad");
        }

        return ExitCodes.Ok;
    }

    private static IEnumerable<(TraceDirection, HdlcFrameResult)> Unframed(IReadOnlyList<TraceChunk> chunks) =>
        chunks.Select(c => (c.Direction, new HdlcFrameResult(c.Bytes, HdlcFrameError.None)));

    private static IEnumerable<(TraceDirection, HdlcFrameResult)> Deframe(IReadOnlyList<TraceChunk> chunks)
    {
        // One stream per direction: a frame may span lines, and the two directions interleave.
        var deframers = new Dictionary<TraceDirection, HdlcDeframer>();
        var results = new List<(TraceDirection, HdlcFrameResult)>();
        foreach (var chunk in chunks)
        {
            if (!deframers.TryGetValue(chunk.Direction, out var d))
            {
                deframers[chunk.Direction] = d = new HdlcDeframer();
            }

            ReadOnlySpan<byte> rest = chunk.Bytes;
            while (!rest.IsEmpty)
            {
                var s = d.Read(rest, out int used);
                rest = rest[used..];
                if (s == System.Buffers.OperationStatus.Done)
                {
                    results.Add((chunk.Direction, new HdlcFrameResult(d.Payload.ToArray(), HdlcFrameError.None)));
                }
                else if (s == System.Buffers.OperationStatus.InvalidData)
                {
                    results.Add((chunk.Direction, new HdlcFrameResult([], d.LastError)));
                }
            }
        }

        foreach (var (dir, d) in deframers)
        {
            if (d.Pending > 0)
            {
                results.Add((dir, new HdlcFrameResult([], HdlcFrameError.TooShort)));
            }
        }

        return results;
    }

    private static string Arrow(TraceDirection d) => d switch
    {
        TraceDirection.ToModem => "> ",
        TraceDirection.FromModem => "< ",
        _ => "",
    };

    private static string ToText(TraceDirection dir, HdlcFrameResult r, bool reveal) => r.IsGood
        ? Arrow(dir) + DiagDecoder.Decode(r.Payload, dir, reveal)
        : Arrow(dir) + $"BAD FRAME ({Describe(r.Error)})";

    private static string Describe(HdlcFrameError e) => e switch
    {
        HdlcFrameError.BadCrc => "CRC mismatch: not DIAG, or corrupted",
        HdlcFrameError.TooShort => "too short or unterminated",
        HdlcFrameError.TooLong => "too long",
        HdlcFrameError.BadEscape => "escape byte before the flag",
        _ => e.ToString(),
    };

    private static string ToJson(TraceDirection dir, HdlcFrameResult r, bool reveal)
    {
        using var ms = new MemoryStream();
        using (var w = new Utf8JsonWriter(ms))
        {
            w.WriteStartObject();
            if (dir != TraceDirection.Unknown)
            {
                w.WriteString("direction", dir == TraceDirection.ToModem ? "to_modem" : "from_modem");
            }

            w.WriteBoolean("crc_ok", r.IsGood);
            if (!r.IsGood)
            {
                w.WriteString("error", r.Error.ToString());
            }
            else
            {
                var pkt = DiagDecoder.Decode(r.Payload, dir, reveal);
                w.WriteString("command", pkt.Command);
                foreach (var (k, v) in pkt.Fields)
                {
                    WriteValue(w, k, v);
                }

                if (pkt.Problem is not null)
                {
                    w.WriteString("problem", pkt.Problem);
                }

                w.WriteString("raw", Convert.ToHexString(r.Payload).ToLowerInvariant());
            }

            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(ms.ToArray());
    }

    private static void WriteValue(Utf8JsonWriter w, string name, object? v)
    {
        switch (v)
        {
            case null: w.WriteNull(name); break;
            case bool b: w.WriteBoolean(name, b); break;
            case string s: w.WriteString(name, s); break;
            case byte[] bytes: w.WriteString(name, Convert.ToHexString(bytes).ToLowerInvariant()); break;
            case int i: w.WriteNumber(name, i); break;
            case uint u: w.WriteNumber(name, u); break;
            case long l: w.WriteNumber(name, l); break;
            case ulong ul: w.WriteNumber(name, ul); break;
            case ushort us: w.WriteNumber(name, us); break;
            case short sh: w.WriteNumber(name, sh); break;
            case byte by: w.WriteNumber(name, by); break;
            default: w.WriteString(name, Convert.ToString(v, System.Globalization.CultureInfo.InvariantCulture)); break;
        }
    }

    private static async Task<string> ReadInputAsync(ParseResult parse, CancellationToken ct)
    {
        string? hex = parse.GetValue(HexOption);
        if (hex is not null)
        {
            return hex;
        }

        string? file = parse.GetValue(FileArgument);
        if (file is null or "-")
        {
            return await Console.In.ReadToEndAsync(ct).ConfigureAwait(false);
        }

        if (!File.Exists(file))
        {
            throw new UsageException($"no such file: {file}");
        }

        // Hex text is twice the bytes it holds at least; past this it could only fail later, at more cost.
        const long maxText = 4L * HexTraceReader.MaxTotalBytes;
        if (new FileInfo(file).Length > maxText)
        {
            throw new UsageException($"'{file}' is larger than {maxText} bytes; decode takes captures up to {HexTraceReader.MaxTotalBytes} bytes");
        }

        return await File.ReadAllTextAsync(file, ct).ConfigureAwait(false);
    }
}
