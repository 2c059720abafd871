namespace ZteDiag.Protocol.Cfb;

/// <summary>A storage or stream of a compound file ([MS-CFB] §2.6).</summary>
/// <param name="Name">The entry name: 1..31 UTF-16 code units, none of <c>/ \ : !</c>.</param>
public abstract record CfbEntry(string Name);

/// <summary>A stream: named bytes.</summary>
/// <param name="Name">Stream name.</param>
/// <param name="Data">The stream's bytes.</param>
public sealed record CfbStream(string Name, byte[] Data) : CfbEntry(Name);

/// <summary>A storage: a directory of streams and storages, in [MS-CFB] name order once read.</summary>
/// <param name="Name">Storage name ("Root Entry" for the root).</param>
/// <param name="Children">Child entries.</param>
public sealed record CfbStorage(string Name, IReadOnlyList<CfbEntry> Children) : CfbEntry(Name)
{
    /// <summary>The name [MS-CFB] §2.6.2 gives the root storage.</summary>
    public const string RootName = "Root Entry";

    /// <summary>The child named <paramref name="name"/> (compared as [MS-CFB] does: case-insensitively), or null.</summary>
    public CfbEntry? Find(string name) => Children.FirstOrDefault(c => CfbNames.Compare(c.Name, name) == 0);

    /// <summary>The child storage named <paramref name="name"/>, or null.</summary>
    public CfbStorage? Storage(string name) => Find(name) as CfbStorage;

    /// <summary>The child stream named <paramref name="name"/>, or null.</summary>
    public CfbStream? Stream(string name) => Find(name) as CfbStream;
}
