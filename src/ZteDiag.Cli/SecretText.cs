namespace ZteDiag.Cli;

/// <summary>Masks for identifiers beyond the IMEI (which uses <see cref="Protocol.Diag.Imei.Mask"/>).</summary>
internal static class SecretText
{
    /// <summary>ICCID: the issuer prefix (89 + country + issuer, 7 digits) and the last 2 digits stay, the rest is starred.</summary>
    public static string Iccid(string iccid, bool reveal) =>
        reveal || iccid.Length <= 9 ? iccid : string.Concat(iccid.AsSpan(0, 7), new string('*', iccid.Length - 9), iccid.AsSpan(iccid.Length - 2));
}
