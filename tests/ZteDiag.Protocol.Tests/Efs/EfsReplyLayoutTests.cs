using ZteDiag.Protocol.Diag;
using ZteDiag.Protocol.Efs;

namespace ZteDiag.Protocol.Tests.Efs;

/// <summary>
/// Successful STAT, READDIR, OPEN and READ replies written by hand, field by field, from PROTOCOL.md §3
/// (the response layout table: "@4 i32 errno, @8 mode…"), not from our encoder. The emulator and the
/// client share these records, so a round trip alone would hide two fields swapped in both; here a
/// swapped or shifted field parses to the wrong value and fails. Every integer is little-endian.
/// Header: 4b (subsystem command), 13 (EFS subsystem 19), then the u16 EFS command.
/// </summary>
public class EfsReplyLayoutTests
{
    [Fact]
    public void Stat_reply_is_errno_mode_size_nlink_atime_mtime_ctime()
    {
        byte[] reply = Hex.Bytes(
            "4b 13 0f 00" +   // STAT 15
            "00 00 00 00" +   // @4  errno 0
            "a4 81 00 00" +   // @8  mode 0x81A4 (S_IFREG | 0644)
            "1f 00 00 00" +   // @12 size 31
            "01 00 00 00" +   // @16 nlink 1
            "10 32 54 76" +   // @20 atime 0x76543210
            "20 32 54 76" +   // @24 mtime 0x76543220
            "30 32 54 76");   // @28 ctime 0x76543230
        Assert.Equal(32, reply.Length);
        Assert.Equal(DiagStatus.Ok, EfsStatResponse.TryParse(reply, out EfsStatResponse? r));
        Assert.Equal(EfsErrno.ENOERR, r!.Errno);
        Assert.Equal(0x81A4, r.Mode);
        Assert.Equal(EfsFileKind.Regular, r.Kind);
        Assert.Equal(31, r.FileSize);
        Assert.Equal(1, r.LinkCount);
        Assert.Equal(0x76543210u, r.AccessTime);
        Assert.Equal(0x76543220u, r.ModifyTime);
        Assert.Equal(0x76543230u, r.ChangeTime);
    }

    [Fact]
    public void Readdir_reply_is_dirp_seqno_errno_type_mode_size_times_then_the_name()
    {
        byte[] reply = Hex.Bytes(
            "4b 13 0c 00" +   // READDIR 12
            "07 00 00 00" +   // @4  dirp 7
            "03 00 00 00" +   // @8  seqno 3
            "00 00 00 00" +   // @12 errno 0
            "01 00 00 00" +   // @16 entry_type 1 (directory)
            "ff 41 00 00" +   // @20 mode 0x41FF (S_IFDIR | 0777)
            "00 02 00 00" +   // @24 size 512
            "01 00 00 00" +   // @28 atime 1
            "02 00 00 00" +   // @32 mtime 2
            "03 00 00 00" +   // @36 ctime 3
            "6e 76 00");      // @40 "nv\0" (the name only, not the path)
        Assert.Equal(DiagStatus.Ok, EfsReaddirResponse.TryParse(reply, out EfsReaddirResponse? r));
        Assert.Equal(7u, r!.Dirp);
        Assert.Equal(3, r.SequenceNumber);
        Assert.Equal(EfsErrno.ENOERR, r.Errno);
        Assert.Equal((EfsDirEntryType)1, r.EntryType);
        Assert.Equal(0x41FF, r.Mode);
        Assert.Equal(EfsFileKind.Directory, r.Kind);
        Assert.Equal(512, r.FileSize);
        Assert.Equal(1u, r.AccessTime);
        Assert.Equal(2u, r.ModifyTime);
        Assert.Equal(3u, r.ChangeTime);
        Assert.Equal("nv", r.Name);
        Assert.False(r.IsEndOfDirectory);
    }

    [Fact]
    public void Open_reply_is_fd_then_errno()
    {
        byte[] reply = Hex.Bytes(
            "4b 13 02 00" +   // OPEN 2
            "05 00 00 00" +   // @4 fd 5
            "00 00 00 00");   // @8 errno 0
        Assert.Equal(DiagStatus.Ok, EfsOpenResponse.TryParse(reply, out EfsOpenResponse? r));
        Assert.Equal(5, r!.Fd);
        Assert.Equal(EfsErrno.ENOERR, r.Errno);

        byte[] refused = Hex.Bytes("4b 13 02 00 ff ff ff ff 02 00 00 00"); // fd -1, errno 2 (ENOENT)
        Assert.Equal(DiagStatus.Ok, EfsOpenResponse.TryParse(refused, out EfsOpenResponse? e));
        Assert.Equal(-1, e!.Fd);
        Assert.Equal(EfsErrno.ENOENT, e.Errno);
    }

    [Fact]
    public void Read_reply_is_fd_offset_bytes_read_errno_then_the_data()
    {
        byte[] reply = Hex.Bytes(
            "4b 13 04 00" +   // READ 4
            "05 00 00 00" +   // @4  fd 5
            "00 04 00 00" +   // @8  offset 1024
            "03 00 00 00" +   // @12 bytes_read 3
            "00 00 00 00" +   // @16 errno 0
            "4d 46 37");      // @20 "MF7"
        Assert.Equal(DiagStatus.Ok, EfsReadResponse.TryParse(reply, out EfsReadResponse? r));
        Assert.Equal(5, r!.Fd);
        Assert.Equal(1024u, r.Offset);
        Assert.Equal(3, r.BytesRead);
        Assert.Equal(EfsErrno.ENOERR, r.Errno);
        Assert.Equal("MF7"u8.ToArray(), r.Data);
    }

    [Fact]
    public void Our_encoder_writes_the_same_bytes_as_the_hand_written_layouts()
    {
        // the other direction: what the emulator sends must equal the table's layout byte for byte
        Assert.Equal(Hex.Bytes("4b 13 0f 00 00 00 00 00 a4 81 00 00 1f 00 00 00 01 00 00 00 10 32 54 76 20 32 54 76 30 32 54 76"),
            Encode(new EfsStatResponse(EfsErrno.ENOERR, 0x81A4, 31, 1, 0x76543210, 0x76543220, 0x76543230)));
        Assert.Equal(Hex.Bytes("4b 13 02 00 05 00 00 00 00 00 00 00"), Encode(new EfsOpenResponse(5, EfsErrno.ENOERR)));
        Assert.Equal(Hex.Bytes("4b 13 04 00 05 00 00 00 00 04 00 00 03 00 00 00 00 00 00 00 4d 46 37"),
            Encode(EfsReadResponse.Success(5, 1024, "MF7"u8.ToArray())));
        Assert.Equal(Hex.Bytes("4b 13 0c 00 07 00 00 00 03 00 00 00 00 00 00 00 01 00 00 00 ff 41 00 00 00 02 00 00 01 00 00 00 02 00 00 00 03 00 00 00 6e 76 00"),
            Encode(new EfsReaddirResponse(7, 3, EfsErrno.ENOERR, (EfsDirEntryType)1, 0x41FF, 512, 1, 2, 3, "nv")));
    }

    private static byte[] Encode(IDiagPacket p)
    {
        var buffer = new byte[p.Size];
        Assert.Equal(p.Size, p.WriteTo(buffer));
        return buffer;
    }
}
