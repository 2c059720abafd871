namespace ZteDiag.Device.At;

/// <summary>27.007 §7.3 &lt;AcT&gt; values in words.</summary>
public static class AccessTechnologyName
{
    /// <summary>"GSM", "UMTS", "EDGE", "HSDPA"…; null for null.</summary>
    public static string? Describe(int? act) => act switch
    {
        null => null,
        0 => "GSM",
        1 => "GSM compact",
        2 => "UMTS",
        3 => "EDGE",
        4 => "HSDPA",
        5 => "HSUPA",
        6 => "HSPA",
        7 => "LTE",
        int n => "AcT " + n.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}
