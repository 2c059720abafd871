using ZteDiag.Protocol.Efs;

namespace ZteDiag.Emulator.Tests.Diag;

internal static class EfsTestExtensions
{
    public static EfsHelloResponse Hello(this DiagTestClient c) =>
        c.Send<EfsHelloResponse>(EfsHelloRequest.Default(), EfsHelloResponse.TryParse);

    public static EfsOpenResponse Open(this DiagTestClient c, string path, EfsOpenFlags flags = EfsOpenFlags.ReadOnly, int mode = 0) =>
        c.Send<EfsOpenResponse>(new EfsOpenRequest(flags, mode, path), EfsOpenResponse.TryParse);

    public static EfsReadResponse Read(this DiagTestClient c, int fd, uint count = 1024, uint offset = 0) =>
        c.Send<EfsReadResponse>(new EfsReadRequest(fd, count, offset), EfsReadResponse.TryParse);

    public static EfsWriteResponse Write(this DiagTestClient c, int fd, byte[] data, uint offset = 0) =>
        c.Send<EfsWriteResponse>(new EfsWriteRequest(fd, offset, data), EfsWriteResponse.TryParse);

    public static EfsErrno Close(this DiagTestClient c, int fd) =>
        c.Send<EfsCloseResponse>(new EfsCloseRequest(fd), EfsCloseResponse.TryParse).Errno;

    public static EfsStatResponse Stat(this DiagTestClient c, string path) =>
        c.Send<EfsStatResponse>(new EfsStatRequest(path), EfsStatResponse.TryParse);

    public static EfsOpendirResponse Opendir(this DiagTestClient c, string path) =>
        c.Send<EfsOpendirResponse>(new EfsOpendirRequest(path), EfsOpendirResponse.TryParse);

    public static EfsReaddirResponse Readdir(this DiagTestClient c, uint dirp, int seq) =>
        c.Send<EfsReaddirResponse>(new EfsReaddirRequest(dirp, seq), EfsReaddirResponse.TryParse);

    public static EfsErrno Mkdir(this DiagTestClient c, string path) =>
        c.Send<EfsMkdirResponse>(new EfsMkdirRequest(0x1FF, path), EfsMkdirResponse.TryParse).Errno;
}
