using ZteDiag.Protocol.Efs;

namespace ZteDiag.Device.Efs;

/// <summary>Reading a file's content, whatever its kind: the one place that chooses GET or READ.</summary>
public sealed partial class EfsClient
{
    /// <summary>
    /// Copies the content of <paramref name="path"/> to <paramref name="destination"/>: one STAT says what it
    /// is, an item file is read with GET (PROTOCOL.md §3.10), any other file with windowed READs.
    /// </summary>
    /// <returns>What STAT said (the size is the bytes copied).</returns>
    /// <exception cref="EfsException">ENOENT, EISDIR for a directory, or a refused GET/READ.</exception>
    public async Task<EfsStat> ReadContentAsync(string path, Stream destination, IProgress<long>? progress, CancellationToken cancellationToken)
    {
        EfsStat st = await StatAsync(path, cancellationToken).ConfigureAwait(false);
        long n = await ReadContentAsync(st, destination, progress, cancellationToken).ConfigureAwait(false);
        return st with { Size = n };
    }

    /// <summary>
    /// Copies the content of the file <paramref name="stat"/> describes (a caller that showed its size first):
    /// GET for an item file, windowed READs otherwise. Returns the bytes copied.
    /// </summary>
    /// <exception cref="EfsException">EISDIR for a directory, or a refused GET/READ.</exception>
    public Task<long> ReadContentAsync(EfsStat stat, Stream destination, IProgress<long>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stat);
        return stat.IsDirectory
            ? throw new EfsException(EfsErrno.EISDIR, stat.Path, "read")
            : ReadContentAsync(stat.Path, stat.Kind == EfsFileKind.ItemFile, destination, progress, cancellationToken);
    }

    /// <summary>
    /// Copies the content of a file whose kind the caller already knows (from a listing or a manifest), so no
    /// STAT is sent: GET for an item file, windowed READs otherwise. Returns the bytes copied.
    /// </summary>
    /// <exception cref="EfsException">The modem refused the GET/READ.</exception>
    public async Task<long> ReadContentAsync(string path, bool itemFile, Stream destination, IProgress<long>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(destination);
        if (!itemFile)
        {
            return await ReadFileAsync(path, destination, progress, cancellationToken).ConfigureAwait(false);
        }

        byte[] item = await GetItemAsync(path, cancellationToken).ConfigureAwait(false);
        await destination.WriteAsync(item, cancellationToken).ConfigureAwait(false);
        progress?.Report(item.Length);
        return item.Length;
    }

    /// <summary>The whole content of a small file of known kind, in memory (see <see cref="ReadContentAsync(string, bool, Stream, IProgress{long}?, CancellationToken)"/>).</summary>
    public async Task<byte[]> ReadContentBytesAsync(string path, bool itemFile, CancellationToken cancellationToken)
    {
        using var ms = new MemoryStream();
        await ReadContentAsync(path, itemFile, ms, null, cancellationToken).ConfigureAwait(false);
        return ms.ToArray();
    }
}
