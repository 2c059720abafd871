using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using ZteDiag.Device;
using ZteDiag.Device.Efs;
using ZteDiag.Protocol.Efs;
using ZteDiag.Workbench.Connection;
using ZteDiag.Workbench.Jobs;
using ZteDiag.Workbench.Local;

namespace ZteDiag.Cli.Commands.Efs;

/// <summary>`efs cat` and `efs get`: file contents from the modem.</summary>
internal static class EfsReadCommands
{
    public static Command BuildCat()
    {
        var path = new Argument<string>("path") { Description = "EFS file or item file" };
        var cmd = new Command("cat", "Write a file's bytes to standard output (--json: size, sha256 and the bytes in hex).");
        cmd.Arguments.Add(path);
        cmd.SetAction((parse, ct) => EfsVerbs.WithEfsAsync(parse, ct, async conn =>
        {
            string p = EfsVerbs.RemotePath(parse.GetValue(path)!);
            EfsStat st = await StatFileAsync(conn, p, "cat", ct).ConfigureAwait(false);
            using var buffer = new MemoryStream();
            await conn.Efs.ReadContentAsync(st, buffer, null, ct).ConfigureAwait(false);
            byte[] data = buffer.ToArray();
            if (EfsVerbs.Json(parse))
            {
                EfsVerbs.WriteJson(parse, new
                {
                    Path = p,
                    Type = EfsVerbs.KindText(st.Mode),
                    Size = data.Length,
                    Sha256 = Convert.ToHexString(SHA256.HashData(data)).ToLowerInvariant(),
                    Hex = Convert.ToHexString(data).ToLowerInvariant(),
                });
                return ExitCodes.Ok;
            }

            await WriteStdoutAsync(parse, data, ct).ConfigureAwait(false);
            return ExitCodes.Ok;
        }));
        return cmd;
    }

    public static Command BuildGet()
    {
        var remote = new Argument<string>("remote") { Description = "EFS file or item file" };
        var local = new Argument<string>("local") { Description = "local file or directory ('-' = standard output)" };
        var cmd = new Command("get",
            "Copy an EFS file to LOCAL. Writes a temporary file next to LOCAL and renames it on success, so LOCAL\n" +
            "is never left half written. An existing LOCAL must be a regular file (it is replaced); a FIFO, device\n" +
            "or socket is refused: give '-' to stream to standard output. Example: ztediag efs get /ZTEMODEM.iso ./ztemodem.iso");
        cmd.Arguments.Add(remote);
        cmd.Arguments.Add(local);
        cmd.SetAction((parse, ct) => EfsVerbs.WithEfsAsync(parse, ct, async conn =>
        {
            string p = EfsVerbs.RemotePath(parse.GetValue(remote)!);
            string target = parse.GetValue(local)!;
            EfsStat st = await StatFileAsync(conn, p, "get", ct).ConfigureAwait(false);
            var clock = Stopwatch.StartNew();
            if (target == "-")
            {
                using var buffer = new MemoryStream();
                await conn.Efs.ReadContentAsync(st, buffer, null, ct).ConfigureAwait(false);
                await WriteStdoutAsync(parse, buffer.ToArray(), ct).ConfigureAwait(false);
                return ExitCodes.Ok;
            }

            if (Directory.Exists(target))
            {
                target = Path.Combine(target, EfsPath.Name(p));
            }

            // a FIFO, device or socket is refused, never replaced by the rename below (issue 19.1)
            string full = LocalPaths.CheckOutput(target, replaceExisting: true, howToReplace: null);

            EfsDownloadResult got;
            using (var progress = new ConsoleProgress($"get {EfsPath.Name(p)}", st.Size, enabled: !EfsVerbs.Json(parse)))
            {
                got = await EfsDownload.ToFileAsync(conn.Efs, st, full, progress, ct).ConfigureAwait(false);
            }

            long bytes = got.Bytes;
            string sha = got.Sha256;
            double seconds = clock.Elapsed.TotalSeconds;
            TransportReport.Log(conn.Diag.Stats);
            if (EfsVerbs.Json(parse))
            {
                EfsVerbs.WriteJson(parse, new { Remote = p, Local = full, Bytes = bytes, Seconds = Math.Round(seconds, 3), Sha256 = sha, Transport = TransportReport.Json(conn.Diag.Stats) });
            }
            else
            {
                EfsVerbs.Out(parse).WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{p} -> {target}: {bytes} bytes in {seconds:0.00} s ({ConsoleProgress.Human((long)(bytes / Math.Max(seconds, 0.001)))}/s), sha256 {sha}"));
            }

            return ExitCodes.Ok;
        }));
        return cmd;
    }

    /// <summary>STAT that refuses directories (EISDIR), as reading one would.</summary>
    internal static async Task<EfsStat> StatFileAsync(ModemConnection conn, string p, string operation, CancellationToken ct)
    {
        EfsStat st = await conn.Efs.StatAsync(p, ct).ConfigureAwait(false);
        return st.IsDirectory ? throw new EfsException(EfsErrno.EISDIR, p, operation) : st;
    }

    private static async Task WriteStdoutAsync(ParseResult parse, byte[] data, CancellationToken ct)
    {
        TextWriter output = EfsVerbs.Out(parse);
        await output.FlushAsync(ct).ConfigureAwait(false);
        if (ReferenceEquals(output, Console.Out))
        {
            using Stream stdout = Console.OpenStandardOutput();
            await stdout.WriteAsync(data, ct).ConfigureAwait(false);
            await stdout.FlushAsync(ct).ConfigureAwait(false);
        }
        else
        {
            // in-process callers (tests) gave their own writer: bytes as Latin-1 round-trip one char each
            await output.WriteAsync(System.Text.Encoding.Latin1.GetString(data)).ConfigureAwait(false);
        }
    }
}
