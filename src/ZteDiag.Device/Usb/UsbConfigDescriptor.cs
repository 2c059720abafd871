using System.Buffers.Binary;

namespace ZteDiag.Device.Usb;

/// <summary>An endpoint descriptor (USB 2.0 §9.6.6).</summary>
/// <param name="Address">bEndpointAddress (bit 7 set = IN).</param>
/// <param name="Attributes">bmAttributes (low 2 bits: 0 control, 1 isochronous, 2 bulk, 3 interrupt).</param>
/// <param name="MaxPacketSize">wMaxPacketSize.</param>
public readonly record struct UsbEndpoint(byte Address, byte Attributes, ushort MaxPacketSize)
{
    /// <summary>Device-to-host endpoint.</summary>
    public bool IsIn => (Address & 0x80) != 0;

    /// <summary>Bulk transfer type.</summary>
    public bool IsBulk => (Attributes & 0x03) == 0x02;
}

/// <summary>An interface descriptor (one alternate setting) with its endpoints (USB 2.0 §9.6.5).</summary>
/// <param name="Number">bInterfaceNumber.</param>
/// <param name="AlternateSetting">bAlternateSetting.</param>
/// <param name="Class">bInterfaceClass (0x08 mass storage, 0xff vendor specific).</param>
/// <param name="SubClass">bInterfaceSubClass.</param>
/// <param name="Protocol">bInterfaceProtocol (0x50 = Bulk-Only Transport).</param>
/// <param name="Endpoints">The endpoint descriptors that follow it.</param>
public sealed record UsbInterfaceDescriptor(int Number, int AlternateSetting, byte Class, byte SubClass, byte Protocol, IReadOnlyList<UsbEndpoint> Endpoints)
{
    /// <summary>USB class code of mass storage.</summary>
    public const byte MassStorageClass = 0x08;

    /// <summary>The first bulk OUT endpoint, or null.</summary>
    public UsbEndpoint? BulkOut => Endpoints.FirstOrDefault(e => e.IsBulk && !e.IsIn) is { Address: not 0 } e ? e : null;

    /// <summary>The first bulk IN endpoint, or null.</summary>
    public UsbEndpoint? BulkIn => Endpoints.FirstOrDefault(e => e.IsBulk && e.IsIn) is { Address: not 0 } e ? e : null;
}

/// <summary>Parses a raw configuration descriptor (as returned by GET_DESCRIPTOR) into interfaces and endpoints.</summary>
public static class UsbConfigDescriptor
{
    private const byte TypeConfiguration = 2;
    private const byte TypeInterface = 4;
    private const byte TypeEndpoint = 5;

    /// <summary>
    /// Walks the descriptor chain (bLength, bDescriptorType, …). Unknown descriptor types (class-specific,
    /// interface association…) are skipped; a truncated or zero-length descriptor ends the walk. Never throws.
    /// </summary>
    public static IReadOnlyList<UsbInterfaceDescriptor> Parse(ReadOnlySpan<byte> bytes)
    {
        var result = new List<UsbInterfaceDescriptor>();
        int end = bytes.Length;
        if (bytes.Length >= 4 && bytes[1] == TypeConfiguration)
        {
            end = Math.Min(end, BinaryPrimitives.ReadUInt16LittleEndian(bytes[2..]));
        }

        (int Number, int Alt, byte Class, byte Sub, byte Proto)? current = null;
        var endpoints = new List<UsbEndpoint>();
        int offset = 0;
        while (offset + 2 <= end)
        {
            int length = bytes[offset];
            if (length < 2 || offset + length > end)
            {
                break;
            }

            ReadOnlySpan<byte> d = bytes.Slice(offset, length);
            if (d[1] == TypeInterface && length >= 9)
            {
                Flush();
                current = (d[2], d[3], d[5], d[6], d[7]);
            }
            else if (d[1] == TypeEndpoint && length >= 7 && current is not null)
            {
                endpoints.Add(new UsbEndpoint(d[2], d[3], BinaryPrimitives.ReadUInt16LittleEndian(d[4..])));
            }

            offset += length;
        }

        Flush();
        return result;

        void Flush()
        {
            if (current is { } c)
            {
                result.Add(new UsbInterfaceDescriptor(c.Number, c.Alt, c.Class, c.Sub, c.Proto, [.. endpoints]));
            }

            endpoints.Clear();
            current = null;
        }
    }
}
