using Serilog;
using Terminal.Gui.App;
using Terminal.Gui.ViewBase;
using Terminal.Gui.Views;
using ZteDiag.Device.At;
using ZteDiag.Device.Identity;
using ZteDiag.Protocol.At;
using ZteDiag.Protocol.Diag;

namespace ZteDiag.Tui;

/// <summary>One line at the top: model, revision, masked IMEI, port paths and link state.</summary>
public sealed class DeviceBar : View
{
    private readonly Label _label;
    private string _model = "…";
    private string _revision = "";
    private string _imei = "…";
    private string _link = "connecting";
    private string _ports = "";
    private int _loads; // the load whose result is shown: a slower one for the stick left must not overwrite it

    /// <summary>Creates the bar.</summary>
    public DeviceBar()
    {
        Height = 1;
        Width = Dim.Fill();
        _label = new Label { Width = Dim.Fill(), Height = 1, HotKeySpecifier = EfsBrowserView.NoHotKey };
        Add(_label);
    }

    /// <summary>The model once read, else null.</summary>
    public string? Model { get; private set; }

    /// <summary>The firmware revision once read, else null.</summary>
    public string? Revision { get; private set; }

    /// <summary>The text shown.</summary>
    public string Summary => _label.Text;

    /// <summary>While the identity waits for the job on this stick: its progress ("busy: backup 42%"); then nothing.</summary>
    public void ShowBusy(string status)
    {
        if (_link.StartsWith("busy: ", StringComparison.Ordinal))
        {
            SetLink("busy: " + status);
        }
    }

    /// <summary>Shows the link state ("online", "offline: …").</summary>
    public void SetLink(string state)
    {
        _link = state;
        Render();
    }

    /// <summary>Reads the identity off the UI thread and fills the bar.</summary>
    public void Load(IApplication app, WorkbenchContext ctx, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(ctx);
        int load = ++_loads;
        _ports = $"DIAG {ctx.Modem.DiagDescription}" + (ctx.Modem.AtPortPath is { } at ? $"  AT {at}" : "  AT none");
        (_model, _revision, _imei, Model, Revision) = ("…", "", "…", null, null);
        _link = ctx.JobOn(ctx.StickName) is { } job ? "busy: " + job.Status : "connecting";
        Render();
        _ = Task.Run(async () =>
        {
            try
            {
                // the identity reads share the DIAG session with the browser's listing: one operation at a time
                (DiagIdentity id, AtiInfo? ati) = await ctx.WithModemAsync(async modem =>
                {
                    DiagIdentity diag = await modem.Identity.ReadAsync(ct).ConfigureAwait(false);
                    AtSession? atSession = await modem.GetAtAsync(ct).ConfigureAwait(false);
                    return (diag, atSession is null ? null : await atSession.GetInfoAsync(ct).ConfigureAwait(false));
                }, ct).ConfigureAwait(false);
                string model = id.ExtendedBuild?.ModelString is { Length: > 0 } m ? m : "?";
                string rev = id.Version?.VersionDirectory ?? "";
                string? imeiFromAt = null;
                if (ati is not null)
                {
                    model = ati.Model ?? model;
                    rev = ati.Revision ?? rev;
                    imeiFromAt = ati.Imei;
                }

                string? raw = id.Imei ?? imeiFromAt;
                string imei = raw is null ? "unreadable" : ctx.RevealSecrets ? raw : Imei.Mask(raw);
                Log.Information("Connected to {Model:l} {Revision:l} on {Diag:l}", model, rev, ctx.Modem.DiagDescription);
                app.Invoke(() =>
                {
                    if (load != _loads)
                    {
                        return;
                    }

                    _model = model;
                    _revision = rev;
                    Model = model;
                    Revision = rev;
                    _imei = imei;
                    _link = "online";
                    Render();
                });
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                Log.Warning("Could not read the device identity: {Reason}", Readable.Error(ex));
                app.Invoke(() =>
                {
                    if (load == _loads)
                    {
                        SetLink("offline: " + Readable.Error(ex));
                    }
                });
            }
        }, ct);
    }

    private void Render() =>
        _label.Text = $"{_model} {_revision}  IMEI {_imei}  {_ports}  [{_link}]";
}
