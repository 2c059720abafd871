using ZteDiag.Device.Diag;
using ZteDiag.Protocol.Diag;
using ZteDiag.Protocol.Efs;

namespace ZteDiag.Device.Efs;

/// <summary>File contents: READ/WRITE streams (windowed) and item files (PUT/GET).</summary>
public sealed partial class EfsClient
{
    /// <summary>Bytes per READ / WRITE request (the target caps READ at 1024, PROTOCOL.md §3.9).</summary>
    public const int ChunkSize = 1024;

    /// <summary>
    /// A READ reply that does not answer the READ sent (<see cref="ChunkSize"/> bytes at <paramref name="askedOffset"/>),
    /// in words a technician can act on: more data than asked, a negative count, or another offset.
    /// </summary>
    private static DiagLinkException BadRead(string path, EfsReadResponse r, uint askedOffset) => new(
        r.BytesRead > ChunkSize ? $"EFS read {path}: the modem returned {r.BytesRead} bytes at offset {r.Offset}, more data than asked (at most {ChunkSize})"
        : r.BytesRead < 0 ? $"EFS read {path}: the modem returned a negative byte count ({r.BytesRead}) at offset {r.Offset} without an error code"
        : $"EFS read {path}: the modem returned {r.BytesRead} bytes at offset {r.Offset}, but offset {askedOffset} was asked");

    /// <summary>Default mode of files created by <see cref="WriteFileAsync"/> (regular file, 0777).</summary>
    public const int DefaultFileMode = EfsMode.S_IFREG | 0x1FF;

    // READ: request offset @12, response offset @8; WRITE: request offset @8, response offset @8
    private static readonly DiagResponseMatcher ReadOffsetMatcher = DiagMatchers.EchoedField(12, 8, 4);
    private static readonly DiagResponseMatcher WriteOffsetMatcher = DiagMatchers.EchoedField(8, 8, 4);

    /// <summary>
    /// Copies a file to <paramref name="destination"/>: OPEN O_RDONLY, FSTAT (size, when the target
    /// answers), READ 1024-byte chunks with up to <see cref="EfsClientOptions.Window"/> in flight (matched on
    /// the echoed offset) until a short read, CLOSE (always). Returns the bytes copied.
    /// </summary>
    /// <exception cref="EfsException">OPEN/READ failed (ENOENT, EISDIR…).</exception>
    /// <exception cref="DiagLinkException">The reads ended at a different size than FSTAT reported.</exception>
    public async Task<long> ReadFileAsync(string path, Stream destination, IProgress<long>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(destination);
        string p = Norm(path);
        int fd = await OpenAsync(p, EfsOpenFlags.ReadOnly, 0, cancellationToken).ConfigureAwait(false);
        bool failed = true;
        try
        {
            long? size = await TryFstatSizeAsync(fd, p, cancellationToken).ConfigureAwait(false);
            long total = 0;
            bool eof = false;
            var options = RequestOptions("read", p, true, ReadOffsetMatcher);

            IEnumerable<PipelinedRequest> Requests()
            {
                for (long offset = 0; !eof && offset <= uint.MaxValue; offset += ChunkSize)
                {
                    if (size is long s && offset > s)
                    {
                        yield break;
                    }

                    yield return new PipelinedRequest(new EfsReadRequest(fd, ChunkSize, (uint)offset, Subsystem).ToArray(), options);
                }
            }

            try
            {
                await _session.PipelineAsync(Requests(), _options.Window, async reply =>
                {
                    ThrowIfEfsError(reply, "read", p);
                    EfsReadResponse r = Parse<EfsReadResponse>(reply, EfsReadResponse.TryParse, "read", p);
                    Check(r.Errno, "read", p);
                    if (eof)
                    {
                        return; // a request sent past the end before the short read was seen
                    }

                    if (r.BytesRead < 0 || r.BytesRead > ChunkSize || r.Offset != (uint)total)
                    {
                        throw BadRead(p, r, (uint)total);
                    }

                    if (r.BytesRead > 0)
                    {
                        await destination.WriteAsync(r.Data.AsMemory(0, r.BytesRead), cancellationToken).ConfigureAwait(false);
                        total += r.BytesRead;
                        progress?.Report(total);
                    }

                    if (r.BytesRead < ChunkSize)
                    {
                        eof = true;
                    }
                }, cancellationToken).ConfigureAwait(false);
            }
            catch (DiagRejectedException ex)
            {
                throw Translate(ex, "read", p);
            }

            if (size is long expected && expected != total)
            {
                throw new DiagLinkException($"EFS read {p}: FSTAT said {expected} bytes but the reads returned {total} (file changed?)", isTransient: true);
            }

            failed = false;
            return total;
        }
        finally
        {
            await CloseAsync(fd, p, failed).ConfigureAwait(false);
        }
    }

    /// <summary>Reads a whole file into memory (see <see cref="ReadFileAsync"/>).</summary>
    public async Task<byte[]> ReadAllBytesAsync(string path, CancellationToken cancellationToken)
    {
        using var ms = new MemoryStream();
        await ReadFileAsync(path, ms, null, cancellationToken).ConfigureAwait(false);
        return ms.ToArray();
    }

    /// <summary>
    /// Writes <paramref name="length"/> bytes from <paramref name="source"/> to a file: OPEN
    /// O_WRONLY|O_CREAT|O_TRUNC (| <paramref name="extraFlags"/>), WRITE ≤1024 bytes per request, each
    /// carrying its offset (so a retried WRITE is idempotent; up to <see cref="EfsClientOptions.Window"/>
    /// in flight, matched on the echoed offset), CLOSE (always). A short write is an error.
    /// </summary>
    /// <param name="path">Absolute file path.</param>
    /// <param name="source">Read synchronously, <paramref name="length"/> bytes.</param>
    /// <param name="length">Bytes to write.</param>
    /// <param name="extraFlags">Added to the open flags, e.g. <see cref="EfsOpenFlags.ItemFile"/> or <see cref="EfsOpenFlags.AutoDir"/>.</param>
    /// <param name="mode">st_mode for a new file (only used with O_CREAT).</param>
    /// <param name="progress">Bytes acknowledged so far.</param>
    /// <param name="cancellationToken">Cancels the copy (the file is still closed).</param>
    /// <exception cref="EfsException">OPEN/WRITE failed, or the target wrote fewer bytes than sent.</exception>
    /// <exception cref="ArgumentException"><paramref name="source"/> ended before <paramref name="length"/> bytes.</exception>
    public async Task WriteFileAsync(
        string path, Stream source, long length, EfsOpenFlags extraFlags = 0, int mode = DefaultFileMode,
        IProgress<long>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(length, uint.MaxValue);
        string p = Norm(path);
        EfsOpenFlags flags = EfsOpenFlags.WriteOnly | EfsOpenFlags.Create | EfsOpenFlags.Truncate | extraFlags;
        int fd = await OpenAsync(p, flags, mode, cancellationToken).ConfigureAwait(false);
        bool failed = true;
        try
        {
            var options = RequestOptions("write", p, true, WriteOffsetMatcher);
            var sent = new Dictionary<uint, int>();

            IEnumerable<PipelinedRequest> Requests()
            {
                for (long offset = 0; offset < length; offset += ChunkSize)
                {
                    int n = (int)Math.Min(ChunkSize, length - offset);
                    var chunk = new byte[n];
                    int got = source.ReadAtLeast(chunk, n, throwOnEndOfStream: false);
                    if (got < n)
                    {
                        throw new ArgumentException($"the source ended after {offset + got} of {length} bytes", nameof(source));
                    }

                    sent[(uint)offset] = n;
                    yield return new PipelinedRequest(new EfsWriteRequest(fd, (uint)offset, chunk, Subsystem).ToArray(), options);
                }
            }

            long done = 0;
            try
            {
                await _session.PipelineAsync(Requests(), _options.Window, reply =>
                {
                    EfsWriteResponse r = Parse<EfsWriteResponse>(reply, EfsWriteResponse.TryParse, "write", p);
                    Check(r.Errno, "write", p);
                    int expected = sent.Remove(r.Offset, out int n) ? n : -1;
                    if (r.BytesWritten != expected)
                    {
                        throw new EfsException(
                            EfsErrno.ENOSPC, p, "write", $"the modem wrote {r.BytesWritten} of {expected} bytes at offset {r.Offset}");
                    }

                    done += r.BytesWritten;
                    progress?.Report(done);
                    return ValueTask.CompletedTask;
                }, cancellationToken).ConfigureAwait(false);
            }
            catch (DiagRejectedException ex)
            {
                throw Translate(ex, "write", p);
            }

            failed = false;
        }
        finally
        {
            await CloseAsync(fd, p, failed).ConfigureAwait(false);
        }
    }

    /// <summary>Writes a whole byte array to a file (see <see cref="WriteFileAsync"/>).</summary>
    public async Task WriteAllBytesAsync(string path, ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        using var ms = new MemoryStream(data.ToArray(), writable: false);
        await WriteFileAsync(path, ms, data.Length, 0, DefaultFileMode, null, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Writes an item file in one PUT (flags O_WRONLY|O_CREAT|O_TRUNC, plus O_AUTODIR when
    /// <paramref name="createParents"/>); when the firmware answers BAD_CMD to PUT, falls back to
    /// OPEN with O_ITEMFILE + WRITE + CLOSE. Item files are small (≤106–128 bytes on this EFS).
    /// </summary>
    /// <exception cref="EfsException">The target refused (ENOENT for a missing parent, ENOSPC, EEXIST…).</exception>
    public async Task PutItemAsync(string path, ReadOnlyMemory<byte> data, bool createParents = false, CancellationToken cancellationToken = default)
    {
        string p = Norm(path);
        EfsOpenFlags flags = EfsOpenFlags.WriteOnly | EfsOpenFlags.Create | EfsOpenFlags.Truncate
            | (createParents ? EfsOpenFlags.AutoDir : 0);
        byte[] reply;
        try
        {
            reply = await SendAsync(new EfsPutRequest(flags, NextSequence(), data.ToArray(), p, Subsystem), "put", p, true, cancellationToken)
                .ConfigureAwait(false);
        }
        catch (DiagRejectedException ex) when (ex.Status == DiagStatus.BadCommand)
        {
            using var ms = new MemoryStream(data.ToArray(), writable: false);
            await WriteFileAsync(p, ms, data.Length, EfsOpenFlags.ItemFile | (createParents ? EfsOpenFlags.AutoDir : 0), EfsMode.S_IFITM | 0x1FF, null, cancellationToken)
                .ConfigureAwait(false);
            return;
        }

        Check(Parse<EfsPutResponse>(reply, EfsPutResponse.TryParse, "put", p).Errno, "put", p);
    }

    /// <summary>Reads an item file with GET (≤1024 bytes); falls back to OPEN/READ when GET answers BAD_CMD.</summary>
    /// <exception cref="EfsException">ENOENT, ENOTITM…</exception>
    public async Task<byte[]> GetItemAsync(string path, CancellationToken cancellationToken)
    {
        string p = Norm(path);
        byte[] reply;
        try
        {
            reply = await SendAsync(EfsGetRequest.For(p, NextSequence(), subsystem: Subsystem), "get", p, true, cancellationToken).ConfigureAwait(false);
        }
        catch (DiagRejectedException ex) when (ex.Status == DiagStatus.BadCommand)
        {
            return await ReadAllBytesAsync(p, cancellationToken).ConfigureAwait(false);
        }

        EfsGetResponse r = Parse<EfsGetResponse>(reply, EfsGetResponse.TryParse, "get", p);
        Check(r.Errno, "get", p);
        return r.Data;
    }

    /// <summary>OPEN; when the target's slots ran out (handles leaked by lost replies), sweeps them and tries once more.</summary>
    private async Task<int> OpenAsync(string p, EfsOpenFlags flags, int mode, CancellationToken ct)
    {
        try
        {
            return await OpenOnceAsync(p, flags, mode, ct).ConfigureAwait(false);
        }
        catch (EfsException ex) when (IsOutOfHandles(ex))
        {
            await SweepFilesAsync([]).ConfigureAwait(false);
            return await OpenOnceAsync(p, flags, mode, ct).ConfigureAwait(false);
        }
    }

    private async Task<int> OpenOnceAsync(string p, EfsOpenFlags flags, int mode, CancellationToken ct)
    {
        byte[] reply = await SendAsync(new EfsOpenRequest(flags, mode, p, Subsystem), "open", p, true, ct).ConfigureAwait(false);
        EfsOpenResponse r = Parse<EfsOpenResponse>(reply, EfsOpenResponse.TryParse, "open", p);
        Check(r.Errno, "open", p);
        return r.Fd >= 0 ? r.Fd : throw new EfsException(EfsErrno.TOO_MANY_OPEN_FILES, p, "open", "the modem returned no file handle");
    }

    private async Task<long?> TryFstatSizeAsync(int fd, string p, CancellationToken ct)
    {
        try
        {
            byte[] reply = await SendAsync(new EfsFstatRequest(fd, Subsystem), "fstat", p, true, ct).ConfigureAwait(false);
            EfsFstatResponse r = Parse<EfsFstatResponse>(reply, EfsFstatResponse.TryParse, "fstat", p);
            return r.Errno == EfsErrno.ENOERR && EfsMode.KindOf(r.Mode) is EfsFileKind.Regular or EfsFileKind.ItemFile ? (uint)r.FileSize : null;
        }
        catch (DiagRejectedException ex) when (ex.Status == DiagStatus.BadCommand)
        {
            return null;
        }
        catch (EfsException)
        {
            return null;
        }
    }

    private async Task CloseAsync(int fd, string p, bool alreadyFailing)
    {
        try
        {
            byte[] reply = await SendAsync(new EfsCloseRequest(fd, Subsystem), "close", p, true, CancellationToken.None).ConfigureAwait(false);
            Check(Parse<EfsCloseResponse>(reply, EfsCloseResponse.TryParse, "close", p).Errno, "close", p);
        }
        catch (ZteDiagException) when (alreadyFailing)
        {
            // the first failure is the one worth reporting
        }
    }
}
