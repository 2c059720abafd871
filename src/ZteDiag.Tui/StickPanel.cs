using System.Collections.ObjectModel;
using Serilog;
using Terminal.Gui.App;
using Terminal.Gui.Input;
using Terminal.Gui.ViewBase;
using Terminal.Gui.Views;
using ZteDiag.Device.Discovery;
using ZteDiag.Workbench.Connection;

namespace ZteDiag.Tui;

/// <summary>One plugged stick as the stick panel shows it.</summary>
/// <param name="Name">Stable name (USB serial, else USB path): what --device takes.</param>
/// <param name="UsbPath">USB path (bus-port chain).</param>
/// <param name="State">online (modem mode), storage (ZeroCD: needs `ztediag usb switch`), download mode, unknown; "busy: backup 42%" while a job runs on it.</param>
/// <param name="Text">The row as shown.</param>
/// <param name="Details">Its product and ports (shown under the list for the selected row).</param>
public sealed record StickRow(string Name, string UsbPath, string State, string Text, string Details)
{
    /// <summary>True for a stick in modem mode (it has DIAG and AT ports to work on), busy or not.</summary>
    public bool IsOnline => State == "online" || State.StartsWith("busy", StringComparison.Ordinal);
}

/// <summary>
/// The side panel of sticks (Ctrl+L): every plugged stick (the same discovery as `ztediag ports`), its state, and the
/// job running on it ("busy: backup 42%"); the one the workbench is on marked ►. Re-read every <see cref="RefreshEvery"/>
/// while shown, so a stick plugged in or pulled shows at once; a job's progress shows as it is reported. Enter on a row
/// raises <see cref="Chosen"/> (the window switches to it, or shows the job of the stick it is on).
/// </summary>
public sealed class StickPanel : FrameView
{
    /// <summary>Columns the panel takes at the right of the pages.</summary>
    public const int PanelWidth = 44;

    /// <summary>How often the sticks are re-read while the panel is shown (hot-plug).</summary>
    public static readonly TimeSpan RefreshEvery = TimeSpan.FromSeconds(2);

    private readonly IApplication _app;
    private readonly WorkbenchContext _ctx;
    private readonly ObservableCollection<string> _texts = [];
    private readonly Label _note = new() { X = 0, Y = Pos.AnchorEnd(4), Width = Dim.Fill(), Height = 4, HotKeySpecifier = EfsBrowserView.NoHotKey };
    private IReadOnlyList<(DiscoveredModem? Modem, string Name)> _found = [];
    private string? _problem;
    private object? _timer;

    /// <summary>Creates the panel (hidden; <see cref="Toggle"/> shows it).</summary>
    public StickPanel(IApplication app, WorkbenchContext ctx)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        _app = app;
        _ctx = ctx;
        Title = "Sticks (Ctrl+L)";
        Visible = false;
        List = new ListView { X = 0, Y = 0, Width = Dim.Fill(), Height = Dim.Fill(4) };
        List.SetSource(_texts);
        List.ValueChanged += (_, _) => ShowNote();
        List.KeyDown += (_, key) =>
        {
            if (key == Key.Enter)
            {
                Pick();
                key.Handled = true;
            }
        };
        Add(List, _note);
    }

    /// <summary>Raised on the UI thread when Enter picks an online stick.</summary>
    public event EventHandler<StickRow>? Chosen;

    /// <summary>The list.</summary>
    public ListView List { get; }

    /// <summary>The sticks shown.</summary>
    public IReadOnlyList<StickRow> Rows { get; private set; } = [];

    /// <summary>The lines under the list: the selected stick's ports, why it cannot be chosen, or how many are plugged.</summary>
    public string Note => _note.Text;

    /// <summary>Shows the panel (re-read at once and every <see cref="RefreshEvery"/>, the list focused) or hides it.</summary>
    public void Toggle()
    {
        Visible = !Visible;
        if (Visible)
        {
            Reload();
            List.SetFocus();
            _timer ??= _app.AddTimeout(RefreshEvery, () =>
            {
                if (Visible)
                {
                    Reload();
                }

                return true;
            });
        }
        else if (_timer is not null)
        {
            _ = _app.RemoveTimeout(_timer);
            _timer = null;
        }
    }

    /// <summary>Re-reads the plugged sticks (the timer does it while shown), keeping the selection on the same stick.</summary>
    public void Reload()
    {
        if (!_ctx.CanSwitch || _ctx.Connection is not { } connection)
        {
            // the demo, or a session on explicit ports: only the stick the workbench is on
            _found = [(null, _ctx.StickName)];
            _problem = null;
            Render();
            return;
        }

        try
        {
            IReadOnlyList<DiscoveredModem> all = PortResolver.Discover(connection() with { Device = null, DiagPort = null, AtPort = null });
            _found = [.. all.Select(m => ((DiscoveredModem?)m, ModemNames.Of(m, all)))];
            _problem = null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ZteDiag.Device.ZteDiagException)
        {
            Log.Warning("Stick list: {Reason}", Readable.Error(ex));
            _problem = "Cannot list the sticks: " + Readable.Error(ex);
        }

        Render();
    }

    /// <summary>Shows the rows again with the jobs' states as they are now (no re-read; the window calls it on job progress).</summary>
    public void Render()
    {
        string? selected = List.SelectedItem is int i && i >= 0 && i < Rows.Count ? Rows[i].Name : null;
        string here = _ctx.StickName;
        int width = _found.Count == 0 ? 0 : _found.Max(f => f.Name.Length);
        Rows = [.. _found.Select(f => Row(f.Modem, f.Name, width, IsHere(f.Modem, f.Name, here)))];
        _texts.Clear();
        foreach (StickRow r in Rows)
        {
            _texts.Add(r.Text);
        }

        int keep = Rows.ToList().FindIndex(r => r.Name == (selected ?? here) || r.UsbPath == (selected ?? here));
        if (Rows.Count > 0)
        {
            List.SelectedItem = Math.Max(0, keep);
        }

        ShowNote();
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

    private bool IsHere(DiscoveredModem? m, string name, string here) => name == here || m?.UsbPath == here || name == _ctx.Stick;

    private StickRow Row(DiscoveredModem? m, string name, int width, bool here)
    {
        string state = m is null ? (_ctx.Demo is { IsConnected: false } ? "unplugged" : "online") : m.Personality switch
        {
            ModemPersonality.Modem => "online",
            ModemPersonality.Storage => "storage (ZeroCD)",
            ModemPersonality.Download => "download mode",
            _ => "unknown",
        };
        if (_ctx.JobOn(here ? _ctx.StickName : name) is { } job)
        {
            state = "busy: " + job.Status;
        }

        string ports = m is null ? (_ctx.Demo is null ? "explicit ports" : "demo modem")
            : $"usb {m.UsbPath}  {m.Product ?? m.UsbId}" + (m.DiagPort is { } d ? "  DIAG " + d.TtyName : "") + (m.AtPort is { } a ? "  AT " + a.TtyName : "");
        return new StickRow(name, m?.UsbPath ?? "", state, $"{(here ? "►" : " ")} {name.PadRight(width)}  {state}", ports);
    }

    private void ShowNote()
    {
        if (_problem is not null)
        {
            _note.Text = _problem;
            return;
        }

        string count = Rows.Count == 0 ? "No stick is plugged in (storage-mode ones need `ztediag usb switch`)."
            : !_ctx.CanSwitch ? "This session is on one modem (the demo or --port): start `ztediag tui` without --port for a bench."
            : $"{Rows.Count} plugged. Enter: work on the selected one; its job runs on.";
        _note.Text = List.SelectedItem is int i && i >= 0 && i < Rows.Count ? Rows[i].Details + "\n" + count : count;
    }

    private void Pick()
    {
        if (List.SelectedItem is not int i || i < 0 || i >= Rows.Count)
        {
            return;
        }

        StickRow r = Rows[i];
        if (!r.IsOnline)
        {
            _note.Text = $"{r.Name} is in {r.State}: only a stick in modem mode has DIAG and AT ports to work on.";
            return;
        }

        Chosen?.Invoke(this, r);
    }
}
