using System.Security.Cryptography;

namespace ZteDiag.Workbench.Archive;

/// <summary>Read-only pass-through base for the wrappers below.</summary>
internal abstract class ReadOnlyWrapperStream(Stream inner) : Stream
{
    protected Stream Inner { get; } = inner;
    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));
    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();
}

/// <summary>Thrown by <see cref="LimitedStream"/> when more bytes come than allowed.</summary>
internal sealed class StreamLimitExceededException(long limit)
    : IOException($"more than {limit} bytes")
{
    public long Limit { get; } = limit;
}

/// <summary>Counts bytes read through it and fails once they pass a limit (decompression bombs).</summary>
internal sealed class LimitedStream(Stream inner, long limit) : ReadOnlyWrapperStream(inner)
{
    public long Count { get; private set; }

    public override int Read(Span<byte> buffer)
    {
        int n = Inner.Read(buffer);
        return Account(n);
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        int n = await Inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        return Account(n);
    }

    private int Account(int n)
    {
        Count += n;
        if (Count > limit) throw new StreamLimitExceededException(limit);
        return n;
    }
}

/// <summary>
/// Hashes and counts what is read through it; hands out at most <c>maxBytes</c> (the writer
/// uses this so the tar writer never sees more than the tar header announced).
/// </summary>
/// <remarks>
/// It reports <see cref="CanSeek"/> true, <see cref="Length"/> = <c>maxBytes</c> and
/// <see cref="Position"/> = bytes read, but cannot seek: System.Formats.Tar takes an entry's size
/// from Length − Position, and takes unseekable data only on a seekable archive stream (it seeks
/// back to patch the header), which a gzip stream is not. The writer only reads forward.
/// </remarks>
internal sealed class HashingStream(Stream inner, long maxBytes) : ReadOnlyWrapperStream(inner)
{
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);

    public long Count { get; private set; }

    public override bool CanSeek => true;

    public override long Length => maxBytes;

    public override long Position
    {
        get => Count;
        set => throw new NotSupportedException("forward-only: the position follows the bytes read");
    }

    public override int Read(Span<byte> buffer)
    {
        int n = Inner.Read(Clamp(buffer));
        return Account(buffer[..n]);
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        int n = await Inner.ReadAsync(Clamp(buffer), cancellationToken).ConfigureAwait(false);
        return Account(buffer.Span[..n]);
    }

    /// <summary>Lower-case hex SHA-256 of everything read so far (call once, at the end).</summary>
    public string HashHex() => Convert.ToHexStringLower(_hash.GetHashAndReset());

    private Span<byte> Clamp(Span<byte> b) => b.Length > maxBytes - Count ? b[..(int)(maxBytes - Count)] : b;

    private Memory<byte> Clamp(Memory<byte> b) => b.Length > maxBytes - Count ? b[..(int)(maxBytes - Count)] : b;

    private int Account(ReadOnlySpan<byte> data)
    {
        _hash.AppendData(data);
        Count += data.Length;
        return data.Length;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing) _hash.Dispose();
        base.Dispose(disposing);
    }
}

/// <summary>
/// Content stream handed to restore code: re-checks size and SHA-256 against the manifest while
/// the bytes stream (the archive may have changed since it was validated). At end of data a
/// mismatch throws <see cref="ArchiveValidationException"/>, so a caller that reads to the end
/// never acts on wrong content without noticing.
/// </summary>
internal sealed class VerifyingStream(Stream inner, string source, ManifestEntry entry, bool ownsInner) : ReadOnlyWrapperStream(inner)
{
    private bool _innerDisposed;
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private long _count;
    private bool _checked;

    public override int Read(Span<byte> buffer)
    {
        int n = Inner.Read(buffer);
        return Account(buffer[..n]);
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        int n = await Inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        return Account(buffer.Span[..n]);
    }

    /// <summary>
    /// Called by the owner when the caller moves on: reads and checks whatever the caller left
    /// (unless the caller closed a stream that owned its source), then releases the hash.
    /// </summary>
    public async Task FinishAsync(CancellationToken ct)
    {
        try
        {
            if (_checked || _innerDisposed) return;
            byte[] buffer = new byte[16 * 1024];
            while (await ReadAsync(buffer, ct).ConfigureAwait(false) > 0) { }
        }
        finally
        {
            _hash.Dispose();
        }
    }

    private int Account(ReadOnlySpan<byte> data)
    {
        _count += data.Length;
        if (_count > entry.Size)
            throw Fail(ArchiveProblemKind.SizeMismatch, $"content is longer than the {entry.Size} bytes the manifest says");
        _hash.AppendData(data);
        if (data.Length == 0 && !_checked)
        {
            _checked = true;
            if (_count != entry.Size)
                throw Fail(ArchiveProblemKind.SizeMismatch, $"manifest says {entry.Size} bytes, content has {_count}");
            string actual = Convert.ToHexStringLower(_hash.GetHashAndReset());
            if (!string.Equals(actual, entry.Sha256, StringComparison.Ordinal))
                throw Fail(ArchiveProblemKind.HashMismatch, $"SHA-256 {actual} differs from the manifest's {entry.Sha256}");
        }
        return data.Length;
    }

    private ArchiveValidationException Fail(ArchiveProblemKind kind, string message) =>
        new(source, new ArchiveProblem(kind, entry.Path, message + " (changed since it was validated?)"));

    protected override void Dispose(bool disposing)
    {
        // The hash is released by FinishAsync; a tar entry stream belongs to the tar reader.
        if (disposing && ownsInner && !_innerDisposed)
        {
            _innerDisposed = true;
            Inner.Dispose();
        }
        base.Dispose(disposing);
    }
}
