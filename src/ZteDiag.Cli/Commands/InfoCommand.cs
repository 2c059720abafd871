using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using ZteDiag.Device;
using ZteDiag.Device.Identity;
using ZteDiag.Protocol.At;
using ZteDiag.Protocol.Diag;
using ZteDiag.Workbench.Connection;

namespace ZteDiag.Cli.Commands;

/// <summary>`ztediag info`: what the modem says about itself over DIAG (and ATI when an AT port is known).</summary>
internal static class InfoCommand
{
    public static Command Build()
    {
        var cmd = new Command("info",
            "Identify the modem: firmware (VERNO), build id (EXT_BUILD_ID, newer firmware only), DIAG version, ESN\n" +
            "and the IMEI from NV 550 over DIAG; with an AT port (--at-port or discovered) also ATI\n" +
            "(manufacturer, model, revision). IMEIs are masked unless --reveal-secrets. NV 550 is SPC-protected\n" +
            "on some firmware: after `ztediag spc` it can be read.");
        cmd.Options.Add(FleetCommands.AllOption);
        cmd.SetAction(async (parse, ct) =>
        {
            if (parse.GetValue(FleetCommands.AllOption))
            {
                return await FleetCommands.InfoAllAsync(parse, ct).ConfigureAwait(false);
            }

            bool reveal = parse.GetValue(GlobalOptions.RevealSecrets);
            await using ModemConnection modem = await CliSession.OpenAsync(parse, ct).ConfigureAwait(false);
            DiagIdentity id = await modem.Identity.ReadAsync(ct).ConfigureAwait(false);
            if (modem.Diag.BreakReason is { } broken)
            {
                throw broken; // e.g. the AT port given as --port: not the DIAG port
            }

            if (id is { Version: null, ExtendedBuild: null, DiagVersion: null, Esn: null })
            {
                // An AT port with echo on sends our frames straight back, which no parser accepts.
                throw new PortException(PortErrorKind.NotDiag, modem.DiagDescription,
                    $"{modem.DiagDescription} gave no DIAG answer to VERNO, EXT_BUILD_ID, DIAG_VER or ESN: it is not the DIAG port " +
                    "(an AT/modem port echoes or answers text). `ztediag ports` shows which tty is DIAG.");
            }

            AtiInfo? ati = null;
            string? atProblem = null;
            if (modem.AtPortPath is not null)
            {
                try
                {
                    var at = await modem.GetAtAsync(ct).ConfigureAwait(false);
                    ati = await at!.GetInfoAsync(ct).ConfigureAwait(false);
                }
                catch (ZteDiagException ex)
                {
                    atProblem = ex.Message; // DIAG answered; a silent AT port does not spoil the rest
                }
            }

            var output = parse.InvocationConfiguration.Output;
            if (parse.GetValue(GlobalOptions.Json))
            {
                output.WriteLine(JsonSerializer.Serialize(ToJson(modem, id, ati, atProblem, reveal), CliJson.Options));
                return ExitCodes.Ok;
            }

            Print(output, modem, id, ati, atProblem, reveal);
            return ExitCodes.Ok;
        });
        return cmd;
    }

    internal static string? ShowImei(string? imei, bool reveal) => imei is null ? null : reveal ? imei : Imei.Mask(imei);

    private static void Print(TextWriter o, ModemConnection modem, DiagIdentity id, AtiInfo? ati, string? atProblem, bool reveal)
    {
        static void Row(TextWriter o, string label, string? value) => o.WriteLine($"{label,-15} {value ?? "-"}");

        Row(o, "DIAG port", modem.DiagDescription);
        if (id.Version is { } v)
        {
            Row(o, "Firmware", $"{v.VersionDirectory.Trim()} (compiled {v.CompileDate.Trim()} {v.CompileTime.Trim()}, released {v.ReleaseDate.Trim()} {v.ReleaseTime.Trim()})");
            Row(o, "Hardware", string.Create(CultureInfo.InvariantCulture, $"{v.HardwareMajor}.{v.HardwareMinor}, mobile model {v.MobileModel}"));
        }
        else
        {
            Row(o, "Firmware", "VERNO not answered");
        }

        Row(o, "Build id", id.ExtendedBuild is { } e ? e.BuildId + (e.ModelString.Length > 0 ? $" ({e.ModelString})" : "") : "not supported by this firmware");
        Row(o, "DIAG version", id.DiagVersion?.ToString(CultureInfo.InvariantCulture));
        Row(o, "ESN", id.EsnText);
        Row(o, "IMEI (NV 550)", ShowImei(id.Imei, reveal) ?? $"not readable (not set, or SPC-protected: `ztediag spc` first)");
        if (modem.AtPortPath is null)
        {
            Row(o, "AT port", "none known (give --at-port for ATI)");
            return;
        }

        Row(o, "AT port", modem.AtPortPath);
        if (ati is null)
        {
            Row(o, "ATI", atProblem ?? "no answer");
            return;
        }

        Row(o, "Manufacturer", ati.Manufacturer);
        Row(o, "Model", ati.Model);
        Row(o, "Revision", ati.Revision);
        Row(o, "IMEI (ATI)", ShowImei(ati.Imei, reveal));
        Row(o, "Capabilities", ati.Capabilities.Count == 0 ? null : string.Join(',', ati.Capabilities));
    }

    private static object ToJson(ModemConnection modem, DiagIdentity id, AtiInfo? ati, string? atProblem, bool reveal) => new
    {
        diag_port = modem.DiagDescription,
        verno = id.Version is not { } v ? null : new
        {
            compile_date = v.CompileDate.Trim(),
            compile_time = v.CompileTime.Trim(),
            release_date = v.ReleaseDate.Trim(),
            release_time = v.ReleaseTime.Trim(),
            version_directory = v.VersionDirectory.Trim(),
            mobile_model = v.MobileModel,
            hardware_major = v.HardwareMajor,
            hardware_minor = v.HardwareMinor,
        },
        build_id = id.ExtendedBuild?.BuildId,
        model_string = id.ExtendedBuild?.ModelString,
        diag_version = id.DiagVersion,
        esn = id.EsnText,
        imei = ShowImei(id.Imei, reveal),
        imei_masked = !reveal,
        at_port = modem.AtPortPath,
        ati = ati is null ? null : new
        {
            manufacturer = ati.Manufacturer,
            model = ati.Model,
            revision = ati.Revision,
            imei = ShowImei(ati.Imei, reveal),
            capabilities = ati.Capabilities,
        },
        at_error = atProblem,
    };
}
