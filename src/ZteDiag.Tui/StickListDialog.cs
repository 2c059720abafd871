using System.Collections.ObjectModel;
using Serilog;
using Terminal.Gui.App;
using Terminal.Gui.Input;
using Terminal.Gui.ViewBase;
using Terminal.Gui.Views;
using ZteDiag.Device.Discovery;
using ZteDiag.Workbench.Connection;

namespace ZteDiag.Tui;

/// <summary>One plugged stick as the stick list shows it.</summary>
/// <param name="Name">Stable name (USB serial, else USB path): what --device takes.</param>
/// <param name="UsbPath">USB path (bus-port chain).</param>
/// <param name="State">online (modem mode), storage (ZeroCD: needs `ztediag usb switch`), download mode, unknown.</param>
/// <param name="Text">The row as shown.</param>
public sealed record StickRow(string Name, string UsbPath, string State, string Text);

/// <summary>
/// Every plugged stick (from the same discovery as `ztediag ports`), its state and ports, the one the workbench
/// is on marked; re-read every <see cref="RefreshEvery"/> so a stick plugged in or pulled shows at once.
/// Enter (Switch) moves the workbench to the selected stick; a stick that is not online cannot be chosen.
/// </summary>
public sealed class StickListDialog : Dialog
{
    /// <summary>How often the list is re-read while open (hot-plug).</summary>
    public static readonly TimeSpan RefreshEvery = TimeSpan.FromSeconds(2);

    private readonly IApplication _app;
    private readonly Func<ConnectionOptions> _connection;
    private readonly string? _current;
    private readonly ObservableCollection<string> _texts = [];
    private readonly Label _note = new() { X = 1, Y = Pos.AnchorEnd(1), Width = Dim.Fill(1), Height = 1 };
    private object? _timer;

    /// <summary>Creates the dialog; <paramref name="current"/> is the workbench's stick (name or USB path), if known.</summary>
    public StickListDialog(IApplication app, Func<ConnectionOptions> connection, string? current)
    {
        ArgumentNullException.ThrowIfNull(connection);
        _app = app;
        _connection = connection;
        _current = current;
        Title = "Sticks";
        Width = Dim.Percent(90);
        Height = Dim.Percent(70);
        List = new ListView { X = 1, Y = 0, Width = Dim.Fill(1), Height = Dim.Fill(2) };
        List.SetSource(_texts);
        Add(List, _note);
        var close = new Button { Text = "_Close" };
        close.Accepting += (_, e) =>
        {
            RequestStop();
            e.Handled = true;
        };
        var choose = new Button { Text = "_Switch" };
        choose.Accepting += (_, e) =>
        {
            Pick();
            e.Handled = true;
        };
        AddButton(close);
        AddButton(choose);
        ButtonRule.Apply(this, [close, choose], 1);
        KeyDown += (_, key) =>
        {
            if (key == Key.Enter)
            {
                Pick();
                key.Handled = true;
            }
        };
        Reload();
        List.SetFocus(); // arrows pick the stick; Enter (the marked Switch) takes it
        _timer = app.AddTimeout(RefreshEvery, () =>
        {
            Reload();
            return true;
        });
    }

    /// <summary>The list.</summary>
    public ListView List { get; }

    /// <summary>The sticks shown.</summary>
    public IReadOnlyList<StickRow> Rows { get; private set; } = [];

    /// <summary>The stick chosen, or null (closed).</summary>
    public StickRow? Chosen { get; private set; }

    /// <summary>The line under the list (why a stick cannot be chosen, or how many are plugged).</summary>
    public string Note => _note.Text;

    /// <summary>Re-reads the plugged sticks (keeps the selection on the same stick).</summary>
    public void Reload()
    {
        IReadOnlyList<DiscoveredModem> all;
        try
        {
            all = PortResolver.Discover(_connection() with { Device = null, DiagPort = null, AtPort = null });
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ZteDiag.Device.ZteDiagException)
        {
            Log.Warning("Stick list: {Reason}", Readable.Error(ex));
            _note.Text = "Cannot list the sticks: " + Readable.Error(ex);
            return;
        }

        string? selected = List.SelectedItem is int i && i >= 0 && i < Rows.Count ? Rows[i].Name : null;
        Rows = [.. all.Select(m => Row(m, all))];
        _texts.Clear();
        foreach (StickRow r in Rows)
        {
            _texts.Add(r.Text);
        }

        int keep = Rows.ToList().FindIndex(r => r.Name == (selected ?? _current) || r.UsbPath == (selected ?? _current));
        if (Rows.Count > 0)
        {
            List.SelectedItem = Math.Max(0, keep);
        }

        _note.Text = Rows.Count == 0 ? "No stick is plugged in (or the storage-mode ones need `ztediag usb switch`)."
            : $"{Rows.Count} stick(s) plugged; Enter switches the workbench to the selected one (re-read every {RefreshEvery.TotalSeconds:0} s).";
    }

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        if (disposing && _timer is not null)
        {
            _ = _app.RemoveTimeout(_timer);
            _timer = null;
        }

        base.Dispose(disposing);
    }

    private StickRow Row(DiscoveredModem m, IReadOnlyList<DiscoveredModem> all)
    {
        string name = ModemNames.Of(m, all);
        string state = m.Personality switch
        {
            ModemPersonality.Modem => "online",
            ModemPersonality.Storage => "storage (ZeroCD)",
            ModemPersonality.Download => "download mode",
            _ => "unknown",
        };
        bool here = name == _current || m.UsbPath == _current;
        string ports = (m.DiagPort is { } d ? "DIAG " + d.TtyName : "") + (m.AtPort is { } a ? " AT " + a.TtyName : "");
        string text = $"{(here ? "►" : " ")} {name,-18} usb {m.UsbPath,-8} {m.Product ?? m.UsbId,-10} {state,-17} {ports}{(here ? "  (the workbench is on this one)" : "")}";
        return new StickRow(name, m.UsbPath, state, text);
    }

    private void Pick()
    {
        if (List.SelectedItem is not int i || i < 0 || i >= Rows.Count)
        {
            return;
        }

        StickRow r = Rows[i];
        if (r.State != "online")
        {
            _note.Text = $"{r.Name} is in {r.State}: only a stick in modem mode has DIAG and AT ports to work on.";
            return;
        }

        Chosen = r;
        RequestStop();
    }
}
