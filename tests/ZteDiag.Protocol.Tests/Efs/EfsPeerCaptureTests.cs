using System.Globalization;
using ZteDiag.Protocol.Diag;
using ZteDiag.Protocol.Efs;
using ZteDiag.Protocol.Hdlc;

namespace ZteDiag.Protocol.Tests.Efs;

/// <summary>Every frame of fixtures/peer-requests/qcsuper_*.txt (QCSuper's real requests).</summary>
public class EfsPeerCaptureTests
{
    private sealed record Frame(string File, int Line, string Comment, char Direction, byte[] Payload);

    private static IEnumerable<Frame> Frames()
    {
        string dir = Path.Combine(AppContext.BaseDirectory, "fixtures", "peer-requests");
        foreach (string file in Directory.GetFiles(dir, "qcsuper_*.txt").Order(StringComparer.Ordinal))
        {
            string comment = "";
            string[] lines = File.ReadAllLines(file);
            for (int i = 0; i < lines.Length; i++)
            {
                string line = lines[i];
                if (line.StartsWith("# ", StringComparison.Ordinal))
                {
                    comment = line[2..];
                    continue;
                }

                string[] parts = line.Split(' ', 3);
                if (parts.Length < 3 || parts[1] is not (">" or "<") || parts[2].StartsWith('('))
                {
                    continue;
                }

                byte[] raw = EfsTestSupport.CaptureBytes(parts[2]);
                var frames = HdlcFrameResult.DeframeAll(raw, out int trailing);
                Assert.Equal(0, trailing);
                Assert.Single(frames);
                Assert.True(frames[0].IsGood, $"{Path.GetFileName(file)}:{i + 1} bad CRC");
                yield return new Frame(Path.GetFileName(file), i + 1, comment, parts[1][0], frames[0].Payload);
            }
        }
    }

    private static bool IsEfs(byte[] p) => p.Length >= 4 && p[0] == 0x4B && p[1] == EfsSubsystem.Standard;

    /// <summary>Renders a decoded request in the capture's comment format.</summary>
    private static string Describe(byte[] p)
    {
        string Q(string s) => "\"" + s + "\"";
        string X(long v) => "0x" + v.ToString("x", CultureInfo.InvariantCulture);
        DiagStatus s;
        string text;
        switch ((EfsCommand)p[2])
        {
            case EfsCommand.Hello:
                s = EfsHelloRequest.TryParse(p, out var h);
                text = h is null ? "" : $"EFS2 HELLO windows={X(h.TargetPacketWindow)}/{X(h.TargetByteWindow)}/{X(h.HostPacketWindow)}/{X(h.HostByteWindow)}/{X(h.IterPacketWindow)}/{X(h.IterByteWindow)} ver={h.Version} min={h.MinVersion} max={h.MaxVersion} features={X(h.FeatureBits)}";
                break;
            case EfsCommand.Open:
                s = EfsOpenRequest.TryParse(p, out var o);
                text = o is null ? "" : $"EFS2 OPEN oflag={X((int)o.Flags)} mode={X(o.Mode)} {Q(o.Path)}";
                break;
            case EfsCommand.Read:
                s = EfsReadRequest.TryParse(p, out var r);
                text = r is null ? "" : $"EFS2 READ fd={r.Fd} nbytes={r.Count} offset={r.Offset}";
                break;
            case EfsCommand.Write:
                s = EfsWriteRequest.TryParse(p, out var w);
                text = w is null ? "" : $"EFS2 WRITE fd={w.Fd} offset={w.Offset} len={w.Data.Length}";
                break;
            case EfsCommand.Close:
                s = EfsCloseRequest.TryParse(p, out var c);
                text = c is null ? "" : "EFS2 CLOSE";
                break;
            case EfsCommand.Opendir:
                s = EfsOpendirRequest.TryParse(p, out var od);
                text = od is null ? "" : $"EFS2 OPENDIR {Q(od.Path)}";
                break;
            case EfsCommand.Readdir:
                s = EfsReaddirRequest.TryParse(p, out var rd);
                text = rd is null ? "" : $"EFS2 READDIR dirp={rd.Dirp} seq={rd.SequenceNumber}";
                break;
            case EfsCommand.Closedir:
                s = EfsClosedirRequest.TryParse(p, out var cd);
                text = cd is null ? "" : "EFS2 CLOSEDIR";
                break;
            case EfsCommand.Stat:
                s = EfsStatRequest.TryParse(p, out var st);
                text = st is null ? "" : $"EFS2 STAT {Q(st.Path)}";
                break;
            default:
                return $"unexpected EFS2 command {p[2]}";
        }

        Assert.Equal(DiagStatus.Ok, s);
        return text;
    }

    private static DiagStatus ParseResponse(byte[] p) => (EfsCommand)p[2] switch
    {
        EfsCommand.Hello => EfsHelloResponse.TryParse(p, out _),
        EfsCommand.Open => EfsOpenResponse.TryParse(p, out _),
        EfsCommand.Read => EfsReadResponse.TryParse(p, out _),
        EfsCommand.Write => EfsWriteResponse.TryParse(p, out _),
        EfsCommand.Close => EfsCloseResponse.TryParse(p, out _),
        EfsCommand.Opendir => EfsOpendirResponse.TryParse(p, out _),
        EfsCommand.Readdir => EfsReaddirResponse.TryParse(p, out _),
        EfsCommand.Closedir => EfsClosedirResponse.TryParse(p, out _),
        EfsCommand.Stat => EfsStatResponse.TryParse(p, out _),
        _ => DiagStatus.WrongCommand,
    };

    [Fact]
    public void Every_qcsuper_efs_request_parses_to_what_its_comment_says()
    {
        int checkedFrames = 0;
        foreach (Frame f in Frames().Where(f => f.Direction == '>' && IsEfs(f.Payload)))
        {
            Assert.True(f.Comment == Describe(f.Payload), $"{f.File}:{f.Line}: comment '{f.Comment}' vs decoded '{Describe(f.Payload)}'");
            checkedFrames++;
        }

        Assert.Equal(35, checkedFrames); // 10 in get_cat, 14 in ls, 11 in put_stat
    }

    [Fact]
    public void Every_qcsuper_efs_request_re_encodes_to_the_same_bytes()
    {
        foreach (Frame f in Frames().Where(f => f.Direction == '>' && IsEfs(f.Payload)))
        {
            var parser = EfsTestSupport.Parsers.First(p => p.Name == $"Efs{(EfsCommand)f.Payload[2]}Request");
            var (status, value) = parser.Parse(f.Payload);
            Assert.Equal(DiagStatus.Ok, status);
            Assert.Equal(f.Payload, value!.ToArray());
        }
    }

    [Fact]
    public void Every_qcsuper_efs_response_parses()
    {
        int n = 0;
        foreach (Frame f in Frames().Where(f => f.Direction == '<' && IsEfs(f.Payload)))
        {
            Assert.True(ParseResponse(f.Payload) == DiagStatus.Ok, $"{f.File}:{f.Line}");
            n++;
        }

        Assert.Equal(35, n);
    }

    [Fact]
    public void Qcsuper_listing_decodes_names_types_and_the_end_marker()
    {
        var entries = Frames()
            .Where(f => f.File == "qcsuper_ls.txt" && f.Direction == '<' && IsEfs(f.Payload) && f.Payload[2] == (byte)EfsCommand.Readdir)
            .Select(f => { EfsReaddirResponse.TryParse(f.Payload, out var r); return r!; })
            .ToList();

        Assert.Equal(["empty_dir", "nv", "policyman", "test.txt", "", "lte_bandpref", "sms_domain_pref", ""], entries.Select(e => e.Name));
        Assert.Equal(2, entries.Count(e => e.IsEndOfDirectory));
        Assert.Equal("drwxr-xr-x", EfsMode.Format(entries[0].Mode));
        Assert.Equal(EfsFileKind.ItemFile, entries[6].Kind);
        Assert.Equal("irwxrwxrwx", EfsMode.Format(entries[6].Mode));
        Assert.Equal(41, Frames().First(f => f.File == "qcsuper_ls.txt" && f.Direction == '<' && f.Payload.Length == 41).Payload.Length);
    }

    [Fact]
    public void Qcsuper_reads_decode_data_lengths_and_a_stat_error_reply()
    {
        var reads = Frames()
            .Where(f => f.File == "qcsuper_get_cat.txt" && f.Direction == '<' && IsEfs(f.Payload) && f.Payload[2] == (byte)EfsCommand.Read)
            .Select(f => { EfsReadResponse.TryParse(f.Payload, out var r); return r!; })
            .ToList();
        Assert.Equal([1024, 1024, 746, 10], reads.Select(r => r.Data.Length));
        Assert.Equal("hello efs\n", System.Text.Encoding.Latin1.GetString(reads[3].Data));

        var stat = Frames().First(f => f.File == "qcsuper_put_stat.txt" && f.Direction == '<' && f.Payload.Length >= 4 && f.Payload[2] == (byte)EfsCommand.Stat);
        Assert.Equal(DiagStatus.Ok, EfsStatResponse.TryParse(stat.Payload, out var st));
        Assert.Equal(EfsErrno.ENOENT, st!.Errno);
    }
}
