using System.Runtime.InteropServices;

namespace ZteDiag.Workbench.Local;

/// <summary>What a local path is, as lstat(2)/stat(2) say (S_IFMT).</summary>
public enum LocalFileKind
{
    /// <summary>Nothing there (or a dangling link, when links are followed).</summary>
    Missing,
    /// <summary>A regular file.</summary>
    Regular,
    /// <summary>A directory.</summary>
    Directory,
    /// <summary>A symbolic link (only when links are not followed).</summary>
    Symlink,
    /// <summary>A FIFO (named pipe): reading it blocks until a writer comes.</summary>
    Fifo,
    /// <summary>A character device (/dev/null, /dev/zero, a tty).</summary>
    CharacterDevice,
    /// <summary>A block device (a disk).</summary>
    BlockDevice,
    /// <summary>A Unix domain socket.</summary>
    Socket,
}

/// <summary>
/// The file type of a local path. .NET 10 has no public API for it (FileAttributes says nothing of
/// FIFOs or devices, and File.Exists is true for them), so this asks the runtime's own native shim
/// (libSystem.Native, which ships with every .NET runtime and backs FileStatus) for st_mode.
/// </summary>
public static partial class LocalFile
{
    private const int TypeMask = 0xF000; // S_IFMT, the same values in the shim on every platform

    /// <summary>The kind of <paramref name="path"/>; <paramref name="followLinks"/> false looks at a link itself.</summary>
    public static LocalFileKind KindOf(string path, bool followLinks)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS() && !OperatingSystem.IsFreeBSD())
        {
            return Fallback(path, followLinks);
        }

        var status = new NativeFileStatus();
        int rc = followLinks ? Stat(path, ref status) : LStat(path, ref status);
        if (rc != 0)
        {
            return LocalFileKind.Missing;
        }

        return (status.Mode & TypeMask) switch
        {
            0x8000 => LocalFileKind.Regular,
            0x4000 => LocalFileKind.Directory,
            0xA000 => LocalFileKind.Symlink,
            0x1000 => LocalFileKind.Fifo,
            0x2000 => LocalFileKind.CharacterDevice,
            0x6000 => LocalFileKind.BlockDevice,
            0xC000 => LocalFileKind.Socket,
            _ => LocalFileKind.CharacterDevice, // unknown types are treated as special files: never read or replaced
        };
    }

    /// <summary>How a kind reads in a sentence: "a FIFO", "a character device".</summary>
    public static string Describe(LocalFileKind kind) => kind switch
    {
        LocalFileKind.Regular => "a regular file",
        LocalFileKind.Directory => "a directory",
        LocalFileKind.Symlink => "a symbolic link",
        LocalFileKind.Fifo => "a FIFO (named pipe)",
        LocalFileKind.CharacterDevice => "a character device",
        LocalFileKind.BlockDevice => "a block device",
        LocalFileKind.Socket => "a socket",
        _ => "missing",
    };

    private static LocalFileKind Fallback(string path, bool followLinks)
    {
        var info = new FileInfo(path);
        if (!info.Exists && !Directory.Exists(path))
        {
            return info.LinkTarget is not null && !followLinks ? LocalFileKind.Symlink : LocalFileKind.Missing;
        }

        if (!followLinks && info.LinkTarget is not null) return LocalFileKind.Symlink;
        return info.Attributes.HasFlag(FileAttributes.Directory) ? LocalFileKind.Directory : LocalFileKind.Regular;
    }

    /// <summary>The head of the shim's FileStatus (Flags, Mode, …); the rest is room for the fields after them.</summary>
    [StructLayout(LayoutKind.Sequential)]
    private unsafe struct NativeFileStatus
    {
        public int Flags;
        public int Mode;
        public fixed byte Rest[248];
    }

    [LibraryImport("libSystem.Native", EntryPoint = "SystemNative_Stat", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Stat(string path, ref NativeFileStatus output);

    [LibraryImport("libSystem.Native", EntryPoint = "SystemNative_LStat", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int LStat(string path, ref NativeFileStatus output);
}
