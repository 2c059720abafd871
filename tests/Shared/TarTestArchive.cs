using System.Formats.Tar;
using System.IO.Compression;

namespace ZteDiag.TestSupport;

/// <summary>Reads and rewrites a backup archive member by member, for tests that damage or trim one (linked into each test project that needs it).</summary>
internal static class TarTestArchive
{
    public static Dictionary<string, byte[]> ReadEntries(string archive)
    {
        var entries = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        using var gz = new GZipStream(File.OpenRead(archive), CompressionMode.Decompress);
        using var tar = new TarReader(gz);
        while (tar.GetNextEntry() is { } e)
        {
            using var ms = new MemoryStream();
            e.DataStream?.CopyTo(ms);
            entries[e.Name] = ms.ToArray();
        }

        return entries;
    }

    /// <summary>Copies an archive entry by entry, each regular file's bytes through <paramref name="change"/> (null drops it).</summary>
    public static void Rewrite(string from, string to, Func<string, byte[], byte[]?> change)
    {
        using var gzIn = new GZipStream(File.OpenRead(from), CompressionMode.Decompress);
        using var tarIn = new TarReader(gzIn);
        using var gzOut = new GZipStream(File.Create(to), CompressionLevel.Fastest);
        using var tarOut = new TarWriter(gzOut, TarEntryFormat.Gnu);
        while (tarIn.GetNextEntry(copyData: true) is { } e)
        {
            if (e.EntryType == TarEntryType.RegularFile)
            {
                using var ms = new MemoryStream();
                e.DataStream?.CopyTo(ms);
                if (change(e.Name, ms.ToArray()) is not { } data) continue;
                tarOut.WriteEntry(new GnuTarEntry(TarEntryType.RegularFile, e.Name) { DataStream = new MemoryStream(data), ModificationTime = e.ModificationTime });
            }
            else
            {
                tarOut.WriteEntry(e);
            }
        }
    }
}
