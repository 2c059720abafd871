using ZteDiag.Protocol.Diag;

namespace ZteDiag.Emulator.State;

/// <summary>One item of a generated NV image.</summary>
/// <param name="Id">NV item number.</param>
/// <param name="Data">Item data (≤128 bytes).</param>
/// <param name="Invented">True for a generated (invented) value.</param>
public sealed record GeneratedNvItem(ushort Id, byte[] Data, bool Invented);

/// <summary>
/// The NV image of a UMTS/GSM stick of the MSM62xx era, generated from the seed: every catalogued item
/// (names from the public NV lists, <see cref="NvItemCatalog"/>), RF-calibration-sized blobs filling the
/// 128-byte item size, and small configuration items, spread over 0…<see cref="LastItem"/>. All generated
/// values are invented (<see cref="GeneratedNvItem.Invented"/>); the profile's own items override them.
/// </summary>
public static class NvImageGenerator
{
    /// <summary>Highest item number generated.</summary>
    public const ushort LastItem = 6999;

    /// <summary>The image for <paramref name="seed"/> with at least <paramref name="activeItems"/> items (profile items excluded).</summary>
    public static IReadOnlyList<GeneratedNvItem> Generate(ulong seed, int activeItems, IReadOnlySet<ushort> profileItems)
    {
        ArgumentNullException.ThrowIfNull(profileItems);
        var rng = new SplitMix64(seed ^ 0x4E56_494D_4147_4531UL); // "NVIMAGE1": independent of the EFS stream
        var items = new SortedDictionary<ushort, GeneratedNvItem>();
        foreach (ushort id in NvItemCatalog.Ids.Where(i => !profileItems.Contains(i) && i <= LastItem))
        {
            items[id] = new GeneratedNvItem(id, rng.NextBytes(1 + rng.NextInt(16)), true);
        }

        // RF calibration tables sit in dense runs (1000s, 4000s on MSM62xx NV maps) and fill the item
        while (items.Count < activeItems)
        {
            bool calibration = rng.NextInt(3) != 0;
            ushort id = calibration
                ? (ushort)((rng.NextInt(2) == 0 ? 1000 : 4000) + rng.NextInt(900))
                : (ushort)rng.NextInt(LastItem + 1);
            if (profileItems.Contains(id) || items.ContainsKey(id) || NvItemCatalog.AccessOf(id) != NvAccess.Open)
            {
                continue;
            }

            items[id] = new GeneratedNvItem(id, rng.NextBytes(calibration ? 128 : 1 + rng.NextInt(24)), true);
        }

        return [.. items.Values];
    }
}
