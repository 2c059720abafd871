namespace ZteDiag.Protocol.Diag;

/// <summary>A packet that can be written to the wire (request or response).</summary>
public interface IDiagPacket
{
    /// <summary>Exact encoded size in bytes.</summary>
    int Size { get; }

    /// <summary>Writes the packet; returns <see cref="Size"/>. Throws <see cref="ArgumentException"/> if <paramref name="destination"/> is too small.</summary>
    int WriteTo(Span<byte> destination);
}

/// <summary>Convenience over <see cref="IDiagPacket"/>.</summary>
public static class DiagPacketExtensions
{
    /// <summary>Encodes the packet into a new array.</summary>
    public static byte[] ToArray(this IDiagPacket packet)
    {
        ArgumentNullException.ThrowIfNull(packet);
        var buf = new byte[packet.Size];
        packet.WriteTo(buf);
        return buf;
    }

    /// <summary>Throws if the destination cannot hold the packet (a caller bug).</summary>
    public static void EnsureRoom(this IDiagPacket packet, Span<byte> destination)
    {
        ArgumentNullException.ThrowIfNull(packet);
        if (destination.Length < packet.Size)
        {
            throw new ArgumentException($"destination holds {destination.Length} bytes, packet needs {packet.Size}", nameof(destination));
        }
    }
}
