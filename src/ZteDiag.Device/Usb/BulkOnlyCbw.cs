using System.Buffers.Binary;

namespace ZteDiag.Device.Usb;

/// <summary>
/// A USB Mass Storage Class Bulk-Only Transport Command Block Wrapper: the 31-byte packet a host sends
/// to the bulk OUT endpoint of a storage interface to run one SCSI command. Layout (little-endian):
/// <code>
/// offset size field
///  0     4    dCBWSignature           'U' 'S' 'B' 'C' = 55 53 42 43 (0x43425355 LE)
///  4     4    dCBWTag                 echoed back in the status wrapper (CSW)
///  8     4    dCBWDataTransferLength  bytes of the data stage that follows (0 = none)
/// 12     1    bmCBWFlags              0x80 = data IN (device to host), 0x00 = OUT / none
/// 13     1    bCBWLUN                 logical unit (low 4 bits)
/// 14     1    bCBWCBLength            valid bytes of the CDB (1..16)
/// 15    16    CBWCB                   the SCSI command descriptor block, zero padded to 16
/// </code>
/// </summary>
/// <param name="Tag">dCBWTag.</param>
/// <param name="DataTransferLength">dCBWDataTransferLength.</param>
/// <param name="Flags">bmCBWFlags (<see cref="DirectionIn"/> or 0).</param>
/// <param name="Lun">bCBWLUN.</param>
/// <param name="Cdb">The command block (1..16 bytes; its length is bCBWCBLength).</param>
public sealed record BulkOnlyCbw(uint Tag, uint DataTransferLength, byte Flags, byte Lun, byte[] Cdb)
{
    /// <summary>Size of every CBW on the wire.</summary>
    public const int Size = 31;

    /// <summary>dCBWSignature as read little-endian ('USBC').</summary>
    public const uint Signature = 0x43425355;

    /// <summary>bmCBWFlags bit for a device-to-host data stage.</summary>
    public const byte DirectionIn = 0x80;

    /// <summary>Size of the Command Status Wrapper the device answers with ('USBS', tag, residue, status).</summary>
    public const int StatusSize = 13;

    /// <summary>Serialises to the 31 wire bytes.</summary>
    /// <exception cref="ArgumentException">The CDB is empty or longer than 16 bytes.</exception>
    public byte[] ToArray()
    {
        ArgumentNullException.ThrowIfNull(Cdb);
        if (Cdb.Length is < 1 or > 16)
        {
            throw new ArgumentException($"a CBW carries 1..16 CDB bytes, not {Cdb.Length}", nameof(Cdb));
        }

        var bytes = new byte[Size];
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(0), Signature);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(4), Tag);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(8), DataTransferLength);
        bytes[12] = Flags;
        bytes[13] = Lun;
        bytes[14] = (byte)Cdb.Length;
        Cdb.CopyTo(bytes.AsSpan(15));
        return bytes;
    }

    /// <summary>Decodes 31 CBW bytes; false (and null) when the length or signature is wrong or bCBWCBLength is not 1..16.</summary>
    public static bool TryParse(ReadOnlySpan<byte> bytes, out BulkOnlyCbw? cbw)
    {
        cbw = null;
        if (bytes.Length != Size || BinaryPrimitives.ReadUInt32LittleEndian(bytes) != Signature)
        {
            return false;
        }

        int cbLength = bytes[14];
        if (cbLength is < 1 or > 16)
        {
            return false;
        }

        cbw = new BulkOnlyCbw(
            BinaryPrimitives.ReadUInt32LittleEndian(bytes[4..]),
            BinaryPrimitives.ReadUInt32LittleEndian(bytes[8..]),
            bytes[12],
            bytes[13],
            bytes.Slice(15, cbLength).ToArray());
        return true;
    }
}
