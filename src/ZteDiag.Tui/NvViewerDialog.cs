using System.Collections.ObjectModel;
using System.Globalization;
using Terminal.Gui.App;
using Terminal.Gui.ViewBase;
using Terminal.Gui.Views;
using ZteDiag.Device.Nv;
using ZteDiag.Protocol.Diag;

namespace ZteDiag.Tui;

/// <summary>NV viewer: read an item by number; shows the status, a hex dump and, for item 550, the decoded (masked) IMEI.</summary>
public sealed class NvViewerDialog : Dialog
{
    /// <summary>NV item that holds the IMEI.</summary>
    public const ushort ImeiItem = 550;

    private readonly IApplication _app;
    private readonly WorkbenchContext _ctx;
    private readonly ObservableCollection<string> _lines = [];
    private readonly TextField _item;

    /// <summary>Creates the dialog.</summary>
    public NvViewerDialog(IApplication app, WorkbenchContext ctx)
    {
        _app = app;
        _ctx = ctx;
        Title = "NV viewer";
        Width = Dim.Percent(90);
        Height = Dim.Percent(80);
        Add(new Label { Text = "Item:", X = 1, Y = 0 });
        _item = new TextField { Text = "550", X = 7, Y = 0, Width = 8 };
        var read = new Button { Text = "_Read", X = Pos.Right(_item) + 1, Y = 0 };
        read.Accepting += (_, e) =>
        {
            Read();
            e.Handled = true;
        };
        var output = new ListView { X = 1, Y = 2, Width = Dim.Fill(1), Height = Dim.Fill(1) };
        output.SetSource(_lines);
        Add(_item, read, output);
        var close = new Button { Text = "_Close" };
        close.Accepting += (_, e) =>
        {
            RequestStop();
            e.Handled = true;
        };
        AddButton(close);
        _item.KeyDown += (_, key) =>
        {
            if (key == Terminal.Gui.Input.Key.Enter)
            {
                Read();
                key.Handled = true;
            }
        };
    }

    /// <summary>Output lines.</summary>
    public IReadOnlyList<string> Lines => _lines;

    private void Read()
    {
        if (!ushort.TryParse(_item.Text, NumberStyles.Integer, CultureInfo.InvariantCulture, out ushort item))
        {
            _lines.Clear();
            _lines.Add("Enter an item number from 0 to 65535.");
            return;
        }

        _lines.Clear();
        _lines.Add(FormattableString.Invariant($"reading NV {item}…"));
        _ = Task.Run(async () =>
        {
            var lines = new List<string>();
            try
            {
                NvItem nv = await _ctx.Modem.Nv.ReadAsync(item, tolerateInactive: true).ConfigureAwait(false);
                lines.Add(FormattableString.Invariant($"NV {item}: status {nv.Status}{(nv.IsActive ? "" : " (inactive: no value stored)")}"));
                lines.AddRange(HexPreview.Format(nv.Data.Span, 16));
                if (item == ImeiItem && nv.IsActive)
                {
                    lines.Add(Imei.TryDecode(nv.Data.Span, out string? imei) == ImeiError.None && imei is not null
                        ? "IMEI (masked): " + Imei.Mask(imei)
                        : "Not a valid IMEI encoding.");
                }
            }
            catch (Exception ex)
            {
                lines.Add("Cannot read: " + Readable.Error(ex));
            }

            _app.Invoke(() =>
            {
                _lines.Clear();
                foreach (string l in lines)
                {
                    _lines.Add(l);
                }
            });
        });
    }
}
