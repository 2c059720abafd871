using System.Collections.ObjectModel;
using Terminal.Gui.Views;

namespace ZteDiag.Tui;

/// <summary>
/// A list whose items wrap over several rows at spaces (never mid-word; a word longer than a row is split)
/// instead of being cut at the right edge. Continuation rows are indented; the selection moves by item,
/// and <see cref="SelectedIndex"/> is the item's index. Rewraps when its width changes.
/// </summary>
public sealed class WrappedList : ListView
{
    private readonly ObservableCollection<string> _lines = [];
    private readonly List<int> _owner = [];
    private readonly List<int> _first = [];
    private readonly int _indent;
    private List<string> _items = [];
    private int _width;
    private int _lastItem = -1;
    private bool _moving;

    /// <summary>Creates the list; continuation rows start with <paramref name="hangingIndent"/> spaces.</summary>
    public WrappedList(int hangingIndent)
    {
        _indent = hangingIndent;
        SetSource(_lines);
        ValueChanged += (_, _) => OnMoved();
        ViewportChanged += (_, _) =>
        {
            if (Viewport.Width > 0 && Viewport.Width != _width) Rebuild();
        };
    }

    /// <summary>Raised when another item is selected.</summary>
    public event EventHandler? SelectedIndexChanged;

    /// <summary>The items, unwrapped.</summary>
    public IReadOnlyList<string> Items => _items;

    /// <summary>The rows shown.</summary>
    public IReadOnlyList<string> Lines => _lines;

    /// <summary>The selected item, or null.</summary>
    public int? SelectedIndex
    {
        get => SelectedItem is int line && line >= 0 && line < _owner.Count ? _owner[line] : null;
        set
        {
            _moving = true;
            SelectedItem = value is int i && i >= 0 && i < _first.Count ? _first[i] : null;
            _moving = false;
            Changed();
        }
    }

    /// <summary>Shows <paramref name="items"/>, keeping the selected index when it still exists.</summary>
    public void SetItems(IEnumerable<string> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        _items = [.. items];
        Rebuild();
    }

    /// <summary>Rows of <paramref name="text"/> at most <paramref name="width"/> wide, broken at spaces (spaces inside a row are kept).</summary>
    public static IEnumerable<string> Wrap(string text, int width, int indent)
    {
        ArgumentNullException.ThrowIfNull(text);
        width = Math.Max(4, width);
        indent = Math.Clamp(indent, 0, width / 2);
        string rest = text;
        bool first = true;
        while (true)
        {
            int room = first ? width : width - indent;
            string prefix = first ? "" : new string(' ', indent);
            if (rest.Length <= room)
            {
                yield return prefix + rest;
                yield break;
            }

            int cut = rest.LastIndexOf(' ', room);
            if (cut <= 0) cut = room; // one word longer than the row: split it, it is still shown whole
            yield return prefix + rest[..cut].TrimEnd();
            rest = rest[cut..].TrimStart();
            first = false;
            if (rest.Length == 0) yield break;
        }
    }

    private void Rebuild()
    {
        int? selected = SelectedIndex;
        _width = Viewport.Width > 0 ? Viewport.Width : 60;
        _moving = true;
        _lines.Clear();
        _owner.Clear();
        _first.Clear();
        for (int i = 0; i < _items.Count; i++)
        {
            _first.Add(_lines.Count);
            foreach (string row in Wrap(_items[i], _width, _indent))
            {
                _lines.Add(row);
                _owner.Add(i);
            }
        }

        SelectedItem = selected is int s && s < _first.Count ? _first[s] : null;
        _moving = false;
        _lastItem = SelectedIndex ?? -1;
    }

    // the selection always rests on an item's first row: moving down inside an item goes on to the next one
    private void OnMoved()
    {
        if (_moving || SelectedItem is not int line || line < 0 || line >= _owner.Count)
        {
            return;
        }

        int item = _owner[line];
        if (line != _first[item])
        {
            int target = item == _lastItem && item + 1 < _first.Count ? _first[item + 1] : _first[item];
            _moving = true;
            SelectedItem = target;
            _moving = false;
        }

        Changed();
    }

    private void Changed()
    {
        int now = SelectedIndex ?? -1;
        if (now == _lastItem) return;
        _lastItem = now;
        SelectedIndexChanged?.Invoke(this, EventArgs.Empty);
    }
}
