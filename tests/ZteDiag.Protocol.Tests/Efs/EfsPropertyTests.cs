using System.Text;
using FsCheck.Xunit;
using ZteDiag.Protocol.Diag;
using ZteDiag.Protocol.Efs;

namespace ZteDiag.Protocol.Tests.Efs;

public class EfsPropertyTests
{
    private static string PathFrom(byte[]? raw) =>
        "/" + Encoding.Latin1.GetString((raw ?? []).Where(b => b != 0).ToArray());

    private static byte Sub(bool alternate) => alternate ? EfsSubsystem.Alternate : EfsSubsystem.Standard;

    [Property]
    public bool Open_request_round_trips(int flags, int mode, byte[] path, bool alternate)
    {
        var req = new EfsOpenRequest((EfsOpenFlags)flags, mode, PathFrom(path), Sub(alternate));
        return EfsOpenRequest.TryParse(req.ToArray(), out var back) == DiagStatus.Ok && back == req;
    }

    [Property]
    public bool Read_response_round_trips(int fd, uint offset, byte[] data, bool alternate)
    {
        var rsp = EfsReadResponse.Success(fd, offset, data ?? [], Sub(alternate));
        return EfsReadResponse.TryParse(rsp.ToArray(), out var back) == DiagStatus.Ok
            && back!.Data.AsSpan().SequenceEqual(rsp.Data) && back with { Data = rsp.Data } == rsp;
    }

    [Property]
    public bool Readdir_response_round_trips(uint dirp, int seq, int type, int mode, int size, uint t, byte[] name)
    {
        var rsp = new EfsReaddirResponse(dirp, seq, EfsErrno.ENOERR, (EfsDirEntryType)type, mode, size, t, t + 1, t + 2, PathFrom(name)[1..]);
        return EfsReaddirResponse.TryParse(rsp.ToArray(), out var back) == DiagStatus.Ok && back == rsp;
    }

    [Property]
    public bool Rename_request_round_trips(byte[] a, byte[] b)
    {
        var req = new EfsRenameRequest(PathFrom(a), PathFrom(b));
        return EfsRenameRequest.TryParse(req.ToArray(), out var back) == DiagStatus.Ok && back == req;
    }

    [Property]
    public bool Put_request_round_trips(int flags, ushort seq, byte[] data, byte[] path)
    {
        var req = new EfsPutRequest((EfsOpenFlags)flags, seq, data ?? [], PathFrom(path));
        return EfsPutRequest.TryParse(req.ToArray(), out var back) == DiagStatus.Ok
            && back!.Data.AsSpan().SequenceEqual(req.Data) && back with { Data = req.Data } == req;
    }

    [Property]
    public bool Stat_response_round_trips(int errno, int mode, int size, int nlink, uint a, uint m, uint c)
    {
        var rsp = new EfsStatResponse((EfsErrno)errno, mode, size, nlink, a, m, c);
        return EfsStatResponse.TryParse(rsp.ToArray(), out var back) == DiagStatus.Ok && back == rsp;
    }

    [Property]
    public bool Hello_request_round_trips(uint w1, uint w2, uint v, uint f)
    {
        var req = new EfsHelloRequest(w1, w2, w1, w2, w1, w2, v, v, v, f, EfsSubsystem.Alternate);
        return EfsHelloRequest.TryParse(req.ToArray(), out var back) == DiagStatus.Ok && back == req;
    }

    [Property]
    public bool No_parser_throws_on_arbitrary_bytes_after_an_efs_header(byte[] body, byte command)
    {
        byte[] packet = [0x4B, 0x13, (byte)(command % 60), 0, .. body ?? []];
        foreach (var parser in ZteDiag.Protocol.Tests.Efs.EfsTestSupport.Parsers)
        {
            var (status, value) = parser.Parse(packet);
            if (status == DiagStatus.Ok != value is not null)
            {
                return false;
            }
        }

        return true;
    }
}
