using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using ZteDiag.Device;
using ZteDiag.Device.Efs;
using ZteDiag.Protocol.Efs;
using ZteDiag.Workbench.Connection;

namespace ZteDiag.Cli.Commands.Efs;

/// <summary>`ztediag efs …`: the modem's EFS2 file system over DIAG, one subcommand per file.</summary>
internal static class EfsVerbs
{
    public static Command Build()
    {
        var cmd = new Command("efs",
            "Browse and change the modem's EFS2 file system over DIAG (paths are absolute, e.g. /nv/item_files).\n" +
            "Transfers keep --window requests in flight; `put` replaces a file atomically (temp name, read-back\n" +
            "check, rename). Try it on the virtual modem: `ztediag emulate`, then `ztediag --port PTS efs ls -l /`.");
        cmd.Subcommands.Add(EfsListCommands.BuildLs());
        cmd.Subcommands.Add(EfsListCommands.BuildTree());
        cmd.Subcommands.Add(EfsInfoCommands.BuildStat());
        cmd.Subcommands.Add(EfsReadCommands.BuildCat());
        cmd.Subcommands.Add(EfsReadCommands.BuildGet());
        cmd.Subcommands.Add(EfsPutCommand.Build());
        cmd.Subcommands.Add(EfsPathCommands.BuildRm());
        cmd.Subcommands.Add(EfsPathCommands.BuildMkdir());
        cmd.Subcommands.Add(EfsPathCommands.BuildMv());
        cmd.Subcommands.Add(EfsInfoCommands.BuildDf());
        return cmd;
    }

    /// <summary>Runs <paramref name="body"/> on an open connection with EFS connected, then closes it.</summary>
    internal static Task<int> WithEfsAsync(ParseResult parse, CancellationToken ct, Func<ModemConnection, Task<int>> body) =>
        CliSession.RunAsync(parse, ct, body, efs: true);

    internal static bool Json(ParseResult parse) => parse.GetValue(GlobalOptions.Json);

    internal static TextWriter Out(ParseResult parse) => parse.InvocationConfiguration.Output;

    internal static void WriteJson(ParseResult parse, object value) =>
        Out(parse).WriteLine(JsonSerializer.Serialize(value, CliJson.Options));

    /// <summary>Normalises a user-given EFS path; it must be absolute.</summary>
    internal static string RemotePath(string path)
    {
        if (!path.StartsWith('/'))
        {
            throw new UsageException($"EFS paths are absolute: '{path}' should start with '/'");
        }

        if (path.Contains('\0', StringComparison.Ordinal))
        {
            throw new UsageException("an EFS path cannot contain NUL");
        }

        try
        {
            EfsPath.Validate(path, nameof(path));
        }
        catch (ArgumentException ex)
        {
            // the user's path, not a bug: exit 2 (an ArgumentException elsewhere is an internal error)
            throw new UsageException($"bad EFS path '{path}': {ex.Message.Split(" (Parameter", 2)[0]}");
        }

        return EfsPath.Normalize(path);
    }

    /// <summary>
    /// <see cref="RemotePath"/> for a path about to be created: it must also pass the name rule backups
    /// apply (no control characters, one byte per character), so ZteDiag never makes a modem it cannot back up.
    /// </summary>
    internal static string NewRemotePath(string path)
    {
        string p = RemotePath(path);
        return Workbench.Archive.EfsNameRule.Problem(p) is { } why
            ? throw new UsageException($"refusing to create '{Workbench.Archive.EfsNameRule.Printable(p)}': {why}; a backup could not hold it")
            : p;
    }

    /// <summary>STAT, or null on ENOENT / ENOTDIR.</summary>
    internal static async Task<EfsStat?> TryStatAsync(EfsClient efs, string path, CancellationToken ct)
    {
        try
        {
            return await efs.StatAsync(path, ct).ConfigureAwait(false);
        }
        catch (EfsException ex) when (ex.Errno is EfsErrno.ENOENT or EfsErrno.ENOTDIR)
        {
            return null;
        }
    }

    internal static string KindText(int mode) => EfsMode.KindOf(mode) switch
    {
        EfsFileKind.Regular => "file",
        EfsFileKind.Directory => "directory",
        EfsFileKind.Symlink => "symlink",
        EfsFileKind.ItemFile => "item",
        _ => "other",
    };

    internal static string Time(uint seconds) =>
        EfsTime.ToDateTime(seconds).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

    internal static string IsoTime(uint seconds) =>
        EfsTime.ToDateTime(seconds).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);

    /// <summary>One `ls -l` line: mode, size, mtime, name (dirs end in '/', symlinks show their target).</summary>
    internal static string LongLine(string name, int mode, long size, uint mtime, string? linkTarget) =>
        string.Create(CultureInfo.InvariantCulture,
            $"{EfsMode.Format(mode)} {size,10} {Time(mtime)} {Shown(name)}{(EfsMode.IsDirectory(mode) ? "/" : "")}{(linkTarget is null ? "" : " -> " + Shown(linkTarget))}");

    /// <summary>
    /// A modem-given name or link target as text output shows it: control characters as \xNN, so a name holding a
    /// newline or an escape sequence stays on its line and cannot drive the terminal (--json keeps it exact).
    /// </summary>
    internal static string Shown(string name) => Workbench.Archive.EfsNameRule.Printable(name);

    /// <summary>The JSON shape of a directory entry or a stat result (shared by ls, tree and stat).</summary>
    internal static object EntryJson(string name, string path, int mode, long size, uint atime, uint mtime, uint ctime, string? linkTarget, int? links = null) => new
    {
        Name = name,
        Path = path,
        Type = KindText(mode),
        Mode = mode,
        ModeOctal = Convert.ToString(mode, 8),
        ModeText = EfsMode.Format(mode),
        Size = size,
        Links = links,
        Atime = atime,
        Mtime = mtime,
        Ctime = ctime,
        MtimeIso = IsoTime(mtime),
        LinkTarget = linkTarget,
    };

    internal static object EntryJson(EfsDirEntry e) =>
        EntryJson(e.Name, e.Path, e.Mode, e.Size, e.AccessTime, e.ModifyTime, e.ChangeTime, e.LinkTarget);
}
