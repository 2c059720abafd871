using ZteDiag.Protocol.Diag;
using ZteDiag.Protocol.Efs;
using ZteDiag.Protocol.Trace;

namespace ZteDiag.Protocol.Decode;

/// <summary>Subsystem commands: EFS2 (19 and 62) decoded field by field, others generic.</summary>
public static partial class DiagDecoder
{
    private static DecodedPacket? TryDecodeSubsystem(ReadOnlySpan<byte> p, TraceDirection dir, bool request)
    {
        if (p[0] != (byte)DiagCommand.SubsysCmd || p.Length < SubsysHeader.Size)
        {
            return null;
        }

        var h = SubsysHeader.Read(p);
        if (!EfsSubsystem.IsEfs(h.Subsystem))
        {
            return null;
        }

        var op = (EfsCommand)h.Command;
        string name = "EFS2 " + OpName(op);
        // Without a direction marker, a packet that parses as this op's request is taken as one.
        bool asRequest = dir switch
        {
            TraceDirection.ToModem => true,
            TraceDirection.FromModem => false,
            _ => DecodeEfsRequest(op, p) is not null,
        };
        var fields = asRequest ? DecodeEfsRequest(op, p) : DecodeEfsResponse(op, p);
        if (fields is null)
        {
            return new DecodedPacket(name, [Field("data", p[4..].ToArray())], asRequest ? "not a valid request layout" : "not a valid response layout");
        }

        if (h.Subsystem != EfsSubsystem.Standard)
        {
            fields.Insert(0, Field("subsys_id", (int)h.Subsystem));
        }

        return new DecodedPacket(name, fields);
    }

    private static string OpName(EfsCommand op) => op switch
    {
        EfsCommand.SyncNoWait => "SYNC_NO_WAIT",
        EfsCommand.SyncGetStatus => "SYNC_GET_STATUS",
        EfsCommand.DevInfo => "DEV_INFO",
        EfsCommand.Md5Sum => "MD5SUM",
        _ => Enum.IsDefined(op) ? op.ToString().ToUpperInvariant() : $"OP_{(int)op}",
    };

    private static KeyValuePair<string, object?> Errno(EfsErrno e) => Field("errno", EfsErrnoText.Name(e));

    private static KeyValuePair<string, object?> Oct(string name, int mode) => Field(name, "0" + Convert.ToString(mode, 8));

    private static List<KeyValuePair<string, object?>>? DecodeEfsRequest(EfsCommand op, ReadOnlySpan<byte> p) => op switch
    {
        EfsCommand.Hello when EfsHelloRequest.TryParse(p, out var r) == DiagStatus.Ok => [
            Field("targ_pkt_window", (long)r!.TargetPacketWindow), Field("targ_byte_window", (long)r.TargetByteWindow),
            Field("host_pkt_window", (long)r.HostPacketWindow), Field("host_byte_window", (long)r.HostByteWindow),
            Field("iter_pkt_window", (long)r.IterPacketWindow), Field("iter_byte_window", (long)r.IterByteWindow),
            Field("version", (long)r.Version), Field("min_version", (long)r.MinVersion), Field("max_version", (long)r.MaxVersion),
            Field("feature_bits", $"0x{r.FeatureBits:X8}")],
        EfsCommand.Query when EfsQueryRequest.TryParse(p, out _) == DiagStatus.Ok => [],
        EfsCommand.Open when EfsOpenRequest.TryParse(p, out var r) == DiagStatus.Ok => [Oct("oflag", (int)r!.Flags), Oct("mode", r.Mode), Field("path", r.Path)],
        EfsCommand.Close when EfsCloseRequest.TryParse(p, out var r) == DiagStatus.Ok => [Field("fd", r!.Fd)],
        EfsCommand.Read when EfsReadRequest.TryParse(p, out var r) == DiagStatus.Ok => [Field("fd", r!.Fd), Field("nbyte", (long)r.Count), Field("offset", (long)r.Offset)],
        EfsCommand.Write when EfsWriteRequest.TryParse(p, out var r) == DiagStatus.Ok => [Field("fd", r!.Fd), Field("offset", (long)r.Offset), Field("nbyte", r.Data.Length), Field("data", r.Data)],
        EfsCommand.Symlink when EfsSymlinkRequest.TryParse(p, out var r) == DiagStatus.Ok => [Field("oldpath", r!.OldPath), Field("newpath", r.NewPath)],
        EfsCommand.Rename when EfsRenameRequest.TryParse(p, out var r) == DiagStatus.Ok => [Field("oldpath", r!.OldPath), Field("newpath", r.NewPath)],
        EfsCommand.Readlink when EfsReadlinkRequest.TryParse(p, out var r) == DiagStatus.Ok => [Field("path", r!.Path)],
        EfsCommand.Unlink when EfsUnlinkRequest.TryParse(p, out var r) == DiagStatus.Ok => [Field("path", r!.Path)],
        EfsCommand.Rmdir when EfsRmdirRequest.TryParse(p, out var r) == DiagStatus.Ok => [Field("path", r!.Path)],
        EfsCommand.Mkdir when EfsMkdirRequest.TryParse(p, out var r) == DiagStatus.Ok => [Oct("mode", r!.Mode), Field("path", r.Path)],
        EfsCommand.Chmod when EfsChmodRequest.TryParse(p, out var r) == DiagStatus.Ok => [Oct("mode", r!.Mode), Field("path", r.Path)],
        EfsCommand.Opendir when EfsOpendirRequest.TryParse(p, out var r) == DiagStatus.Ok => [Field("path", r!.Path)],
        EfsCommand.Readdir when EfsReaddirRequest.TryParse(p, out var r) == DiagStatus.Ok => [Field("dirp", (long)r!.Dirp), Field("seqno", r.SequenceNumber)],
        EfsCommand.Closedir when EfsClosedirRequest.TryParse(p, out var r) == DiagStatus.Ok => [Field("dirp", r!.Dirp)],
        EfsCommand.Stat when EfsStatRequest.TryParse(p, out var r) == DiagStatus.Ok => [Field("path", r!.Path)],
        EfsCommand.Lstat when EfsLstatRequest.TryParse(p, out var r) == DiagStatus.Ok => [Field("path", r!.Path)],
        EfsCommand.Fstat when EfsFstatRequest.TryParse(p, out var r) == DiagStatus.Ok => [Field("fd", r!.Fd)],
        EfsCommand.Statfs when EfsStatfsRequest.TryParse(p, out var r) == DiagStatus.Ok => [Field("path", r!.Path)],
        EfsCommand.Access when EfsAccessRequest.TryParse(p, out var r) == DiagStatus.Ok => [Field("perm_bits", (int)r!.PermissionBits), Field("path", r.Path)],
        EfsCommand.DevInfo when EfsDevInfoRequest.TryParse(p, out _) == DiagStatus.Ok => [],
        EfsCommand.Put when EfsPutRequest.TryParse(p, out var r) == DiagStatus.Ok => [Oct("flags", (int)r!.Flags), Field("sequence_number", (int)r.SequenceNumber), Field("data_length", r.Data.Length), Field("data", r.Data), Field("path", r.Path)],
        EfsCommand.Get when EfsGetRequest.TryParse(p, out var r) == DiagStatus.Ok => [Field("data_length", (long)r!.DataLength), Field("sequence_number", (int)r.SequenceNumber), Field("path", r.Path)],
        EfsCommand.Md5Sum when EfsMd5SumRequest.TryParse(p, out var r) == DiagStatus.Ok => [Field("sequence_number", (int)r!.SequenceNumber), Field("path", r.Path)],
        EfsCommand.Truncate when EfsTruncateRequest.TryParse(p, out var r) == DiagStatus.Ok => [Field("sequence_number", (int)r!.SequenceNumber), Field("length", (long)r.Length), Field("path", r.Path)],
        EfsCommand.SyncNoWait when EfsSyncNoWaitRequest.TryParse(p, out var r) == DiagStatus.Ok => [Field("sequence_number", (int)r!.SequenceNumber), Field("path", r.Path)],
        EfsCommand.SyncGetStatus when EfsSyncGetStatusRequest.TryParse(p, out var r) == DiagStatus.Ok => [Field("sequence_number", (int)r!.SequenceNumber), Field("sync_token", (long)r.SyncToken), Field("path", r.Path)],
        _ => null,
    };

    private static List<KeyValuePair<string, object?>>? DecodeEfsResponse(EfsCommand op, ReadOnlySpan<byte> p) => op switch
    {
        EfsCommand.Hello when EfsHelloResponse.TryParse(p, out var r) == DiagStatus.Ok => [
            Field("targ_pkt_window", (long)r!.TargetPacketWindow), Field("targ_byte_window", (long)r.TargetByteWindow),
            Field("version", (long)r.Version), Field("min_version", (long)r.MinVersion), Field("max_version", (long)r.MaxVersion),
            Field("feature_bits", $"0x{r.FeatureBits:X8}")],
        EfsCommand.Query when EfsQueryResponse.TryParse(p, out var r) == DiagStatus.Ok => [
            Field("max_name", r!.MaxNameLength), Field("max_path", r.MaxPathLength), Field("max_link_depth", r.MaxLinkDepth),
            Field("max_file_size", r.MaxFileSize), Field("max_dir_entries", r.MaxDirEntries), Field("max_mounts", r.MaxMounts)],
        EfsCommand.Open when EfsOpenResponse.TryParse(p, out var r) == DiagStatus.Ok => [Field("fd", r!.Fd), Errno(r.Errno)],
        EfsCommand.Close when EfsCloseResponse.TryParse(p, out var r) == DiagStatus.Ok => [Errno(r!.Errno)],
        EfsCommand.Read when EfsReadResponse.TryParse(p, out var r) == DiagStatus.Ok => [Field("fd", r!.Fd), Field("offset", (long)r.Offset), Field("bytes_read", r.BytesRead), Errno(r.Errno), Field("data", r.Data)],
        EfsCommand.Write when EfsWriteResponse.TryParse(p, out var r) == DiagStatus.Ok => [Field("fd", r!.Fd), Field("offset", (long)r.Offset), Field("bytes_written", r.BytesWritten), Errno(r.Errno)],
        EfsCommand.Symlink when EfsSymlinkResponse.TryParse(p, out var r) == DiagStatus.Ok => [Errno(r!.Errno)],
        EfsCommand.Rename when EfsRenameResponse.TryParse(p, out var r) == DiagStatus.Ok => [Errno(r!.Errno)],
        EfsCommand.Readlink when EfsReadlinkResponse.TryParse(p, out var r) == DiagStatus.Ok => [Errno(r!.Errno), Field("name", r.Target)],
        EfsCommand.Unlink when EfsUnlinkResponse.TryParse(p, out var r) == DiagStatus.Ok => [Errno(r!.Errno)],
        EfsCommand.Rmdir when EfsRmdirResponse.TryParse(p, out var r) == DiagStatus.Ok => [Errno(r!.Errno)],
        EfsCommand.Mkdir when EfsMkdirResponse.TryParse(p, out var r) == DiagStatus.Ok => [Errno(r!.Errno)],
        EfsCommand.Chmod when EfsChmodResponse.TryParse(p, out var r) == DiagStatus.Ok => [Errno(r!.Errno)],
        EfsCommand.Opendir when EfsOpendirResponse.TryParse(p, out var r) == DiagStatus.Ok => [Field("dirp", (long)r!.Dirp), Errno(r.Errno)],
        EfsCommand.Readdir when EfsReaddirResponse.TryParse(p, out var r) == DiagStatus.Ok => r!.IsEndOfDirectory
            ? [Field("dirp", (long)r.Dirp), Field("seqno", r.SequenceNumber), Errno(r.Errno), Field("end_of_directory", true)]
            : [Field("dirp", (long)r.Dirp), Field("seqno", r.SequenceNumber), Errno(r.Errno), Field("entry_type", r.EntryType.ToString()),
               Oct("mode", r.Mode), Field("size", r.FileSize), Field("mtime", (long)r.ModifyTime), Field("entry_name", r.Name)],
        EfsCommand.Closedir when EfsClosedirResponse.TryParse(p, out var r) == DiagStatus.Ok => [Errno(r!.Errno)],
        EfsCommand.Stat when EfsStatResponse.TryParse(p, out var r) == DiagStatus.Ok => [Errno(r!.Errno), Oct("mode", r.Mode), Field("size", r.FileSize), Field("nlink", r.LinkCount), Field("mtime", (long)r.ModifyTime)],
        EfsCommand.Fstat when EfsFstatResponse.TryParse(p, out var r) == DiagStatus.Ok => [Errno(r!.Errno), Oct("mode", r.Mode), Field("size", r.FileSize), Field("nlink", r.LinkCount), Field("mtime", (long)r.ModifyTime)],
        EfsCommand.Lstat when EfsLstatResponse.TryParse(p, out var r) == DiagStatus.Ok => [Errno(r!.Errno), Oct("mode", r.Mode), Field("mtime", (long)r.ModifyTime)],
        EfsCommand.Statfs when EfsStatfsResponse.TryParse(p, out var r) == DiagStatus.Ok => [Errno(r!.Errno), Field("block_size", (long)r.BlockSize), Field("total_blocks", (long)r.TotalBlocks), Field("avail_blocks", (long)r.AvailableBlocks), Field("free_blocks", (long)r.FreeBlocks), Field("nfiles", (long)r.FileCount), Field("max_nfiles", (long)r.MaxFileCount)],
        EfsCommand.Access when EfsAccessResponse.TryParse(p, out var r) == DiagStatus.Ok => [Errno(r!.Errno)],
        EfsCommand.Put when EfsPutResponse.TryParse(p, out var r) == DiagStatus.Ok => [Field("sequence_number", (int)r!.SequenceNumber), Errno(r.Errno)],
        EfsCommand.Get when EfsGetResponse.TryParse(p, out var r) == DiagStatus.Ok => [Field("num_bytes", r!.ByteCount), Errno(r.Errno), Field("sequence_number", (int)r.SequenceNumber), Field("data", r.Data)],
        EfsCommand.Md5Sum when EfsMd5SumResponse.TryParse(p, out var r) == DiagStatus.Ok => [Field("sequence_number", (int)r!.SequenceNumber), Errno(r.Errno), Field("md5", r.Hash)],
        EfsCommand.Truncate when EfsTruncateResponse.TryParse(p, out var r) == DiagStatus.Ok => [Field("sequence_number", (int)r!.SequenceNumber), Errno(r.Errno)],
        EfsCommand.SyncNoWait when EfsSyncNoWaitResponse.TryParse(p, out var r) == DiagStatus.Ok => [Field("sequence_number", (int)r!.SequenceNumber), Field("sync_token", (long)r.SyncToken), Errno(r.Errno)],
        EfsCommand.SyncGetStatus when EfsSyncGetStatusResponse.TryParse(p, out var r) == DiagStatus.Ok => [Field("sequence_number", (int)r!.SequenceNumber), Field("sync_status", (int)r.SyncStatus), Errno(r.Errno)],
        EfsCommand.Error when EfsErrorResponse.TryParse(p, out var r) == DiagStatus.Ok => [Errno(r!.Errno), Field("echo", r.Echo)],
        _ => null,
    };
}
