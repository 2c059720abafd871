using System.Globalization;
using ZteDiag.Device;
using ZteDiag.Protocol.At;
using ZteDiag.Workbench.Archive;
using ZteDiag.Workbench.Connection;

namespace ZteDiag.Workbench.Jobs;

/// <summary>What a job learned about the connected modem.</summary>
/// <param name="Identity">Identity for a manifest (IMEI masked + salted hash only).</param>
/// <param name="Imei">The IMEI in clear, kept in memory to match backups; null when unreadable.</param>
/// <param name="Warnings">What could not be read, for the technician.</param>
public sealed record ProbedDevice(DeviceIdentity Identity, string? Imei, IReadOnlyList<string> Warnings)
{
    /// <summary>True when <paramref name="backup"/> was taken from this device (IMEI fingerprint; ESN/model/revision when neither side has an IMEI).</summary>
    public bool Matches(DeviceIdentity? backup)
    {
        if (backup is null)
        {
            return false;
        }

        if (Imei is not null && backup.ImeiHash is not null)
        {
            return backup.MatchesImei(Imei);
        }

        if (Imei is null && backup.ImeiHash is null)
        {
            return backup.Esn == Identity.Esn && backup.Model == Identity.Model && backup.Revision == Identity.Revision;
        }

        return false;
    }
}

/// <summary>Reads VERNO / ESN / IMEI over DIAG and ATI over AT (when an AT port is known).</summary>
public static class DeviceProbe
{
    /// <summary>Reads what the modem tells; never sends the SPC. Missing pieces become warnings.</summary>
    public static async Task<ProbedDevice> ReadAsync(ModemConnection modem, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(modem);
        var warnings = new List<string>();
        var diag = await modem.Identity.ReadAsync(ct).ConfigureAwait(false);
        AtiInfo? ati = null;
        Device.At.AtSession? at = null;
        try
        {
            at = await modem.GetAtAsync(ct).ConfigureAwait(false);
            if (at is not null)
            {
                ati = await at.GetInfoAsync(ct).ConfigureAwait(false);
            }
        }
        catch (ZteDiagException ex)
        {
            warnings.Add("ATI failed: " + ex.Message);
        }

        string? imei = diag.Imei ?? (IsImei(ati?.Imei) ? ati!.Imei : null);
        if (imei is null && at is not null)
        {
            imei = await ImeiFromCgsnAsync(at, ct).ConfigureAwait(false); // NV 550 behind the SPC and an ATI without IMEI:
        }

        if (imei is null)
        {
            warnings.Add("the IMEI could not be read (NV 550, ATI and AT+CGSN); backups are matched by ESN, model and revision");
        }

        Dictionary<string, string>? verno = null;
        if (diag.Version is { } v)
        {
            verno = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["comp_date"] = v.CompileDate,
                ["comp_time"] = v.CompileTime,
                ["rel_date"] = v.ReleaseDate,
                ["rel_time"] = v.ReleaseTime,
                ["ver_dir"] = v.VersionDirectory,
                ["mob_model"] = v.MobileModel.ToString(CultureInfo.InvariantCulture),
                ["mob_firm_rev"] = v.FirmwareRevision.ToString(CultureInfo.InvariantCulture),
                ["hw_version"] = $"{v.HardwareMajor}.{v.HardwareMinor}",
            };
        }

        var identity = new DeviceIdentity
        {
            Model = ati?.Model,
            Revision = ati?.Revision ?? diag.ExtendedBuild?.BuildId ?? diag.Version?.VersionDirectory,
            Manufacturer = ati?.Manufacturer,
            Verno = verno,
            Esn = diag.EsnText,
        };
        if (imei is not null)
        {
            identity = identity.WithFingerprint(DeviceFingerprint.Create(imei));
        }

        return new ProbedDevice(identity, imei, warnings);
    }

    /// <summary>AT+CGSN's 15-digit answer, or null when the modem gives none.</summary>
    private static async Task<string?> ImeiFromCgsnAsync(Device.At.AtSession at, CancellationToken ct)
    {
        try
        {
            Protocol.At.AtReply r = await at.SendAsync("AT+CGSN", null, false, ct).ConfigureAwait(false);
            return r.IsSuccess ? r.Lines.Select(l => l.Trim().Trim('"')).FirstOrDefault(IsImei) : null;
        }
        catch (ZteDiagException)
        {
            return null;
        }
    }

    private static bool IsImei(string? text) => text is { Length: 15 } t && t.All(char.IsAsciiDigit);
}
