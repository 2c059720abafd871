using System.Text.RegularExpressions;
using ZteDiag.Protocol.Diag;
using ZteDiag.Protocol.Efs;

namespace ZteDiag.Protocol.Tests.Efs;

internal delegate DiagStatus TryParseFn<T>(ReadOnlySpan<byte> src, out T? value);

/// <summary>One parser, boxed so tests can loop over all of them.</summary>
internal sealed record EfsParser(string Name, Func<byte[], (DiagStatus Status, IDiagPacket? Value)> Parse)
{
    public static EfsParser Of<T>(TryParseFn<T> fn) where T : class, IDiagPacket =>
        new(typeof(T).Name, b =>
        {
            DiagStatus s = fn(b, out T? v);
            return (s, v);
        });

    public override string ToString() => Name;
}

internal static partial class EfsTestSupport
{
    public static byte[] Hex(string hex) => Convert.FromHexString(hex.Replace(" ", "", StringComparison.Ordinal));

    /// <summary>Parses a capture byte line: hex pairs plus "[00 x N]" runs.</summary>
    public static byte[] CaptureBytes(string text)
    {
        string expanded = RepeatRun().Replace(text, m => string.Join(' ', Enumerable.Repeat(m.Groups[1].Value, int.Parse(m.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture))));
        return Hex(expanded.Trim());
    }

    [GeneratedRegex(@"\[([0-9a-fA-F]{2}) x (\d+)\]")]
    private static partial Regex RepeatRun();

    /// <summary>Every request parser and every response parser with a valid sample packet.</summary>
    public static IReadOnlyList<(IDiagPacket Sample, EfsParser Parser)> Samples { get; } =
    [
        (EfsHelloRequest.Default(), EfsParser.Of<EfsHelloRequest>(EfsHelloRequest.TryParse)),
        (new EfsHelloResponse(1, 2, 3, 4, 5, 6, 1, 1, 1, 0, EfsSubsystem.Alternate), EfsParser.Of<EfsHelloResponse>(EfsHelloResponse.TryParse)),
        (new EfsQueryRequest(), EfsParser.Of<EfsQueryRequest>(EfsQueryRequest.TryParse)),
        (new EfsQueryResponse(768, 1024, 0, 0, 50, 4), EfsParser.Of<EfsQueryResponse>(EfsQueryResponse.TryParse)),
        (new EfsOpenRequest(EfsOpenFlags.WriteOnly | EfsOpenFlags.Create | EfsOpenFlags.Truncate, 0x81FF, "/a.txt"), EfsParser.Of<EfsOpenRequest>(EfsOpenRequest.TryParse)),
        (new EfsOpenResponse(3, EfsErrno.ENOERR), EfsParser.Of<EfsOpenResponse>(EfsOpenResponse.TryParse)),
        (new EfsCloseRequest(2), EfsParser.Of<EfsCloseRequest>(EfsCloseRequest.TryParse)),
        (new EfsCloseResponse(EfsErrno.EBADF), EfsParser.Of<EfsCloseResponse>(EfsCloseResponse.TryParse)),
        (new EfsReadRequest(1, 1024, 2048), EfsParser.Of<EfsReadRequest>(EfsReadRequest.TryParse)),
        (EfsReadResponse.Success(1, 0, [1, 2, 3, 0x7E]), EfsParser.Of<EfsReadResponse>(EfsReadResponse.TryParse)),
        (new EfsWriteRequest(1, 10, [9, 8, 7]), EfsParser.Of<EfsWriteRequest>(EfsWriteRequest.TryParse)),
        (new EfsWriteResponse(1, 10, 3, EfsErrno.ENOERR), EfsParser.Of<EfsWriteResponse>(EfsWriteResponse.TryParse)),
        (new EfsSymlinkRequest("/target", "/link"), EfsParser.Of<EfsSymlinkRequest>(EfsSymlinkRequest.TryParse)),
        (new EfsSymlinkResponse(EfsErrno.ENOERR), EfsParser.Of<EfsSymlinkResponse>(EfsSymlinkResponse.TryParse)),
        (new EfsReadlinkRequest("/link"), EfsParser.Of<EfsReadlinkRequest>(EfsReadlinkRequest.TryParse)),
        (new EfsReadlinkResponse(EfsErrno.ENOERR, "/target"), EfsParser.Of<EfsReadlinkResponse>(EfsReadlinkResponse.TryParse)),
        (new EfsUnlinkRequest("/a"), EfsParser.Of<EfsUnlinkRequest>(EfsUnlinkRequest.TryParse)),
        (new EfsUnlinkResponse(EfsErrno.ENOENT), EfsParser.Of<EfsUnlinkResponse>(EfsUnlinkResponse.TryParse)),
        (new EfsMkdirRequest(0x1FF, "/d"), EfsParser.Of<EfsMkdirRequest>(EfsMkdirRequest.TryParse)),
        (new EfsMkdirResponse(EfsErrno.EEXIST), EfsParser.Of<EfsMkdirResponse>(EfsMkdirResponse.TryParse)),
        (new EfsRmdirRequest("/d"), EfsParser.Of<EfsRmdirRequest>(EfsRmdirRequest.TryParse)),
        (new EfsRmdirResponse(EfsErrno.ENOTEMPTY), EfsParser.Of<EfsRmdirResponse>(EfsRmdirResponse.TryParse)),
        (new EfsOpendirRequest("/"), EfsParser.Of<EfsOpendirRequest>(EfsOpendirRequest.TryParse)),
        (new EfsOpendirResponse(1, EfsErrno.ENOERR), EfsParser.Of<EfsOpendirResponse>(EfsOpendirResponse.TryParse)),
        (new EfsReaddirRequest(1, 1), EfsParser.Of<EfsReaddirRequest>(EfsReaddirRequest.TryParse)),
        (new EfsReaddirResponse(1, 1, EfsErrno.ENOERR, EfsDirEntryType.Other, 0xE1FF, 8, 1, 2, 3, "lte_bandpref"), EfsParser.Of<EfsReaddirResponse>(EfsReaddirResponse.TryParse)),
        (new EfsClosedirRequest(1), EfsParser.Of<EfsClosedirRequest>(EfsClosedirRequest.TryParse)),
        (new EfsClosedirResponse(EfsErrno.ENOERR), EfsParser.Of<EfsClosedirResponse>(EfsClosedirResponse.TryParse)),
        (new EfsRenameRequest("/a", "/b"), EfsParser.Of<EfsRenameRequest>(EfsRenameRequest.TryParse)),
        (new EfsRenameResponse(EfsErrno.EXDEV), EfsParser.Of<EfsRenameResponse>(EfsRenameResponse.TryParse)),
        (new EfsStatRequest("/a"), EfsParser.Of<EfsStatRequest>(EfsStatRequest.TryParse)),
        (new EfsStatResponse(EfsErrno.ENOERR, 0x81A4, 7, 1, 10, 20, 30), EfsParser.Of<EfsStatResponse>(EfsStatResponse.TryParse)),
        (new EfsLstatRequest("/a"), EfsParser.Of<EfsLstatRequest>(EfsLstatRequest.TryParse)),
        (new EfsLstatResponse(EfsErrno.ENOERR, 0xA1FF, 10, 20, 30), EfsParser.Of<EfsLstatResponse>(EfsLstatResponse.TryParse)),
        (new EfsFstatRequest(1), EfsParser.Of<EfsFstatRequest>(EfsFstatRequest.TryParse)),
        (new EfsFstatResponse(EfsErrno.ENOERR, 0x81A4, 7, 1, 10, 20, 30), EfsParser.Of<EfsFstatResponse>(EfsFstatResponse.TryParse)),
        (new EfsChmodRequest(0x1A4, "/a"), EfsParser.Of<EfsChmodRequest>(EfsChmodRequest.TryParse)),
        (new EfsChmodResponse(EfsErrno.EPERM), EfsParser.Of<EfsChmodResponse>(EfsChmodResponse.TryParse)),
        (new EfsStatfsRequest("/"), EfsParser.Of<EfsStatfsRequest>(EfsStatfsRequest.TryParse)),
        (new EfsStatfsResponse(EfsErrno.ENOERR, 1, "EFS2\0\0\0\0"u8.ToArray(), 512, 100, 50, 60, 1 << 20, 10, 1000), EfsParser.Of<EfsStatfsResponse>(EfsStatfsResponse.TryParse)),
        (new EfsAccessRequest(4, "/a"), EfsParser.Of<EfsAccessRequest>(EfsAccessRequest.TryParse)),
        (new EfsAccessResponse(EfsErrno.EACCES), EfsParser.Of<EfsAccessResponse>(EfsAccessResponse.TryParse)),
        (new EfsDevInfoRequest(), EfsParser.Of<EfsDevInfoRequest>(EfsDevInfoRequest.TryParse)),
        (new EfsDevInfoResponse(EfsErrno.ENOERR, 1024, 64, 2048, 2048 * 64, 0xEC, 0xA1, 1, "NAND"), EfsParser.Of<EfsDevInfoResponse>(EfsDevInfoResponse.TryParse)),
        (new EfsPutRequest(EfsOpenFlags.WriteOnly | EfsOpenFlags.Create | EfsOpenFlags.Truncate | EfsOpenFlags.ItemFile, 0, [1, 0, 2], "/nv/item"), EfsParser.Of<EfsPutRequest>(EfsPutRequest.TryParse)),
        (new EfsPutResponse(0, EfsErrno.ENOERR), EfsParser.Of<EfsPutResponse>(EfsPutResponse.TryParse)),
        (EfsGetRequest.For("/nv/item", 7), EfsParser.Of<EfsGetRequest>(EfsGetRequest.TryParse)),
        (new EfsGetResponse(3, EfsErrno.ENOERR, 7, [1, 0, 2]), EfsParser.Of<EfsGetResponse>(EfsGetResponse.TryParse)),
        (new EfsMd5SumRequest(1, "/a"), EfsParser.Of<EfsMd5SumRequest>(EfsMd5SumRequest.TryParse)),
        (new EfsMd5SumResponse(1, EfsErrno.ENOERR, Enumerable.Range(0, 16).Select(i => (byte)i).ToArray()), EfsParser.Of<EfsMd5SumResponse>(EfsMd5SumResponse.TryParse)),
        (new EfsTruncateRequest(2, 100, "/a"), EfsParser.Of<EfsTruncateRequest>(EfsTruncateRequest.TryParse)),
        (new EfsTruncateResponse(2, EfsErrno.ENOERR), EfsParser.Of<EfsTruncateResponse>(EfsTruncateResponse.TryParse)),
        (new EfsSyncNoWaitRequest(3, "/"), EfsParser.Of<EfsSyncNoWaitRequest>(EfsSyncNoWaitRequest.TryParse)),
        (new EfsSyncNoWaitResponse(3, 0x1234, EfsErrno.ENOTHINGTOSYNC), EfsParser.Of<EfsSyncNoWaitResponse>(EfsSyncNoWaitResponse.TryParse)),
        (new EfsSyncGetStatusRequest(4, 0x1234, "/"), EfsParser.Of<EfsSyncGetStatusRequest>(EfsSyncGetStatusRequest.TryParse)),
        (new EfsSyncGetStatusResponse(4, 0, EfsErrno.ENOERR), EfsParser.Of<EfsSyncGetStatusResponse>(EfsSyncGetStatusResponse.TryParse)),
        (new EfsErrorResponse(EfsErrno.EINVAL, [0x4B, 0x13, 0x02, 0x00]), EfsParser.Of<EfsErrorResponse>(EfsErrorResponse.TryParse)),
    ];

    public static IEnumerable<EfsParser> Parsers => Samples.Select(s => s.Parser);
}
