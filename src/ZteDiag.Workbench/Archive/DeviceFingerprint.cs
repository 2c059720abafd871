using System.Security.Cryptography;
using System.Text;

namespace ZteDiag.Workbench.Archive;

/// <summary>
/// IMEI kept out of backups in clear: a masked form for humans plus SHA-256(salt ‖ IMEI digits)
/// with a random per-archive salt, so a backup can be matched to a device that is plugged in
/// without archives being linkable to each other by a shared hash.
/// </summary>
/// <param name="Masked">IMEI with digits 9‥13 masked, e.g. <c>35123406*****12</c>.</param>
/// <param name="SaltHex">Salt, lower-case hex.</param>
/// <param name="HashHex">SHA-256(salt bytes ‖ ASCII IMEI digits), lower-case hex.</param>
public sealed record DeviceFingerprint(string Masked, string SaltHex, string HashHex)
{
    /// <summary>Salt length in bytes for <see cref="Create(string)"/>.</summary>
    public const int SaltLength = 16;

    /// <summary>Fingerprint with a fresh random salt.</summary>
    public static DeviceFingerprint Create(string imei) => Create(imei, RandomNumberGenerator.GetBytes(SaltLength));

    /// <summary>Fingerprint with a given salt (tests, reproducible output).</summary>
    /// <exception cref="ArgumentException">The IMEI has no digits or the salt is empty.</exception>
    public static DeviceFingerprint Create(string imei, ReadOnlySpan<byte> salt)
    {
        if (salt.IsEmpty) throw new ArgumentException("salt must not be empty", nameof(salt));
        string digits = Normalize(imei);
        return new DeviceFingerprint(Mask(digits), Convert.ToHexStringLower(salt), Hash(salt, digits));
    }

    /// <summary>True when <paramref name="imei"/> (spaces and dashes ignored) produced this fingerprint.</summary>
    public bool Matches(string imei)
    {
        string digits;
        byte[] salt;
        try
        {
            digits = Normalize(imei);
            salt = Convert.FromHexString(SaltHex);
        }
        catch (FormatException) { return false; }
        catch (ArgumentException) { return false; }
        byte[] expected, actual;
        try { expected = Convert.FromHexString(HashHex); }
        catch (FormatException) { return false; }
        actual = Convert.FromHexString(Hash(salt, digits));
        return CryptographicOperations.FixedTimeEquals(expected, actual);
    }

    /// <summary>Masks an IMEI: first 8 digits (TAC) and last 2 stay, the rest become '*' (<see cref="Protocol.Diag.Imei.Mask"/>).</summary>
    public static string Mask(string imei)
    {
        ArgumentNullException.ThrowIfNull(imei);
        return Protocol.Diag.Imei.Mask(imei);
    }

    private static string Normalize(string imei)
    {
        ArgumentNullException.ThrowIfNull(imei);
        var sb = new StringBuilder(imei.Length);
        foreach (char c in imei)
        {
            if (c is >= '0' and <= '9') sb.Append(c);
            else if (c is not (' ' or '-')) throw new ArgumentException($"IMEI contains '{c}'", nameof(imei));
        }
        if (sb.Length == 0) throw new ArgumentException("IMEI has no digits", nameof(imei));
        return sb.ToString();
    }

    private static string Hash(ReadOnlySpan<byte> salt, string digits)
    {
        byte[] data = new byte[salt.Length + digits.Length];
        salt.CopyTo(data);
        Encoding.ASCII.GetBytes(digits, data.AsSpan(salt.Length));
        return Convert.ToHexStringLower(SHA256.HashData(data));
    }
}
