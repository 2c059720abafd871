using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using ZteDiag.Device;
using ZteDiag.Device.Efs;
using ZteDiag.Protocol.Efs;
using ZteDiag.Workbench.Connection;
using ZteDiag.Workbench.Local;
using ZteDiag.Workbench.Safety;

namespace ZteDiag.Cli.Commands.Efs;

/// <summary>`efs put`: replaces an EFS file atomically (SAFETY.md): temp name, read-back check, rename.</summary>
internal static class EfsPutCommand
{
    /// <summary>Largest item file this EFS stores.</summary>
    public const int MaxItemSize = 106;

    private static readonly Option<bool> ItemOption = new("--item") { Description = $"write an item file with one PUT (at most {MaxItemSize} bytes)" };

    public static Command Build()
    {
        var local = new Argument<string>("local") { Description = "local regular file ('-' = standard input; FIFOs and devices are refused)" };
        var remote = new Argument<string>("remote") { Description = "EFS file to create or replace (an existing directory: the file goes inside)" };
        var cmd = new Command("put",
            "Copy LOCAL to the EFS. The bytes go to a temporary name in REMOTE's directory, are read back and\n" +
            "compared (SHA-256), and only then renamed over REMOTE: a failure leaves REMOTE as it was.\n" +
            "Example: ztediag efs put ./PCUI.VN /PCUI.VN");
        cmd.Options.Add(ItemOption);
        cmd.Arguments.Add(local);
        cmd.Arguments.Add(remote);
        cmd.SetAction(async (parse, ct) =>
        {
            // read LOCAL before touching the modem: a usage mistake must not cost a connection
            string localPath = parse.GetValue(local)!;
            byte[] data = await ReadLocalAsync(localPath, ct).ConfigureAwait(false);
            bool item = parse.GetValue(ItemOption);
            if (item && data.Length > MaxItemSize)
            {
                throw new UsageException($"{localPath} is {data.Length} bytes; an item file holds at most {MaxItemSize} bytes (drop --item for a regular file)");
            }

            string r = EfsVerbs.NewRemotePath(parse.GetValue(remote)!);
            return await EfsVerbs.WithEfsAsync(parse, ct, conn => RunAsync(parse, conn, localPath, r, data, item, ct)).ConfigureAwait(false);
        });
        return cmd;
    }

    private static async Task<int> RunAsync(ParseResult parse, ModemConnection conn, string localPath, string r, byte[] data, bool item, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        EfsStat? existing = await EfsVerbs.TryStatAsync(conn.Efs, r, ct).ConfigureAwait(false);
        if (existing is { IsDirectory: true })
        {
            if (localPath == "-")
            {
                throw new EfsException(EfsErrno.EISDIR, r, "put");
            }

            r = EfsPath.Join(r, Path.GetFileName(localPath));
            existing = await EfsVerbs.TryStatAsync(conn.Efs, r, ct).ConfigureAwait(false);
            if (existing is { IsDirectory: true })
            {
                throw new EfsException(EfsErrno.EISDIR, r, "put");
            }
        }

        byte[] want = SHA256.HashData(data);
        await ReplaceAsync(parse, conn.Efs, r, data, existing, item, ct).ConfigureAwait(false);

        double seconds = clock.Elapsed.TotalSeconds;
        string sha = Convert.ToHexString(want).ToLowerInvariant();
        TransportReport.Log(conn.Diag.Stats);
        if (EfsVerbs.Json(parse))
        {
            EfsVerbs.WriteJson(parse, new { Local = localPath, Remote = r, Bytes = data.Length, Item = item, Replaced = existing is not null, Seconds = Math.Round(seconds, 3), Sha256 = sha, Transport = TransportReport.Json(conn.Diag.Stats) });
        }
        else
        {
            EfsVerbs.Out(parse).WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{localPath} -> {r}: {data.Length} bytes{(item ? " (item file)" : "")}{(existing is null ? "" : ", replaced")}, verified, in {seconds:0.00} s, sha256 {sha}"));
        }

        return ExitCodes.Ok;
    }

    /// <summary>Through the one replacement path (<see cref="EfsReplacer"/>): temp name, read back and compare, rename, read back.</summary>
    private static async Task ReplaceAsync(ParseResult parse, EfsClient efs, string r, byte[] data, EfsStat? existing, bool item, CancellationToken ct)
    {
        int type = item ? EfsMode.S_IFITM : EfsMode.S_IFREG;
        int mode = existing is { Kind: EfsFileKind.Regular or EfsFileKind.ItemFile } ? type | (existing.Mode & EfsMode.PermissionMask) : type | 0x1FF;
        using var progress = new ConsoleProgress($"put {EfsPath.Name(r)}", data.Length, enabled: !EfsVerbs.Json(parse));
        await EfsReplacer.ReplaceAsync(efs, r, data, mode, progress, ct).ConfigureAwait(false);
    }

    private static async Task<byte[]> ReadLocalAsync(string localPath, CancellationToken ct)
    {
        // bounded either way: no EFS holds a file this large, and /dev/zero or a pipe must not fill memory
        long max = ZteDiag.Workbench.Archive.ArchiveLimits.Default.MaxFileBytes;
        if (localPath == "-")
        {
            using Stream stdin = Console.OpenStandardInput();
            return await LocalPaths.ReadBoundedAsync(stdin, max, "standard input", ct).ConfigureAwait(false);
        }

        LocalPaths.CheckInput(localPath, max); // a FIFO, device or socket is refused before it is opened
        await using var file = new FileStream(localPath, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024, useAsync: true);
        return await LocalPaths.ReadBoundedAsync(file, max, localPath, ct).ConfigureAwait(false); // it may grow after the check
    }
}
