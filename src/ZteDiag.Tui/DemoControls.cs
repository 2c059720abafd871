using Serilog;
using Terminal.Gui.App;
using Terminal.Gui.Input;
using Terminal.Gui.Views;
using ZteDiag.Emulator;
using ZteDiag.Emulator.Control;
using ZteDiag.Emulator.Profiles;

namespace ZteDiag.Tui;

/// <summary>
/// The Demo menu: the virtual modem's rehearsal controls (pull/insert the SIM, unplug/re-plug, "the
/// updater flashed it"), so a checklist can be walked through on the demo. The keys work from every
/// screen, checklist prompts included: the SIM is pulled while "take the SIM out" waits for Done.
/// </summary>
internal sealed class DemoControls(IApplication app, VirtualModem modem)
{
    private readonly RehearsalControl _control = new(modem);

    /// <summary>Key that pulls or inserts the SIM.</summary>
    public static readonly Key SimKey = Key.F11;

    /// <summary>Key that unplugs or re-plugs the stick.</summary>
    public static readonly Key PlugKey = Key.F12;

    /// <summary>Key that asks for a profile and flashes the stick to it.</summary>
    public static readonly Key FlashKey = Key.F12.WithShift;

    /// <summary>The help lines for F1.</summary>
    public const string HelpText = "Demo: F11 pull/insert the SIM, F12 unplug/re-plug, Shift+F12 flash to a profile";

    /// <summary>The "Demo" menu.</summary>
    public MenuBarItem Menu() => new("De_mo",
    [
        new MenuItem("Pull / insert the _SIM", "F11", ToggleSim, null!),
        new MenuItem("_Unplug / re-plug", "F12", TogglePlug, null!),
        new MenuItem("_Flash to profile...", "Shift+F12", Flash, null!),
    ]);

    /// <summary>Application-level key handler (runs before any view, modal dialogs included).</summary>
    public void OnKey(object? sender, Key key)
    {
        ArgumentNullException.ThrowIfNull(key);
        Action? action = key == SimKey ? ToggleSim : key == PlugKey ? TogglePlug : key == FlashKey ? Flash : null;
        if (action is not null)
        {
            key.Handled = true;
            action();
        }
    }

    private void ToggleSim() => Run(modem.SimInserted ? "sim out" : "sim in");

    private void TogglePlug() => Run(modem.IsConnected ? "unplug" : "replug");

    private void Flash()
    {
        string suggestion = modem.ProfileName switch
        {
            "mf627-mts" => "mf626-globe",
            "mf626-globe" => "mf627-mts-b02",
            _ => "mf627-mts",
        };
        if (Prompts.Ask(app, "Demo: flash", $"Profile the updater flashes ({string.Join(", ", ProfileCatalog.Names)}):", suggestion) is { } profile)
        {
            Run("flash " + profile.Trim());
        }
    }

    private void Run(string command)
    {
        string answer = _control.Execute(command);
        if (answer.StartsWith("ok", StringComparison.Ordinal))
        {
            Log.Information("Demo: {Command} ({Status})", command, _control.Execute("status")[3..]);
        }
        else
        {
            Log.Warning("Demo: {Command}: {Answer}", command, answer);
        }
    }
}
