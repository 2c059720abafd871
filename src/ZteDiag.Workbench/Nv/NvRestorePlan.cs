namespace ZteDiag.Workbench.Nv;

/// <summary>What an NV restore found for one item of the file, before writing anything.</summary>
public enum NvPlanCategory
{
    /// <summary>The modem holds other bytes: written.</summary>
    Changed,

    /// <summary>The modem answers NOT_ACTIVE (never written there): written, which makes it active.</summary>
    NotActive,

    /// <summary>The modem protects the item and the SPC was not accepted: written after the SPC, its old value unknown.</summary>
    NeedsSpc,

    /// <summary>The modem never lets DIAG read the item (unreadable by design): skipped, because its old value cannot be saved first.</summary>
    Unreadable,

    /// <summary>The modem already holds the file's bytes: not written.</summary>
    Unchanged,

    /// <summary>Stock firmware refuses every write of the item (SEC_DEVICE_KEY, SPC_UNLOCK_TTL…): skipped.</summary>
    Unwritable,
}

/// <summary>One item of the file and what the restore does with it.</summary>
/// <param name="Id">Item id.</param>
/// <param name="Name">Qualcomm name or "NV item N".</param>
/// <param name="Category">What the modem answered.</param>
/// <param name="OldHex">What the modem holds now (null when not active, protected or unreadable).</param>
/// <param name="NewHex">What the file holds.</param>
public sealed record NvPlanEntry(int Id, string Name, NvPlanCategory Category, string? OldHex, string NewHex)
{
    /// <summary>True for the categories the restore writes.</summary>
    public bool Writes => Category is NvPlanCategory.Changed or NvPlanCategory.NotActive or NvPlanCategory.NeedsSpc;

    /// <summary>True when the modem holds a value a safety backup must keep before the write (not for a not-active item: there is nothing to lose).</summary>
    public bool NeedsSavedValue => Category is NvPlanCategory.Changed or NvPlanCategory.NeedsSpc;
}

/// <summary>The plan of an NV restore: every item of the file with its <see cref="NvPlanCategory"/>, in file order.</summary>
/// <param name="Entries">One per item of the file the restore considered.</param>
public sealed record NvRestorePlan(IReadOnlyList<NvPlanEntry> Entries)
{
    /// <summary>The items to write, as changes.</summary>
    public IReadOnlyList<NvChange> Changes { get; } = [.. Entries.Where(e => e.Writes).Select(e => new NvChange(e.Id, e.Name, e.OldHex, e.NewHex) { Category = e.Category })];

    /// <summary>Ids of the items to write whose old value a safety backup must hold.</summary>
    public IReadOnlyList<int> MustBeSaved => [.. Entries.Where(e => e.Writes && e.NeedsSavedValue).Select(e => e.Id)];

    /// <summary>Items of <paramref name="category"/>.</summary>
    public int Count(NvPlanCategory category) => Entries.Count(e => e.Category == category);
}
