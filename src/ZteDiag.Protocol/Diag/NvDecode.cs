using System.Buffers.Binary;
using System.Globalization;

namespace ZteDiag.Protocol.Diag;

/// <summary>Human-readable values of the NV items technicians ask about (IMEI, ESN, MEID, band and mode preferences).</summary>
public static class NvDecode
{
    /// <summary>A one-line decoding of <paramref name="data"/>, or null when the item is not one this knows.</summary>
    public static string? Describe(ushort item, ReadOnlySpan<byte> data, bool revealSecrets)
    {
        switch ((NvItemId)item)
        {
            case NvItemId.UeImei:
                return Imei.TryDecode(data, out string? imei) == ImeiError.None ? $"IMEI {(revealSecrets ? imei : Imei.Mask(imei))}" : "not an IMEI";
            case NvItemId.Esn when data.Length >= 4:
                uint esn = BinaryPrimitives.ReadUInt32LittleEndian(data);
                return revealSecrets ? string.Create(CultureInfo.InvariantCulture, $"ESN {esn:X8}") : "ESN ********";
            case NvItemId.Meid when data.Length >= 7:
                ulong meid = BinaryPrimitives.ReadUInt64LittleEndian(data) & 0x00FF_FFFF_FFFF_FFFFUL;
                return revealSecrets ? string.Create(CultureInfo.InvariantCulture, $"MEID {meid:X14}") : "MEID **************";
            case NvItemId.SecCode:
                return revealSecrets ? $"SPC {System.Text.Encoding.ASCII.GetString(data[..Math.Min(6, data.Length)])}" : "SPC ******";
            case NvItemId.PrefMode when data.Length >= 1:
                return "mode preference " + (data[0] switch { 2 => "automatic", 4 => "automatic (GSM/WCDMA)", 13 => "GSM only", 14 => "WCDMA only", _ => data[0].ToString(CultureInfo.InvariantCulture) });
            case NvItemId.BandPref or NvItemId.BandPref16To31 when data.Length >= 2:
                int shift = item == (ushort)NvItemId.BandPref ? 0 : 16;
                return "bands " + Bits(BinaryPrimitives.ReadUInt16LittleEndian(data), shift);
            case NvItemId.BandPref32To63 when data.Length >= 4:
                return "bands " + Bits(BinaryPrimitives.ReadUInt32LittleEndian(data), 32);
            default:
                return null;
        }
    }

    private static string Bits(ulong mask, int shift)
    {
        var bits = Enumerable.Range(0, 64).Where(b => ((mask >> b) & 1) != 0).Select(b => (b + shift).ToString(CultureInfo.InvariantCulture)).ToList();
        return bits.Count == 0 ? "none" : "bit " + string.Join(",", bits) + string.Create(CultureInfo.InvariantCulture, $" (mask 0x{mask:X})");
    }
}
