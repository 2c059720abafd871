using System.Collections.ObjectModel;
using System.Globalization;
using Serilog;
using Terminal.Gui.App;
using Terminal.Gui.Drawing;
using Attribute = Terminal.Gui.Drawing.Attribute;
using Terminal.Gui.Input;
using Terminal.Gui.ViewBase;
using Terminal.Gui.Views;
using ZteDiag.Device.Efs;
using ZteDiag.Protocol.Efs;

namespace ZteDiag.Tui;

/// <summary>
/// EFS browser: folder tree (left), directory listing with kind/mode/size/time (right, filled as
/// READDIR replies arrive; the name column as wide as the longest name allows), details with a text
/// or hex + ASCII view of a file (below, scrolling). Layout and keys only: the listing and the preview
/// run in <see cref="EfsBrowserModel"/>, which owns their cancellation.
/// Keys: Enter opens a folder or views a file, Backspace goes up, Ctrl+T switches text / hex.
/// </summary>
public sealed class EfsBrowserView : View
{
    /// <summary>Bytes shown in the preview.</summary>
    public const int PreviewLimit = EfsBrowserModel.PreviewLimit;

    // kind, mode, size and time columns with their separating spaces
    private const int FixedColumns = 4 + 10 + 8 + 16 + 4 + 1;

    private readonly EfsBrowserModel _model;
    private readonly ObservableCollection<string> _rows = [];
    private readonly List<EfsDirEntry> _entries = [];
    private readonly ObservableCollection<string> _details = [];
    private readonly Dictionary<string, List<string>> _subdirs = new(StringComparer.Ordinal);
    private readonly FrameView _listFrame;
    private readonly FrameView _detailsFrame;
    private readonly Label _columns;
    private int _nameWidth = 20;
    private int _longestName = 4;
    private bool _userMoved;
    private byte[]? _previewData;
    private bool _previewAsText;

    /// <summary>A hot-key specifier that never occurs, so "_" in EFS names shows as is.</summary>
    internal static readonly System.Text.Rune NoHotKey = new(0xFFFF);

    /// <summary>Creates the browser (call <see cref="Navigate"/> to list the root).</summary>
    public EfsBrowserView(IApplication app, WorkbenchContext ctx)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(ctx);
        _model = new EfsBrowserModel((dir, ct) => ctx.ListAsync(dir, ct), (entry, to, ct) => ReadAsync(ctx, entry, to, ct), a => app.Invoke(a));
        _model.EntriesArrived += Append;
        _model.ListingEnded += Finish;
        _model.PreviewRead += OnPreviewRead;
        _model.PreviewFailed += OnPreviewFailed;
        CanFocus = true;
        Width = Dim.Fill();
        Height = Dim.Fill();

        var treeFrame = new FrameView { Title = "Folders", X = 0, Y = 0, Width = Dim.Percent(24), Height = Dim.Fill() };
        Tree = new TreeView<string>
        {
            Width = Dim.Fill(),
            Height = Dim.Fill(),
            TreeBuilder = new DelegateTreeBuilder<string>(ChildrenOf, p => !_subdirs.TryGetValue(p, out var l) || l.Count > 0),
            AspectGetter = p => p == "/" ? "/" : p[(p.LastIndexOf('/') + 1)..],
        };
        Tree.AddObject("/");
        Tree.KeyDown += (_, key) =>
        {
            if (key == Key.Enter && Tree.SelectedObject is { } dir)
            {
                Navigate(dir);
                key.Handled = true;
            }
        };
        treeFrame.Add(Tree);

        _listFrame = new FrameView { Title = "/", X = Pos.Right(treeFrame), Y = 0, Width = Dim.Fill(), Height = Dim.Percent(58), HotKeySpecifier = NoHotKey };
        _columns = new Label { X = 0, Y = 0, Width = Dim.Fill(), Height = 1 };
        Listing = new ListView { X = 0, Y = 1, Width = Dim.Fill(), Height = Dim.Fill() };
        Listing.SetSource(_rows);
        Listing.KeyDown += OnListingKey;
        Listing.ValueChanged += (_, _) => ShowDetails();
        Listing.ViewportChanged += (_, _) => FitColumns();
        Listing.RowRender += (_, e) =>
        {
            if (e.Row >= 0 && e.Row < _entries.Count && _entries[e.Row].IsItemFile && !Listing.IsSelectedOrMarked(e.Row))
            {
                Attribute normal = Listing.GetAttributeForRole(VisualRole.Normal);
                e.RowAttribute = new Attribute(new Color(ColorName16.Cyan), normal.Background);
            }
        };
        _listFrame.Add(_columns, Listing);

        _detailsFrame = new FrameView { Title = "Details", X = Pos.Right(treeFrame), Y = Pos.Bottom(_listFrame), Width = Dim.Fill(), Height = Dim.Fill() };
        DetailsList = new ListView { Width = Dim.Fill(), Height = Dim.Fill() };
        DetailsList.SetSource(_details);
        _detailsFrame.Add(DetailsList);

        Add(treeFrame, _listFrame, _detailsFrame);
    }

    /// <summary>Raised on the UI thread when a listing completes (or fails).</summary>
    public event EventHandler? Listed;

    /// <summary>The folder tree.</summary>
    public TreeView<string> Tree { get; }

    /// <summary>The directory listing.</summary>
    public ListView Listing { get; }

    /// <summary>The details / hex preview lines.</summary>
    public ListView DetailsList { get; }

    /// <summary>The directory shown.</summary>
    public string CurrentDirectory { get; private set; } = "/";

    /// <summary>True while READDIR replies are still arriving.</summary>
    public bool IsListing => _model.IsListing;

    /// <summary>Entries shown so far, in display order.</summary>
    public IReadOnlyList<EfsDirEntry> Entries => _entries;

    /// <summary>Details pane text.</summary>
    public IReadOnlyList<string> DetailsLines => _details;

    /// <summary>True while a preview is being read.</summary>
    public bool IsPreviewing => _model.IsPreviewing;

    /// <summary>True when the preview shows text, false for hex (Ctrl+T switches).</summary>
    public bool PreviewIsText => _previewAsText;

    /// <summary>Width of the name column now.</summary>
    public int NameColumnWidth => _nameWidth;

    /// <summary>Switches the file preview between text and hex (Ctrl+T).</summary>
    public void ToggleTextView()
    {
        if (_previewData is null || SelectedEntry is not { } e)
        {
            return;
        }

        _previewAsText = !_previewAsText;
        ShowPreview(e, _previewData);
    }

    /// <summary>The selected listing entry, or null.</summary>
    public EfsDirEntry? SelectedEntry =>
        Listing.SelectedItem is int i && i >= 0 && i < _entries.Count ? _entries[i] : null;

    /// <summary>Lists <paramref name="directory"/> off the UI thread; entries appear in batches as they arrive.</summary>
    public void Navigate(string directory)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        _model.List(directory);
        CurrentDirectory = directory;
        _entries.Clear();
        _rows.Clear();
        _details.Clear();
        _longestName = 4;
        FitColumns();
        _listFrame.Title = $"{directory} (listing…)";
        Log.Debug("Listing {Directory}", directory);
    }

    /// <summary>Lists the current directory again.</summary>
    public void Refresh() => Navigate(CurrentDirectory);

    /// <summary>Goes to the parent directory.</summary>
    public void Up()
    {
        if (CurrentDirectory != "/")
        {
            string parent = CurrentDirectory[..CurrentDirectory.LastIndexOf('/')];
            Navigate(parent.Length == 0 ? "/" : parent);
        }
    }

    /// <summary>Opens the selected folder, or previews the selected file.</summary>
    public void OpenSelected()
    {
        if (SelectedEntry is not { } e)
        {
            return;
        }

        if (e.IsDirectory)
        {
            Navigate(e.Path);
        }
        else
        {
            Preview(e);
        }
    }

    /// <summary>Reads the first <see cref="PreviewLimit"/> bytes of <paramref name="entry"/> and shows them as text or hex.</summary>
    public void Preview(EfsDirEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ShowDetails();
        _model.Preview(entry);
        _details.Add("reading…");
    }

    /// <summary>A file's content for the preview: the device layer chooses GET (item files) or READ.</summary>
    private static Task ReadAsync(WorkbenchContext ctx, EfsDirEntry entry, Stream to, CancellationToken ct) =>
        ctx.WithModemAsync(async modem =>
        {
            await modem.EnsureEfsAsync(ct).ConfigureAwait(false);
            return await modem.Efs.ReadContentAsync(entry.Path, entry.IsItemFile, to, null, ct).ConfigureAwait(false);
        }, ct);

    private void OnPreviewRead(EfsDirEntry entry, byte[] data)
    {
        _previewAsText = TextPreview.LooksLikeText(data);
        ShowPreview(entry, data);
    }

    private void OnPreviewFailed(EfsDirEntry entry, string error)
    {
        ShowDetails();
        _details.Add("Cannot read: " + error);
    }

    private void ShowPreview(EfsDirEntry entry, byte[] data)
    {
        ShowDetails();
        _previewData = data;
        int width = DetailsList.Viewport.Width > 0 ? DetailsList.Viewport.Width : 56;
        int shown = Math.Min(data.Length, PreviewLimit);
        string more = data.Length > PreviewLimit || (!entry.IsItemFile && entry.Size > shown) ? $" of {entry.Size}" : "";
        _details.Add(FormattableString.Invariant($"{(_previewAsText ? "Text" : "Hex")}, first {shown}{more} bytes (Ctrl+T {(_previewAsText ? "hex" : "text")}, Tab to scroll):"));
        IReadOnlyList<string> lines = _previewAsText
            ? TextPreview.Format(data.AsSpan(0, shown), width - 1)
            : HexPreview.Format(data.AsSpan(0, shown), HexPreview.BytesPerLine(width));
        foreach (string l in lines)
        {
            _details.Add(l);
        }

        if (data.Length == 0)
        {
            _details.Add("(empty)");
        }
    }

    private void Append(EfsDirEntry[] entries)
    {
        bool first = _entries.Count == 0;
        int longest = entries.Length == 0 ? 0 : entries.Max(e => DisplayName(e).Length);
        if (longest > _longestName)
        {
            _longestName = longest;
            FitColumns();
        }

        foreach (EfsDirEntry e in entries)
        {
            _entries.Add(e);
            _rows.Add(Format(e));
        }

        _listFrame.Title = $"{CurrentDirectory} (listing… {_entries.Count})";
        if (first && _entries.Count > 0)
        {
            Listing.SelectedItem = 0;
        }
    }

    private void Finish(string directory, string? error)
    {
        string? selected = SelectedEntry?.Name;
        var sorted = _entries.OrderBy(e => e.IsDirectory ? 0 : 1).ThenBy(e => e.Name, StringComparer.Ordinal).ToList();
        _entries.Clear();
        _entries.AddRange(sorted);
        _rows.Clear();
        foreach (EfsDirEntry e in sorted)
        {
            _rows.Add(Format(e));
        }

        _subdirs[directory] = sorted.Where(e => e.IsDirectory).Select(e => e.Path).ToList();
        Tree.RefreshObject(directory);
        string walk = "/";
        Tree.Expand("/");
        foreach (string part in directory.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            walk = walk == "/" ? "/" + part : walk + "/" + part;
            Tree.Expand(walk);
        }

        Tree.SelectedObject = directory;
        int idx = selected is null || !_userMoved ? 0 : Math.Max(0, sorted.FindIndex(e => e.Name == selected));
        _userMoved = false;
        if (_entries.Count > 0)
        {
            Listing.SelectedItem = idx;
        }

        _listFrame.Title = error is null
            ? string.Create(CultureInfo.InvariantCulture, $"{directory} ({_entries.Count} entries)")
            : $"{directory} (error)";
        if (error is not null)
        {
            _details.Clear();
            _details.Add("Cannot list " + directory + ":");
            _details.Add(error);
        }
        else
        {
            ShowDetails();
        }

        Listed?.Invoke(this, EventArgs.Empty);
    }

    private void OnListingKey(object? sender, Key key)
    {
        _userMoved |= IsListing;
        if (key == Key.Enter)
        {
            OpenSelected();
            key.Handled = true;
        }
        else if (key == Key.Backspace)
        {
            Up();
            key.Handled = true;
        }
    }

    private void ShowDetails()
    {
        if (IsListing && _entries.Count == 0)
        {
            return;
        }

        _model.CancelPreview();
        _previewData = null;
        _details.Clear();
        if (SelectedEntry is not { } e)
        {
            return;
        }

        _details.Add(e.Path);
        _details.Add(string.Create(CultureInfo.InvariantCulture,
            $"{KindText(e)}  {EfsMode.Format(e.Mode)}  {e.Size} bytes  modified {Readable.Time(e.Modified)} UTC"));
        if (e.IsItemFile)
        {
            _details.Add("Item file: an NV item stored in the EFS (read with GET).");
        }

        if (!e.IsDirectory)
        {
            _details.Add("Enter: view the file (text or hex, Ctrl+T switches)");
        }
    }

    private IEnumerable<string> ChildrenOf(string path) =>
        _subdirs.TryGetValue(path, out var l) ? l : [];

    private static string DisplayName(EfsDirEntry e) => e.IsDirectory ? e.Name + "/" : e.Name;

    private string Format(EfsDirEntry e) =>
        Row(DisplayName(e), KindText(e), EfsMode.Format(e.Mode),
            e.IsDirectory ? "" : e.Size.ToString(CultureInfo.InvariantCulture), Readable.Time(e.Modified));

    /// <summary>
    /// Sizes the name column to the longest name, within what the listing's width leaves after the other
    /// columns, and redraws the rows when it changed. A name still too long ends with '…'; the details
    /// pane shows it whole.
    /// </summary>
    private void FitColumns()
    {
        int available = Listing.Viewport.Width > 0 ? Listing.Viewport.Width : 80;
        int width = Math.Clamp(_longestName, 4, Math.Max(10, available - FixedColumns));
        if (width == _nameWidth && _columns.Text.Length > 0)
        {
            return;
        }

        _nameWidth = width;
        _columns.Text = Row("Name", "Kind", "Mode", "Size", "Modified");
        for (int i = 0; i < _entries.Count && i < _rows.Count; i++)
        {
            _rows[i] = Format(_entries[i]);
        }
    }

    private string Row(string name, string kind, string mode, string size, string time)
    {
        if (name.Length > _nameWidth)
        {
            name = name[..(_nameWidth - 1)] + "…";
        }

        return string.Create(CultureInfo.InvariantCulture, $"{name.PadRight(_nameWidth)} {kind,-4} {mode,-10} {size,8} {time}");
    }

    private static string KindText(EfsDirEntry e) => e.IsItemFile ? "ITEM" : e.Kind switch
    {
        EfsFileKind.Directory => "dir",
        EfsFileKind.Symlink => "link",
        EfsFileKind.Regular => "file",
        _ => e.IsDirectory ? "dir" : "othr",
    };

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _model.Dispose();
        }

        base.Dispose(disposing);
    }
}
