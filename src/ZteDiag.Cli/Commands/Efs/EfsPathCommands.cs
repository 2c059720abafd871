using System.CommandLine;
using ZteDiag.Device;
using ZteDiag.Device.Efs;
using ZteDiag.Protocol.Efs;

namespace ZteDiag.Cli.Commands.Efs;

/// <summary>`efs rm`, `efs mkdir` and `efs mv`.</summary>
internal static class EfsPathCommands
{
    private static readonly Option<bool> RecursiveOption = new("-r") { Description = "remove a directory and everything in it" };
    private static readonly Option<bool> ParentsOption = new("-p") { Description = "create missing parents; an existing directory is fine" };

    public static Command BuildRm()
    {
        var path = new Argument<string>("path") { Description = "EFS file, item file, symlink or directory" };
        var cmd = new Command("rm",
            "Remove a file, item file or symlink; a directory only when empty, or with -r and all its contents.\n" +
            "A missing path is an error (ENOENT).");
        cmd.Options.Add(RecursiveOption);
        cmd.Arguments.Add(path);
        cmd.SetAction((parse, ct) => EfsVerbs.WithEfsAsync(parse, ct, async conn =>
        {
            string p = EfsVerbs.RemotePath(parse.GetValue(path)!);
            bool recursive = parse.GetValue(RecursiveOption);
            if (p == EfsPath.Root)
            {
                throw new UsageException("refusing to remove / (the whole EFS); remove its entries one by one");
            }

            EfsStat st = await conn.Efs.LstatAsync(p, ct).ConfigureAwait(false); // ENOENT here: the target's UNLINK says yes to a missing path
            if (st.IsDirectory && recursive)
            {
                await conn.Efs.RemoveRecursiveAsync(p, ct).ConfigureAwait(false);
            }
            else if (st.IsDirectory)
            {
                await conn.Efs.RmdirAsync(p, ct).ConfigureAwait(false);
            }
            else
            {
                await conn.Efs.UnlinkAsync(p, ct).ConfigureAwait(false);
            }

            Done(parse, new { Removed = p, Type = EfsVerbs.KindText(st.Mode), Recursive = recursive }, $"removed {p}");
            return ExitCodes.Ok;
        }));
        return cmd;
    }

    public static Command BuildMkdir()
    {
        var path = new Argument<string>("path") { Description = "EFS directory to create" };
        var cmd = new Command("mkdir", "Create a directory (EEXIST if the path exists, unless -p and it is a directory).");
        cmd.Options.Add(ParentsOption);
        cmd.Arguments.Add(path);
        cmd.SetAction((parse, ct) => EfsVerbs.WithEfsAsync(parse, ct, async conn =>
        {
            string p = EfsVerbs.RemotePath(parse.GetValue(path)!);
            CheckLimits(conn.Efs, p); // the whole path first: -p must not create five levels and then fail
            p = EfsVerbs.NewRemotePath(p);
            bool parents = parse.GetValue(ParentsOption);
            await conn.Efs.MkdirAsync(p, EfsClient.DefaultDirectoryMode, parents, ct).ConfigureAwait(false);
            if (parents && await EfsVerbs.TryStatAsync(conn.Efs, p, ct).ConfigureAwait(false) is { IsDirectory: false })
            {
                throw new EfsException(EfsErrno.EEXIST, p, "mkdir", "it exists and is not a directory");
            }

            Done(parse, new { Created = p, Parents = parents }, $"created {p}/");
            return ExitCodes.Ok;
        }));
        return cmd;
    }

    public static Command BuildMv()
    {
        var oldPath = new Argument<string>("old") { Description = "EFS path to move" };
        var newPath = new Argument<string>("new") { Description = "new path (an existing directory: OLD moves inside it)" };
        var cmd = new Command("mv", "Rename or move a file or directory (one RENAME; replaces an existing file).");
        cmd.Arguments.Add(oldPath);
        cmd.Arguments.Add(newPath);
        cmd.SetAction((parse, ct) => EfsVerbs.WithEfsAsync(parse, ct, async conn =>
        {
            string from = EfsVerbs.RemotePath(parse.GetValue(oldPath)!);
            string to = EfsVerbs.NewRemotePath(parse.GetValue(newPath)!);
            await conn.Efs.LstatAsync(from, ct).ConfigureAwait(false);
            if (await EfsVerbs.TryStatAsync(conn.Efs, to, ct).ConfigureAwait(false) is { IsDirectory: true } && to != from)
            {
                to = EfsPath.Join(to, EfsPath.Name(from));
            }

            await conn.Efs.RenameAsync(from, to, ct).ConfigureAwait(false);
            Done(parse, new { From = from, To = to }, $"{from} -> {to}");
            return ExitCodes.Ok;
        }));
        return cmd;
    }

    /// <summary>Refuses a path over the modem's own QUERY limits (max_path, max_name) before anything is created.</summary>
    private static void CheckLimits(EfsClient efs, string p)
    {
        int maxPath = efs.QueryInfo?.MaxPathLength is > 0 and int mp ? mp : 1024;
        int maxName = efs.QueryInfo?.MaxNameLength is > 0 and int mn ? mn : 255;
        if (p.Length > maxPath)
        {
            throw new UsageException($"'{p[..40]}…' is {p.Length} bytes long; the modem takes paths up to {maxPath} bytes (QUERY max_path); nothing was created");
        }

        if (p.Split('/').FirstOrDefault(n => n.Length > maxName) is { } name)
        {
            throw new UsageException($"'{name[..40]}…' is a {name.Length}-byte name; the modem takes names up to {maxName} bytes (QUERY max_name); nothing was created");
        }
    }

    private static void Done(ParseResult parse, object json, string text)
    {
        if (EfsVerbs.Json(parse))
        {
            EfsVerbs.WriteJson(parse, json);
        }
        else if (parse.GetValue(GlobalOptions.Verbose))
        {
            EfsVerbs.Out(parse).WriteLine(text);
        }
    }
}
