using System.Collections.ObjectModel;
using System.Globalization;
using Terminal.Gui.App;
using Terminal.Gui.Input;
using Terminal.Gui.ViewBase;
using Terminal.Gui.Views;
using ZteDiag.Device;
using ZteDiag.Device.Nv;
using ZteDiag.Protocol.Diag;
using ZteDiag.Workbench.Nv;

namespace ZteDiag.Tui;

/// <summary>
/// NV viewer: read one item by number or name (<c>550</c>, <c>NV_UE_IMEI_I</c>), or scan the whole image;
/// the list shows id, name and the decoded value (IMEI, ESN, bands, mode…; secrets masked unless
/// --reveal-secrets), and the pane below the selected item's full hex dump. Items the modem keeps behind
/// the SPC are listed as such; the SPC field sends it (DIAG SPC, 0x41) so they can be read. Reads only.
/// </summary>
public sealed class NvViewerDialog : Dialog
{
    private readonly IApplication _app;
    private readonly WorkbenchContext _ctx;
    private readonly ObservableCollection<string> _rows = [];
    private readonly List<NvRow> _items = [];
    private readonly CancellationTokenSource _life = new();
    private readonly TextField _item;
    private readonly TextField _spc;
    private readonly Label _status;
    private readonly ListView _list;
    private readonly ObservableCollection<string> _detailLines = [];
    private readonly ListView _details;

    /// <summary>Creates the dialog.</summary>
    public NvViewerDialog(IApplication app, WorkbenchContext ctx)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        _app = app;
        _ctx = ctx;
        Title = "NV viewer";
        Width = Dim.Percent(95);
        Height = Dim.Percent(90);
        var itemLabel = new Label { Text = "Item (number or name):", X = 1, Y = 0 };
        _item = new TextField { Text = "550", X = Pos.Right(itemLabel) + 1, Y = 0, Width = 22 };
        var read = new Button { Text = "_Read", X = Pos.Right(_item) + 1, Y = 0 };
        var scan = new Button { Text = "S_can all", X = Pos.Right(read) + 1, Y = 0 };
        var spcLabel = new Label { Text = "SPC:", X = Pos.Right(scan) + 2, Y = 0 };
        _spc = new TextField { X = Pos.Right(spcLabel) + 1, Y = 0, Width = 8, Secret = true };
        var sendSpc = new Button { Text = "Send S_PC", X = Pos.Right(_spc) + 1, Y = 0 };
        _status = new Label { X = 1, Y = 1, Width = Dim.Fill(1), Text = "Enter reads the item; Scan all lists every active item 0.." + NvJob.DefaultLastItem.ToString(CultureInfo.InvariantCulture) + "." };
        _list = new ListView { X = 1, Y = 2, Width = Dim.Fill(1), Height = Dim.Fill(9) };
        _list.SetSource(_rows);
        _details = new ListView { X = 1, Y = Pos.Bottom(_list) + 1, Width = Dim.Fill(1), Height = Dim.Fill(1) };
        _details.SetSource(_detailLines);
        Add(itemLabel, _item, read, scan, spcLabel, _spc, sendSpc, _status, _list,
            new Label { Text = "Selected item:", X = 1, Y = Pos.Bottom(_list) }, _details);
        var close = new Button { Text = "_Close" };
        close.Accepting += (_, e) =>
        {
            RequestStop();
            e.Handled = true;
        };
        AddButton(close);
        read.Accepting += (_, e) =>
        {
            Read();
            e.Handled = true;
        };
        scan.Accepting += (_, e) =>
        {
            Scan();
            e.Handled = true;
        };
        sendSpc.Accepting += (_, e) =>
        {
            SendSpc();
            e.Handled = true;
        };
        _item.KeyDown += (_, key) => OnEnter(key, Read);
        _spc.KeyDown += (_, key) => OnEnter(key, SendSpc);
        _list.ValueChanged += (_, _) => ShowDetails();
    }

    /// <summary>List rows: id, name, decoded value or what the modem said.</summary>
    public IReadOnlyList<string> Lines => _rows;

    /// <summary>The status line (what the last action did).</summary>
    public string Status => _status.Text;

    /// <summary>The details pane of the selected item (scrolls: every byte is there).</summary>
    public IReadOnlyList<string> Details => _detailLines;

    /// <summary>True while a read, scan or SPC is in flight.</summary>
    public bool Busy { get; private set; }

    /// <summary>The item field.</summary>
    public TextField ItemField => _item;

    /// <summary>The SPC field (drawn masked).</summary>
    public TextField SpcField => _spc;

    /// <summary>Parses an item typed as a number (0..65535) or a catalogue name (case-insensitive).</summary>
    public static bool TryParseItem(string text, out ushort item)
    {
        string t = (text ?? "").Trim();
        if (ushort.TryParse(t, NumberStyles.Integer, CultureInfo.InvariantCulture, out item))
        {
            return true;
        }

        return t.Length > 0 && NvItemCatalog.TryFind(t, out item);
    }

    /// <summary>One list row for an item the modem answered.</summary>
    public static string Row(NvItem nv, bool reveal)
    {
        ArgumentNullException.ThrowIfNull(nv);
        return Row(nv.Item, Value(nv, reveal));
    }

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _life.Cancel();
            _life.Dispose();
        }

        base.Dispose(disposing);
    }

    private static string Row(ushort id, string value) =>
        string.Create(CultureInfo.InvariantCulture, $"{id,5}  {NvItems.Name(id),-30} {value}");

    private static string Value(NvItem nv, bool reveal)
    {
        if (!nv.IsActive)
        {
            return nv.Status == NvStatus.NotActive ? "not active (no value stored)" : $"status {nv.Status}";
        }

        ReadOnlySpan<byte> data = nv.Data.Span;
        if (NvDecode.Describe(nv.Item, data, reveal) is { } decoded)
        {
            return decoded;
        }

        if (!reveal && NvItems.IsSensitive(nv.Item))
        {
            return "(hidden: --reveal-secrets)";
        }

        ReadOnlySpan<byte> used = data.TrimEnd((byte)0);
        return used.Length == 0 ? "(zeros)"
            : used.Length <= 16 ? Convert.ToHexStringLower(used)
            : Convert.ToHexStringLower(used[..16]) + string.Create(CultureInfo.InvariantCulture, $"… ({used.Length} bytes used)");
    }

    private static void OnEnter(Key key, Action action)
    {
        if (key == Key.Enter)
        {
            action();
            key.Handled = true;
        }
    }

    private void Read()
    {
        if (!TryParseItem(_item.Text, out ushort item))
        {
            _status.Text = $"'{_item.Text.Trim()}' is neither an item number (0..65535) nor a known NV name (e.g. NV_UE_IMEI_I).";
            return;
        }

        Start(string.Create(CultureInfo.InvariantCulture, $"reading NV {item} {NvItems.Name(item)}…"), async ct =>
        {
            NvRow row;
            try
            {
                NvItem nv = await _ctx.WithModemAsync(m => m.Nv.ReadAsync(item, tolerateInactive: true, ct), ct).ConfigureAwait(false);
                row = new NvRow(item, Row(nv, _ctx.RevealSecrets), nv);
            }
            catch (DiagRejectedException ex) when (ex.Status is DiagStatus.SpcLocked)
            {
                row = new NvRow(item, Row(item, "needs the SPC (enter it, Send SPC, Read again)"), null);
            }
            catch (DiagRejectedException ex) when (ex.Status is DiagStatus.BadParameter)
            {
                row = new NvRow(item, Row(item, "unreadable by design (keys, passwords)"), null);
            }

            return ([row], string.Create(CultureInfo.InvariantCulture, $"NV {item} read"));
        }, replace: false);
    }

    private void Scan()
    {
        Start("scanning NV 0.." + NvJob.DefaultLastItem.ToString(CultureInfo.InvariantCulture) + "…", async ct =>
        {
            var progress = new Progress(this);
            NvScanResult r = await _ctx.WithModemAsync(m => m.Nv.ScanAllAsync(NvClient.Range(0, NvJob.DefaultLastItem), progress, ct), ct).ConfigureAwait(false);
            var rows = r.Active.Select(nv => new NvRow(nv.Item, Row(nv, _ctx.RevealSecrets), nv))
                .Concat(r.NeedsSpc.Select(id => new NvRow(id, Row(id, "needs the SPC (send it, then scan again)"), null)))
                .Concat(r.Unreadable.Select(id => new NvRow(id, Row(id, "unreadable by design"), null)))
                .OrderBy(x => x.Id)
                .ToList();
            string summary = string.Create(CultureInfo.InvariantCulture,
                $"{r.Scanned} ids scanned: {r.Active.Count} active, {r.NeedsSpc.Count} need the SPC, {r.Unreadable.Count} unreadable by design");
            return (rows, summary);
        }, replace: true);
    }

    private void SendSpc()
    {
        string code = _spc.Text.Trim();
        if (code.Length != 6 || !code.All(char.IsAsciiDigit))
        {
            _status.Text = "The SPC is 6 digits (000000 on most ZTE sticks).";
            return;
        }

        Start("sending the SPC…", async ct =>
        {
            bool ok = await _ctx.WithModemAsync(m => m.Nv.SendSpcAsync(code, ct), ct).ConfigureAwait(false);
            return ([], ok
                ? "SPC accepted: protected items can be read now (Read or Scan all)."
                : "SPC refused by the modem (wrong code; too many wrong codes lock the modem for a while).");
        }, replace: false);
    }

    /// <summary>Runs <paramref name="work"/> off the UI thread and puts its rows into the list.</summary>
    private void Start(string what, Func<CancellationToken, Task<(IReadOnlyList<NvRow> Rows, string Status)>> work, bool replace)
    {
        if (Busy)
        {
            _status.Text = "Busy: wait for the current read to finish.";
            return;
        }

        Busy = true;
        _status.Text = what;
        CancellationToken ct = _life.Token;
        _ = Task.Run(async () =>
        {
            IReadOnlyList<NvRow> rows = [];
            string status;
            try
            {
                (rows, status) = await work(ct).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return; // the dialog closed
            }
            catch (Exception ex)
            {
                status = "Cannot read: " + Readable.Error(ex);
            }

            _app.Invoke(() =>
            {
                if (ct.IsCancellationRequested)
                {
                    return;
                }

                Busy = false;
                Put(rows, replace);
                _status.Text = status;
            });
        }, CancellationToken.None);
    }

    private void Put(IReadOnlyList<NvRow> rows, bool replace)
    {
        if (replace)
        {
            _items.Clear();
            _rows.Clear();
        }

        foreach (NvRow row in rows)
        {
            int at = _items.FindIndex(x => x.Id == row.Id);
            if (at >= 0)
            {
                _items[at] = row;
                _rows[at] = row.Text;
            }
            else
            {
                _items.Add(row);
                _rows.Add(row.Text);
                at = _items.Count - 1;
            }

            _list.SelectedItem = replace ? 0 : at; // a scan shows its first rows, a read the item read
        }

        ShowDetails();
    }

    private void ShowDetails()
    {
        int i = _list.SelectedItem ?? -1;
        if (i < 0 || i >= _items.Count)
        {
            _detailLines.Clear();
            return;
        }

        NvRow row = _items[i];
        if (row.Item is not { } nv)
        {
            _detailLines.Clear();
            _detailLines.Add(row.Text.Trim());
            return;
        }

        bool hide = !_ctx.RevealSecrets && NvItems.IsSensitive(nv.Item);
        var lines = new List<string>
        {
            string.Create(CultureInfo.InvariantCulture, $"NV {nv.Item} {NvItems.Name(nv.Item)}: status {nv.Status}, {nv.Data.Length} bytes"),
        };
        if (NvDecode.Describe(nv.Item, nv.Data.Span, _ctx.RevealSecrets) is { } decoded)
        {
            lines.Add(decoded);
        }

        lines.AddRange(hide ? ["(bytes hidden: start with --reveal-secrets to see them)"] : HexPreview.Format(nv.Data.Span, 16));
        _detailLines.Clear();
        foreach (string l in lines)
        {
            _detailLines.Add(l);
        }
    }

    private sealed record NvRow(ushort Id, string Text, NvItem? Item);

    /// <summary>Scan progress on the status line, throttled to one update per batch.</summary>
    private sealed class Progress(NvViewerDialog dialog) : IProgress<NvScanProgress>
    {
        public void Report(NvScanProgress value) => dialog._app.Invoke(() =>
        {
            if (dialog.Busy)
            {
                dialog._status.Text = string.Create(CultureInfo.InvariantCulture,
                    $"scanning: NV {value.Item} ({value.Done}/{value.Total}), {value.Found} active so far…");
            }
        });
    }
}
