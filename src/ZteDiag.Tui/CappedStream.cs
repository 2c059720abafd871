namespace ZteDiag.Tui;

/// <summary>Keeps the first bytes written and signals when full.</summary>
internal sealed class CappedStream(int cap) : Stream
{
    private readonly MemoryStream _buffer = new();

    public event Action? Full;

    public bool IsFull { get; private set; }

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => _buffer.Length;

    public override long Position { get => _buffer.Length; set => throw new NotSupportedException(); }

    public byte[] ToArray() => _buffer.ToArray();

    public override void Flush()
    {
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        int room = (int)Math.Max(0, cap - _buffer.Length);
        _buffer.Write(buffer[..Math.Min(room, buffer.Length)]);
        if (_buffer.Length >= cap && !IsFull)
        {
            IsFull = true;
            Full?.Invoke();
        }
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        Write(buffer.AsSpan(offset, count));
        return Task.CompletedTask;
    }

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        Write(buffer.Span);
        return ValueTask.CompletedTask;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _buffer.Dispose();
        }

        base.Dispose(disposing);
    }
}
