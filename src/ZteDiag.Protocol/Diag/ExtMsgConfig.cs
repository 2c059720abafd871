using System.Buffers.Binary;

namespace ZteDiag.Protocol.Diag;

/// <summary>Subcommand of EXT_MSG_CONFIG (0x7D), u8.</summary>
public enum ExtMsgConfigSubcommand : byte
{
    /// <summary>Retrieve the subsystem id (SSID) ranges.</summary>
    RetrieveSsidRanges = 1,
    /// <summary>Retrieve the build-time mask of a range.</summary>
    RetrieveBuildMask = 2,
    /// <summary>Retrieve the run-time mask of a range.</summary>
    RetrieveRtMask = 3,
    /// <summary>Set the run-time mask of a range.</summary>
    SetRtMask = 4,
    /// <summary>Set every run-time mask to one value (QCSuper sends level 0 at start-up).</summary>
    SetAllRtMasks = 5,
}

/// <summary>
/// EXT_MSG_CONFIG (0x7D) request: <c>7D</c>, u8 subcommand, then subcommand-specific arguments.
/// Set-all is <c>7D 05</c> + u16 reserved + u32 rt_mask (8 bytes, as QCSuper sends it).
/// </summary>
public sealed record ExtMsgConfigRequest : IDiagPacket
{
    /// <summary>Header size: cmd, subcommand.</summary>
    public const int HeaderLength = 1 /* 7D */ + 1 /* subcmd */;

    private readonly byte[] arguments;

    /// <summary>Builds a request with raw subcommand-specific arguments.</summary>
    public ExtMsgConfigRequest(ExtMsgConfigSubcommand subcommand, ReadOnlySpan<byte> arguments = default)
    {
        Subcommand = subcommand;
        this.arguments = arguments.ToArray();
    }

    /// <summary>The subcommand.</summary>
    public ExtMsgConfigSubcommand Subcommand { get; }

    /// <summary>Bytes after the 2-byte header.</summary>
    public ReadOnlyMemory<byte> Arguments => arguments;

    /// <inheritdoc/>
    public int Size => HeaderLength + arguments.Length;

    /// <summary>Set-all request: <c>7D 05</c>, u16 reserved (0), u32 <paramref name="rtMask"/>.</summary>
    public static ExtMsgConfigRequest SetAllRtMasks(uint rtMask)
    {
        Span<byte> args = stackalloc byte[2 /* reserved */ + 4 /* rt_mask */];
        args[..2].Clear();
        BinaryPrimitives.WriteUInt32LittleEndian(args[2..], rtMask);
        return new ExtMsgConfigRequest(ExtMsgConfigSubcommand.SetAllRtMasks, args);
    }

    /// <summary>The run-time mask of a set-all request, or null for another subcommand or a short one.</summary>
    public uint? SetAllMask =>
        Subcommand == ExtMsgConfigSubcommand.SetAllRtMasks && arguments.Length >= 6
            ? BinaryPrimitives.ReadUInt32LittleEndian(arguments.AsSpan(2))
            : null;

    /// <inheritdoc/>
    public int WriteTo(Span<byte> destination)
    {
        this.EnsureRoom(destination);
        destination[0] = (byte)DiagCommand.ExtMsgConfig;
        destination[1] = (byte)Subcommand;
        arguments.CopyTo(destination[HeaderLength..]);
        return Size;
    }

    /// <summary>Parses a request; everything after the header is <see cref="Arguments"/>.</summary>
    public static DiagStatus TryParse(ReadOnlySpan<byte> src, out ExtMsgConfigRequest? value)
    {
        value = null;
        if (src.IsEmpty)
        {
            return DiagStatus.Empty;
        }

        if (src[0] != (byte)DiagCommand.ExtMsgConfig)
        {
            return DiagStatus.WrongCommand;
        }

        if (src.Length < HeaderLength)
        {
            return DiagStatus.Truncated;
        }

        value = new ExtMsgConfigRequest((ExtMsgConfigSubcommand)src[1], src[HeaderLength..]);
        return DiagStatus.Ok;
    }

    /// <summary>Compares subcommand and arguments.</summary>
    public bool Equals(ExtMsgConfigRequest? other) => other is not null && Subcommand == other.Subcommand && arguments.AsSpan().SequenceEqual(other.arguments);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Subcommand, arguments.Length);
}

/// <summary>EXT_MSG_CONFIG (0x7D) response of any subcommand: <c>7D</c>, u8 subcommand, then <see cref="Body"/>.</summary>
public sealed record ExtMsgConfigResponse : IDiagPacket
{
    private readonly byte[] body;

    /// <summary>Builds a response.</summary>
    public ExtMsgConfigResponse(ExtMsgConfigSubcommand subcommand, ReadOnlySpan<byte> body = default)
    {
        Subcommand = subcommand;
        this.body = body.ToArray();
    }

    /// <summary>The subcommand answered.</summary>
    public ExtMsgConfigSubcommand Subcommand { get; }

    /// <summary>Bytes after cmd and subcommand.</summary>
    public ReadOnlyMemory<byte> Body => body;

    /// <inheritdoc/>
    public int Size => ExtMsgConfigRequest.HeaderLength + body.Length;

    /// <summary>The reply a target gives to a set-all request: it echoes the request.</summary>
    public static ExtMsgConfigResponse EchoOf(ExtMsgConfigRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return new ExtMsgConfigResponse(request.Subcommand, request.Arguments.Span);
    }

    /// <inheritdoc/>
    public int WriteTo(Span<byte> destination)
    {
        this.EnsureRoom(destination);
        destination[0] = (byte)DiagCommand.ExtMsgConfig;
        destination[1] = (byte)Subcommand;
        body.CopyTo(destination[ExtMsgConfigRequest.HeaderLength..]);
        return Size;
    }

    /// <summary>Parses a response.</summary>
    public static DiagStatus TryParse(ReadOnlySpan<byte> src, out ExtMsgConfigResponse? value)
    {
        value = null;
        DiagStatus s = DiagReply.Check(src, DiagCommand.ExtMsgConfig, ExtMsgConfigRequest.HeaderLength);
        if (s != DiagStatus.Ok)
        {
            return s;
        }

        value = new ExtMsgConfigResponse((ExtMsgConfigSubcommand)src[1], src[ExtMsgConfigRequest.HeaderLength..]);
        return DiagStatus.Ok;
    }

    /// <summary>Compares subcommand and body.</summary>
    public bool Equals(ExtMsgConfigResponse? other) => other is not null && Subcommand == other.Subcommand && body.AsSpan().SequenceEqual(other.body);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Subcommand, body.Length);
}

/// <summary>One SSID range of message masks.</summary>
/// <param name="First">ssid_first.</param>
/// <param name="Last">ssid_last.</param>
public readonly record struct SsidRange(ushort First, ushort Last);

/// <summary>
/// EXT_MSG_CONFIG retrieve-SSID-ranges response: <c>7D 01</c>, u8 status, u8 reserved, u32 range
/// count, then count × (u16 ssid_first, u16 ssid_last). PROTOCOL.md §4 F8.
/// </summary>
public sealed record ExtMsgSsidRangesResponse : IDiagPacket
{
    /// <summary>Size before the ranges.</summary>
    public const int HeaderLength = 1 /* 7D */ + 1 /* subcmd */ + 1 /* status */ + 1 /* reserved */ + 4 /* range count */;

    private readonly SsidRange[] ranges;

    /// <summary>Builds a reply.</summary>
    public ExtMsgSsidRangesResponse(byte status, byte reserved, ReadOnlySpan<SsidRange> ranges)
    {
        Status = status;
        Reserved = reserved;
        this.ranges = ranges.ToArray();
    }

    /// <summary>Status byte (1 in the captured reply).</summary>
    public byte Status { get; }

    /// <summary>The reserved byte after the status.</summary>
    public byte Reserved { get; }

    /// <summary>The ranges.</summary>
    public IReadOnlyList<SsidRange> Ranges => ranges;

    /// <inheritdoc/>
    public int Size => HeaderLength + (ranges.Length * 4);

    /// <inheritdoc/>
    public int WriteTo(Span<byte> destination)
    {
        this.EnsureRoom(destination);
        destination[0] = (byte)DiagCommand.ExtMsgConfig;
        destination[1] = (byte)ExtMsgConfigSubcommand.RetrieveSsidRanges;
        destination[2] = Status;
        destination[3] = Reserved;
        BinaryPrimitives.WriteUInt32LittleEndian(destination[4..], (uint)ranges.Length);
        for (int i = 0; i < ranges.Length; i++)
        {
            int o = HeaderLength + (4 * i);
            BinaryPrimitives.WriteUInt16LittleEndian(destination[o..], ranges[i].First);
            BinaryPrimitives.WriteUInt16LittleEndian(destination[(o + 2)..], ranges[i].Last);
        }

        return Size;
    }

    /// <summary>Parses the reply; a count larger than the bytes present → <see cref="DiagStatus.Malformed"/>.</summary>
    public static DiagStatus TryParse(ReadOnlySpan<byte> src, out ExtMsgSsidRangesResponse? value)
    {
        value = null;
        DiagStatus s = DiagReply.Check(src, DiagCommand.ExtMsgConfig, ExtMsgConfigRequest.HeaderLength);
        if (s != DiagStatus.Ok)
        {
            return s;
        }

        if (src[1] != (byte)ExtMsgConfigSubcommand.RetrieveSsidRanges)
        {
            return DiagStatus.WrongCommand;
        }

        if (src.Length < HeaderLength)
        {
            return DiagStatus.Truncated;
        }

        uint count = BinaryPrimitives.ReadUInt32LittleEndian(src[4..]);
        if (count > (uint)((src.Length - HeaderLength) / 4))
        {
            return DiagStatus.Malformed;
        }

        var list = new SsidRange[count];
        for (int i = 0; i < list.Length; i++)
        {
            int o = HeaderLength + (4 * i);
            list[i] = new SsidRange(BinaryPrimitives.ReadUInt16LittleEndian(src[o..]), BinaryPrimitives.ReadUInt16LittleEndian(src[(o + 2)..]));
        }

        value = new ExtMsgSsidRangesResponse(src[2], src[3], list);
        return DiagStatus.Ok;
    }

    /// <summary>Compares all fields.</summary>
    public bool Equals(ExtMsgSsidRangesResponse? other) =>
        other is not null && Status == other.Status && Reserved == other.Reserved && ranges.AsSpan().SequenceEqual(other.ranges);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Status, Reserved, ranges.Length);
}
