using System.Buffers.Binary;

namespace ZteDiag.Protocol.Diag;

/// <summary>
/// NV_READ (0x26) and NV_WRITE (0x27): request and response share one 133-byte layout
/// <c>cmd, u16 item, u8 data[128], u16 nv_stat</c>. PROTOCOL.md §2.5.
/// Requests carry status 0; a read request may carry an index/profile in <c>data[0]</c>.
/// </summary>
public sealed record NvPacket : IDiagPacket
{
    /// <summary>Size of item_data.</summary>
    public const int DataLength = 128;

    /// <summary>Encoded size, always.</summary>
    public const int Length = 1 /* 26|27 */ + 2 /* item */ + DataLength /* item_data */ + 2 /* nv_stat */;

    private readonly byte[] data;

    /// <summary>Builds a packet; <paramref name="data"/> (≤128 bytes) is zero-padded to 128.</summary>
    /// <exception cref="ArgumentException"><paramref name="command"/> is not NV_READ/NV_WRITE or the data is too long.</exception>
    public NvPacket(DiagCommand command, ushort item, ReadOnlySpan<byte> data, NvStatus status = NvStatus.Done)
    {
        if (command is not (DiagCommand.NvRead or DiagCommand.NvWrite))
        {
            throw new ArgumentException($"{command} is not NvRead or NvWrite", nameof(command));
        }

        if (data.Length > DataLength)
        {
            throw new ArgumentException($"NV data holds at most {DataLength} bytes, got {data.Length}", nameof(data));
        }

        Command = command;
        Item = item;
        Status = status;
        this.data = new byte[DataLength];
        data.CopyTo(this.data);
    }

    /// <summary><see cref="DiagCommand.NvRead"/> or <see cref="DiagCommand.NvWrite"/>.</summary>
    public DiagCommand Command { get; }

    /// <summary>NV item id.</summary>
    public ushort Item { get; }

    /// <summary>item_data, always 128 bytes.</summary>
    public ReadOnlyMemory<byte> Data => data;

    /// <summary>nv_stat (0 in requests).</summary>
    public NvStatus Status { get; }

    /// <inheritdoc/>
    public int Size => Length;

    /// <summary>A read request for <paramref name="item"/> (optionally with an index/profile prefix in the data).</summary>
    public static NvPacket Read(ushort item, ReadOnlySpan<byte> data = default) => new(DiagCommand.NvRead, item, data);

    /// <summary>A write request of <paramref name="data"/> to <paramref name="item"/>.</summary>
    public static NvPacket Write(ushort item, ReadOnlySpan<byte> data) => new(DiagCommand.NvWrite, item, data);

    /// <summary>The response a target sends: same command, item and data, with <paramref name="status"/>.</summary>
    public NvPacket WithStatus(NvStatus status) => new(Command, Item, data, status);

    /// <inheritdoc/>
    public int WriteTo(Span<byte> destination)
    {
        this.EnsureRoom(destination);
        destination[0] = (byte)Command;
        BinaryPrimitives.WriteUInt16LittleEndian(destination[1..], Item);
        data.CopyTo(destination[3..]);
        BinaryPrimitives.WriteUInt16LittleEndian(destination[(3 + DataLength)..], (ushort)Status);
        return Length;
    }

    /// <summary>
    /// Parses an NV_READ or NV_WRITE packet (either direction). Shorter than 133 bytes →
    /// <see cref="DiagStatus.Truncated"/>; extra trailing bytes are ignored; a DIAG error reply
    /// (e.g. BAD_SPC_MODE) comes back as its status.
    /// </summary>
    public static DiagStatus TryParse(ReadOnlySpan<byte> src, out NvPacket? value)
    {
        value = null;
        if (src.IsEmpty)
        {
            return DiagStatus.Empty;
        }

        DiagCommand command = src[0] == (byte)DiagCommand.NvWrite ? DiagCommand.NvWrite : DiagCommand.NvRead;
        DiagStatus s = DiagReply.Check(src, command, Length);
        if (s != DiagStatus.Ok)
        {
            return s;
        }

        value = new NvPacket(
            command,
            BinaryPrimitives.ReadUInt16LittleEndian(src[1..]),
            src.Slice(3, DataLength),
            (NvStatus)BinaryPrimitives.ReadUInt16LittleEndian(src[(3 + DataLength)..]));
        return DiagStatus.Ok;
    }

    /// <summary>Like <see cref="TryParse(ReadOnlySpan{byte}, out NvPacket?)"/> but also requires <paramref name="command"/> and the echoed <paramref name="item"/>.</summary>
    public static DiagStatus TryParse(ReadOnlySpan<byte> src, DiagCommand command, ushort item, out NvPacket? value)
    {
        DiagStatus s = TryParse(src, out value);
        if (s == DiagStatus.Ok && (value!.Command != command || value.Item != item))
        {
            value = null;
            return DiagStatus.WrongCommand;
        }

        return s;
    }

    /// <inheritdoc/>
    public bool Equals(NvPacket? other) =>
        other is not null && Command == other.Command && Item == other.Item && Status == other.Status
        && data.AsSpan().SequenceEqual(other.data);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Command, Item, Status, data.Length > 0 ? data[0] : 0);

    /// <inheritdoc/>
    public override string ToString() => $"NvPacket {{ Command = {Command}, Item = {Item}, Status = {Status}, Data = {Convert.ToHexString(data.AsSpan().TrimEnd((byte)0))} }}";
}
