using System.Collections.ObjectModel;
using System.Diagnostics;
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
/// READDIR replies arrive), details with a hex + ASCII preview (below).
/// Keys: Enter opens a folder or previews a file, Backspace goes up.
/// </summary>
public sealed class EfsBrowserView : View
{
    /// <summary>Bytes shown in the preview.</summary>
    public const int PreviewLimit = 4096;

    private readonly IApplication _app;
    private readonly WorkbenchContext _ctx;
    private readonly ObservableCollection<string> _rows = [];
    private readonly List<EfsDirEntry> _entries = [];
    private readonly ObservableCollection<string> _details = [];
    private readonly Dictionary<string, List<string>> _subdirs = new(StringComparer.Ordinal);
    private readonly FrameView _listFrame;
    private readonly FrameView _detailsFrame;
    private readonly Label _columns;
    private CancellationTokenSource? _listCts;
    private CancellationTokenSource? _previewCts;
    private int _nameWidth = 20;
    private bool _userMoved;

    /// <summary>A hot-key specifier that never occurs, so "_" in EFS names shows as is.</summary>
    internal static readonly System.Text.Rune NoHotKey = new(0xFFFF);

    /// <summary>Creates the browser (call <see cref="Navigate"/> to list the root).</summary>
    public EfsBrowserView(IApplication app, WorkbenchContext ctx)
    {
        _app = app;
        _ctx = ctx;
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
    public bool IsListing { get; private set; }

    /// <summary>Entries shown so far, in display order.</summary>
    public IReadOnlyList<EfsDirEntry> Entries => _entries;

    /// <summary>Details pane text.</summary>
    public IReadOnlyList<string> DetailsLines => _details;

    /// <summary>True while a preview is being read.</summary>
    public bool IsPreviewing { get; private set; }

    /// <summary>The selected listing entry, or null.</summary>
    public EfsDirEntry? SelectedEntry =>
        Listing.SelectedItem is int i && i >= 0 && i < _entries.Count ? _entries[i] : null;

    /// <summary>Lists <paramref name="directory"/> off the UI thread; entries appear in batches as they arrive.</summary>
    public void Navigate(string directory)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        _listCts?.Cancel();
        var cts = new CancellationTokenSource();
        _listCts = cts;
        CurrentDirectory = directory;
        _entries.Clear();
        _rows.Clear();
        _details.Clear();
        IsListing = true;
        int width = Listing.Viewport.Width > 0 ? Listing.Viewport.Width : 56;
        _nameWidth = Math.Max(10, width - 45);
        _columns.Text = Row("Name", "Kind", "Mode", "Size", "Modified");
        _listFrame.Title = $"{directory} (listing…)";
        Log.Debug("Listing {Directory}", directory);
        _ = Task.Run(() => ListInBackgroundAsync(directory, cts), cts.Token);
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

    /// <summary>Reads the first <see cref="PreviewLimit"/> bytes of <paramref name="entry"/> and shows them as hex.</summary>
    public void Preview(EfsDirEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ShowDetails();
        var cts = new CancellationTokenSource();
        _previewCts = cts;
        IsPreviewing = true;
        _details.Add("reading…");
        int perLine = HexPreview.BytesPerLine(DetailsList.Viewport.Width > 0 ? DetailsList.Viewport.Width : 56);
        _ = Task.Run(async () =>
        {
            IReadOnlyList<string> lines;
            try
            {
                byte[] data = await _ctx.WithModemAsync(async modem =>
                {
                    await modem.EnsureEfsAsync(cts.Token).ConfigureAwait(false);
                    if (entry.IsItemFile)
                    {
                        return await modem.Efs.GetItemAsync(entry.Path, cts.Token).ConfigureAwait(false);
                    }

                    using var capped = new CappedStream(PreviewLimit);
                    using var stop = CancellationTokenSource.CreateLinkedTokenSource(cts.Token);
                    capped.Full += stop.Cancel;
                    try
                    {
                        await modem.Efs.ReadFileAsync(entry.Path, capped, null, stop.Token).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException) when (capped.IsFull && !cts.IsCancellationRequested)
                    {
                        // enough for the preview
                    }

                    return capped.ToArray();
                }, cts.Token).ConfigureAwait(false);

                var l = new List<string> { FormattableString.Invariant($"First {Math.Min(data.Length, PreviewLimit)} bytes:") };
                l.AddRange(HexPreview.Format(data.AsSpan(0, Math.Min(data.Length, PreviewLimit)), perLine));
                if (data.Length == 0)
                {
                    l.Add("(empty)");
                }

                lines = l;
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (Exception ex)
            {
                Log.Warning("Preview of {Path} failed: {Reason}", entry.Path, Readable.Error(ex));
                lines = ["Cannot read: " + Readable.Error(ex)];
            }

            _app.Invoke(() =>
            {
                if (cts.IsCancellationRequested)
                {
                    return;
                }

                ShowDetails();
                foreach (string s in lines)
                {
                    _details.Add(s);
                }

                IsPreviewing = false;
            });
        });
    }

    private async Task ListInBackgroundAsync(string directory, CancellationTokenSource cts)
    {
        var batch = new List<EfsDirEntry>();
        var sw = Stopwatch.StartNew();
        string? error = null;
        try
        {
            await foreach (EfsDirEntry e in _ctx.ListAsync(directory, cts.Token).ConfigureAwait(false))
            {
                batch.Add(e);
                if (batch.Count >= 200 || sw.ElapsedMilliseconds >= 50)
                {
                    EfsDirEntry[] send = [.. batch];
                    batch.Clear();
                    sw.Restart();
                    _app.Invoke(() => Append(cts, send));
                }
            }
        }
        catch (OperationCanceledException)
        {
            return;
        }
        catch (Exception ex)
        {
            error = Readable.Error(ex);
            Log.Warning("Listing {Directory} failed: {Reason}", directory, error);
        }

        EfsDirEntry[] last = [.. batch];
        _app.Invoke(() =>
        {
            Append(cts, last);
            if (!ReferenceEquals(cts, _listCts))
            {
                return;
            }

            Finish(directory, error);
        });
    }

    private void Append(CancellationTokenSource cts, EfsDirEntry[] entries)
    {
        if (!ReferenceEquals(cts, _listCts) || cts.IsCancellationRequested)
        {
            return;
        }

        bool first = _entries.Count == 0;
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
        IsListing = false;
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

        _previewCts?.Cancel();
        IsPreviewing = false;
        _details.Clear();
        if (SelectedEntry is not { } e)
        {
            return;
        }

        _details.Add(e.Path);
        _details.Add(string.Create(CultureInfo.InvariantCulture,
            $"{KindText(e)}  {EfsMode.Format(e.Mode)}  {e.Size} bytes  modified {e.Modified:yyyy-MM-dd HH:mm:ss}Z"));
        if (e.IsItemFile)
        {
            _details.Add("Item file: an NV item stored in the EFS (read with GET).");
        }

        if (!e.IsDirectory)
        {
            _details.Add("Enter: hex preview");
        }
    }

    private IEnumerable<string> ChildrenOf(string path) =>
        _subdirs.TryGetValue(path, out var l) ? l : [];

    private string Format(EfsDirEntry e) =>
        Row(e.IsDirectory ? e.Name + "/" : e.Name, KindText(e), EfsMode.Format(e.Mode),
            e.IsDirectory ? "" : e.Size.ToString(CultureInfo.InvariantCulture), e.Modified.ToString("yy-MM-dd HH:mm", CultureInfo.InvariantCulture));

    private string Row(string name, string kind, string mode, string size, string time)
    {
        if (name.Length > _nameWidth)
        {
            name = name[..(_nameWidth - 1)] + "~";
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
            _listCts?.Cancel();
            _previewCts?.Cancel();
        }

        base.Dispose(disposing);
    }

    /// <summary>Keeps the first bytes written and signals when full.</summary>
    private sealed class CappedStream(int cap) : Stream
    {
        private readonly MemoryStream _buffer = new();

        public event Action? Full;

        public bool IsFull { get; private set; }

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => _buffer.Length;

        public override long Position { get => _buffer.Length; set => throw new NotSupportedException(); }

        public byte[] ToArray() => _buffer.ToArray();

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            int room = (int)Math.Max(0, cap - _buffer.Length);
            _buffer.Write(buffer[..Math.Min(room, buffer.Length)]);
            if (_buffer.Length >= cap && !IsFull)
            {
                IsFull = true;
                Full?.Invoke();
            }
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        {
            Write(buffer.AsSpan(offset, count));
            return Task.CompletedTask;
        }

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Write(buffer.Span);
            return ValueTask.CompletedTask;
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _buffer.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
