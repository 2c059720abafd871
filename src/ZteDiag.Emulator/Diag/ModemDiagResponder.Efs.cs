using System.Buffers.Binary;
using ZteDiag.Protocol.Diag;
using ZteDiag.Protocol.Efs;

namespace ZteDiag.Emulator.Diag;

/// <summary>
/// EFS2 dispatch (PROTOCOL.md §3): security gate, packet memoization, the per-operation table.
/// </summary>
public sealed partial class ModemDiagResponder
{
    private byte[]? _memoRequest;
    private byte[]? _memoReply;

    private delegate DiagStatus Parser<T>(ReadOnlySpan<byte> src, out T? value)
        where T : class;

    /// <summary>
    /// One EFS2 request. Locked security → BAD_SEC_MODE (0x47) + echo for every operation. OPEN, CLOSE,
    /// SYMLINK, UNLINK, MKDIR, RMDIR, OPENDIR, CLOSEDIR and RENAME remember the last (request, reply): a
    /// byte-identical repeat returns the cached reply without redoing the work (a retransmission after a
    /// lost reply). HELLO, QUERY, READ, WRITE, READDIR, STAT, READLINK, GET and PUT forget it; other
    /// operations leave it alone — as Qualcomm's fs_diag.c does.
    /// </summary>
    private byte[] Efs(ReadOnlySpan<byte> request)
    {
        if (!State.SecurityUnlocked)
        {
            return Error(DiagCommand.BadSecurityMode, request);
        }

        var command = (EfsCommand)BinaryPrimitives.ReadUInt16LittleEndian(request[2..]);
        if (!IsMemoized(command))
        {
            if (InvalidatesMemo(command))
            {
                _memoRequest = null;
                _memoReply = null;
            }

            return EfsOperation(command, request);
        }

        if (_memoRequest is not null && _memoReply is not null && request.SequenceEqual(_memoRequest))
        {
            return _memoReply;
        }

        byte[] reply = EfsOperation(command, request);
        if (reply[0] == (byte)DiagCommand.SubsysCmd)
        {
            _memoRequest = request.ToArray();
            _memoReply = reply;
        }

        return reply;
    }

    private static bool IsMemoized(EfsCommand c) => c is EfsCommand.Open or EfsCommand.Close or EfsCommand.Symlink
        or EfsCommand.Unlink or EfsCommand.Mkdir or EfsCommand.Rmdir or EfsCommand.Opendir or EfsCommand.Closedir
        or EfsCommand.Rename;

    private static bool InvalidatesMemo(EfsCommand c) => c is EfsCommand.Hello or EfsCommand.Query or EfsCommand.Read
        or EfsCommand.Write or EfsCommand.Readdir or EfsCommand.Stat or EfsCommand.Readlink or EfsCommand.Get
        or EfsCommand.Put;

    private byte[] EfsOperation(EfsCommand command, ReadOnlySpan<byte> request) => command switch
    {
        EfsCommand.Hello => Run<EfsHelloRequest>(request, EfsHelloRequest.TryParse, Hello),
        EfsCommand.Query => Run<EfsQueryRequest>(request, EfsQueryRequest.TryParse, Query),
        EfsCommand.Open => Run<EfsOpenRequest>(request, EfsOpenRequest.TryParse, Open),
        EfsCommand.Close => Run<EfsCloseRequest>(request, EfsCloseRequest.TryParse, Close),
        EfsCommand.Read => Run<EfsReadRequest>(request, EfsReadRequest.TryParse, Read),
        EfsCommand.Write => Run<EfsWriteRequest>(request, EfsWriteRequest.TryParse, Write),
        EfsCommand.Symlink => Run<EfsSymlinkRequest>(request, EfsSymlinkRequest.TryParse, Symlink),
        EfsCommand.Readlink => Run<EfsReadlinkRequest>(request, EfsReadlinkRequest.TryParse, Readlink),
        EfsCommand.Unlink => Run<EfsUnlinkRequest>(request, EfsUnlinkRequest.TryParse, Unlink),
        EfsCommand.Mkdir => Run<EfsMkdirRequest>(request, EfsMkdirRequest.TryParse, Mkdir),
        EfsCommand.Rmdir => Run<EfsRmdirRequest>(request, EfsRmdirRequest.TryParse, Rmdir),
        EfsCommand.Opendir => Run<EfsOpendirRequest>(request, EfsOpendirRequest.TryParse, Opendir),
        EfsCommand.Readdir => Run<EfsReaddirRequest>(request, EfsReaddirRequest.TryParse, Readdir),
        EfsCommand.Closedir => Run<EfsClosedirRequest>(request, EfsClosedirRequest.TryParse, Closedir),
        EfsCommand.Rename => Run<EfsRenameRequest>(request, EfsRenameRequest.TryParse, Rename),
        EfsCommand.Stat => Run<EfsStatRequest>(request, EfsStatRequest.TryParse, Stat),
        EfsCommand.Lstat => Run<EfsLstatRequest>(request, EfsLstatRequest.TryParse, Lstat),
        EfsCommand.Fstat => Run<EfsFstatRequest>(request, EfsFstatRequest.TryParse, Fstat),
        EfsCommand.Chmod => Run<EfsChmodRequest>(request, EfsChmodRequest.TryParse, Chmod),
        EfsCommand.Statfs => Run<EfsStatfsRequest>(request, EfsStatfsRequest.TryParse, Statfs),
        EfsCommand.Access => Run<EfsAccessRequest>(request, EfsAccessRequest.TryParse, Access),
        EfsCommand.DevInfo => Run<EfsDevInfoRequest>(request, EfsDevInfoRequest.TryParse, DevInfo),
        EfsCommand.Put => Run<EfsPutRequest>(request, EfsPutRequest.TryParse, Put),
        EfsCommand.Get => Run<EfsGetRequest>(request, EfsGetRequest.TryParse, Get),
        EfsCommand.Truncate => Run<EfsTruncateRequest>(request, EfsTruncateRequest.TryParse, Truncate),
        EfsCommand.Md5Sum when _options.Md5Sum => Run<EfsMd5SumRequest>(request, EfsMd5SumRequest.TryParse, Md5Sum),
        EfsCommand.SyncNoWait => Run<EfsSyncNoWaitRequest>(request, EfsSyncNoWaitRequest.TryParse, SyncNoWait),
        EfsCommand.SyncGetStatus => Run<EfsSyncGetStatusRequest>(request, EfsSyncGetStatusRequest.TryParse, SyncGetStatus),
        _ => Error(DiagCommand.BadCommand, request), // not in this firmware's dispatch table
    };

    /// <summary>Parses with <paramref name="parse"/>; a parse failure becomes BAD_LEN / BAD_PARM + echo.</summary>
    private static byte[] Run<T>(ReadOnlySpan<byte> request, Parser<T> parse, Func<T, IDiagPacket> operation)
        where T : class
    {
        DiagStatus s = parse(request, out T? parsed);
        return s == DiagStatus.Ok && parsed is not null ? operation(parsed).ToArray() : ParseError(s, request);
    }
}
