using System.CommandLine;
using ZteDiag.Device.Efs;
using ZteDiag.Protocol.Efs;

namespace ZteDiag.Cli.Commands.Efs;

/// <summary>`efs ls` and `efs tree`.</summary>
internal static class EfsListCommands
{
    private static readonly Option<bool> LongOption = new("-l") { Description = "long listing: mode (i = item file), size, mtime, name, symlink target" };

    public static Command BuildLs()
    {
        var path = new Argument<string>("path") { Description = "EFS directory or file (default /)", DefaultValueFactory = _ => "/" };
        var cmd = new Command("ls", "List a directory (sorted by name). Example: ztediag efs ls -l /nv/item_files");
        cmd.Options.Add(LongOption);
        cmd.Arguments.Add(path);
        cmd.SetAction((parse, ct) => EfsVerbs.WithEfsAsync(parse, ct, async conn =>
        {
            string p = EfsVerbs.RemotePath(parse.GetValue(path)!);
            bool longFormat = parse.GetValue(LongOption);
            EfsStat st = await conn.Efs.StatAsync(p, ct).ConfigureAwait(false);
            IReadOnlyList<EfsDirEntry> entries = st.IsDirectory
                ? [.. (await conn.Efs.ListAsync(p, readLinks: longFormat || EfsVerbs.Json(parse), ct).ConfigureAwait(false)).OrderBy(e => e.Name, StringComparer.Ordinal)]
                : [await SingleAsync(conn.Efs, p, ct).ConfigureAwait(false)];
            WarnRefusedNames(parse, conn.Efs);
            if (EfsVerbs.Json(parse))
            {
                EfsVerbs.WriteJson(parse, entries.Select(EfsVerbs.EntryJson));
                return ExitCodes.Ok;
            }

            var output = EfsVerbs.Out(parse);
            foreach (var e in entries)
            {
                output.WriteLine(longFormat ? EfsVerbs.LongLine(e.Name, e.Mode, e.Size, e.ModifyTime, e.LinkTarget) : EfsVerbs.Shown(e.Name));
            }

            return ExitCodes.Ok;
        }));
        return cmd;
    }

    public static Command BuildTree()
    {
        var path = new Argument<string>("path") { Description = "EFS directory (default /)", DefaultValueFactory = _ => "/" };
        var cmd = new Command("tree", "Show a directory tree (one directory handle open at a time). Example: ztediag efs tree /nv");
        cmd.Arguments.Add(path);
        cmd.SetAction((parse, ct) => EfsVerbs.WithEfsAsync(parse, ct, async conn =>
        {
            string root = EfsVerbs.RemotePath(parse.GetValue(path)!);
            EfsStat st = await conn.Efs.StatAsync(root, ct).ConfigureAwait(false);
            if (!st.IsDirectory)
            {
                throw new Device.EfsException(EfsErrno.ENOTDIR, root, "tree");
            }

            var all = new List<EfsDirEntry>();
            await foreach (var e in conn.Efs.WalkAsync(root, readLinks: true, ct).ConfigureAwait(false))
            {
                all.Add(e);
            }

            WarnRefusedNames(parse, conn.Efs);
            if (EfsVerbs.Json(parse))
            {
                EfsVerbs.WriteJson(parse, all.Select(EfsVerbs.EntryJson));
                return ExitCodes.Ok;
            }

            var children = all.GroupBy(e => EfsPath.Parent(e.Path), StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => g.OrderBy(e => e.Name, StringComparer.Ordinal).ToList(), StringComparer.Ordinal);
            var output = EfsVerbs.Out(parse);
            output.WriteLine(root);
            Print(output, children, root, "");
            int dirs = all.Count(e => e.IsDirectory);
            output.WriteLine();
            output.WriteLine($"{dirs} directories, {all.Count - dirs} files");
            return ExitCodes.Ok;
        }));
        return cmd;
    }

    /// <summary>One warning line on stderr per listed name left out as not one path component (it would name another path).</summary>
    private static void WarnRefusedNames(ParseResult parse, EfsClient efs)
    {
        foreach (EfsRefusedName n in efs.RefusedNames)
        {
            parse.InvocationConfiguration.Error.WriteLine(
                $"ztediag: warning: the modem listed '{EfsVerbs.Shown(n.Name)}' in {EfsVerbs.Shown(n.Directory)}, " +
                "which is not one path component; it is left out");
        }
    }

    private static void Print(TextWriter output, Dictionary<string, List<EfsDirEntry>> children, string dir, string indent)
    {
        if (!children.TryGetValue(dir, out var list))
        {
            return;
        }

        for (int i = 0; i < list.Count; i++)
        {
            var e = list[i];
            bool last = i == list.Count - 1;
            string mark = e.IsItemFile ? "  [item]" : e.LinkTarget is not null ? " -> " + EfsVerbs.Shown(e.LinkTarget) : "";
            output.WriteLine($"{indent}{(last ? "└── " : "├── ")}{EfsVerbs.Shown(e.Name)}{(e.IsDirectory ? "/" : "")}{mark}");
            if (e.IsDirectory)
            {
                Print(output, children, e.Path, indent + (last ? "    " : "│   "));
            }
        }
    }

    /// <summary>A non-directory PATH shown as one entry: LSTAT for the type, STAT for the size.</summary>
    private static async Task<EfsDirEntry> SingleAsync(EfsClient efs, string p, CancellationToken ct)
    {
        EfsStat l = await efs.LstatAsync(p, ct).ConfigureAwait(false);
        string? target = null;
        EfsStat s = l;
        if (l.Kind == EfsFileKind.Symlink)
        {
            target = await efs.ReadlinkAsync(p, ct).ConfigureAwait(false);
        }
        else
        {
            s = await efs.StatAsync(p, ct).ConfigureAwait(false);
        }

        var type = l.Kind switch
        {
            EfsFileKind.Regular => EfsDirEntryType.Regular,
            EfsFileKind.Directory => EfsDirEntryType.Directory,
            EfsFileKind.Symlink => EfsDirEntryType.Symlink,
            _ => EfsDirEntryType.Other,
        };
        return new EfsDirEntry(EfsPath.Name(p), p, type, l.Mode, s.Size, s.AccessTime, s.ModifyTime, s.ChangeTime, target);
    }
}
