using System.Buffers.Binary;

namespace ZteDiag.Protocol.Diag;

/// <summary>Operation of LOG_CONFIG (0x73), u32.</summary>
public enum LogConfigOperation : uint
{
    /// <summary>Disable all logging (QCSuper sends it at start-up).</summary>
    Disable = 0,
    /// <summary>Retrieve the last item id of each equipment id range.</summary>
    RetrieveIdRanges = 1,
    /// <summary>Set the log mask of one equipment id.</summary>
    SetMask = 3,
    /// <summary>Get the log mask of one equipment id.</summary>
    GetMask = 4,
}

/// <summary>
/// LOG_CONFIG (0x73) request: <c>73</c>, u8[3] pad, u32 operation, then operation-specific
/// arguments (none for disable / retrieve-ranges). Enough to recognise the request and answer it;
/// peers send <c>73 00 00 00 00 00 00 00</c> (disable) and accept an error reply.
/// </summary>
public sealed record LogConfigRequest : IDiagPacket
{
    /// <summary>Header size: cmd, pad[3], operation.</summary>
    public const int HeaderLength = 1 /* 73 */ + 3 /* pad */ + 4 /* operation */;

    private readonly byte[] arguments;

    /// <summary>Builds a request with raw operation-specific arguments.</summary>
    public LogConfigRequest(LogConfigOperation operation, ReadOnlySpan<byte> arguments = default)
    {
        Operation = operation;
        this.arguments = arguments.ToArray();
    }

    /// <summary>The operation.</summary>
    public LogConfigOperation Operation { get; }

    /// <summary>Operation-specific bytes after the 8-byte header.</summary>
    public ReadOnlyMemory<byte> Arguments => arguments;

    /// <inheritdoc/>
    public int Size => HeaderLength + arguments.Length;

    /// <summary>The disable request peers send at start-up (8 bytes).</summary>
    public static LogConfigRequest Disable() => new(LogConfigOperation.Disable);

    /// <inheritdoc/>
    public int WriteTo(Span<byte> destination)
    {
        this.EnsureRoom(destination);
        destination[0] = (byte)DiagCommand.LogConfig;
        destination.Slice(1, 3).Clear();
        BinaryPrimitives.WriteUInt32LittleEndian(destination[4..], (uint)Operation);
        arguments.CopyTo(destination[HeaderLength..]);
        return Size;
    }

    /// <summary>Parses a request; pad bytes are not checked, everything after the header is <see cref="Arguments"/>.</summary>
    public static DiagStatus TryParse(ReadOnlySpan<byte> src, out LogConfigRequest? value)
    {
        value = null;
        if (src.IsEmpty)
        {
            return DiagStatus.Empty;
        }

        if (src[0] != (byte)DiagCommand.LogConfig)
        {
            return DiagStatus.WrongCommand;
        }

        if (src.Length < HeaderLength)
        {
            return DiagStatus.Truncated;
        }

        value = new LogConfigRequest((LogConfigOperation)BinaryPrimitives.ReadUInt32LittleEndian(src[4..]), src[HeaderLength..]);
        return DiagStatus.Ok;
    }

    /// <summary>Compares operation and arguments.</summary>
    public bool Equals(LogConfigRequest? other) => other is not null && Operation == other.Operation && arguments.AsSpan().SequenceEqual(other.arguments);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Operation, arguments.Length);
}

/// <summary>
/// LOG_CONFIG (0x73) response: <c>73</c>, u8[3] pad, u32 operation, u32 status, then
/// operation-specific bytes in <see cref="Payload"/>.
/// </summary>
public sealed record LogConfigResponse : IDiagPacket
{
    /// <summary>Header size: cmd, pad[3], operation, status.</summary>
    public const int HeaderLength = LogConfigRequest.HeaderLength + 4 /* status */;

    private readonly byte[] payload;

    /// <summary>Builds a response.</summary>
    public LogConfigResponse(LogConfigOperation operation, uint status, ReadOnlySpan<byte> payload = default)
    {
        Operation = operation;
        Status = status;
        this.payload = payload.ToArray();
    }

    /// <summary>The operation answered.</summary>
    public LogConfigOperation Operation { get; }

    /// <summary>Status (0 = success).</summary>
    public uint Status { get; }

    /// <summary>Operation-specific bytes after the 12-byte header.</summary>
    public ReadOnlyMemory<byte> Payload => payload;

    /// <inheritdoc/>
    public int Size => HeaderLength + payload.Length;

    /// <inheritdoc/>
    public int WriteTo(Span<byte> destination)
    {
        this.EnsureRoom(destination);
        destination[0] = (byte)DiagCommand.LogConfig;
        destination.Slice(1, 3).Clear();
        BinaryPrimitives.WriteUInt32LittleEndian(destination[4..], (uint)Operation);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[8..], Status);
        payload.CopyTo(destination[HeaderLength..]);
        return Size;
    }

    /// <summary>Parses a response of any operation.</summary>
    public static DiagStatus TryParse(ReadOnlySpan<byte> src, out LogConfigResponse? value)
    {
        value = null;
        DiagStatus s = DiagReply.Check(src, DiagCommand.LogConfig, HeaderLength);
        if (s != DiagStatus.Ok)
        {
            return s;
        }

        value = new LogConfigResponse(
            (LogConfigOperation)BinaryPrimitives.ReadUInt32LittleEndian(src[4..]),
            BinaryPrimitives.ReadUInt32LittleEndian(src[8..]),
            src[HeaderLength..]);
        return DiagStatus.Ok;
    }

    /// <summary>Compares all fields.</summary>
    public bool Equals(LogConfigResponse? other) =>
        other is not null && Operation == other.Operation && Status == other.Status && payload.AsSpan().SequenceEqual(other.payload);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Operation, Status, payload.Length);
}

/// <summary>
/// LOG_CONFIG retrieve-ID-ranges response: the 12-byte header (operation 1) then 16 u32 last-item
/// values, one per equipment id (76 bytes). PROTOCOL.md §4 F7.
/// </summary>
public sealed record LogConfigIdRangesResponse : IDiagPacket
{
    /// <summary>Equipment ids (ranges) in the reply.</summary>
    public const int RangeCount = 16;

    /// <summary>Encoded size.</summary>
    public const int Length = LogConfigResponse.HeaderLength + (RangeCount * 4) /* last_item[16] */;

    private readonly uint[] lastItems;

    /// <summary>Builds a reply from exactly 16 last-item values.</summary>
    /// <exception cref="ArgumentException"><paramref name="lastItems"/> does not hold 16 values.</exception>
    public LogConfigIdRangesResponse(uint status, ReadOnlySpan<uint> lastItems)
    {
        if (lastItems.Length != RangeCount)
        {
            throw new ArgumentException($"expected {RangeCount} last-item values, got {lastItems.Length}", nameof(lastItems));
        }

        Status = status;
        this.lastItems = lastItems.ToArray();
    }

    /// <summary>Status (0 = success).</summary>
    public uint Status { get; }

    /// <summary>Last valid log item id per equipment id 0..15.</summary>
    public IReadOnlyList<uint> LastItems => lastItems;

    /// <inheritdoc/>
    public int Size => Length;

    /// <inheritdoc/>
    public int WriteTo(Span<byte> destination)
    {
        this.EnsureRoom(destination);
        destination[0] = (byte)DiagCommand.LogConfig;
        destination.Slice(1, 3).Clear();
        BinaryPrimitives.WriteUInt32LittleEndian(destination[4..], (uint)LogConfigOperation.RetrieveIdRanges);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[8..], Status);
        for (int i = 0; i < RangeCount; i++)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(destination[(LogConfigResponse.HeaderLength + (4 * i))..], lastItems[i]);
        }

        return Length;
    }

    /// <summary>Parses the reply; another operation → <see cref="DiagStatus.WrongCommand"/>.</summary>
    public static DiagStatus TryParse(ReadOnlySpan<byte> src, out LogConfigIdRangesResponse? value)
    {
        value = null;
        DiagStatus s = DiagReply.Check(src, DiagCommand.LogConfig, LogConfigResponse.HeaderLength);
        if (s != DiagStatus.Ok)
        {
            return s;
        }

        if (BinaryPrimitives.ReadUInt32LittleEndian(src[4..]) != (uint)LogConfigOperation.RetrieveIdRanges)
        {
            return DiagStatus.WrongCommand;
        }

        if (src.Length < Length)
        {
            return DiagStatus.Truncated;
        }

        Span<uint> items = stackalloc uint[RangeCount];
        for (int i = 0; i < RangeCount; i++)
        {
            items[i] = BinaryPrimitives.ReadUInt32LittleEndian(src[(LogConfigResponse.HeaderLength + (4 * i))..]);
        }

        value = new LogConfigIdRangesResponse(BinaryPrimitives.ReadUInt32LittleEndian(src[8..]), items);
        return DiagStatus.Ok;
    }

    /// <summary>Compares all fields.</summary>
    public bool Equals(LogConfigIdRangesResponse? other) =>
        other is not null && Status == other.Status && lastItems.AsSpan().SequenceEqual(other.lastItems);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Status, lastItems[1]);
}
