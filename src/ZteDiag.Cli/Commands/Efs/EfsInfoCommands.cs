using System.CommandLine;
using System.Globalization;
using ZteDiag.Device.Efs;
using ZteDiag.Protocol.Efs;

namespace ZteDiag.Cli.Commands.Efs;

/// <summary>`efs stat` and `efs df`.</summary>
internal static class EfsInfoCommands
{
    public static Command BuildStat()
    {
        var path = new Argument<string>("path") { Description = "EFS path" };
        var cmd = new Command("stat", "Show type, mode, size, link count and times of a path (symlinks: the link and its target).");
        cmd.Arguments.Add(path);
        cmd.SetAction((parse, ct) => EfsVerbs.WithEfsAsync(parse, ct, async conn =>
        {
            string p = EfsVerbs.RemotePath(parse.GetValue(path)!);
            EfsStat l = await conn.Efs.LstatAsync(p, ct).ConfigureAwait(false);
            string? target = null;
            EfsStat s = l;
            if (l.Kind == EfsFileKind.Symlink)
            {
                target = await conn.Efs.ReadlinkAsync(p, ct).ConfigureAwait(false);
                s = await EfsVerbs.TryStatAsync(conn.Efs, p, ct).ConfigureAwait(false) ?? l;
            }
            else
            {
                s = await conn.Efs.StatAsync(p, ct).ConfigureAwait(false);
            }

            if (EfsVerbs.Json(parse))
            {
                EfsVerbs.WriteJson(parse, EfsVerbs.EntryJson(EfsPath.Name(p), p, l.Mode, s.Size, s.AccessTime, s.ModifyTime, s.ChangeTime, target, s.LinkCount));
                return ExitCodes.Ok;
            }

            var o = EfsVerbs.Out(parse);
            o.WriteLine($"  Path: {p}{(target is null ? "" : " -> " + target)}");
            o.WriteLine($"  Type: {TypeText(l.Mode)}");
            o.WriteLine($"  Mode: {EfsMode.Format(l.Mode)} (0{Convert.ToString(l.Mode, 8)})");
            o.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  Size: {s.Size}"));
            o.WriteLine(string.Create(CultureInfo.InvariantCulture, $" Links: {s.LinkCount}"));
            o.WriteLine($"Access: {EfsVerbs.IsoTime(s.AccessTime)}");
            o.WriteLine($"Modify: {EfsVerbs.IsoTime(s.ModifyTime)}");
            o.WriteLine($"Change: {EfsVerbs.IsoTime(s.ChangeTime)}");
            return ExitCodes.Ok;
        }));
        return cmd;
    }

    public static Command BuildDf()
    {
        var cmd = new Command("df", "Show EFS size, used and free space, and file count (STATFS on /).");
        cmd.SetAction((parse, ct) => EfsVerbs.WithEfsAsync(parse, ct, async conn =>
        {
            EfsSpace sp = await conn.Efs.StatfsAsync(EfsPath.Root, ct).ConfigureAwait(false);
            long used = sp.TotalBytes - sp.FreeBytes;
            if (EfsVerbs.Json(parse))
            {
                EfsVerbs.WriteJson(parse, new
                {
                    sp.Path,
                    FsType = sp.FileSystemType,
                    sp.BlockSize,
                    sp.TotalBytes,
                    UsedBytes = used,
                    sp.FreeBytes,
                    sp.AvailableBytes,
                    sp.FileCount,
                    sp.MaxFileCount,
                });
                return ExitCodes.Ok;
            }

            var o = EfsVerbs.Out(parse);
            string pct = sp.TotalBytes > 0 ? (100.0 * used / sp.TotalBytes).ToString("0", CultureInfo.InvariantCulture) + "%" : "-";
            o.WriteLine($"{"Filesystem",-10} {"Size",10} {"Used",10} {"Avail",10} {"Use%",5} {"Files",12} {"Block",6}");
            o.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{sp.FileSystemType,-10} {ConsoleProgress.Human(sp.TotalBytes),10} {ConsoleProgress.Human(used),10} {ConsoleProgress.Human(sp.AvailableBytes),10} {pct,5} {sp.FileCount + "/" + sp.MaxFileCount,12} {sp.BlockSize,6}"));
            return ExitCodes.Ok;
        }));
        return cmd;
    }

    private static string TypeText(int mode) => EfsMode.KindOf(mode) switch
    {
        EfsFileKind.Regular => "regular file",
        EfsFileKind.Directory => "directory",
        EfsFileKind.Symlink => "symbolic link",
        EfsFileKind.ItemFile => "item file",
        _ => "other",
    };
}
