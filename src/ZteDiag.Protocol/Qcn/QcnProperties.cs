using System.Buffers.Binary;
using System.Text;

namespace ZteDiag.Protocol.Qcn;

/// <summary>
/// <c>Mobile_Property_Info</c>: u32 0xDEADD00D, u16 model number, u8 NV major, u8 NV minor, u16 length +
/// software version text, u16 length + name of the program that wrote the file (fixtures/qcn README).
/// </summary>
/// <param name="ModelNumber">Mobile model number.</param>
/// <param name="NvMajor">NV major version.</param>
/// <param name="NvMinor">NV minor version.</param>
/// <param name="SoftwareVersion">Firmware build text.</param>
/// <param name="Writer">The program that wrote the file.</param>
public sealed record QcnMobileProperty(ushort ModelNumber, byte NvMajor, byte NvMinor, string SoftwareVersion, string Writer)
{
    /// <summary>The magic the record starts with.</summary>
    public const uint Magic = 0xDEADD00D;

    /// <summary>Encodes the record (texts as Latin-1).</summary>
    public byte[] ToBytes()
    {
        byte[] sw = Encoding.Latin1.GetBytes(SoftwareVersion), writer = Encoding.Latin1.GetBytes(Writer);
        byte[] b = new byte[8 + 2 + sw.Length + 2 + writer.Length];
        BinaryPrimitives.WriteUInt32LittleEndian(b, Magic);
        BinaryPrimitives.WriteUInt16LittleEndian(b.AsSpan(4), ModelNumber);
        b[6] = NvMajor;
        b[7] = NvMinor;
        BinaryPrimitives.WriteUInt16LittleEndian(b.AsSpan(8), (ushort)sw.Length);
        sw.CopyTo(b, 10);
        BinaryPrimitives.WriteUInt16LittleEndian(b.AsSpan(10 + sw.Length), (ushort)writer.Length);
        writer.CopyTo(b, 12 + sw.Length);
        return b;
    }

    /// <summary>Decodes the record; null when it is not one (the stream is then kept as bytes only).</summary>
    public static QcnMobileProperty? TryParse(ReadOnlySpan<byte> b)
    {
        if (b.Length < 10 || BinaryPrimitives.ReadUInt32LittleEndian(b) != Magic)
        {
            return null;
        }

        int swLen = BinaryPrimitives.ReadUInt16LittleEndian(b[8..]);
        if (b.Length < 10 + swLen)
        {
            return null;
        }

        string sw = Encoding.Latin1.GetString(b.Slice(10, swLen));
        string writer = "";
        int w = 10 + swLen;
        if (b.Length >= w + 2)
        {
            int wLen = BinaryPrimitives.ReadUInt16LittleEndian(b[w..]);
            if (b.Length < w + 2 + wLen)
            {
                return null;
            }

            writer = Encoding.Latin1.GetString(b.Slice(w + 2, wLen));
        }

        return new QcnMobileProperty(BinaryPrimitives.ReadUInt16LittleEndian(b[4..]), b[6], b[7], sw, writer);
    }
}

/// <summary><c>File_Version</c>: u16 major, u16 minor, u16 revision.</summary>
/// <param name="Major">Major (2 in QPST files).</param>
/// <param name="Minor">Minor.</param>
/// <param name="Revision">Revision.</param>
public sealed record QcnFileVersion(ushort Major, ushort Minor, ushort Revision)
{
    /// <summary>The six bytes.</summary>
    public byte[] ToBytes()
    {
        byte[] b = new byte[6];
        BinaryPrimitives.WriteUInt16LittleEndian(b, Major);
        BinaryPrimitives.WriteUInt16LittleEndian(b.AsSpan(2), Minor);
        BinaryPrimitives.WriteUInt16LittleEndian(b.AsSpan(4), Revision);
        return b;
    }

    /// <summary>Decodes, or null when shorter than 6 bytes.</summary>
    public static QcnFileVersion? TryParse(ReadOnlySpan<byte> b) => b.Length < 6 ? null
        : new QcnFileVersion(BinaryPrimitives.ReadUInt16LittleEndian(b), BinaryPrimitives.ReadUInt16LittleEndian(b[2..]), BinaryPrimitives.ReadUInt16LittleEndian(b[4..]));
}

/// <summary>An EFS item file kept in a QCN (<c>EFS_Dir</c> holds its path, <c>EFS_Data</c> its bytes, under the same stream name).</summary>
/// <param name="Path">Absolute EFS path, e.g. <c>/nv/item_files/modem/mmode/band_pref</c>.</param>
/// <param name="Data">The file's bytes.</param>
public sealed record QcnEfsFile(string Path, byte[] Data);
