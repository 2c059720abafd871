using System.Buffers.Binary;

namespace ZteDiag.Protocol.Diag;

/// <summary>Subsystem command of the NV subsystem (48). PROTOCOL.md §2.5.</summary>
public enum IndexedNvCommand : ushort
{
    /// <summary>Indexed read.</summary>
    Read = 1,
    /// <summary>Indexed write.</summary>
    Write = 2,
}

/// <summary>
/// Indexed NV read/write over SUBSYS_CMD (subsystem 0x30 = NV): <c>4B 30 cc 00</c>, u16 item,
/// u16 index, u8 data[128], u16 nv_stat; 138 bytes in both directions. PROTOCOL.md §2.5
/// (support on MSM62xx is unverified).
/// </summary>
public sealed record IndexedNvPacket : IDiagPacket
{
    /// <summary>NV subsystem id.</summary>
    public const byte Subsystem = 0x30;

    /// <summary>Size of item_data.</summary>
    public const int DataLength = NvPacket.DataLength;

    /// <summary>Encoded size, always.</summary>
    public const int Length = SubsysHeader.Size + 2 /* item */ + 2 /* index */ + DataLength /* data */ + 2 /* nv_stat */;

    private readonly byte[] data;

    /// <summary>Builds a packet; <paramref name="data"/> (≤128 bytes) is zero-padded to 128.</summary>
    /// <exception cref="ArgumentException">The data is too long.</exception>
    public IndexedNvPacket(IndexedNvCommand command, ushort item, ushort index, ReadOnlySpan<byte> data, NvStatus status = NvStatus.Done)
    {
        if (data.Length > DataLength)
        {
            throw new ArgumentException($"NV data holds at most {DataLength} bytes, got {data.Length}", nameof(data));
        }

        Command = command;
        Item = item;
        Index = index;
        Status = status;
        this.data = new byte[DataLength];
        data.CopyTo(this.data);
    }

    /// <summary>Read or write.</summary>
    public IndexedNvCommand Command { get; }

    /// <summary>NV item id.</summary>
    public ushort Item { get; }

    /// <summary>Array index / subscription.</summary>
    public ushort Index { get; }

    /// <summary>item_data, always 128 bytes.</summary>
    public ReadOnlyMemory<byte> Data => data;

    /// <summary>nv_stat (0 in requests).</summary>
    public NvStatus Status { get; }

    /// <inheritdoc/>
    public int Size => Length;

    /// <summary>The response a target sends: same fields, with <paramref name="status"/>.</summary>
    public IndexedNvPacket WithStatus(NvStatus status) => new(Command, Item, Index, data, status);

    /// <inheritdoc/>
    public int WriteTo(Span<byte> destination)
    {
        this.EnsureRoom(destination);
        new SubsysHeader(Subsystem, (ushort)Command).WriteTo(destination);
        BinaryPrimitives.WriteUInt16LittleEndian(destination[4..], Item);
        BinaryPrimitives.WriteUInt16LittleEndian(destination[6..], Index);
        data.CopyTo(destination[8..]);
        BinaryPrimitives.WriteUInt16LittleEndian(destination[(8 + DataLength)..], (ushort)Status);
        return Length;
    }

    /// <summary>Parses either direction; another subsystem or a command other than 1/2 → <see cref="DiagStatus.WrongCommand"/>.</summary>
    public static DiagStatus TryParse(ReadOnlySpan<byte> src, out IndexedNvPacket? value)
    {
        value = null;
        DiagStatus s = SubsysHeader.TryParse(src, out SubsysHeader h);
        if (s != DiagStatus.Ok)
        {
            return s;
        }

        if (h.Subsystem != Subsystem || h.Command is not ((ushort)IndexedNvCommand.Read or (ushort)IndexedNvCommand.Write))
        {
            return DiagStatus.WrongCommand;
        }

        if (src.Length < Length)
        {
            return DiagStatus.Truncated;
        }

        value = new IndexedNvPacket(
            (IndexedNvCommand)h.Command,
            BinaryPrimitives.ReadUInt16LittleEndian(src[4..]),
            BinaryPrimitives.ReadUInt16LittleEndian(src[6..]),
            src.Slice(8, DataLength),
            (NvStatus)BinaryPrimitives.ReadUInt16LittleEndian(src[(8 + DataLength)..]));
        return DiagStatus.Ok;
    }

    /// <inheritdoc/>
    public bool Equals(IndexedNvPacket? other) =>
        other is not null && Command == other.Command && Item == other.Item && Index == other.Index
        && Status == other.Status && data.AsSpan().SequenceEqual(other.data);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Command, Item, Index, Status);

    /// <inheritdoc/>
    public override string ToString() => $"IndexedNvPacket {{ Command = {Command}, Item = {Item}, Index = {Index}, Status = {Status}, Data = {Convert.ToHexString(data.AsSpan().TrimEnd((byte)0))} }}";
}
