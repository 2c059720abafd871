using System.Collections.ObjectModel;
using Terminal.Gui.ViewBase;
using Terminal.Gui.Views;

namespace ZteDiag.Tui;

/// <summary>
/// A message with buttons, sized to its text and the screen: the text wraps at word boundaries, keeps
/// '_' (no hot-key parsing), and scrolls when it is taller than the screen. The marked button is the one
/// Enter presses (<see cref="ButtonRule"/>); Esc answers null.
/// </summary>
public sealed class MessageDialog : Dialog
{
    private readonly List<Button> _buttons = [];

    /// <summary>Creates the dialog.</summary>
    /// <param name="title">Title.</param>
    /// <param name="message">Text; may be long and hold several lines.</param>
    /// <param name="buttons">Button labels, left to right ('_' marks a hot key).</param>
    /// <param name="defaultIndex">The button marked and pressed by Enter.</param>
    /// <param name="screen">Screen size the dialog must fit in.</param>
    /// <param name="error">Use the error colours.</param>
    public MessageDialog(string title, string message, IReadOnlyList<string> buttons, int defaultIndex, System.Drawing.Size screen, bool error = false)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(buttons);
        Title = title;
        HotKeySpecifier = EfsBrowserView.NoHotKey;
        Message = message;
        if (error) SchemeName = "Error";
        int textWidth = Math.Clamp(Longest(message) + 1, 30, Math.Max(30, screen.Width - 8));
        Lines = [.. Readable.Wrap(message, textWidth)];
        int room = Math.Max(3, screen.Height - 8);
        Width = textWidth + 4;
        if (Lines.Count <= room)
        {
            Add(new Label { Text = string.Join('\n', Lines), X = 1, Y = 0, Width = textWidth, Height = Lines.Count, HotKeySpecifier = EfsBrowserView.NoHotKey });
        }
        else
        {
            // taller than the screen: a list the technician scrolls (Tab to it, then arrows / PgDn)
            Scroller = new ListView { X = 1, Y = 0, Width = textWidth, Height = room };
            Scroller.SetSource(new ObservableCollection<string>(Lines));
            Add(Scroller);
        }

        for (int i = 0; i < buttons.Count; i++)
        {
            int index = i;
            var b = new Button { Text = buttons[i] };
            b.Accepting += (_, e) =>
            {
                Chosen = index;
                RequestStop();
                e.Handled = true;
            };
            _buttons.Add(b);
            AddButton(b);
        }

        ButtonRule.Apply(this, _buttons, defaultIndex);
    }

    /// <summary>The text shown.</summary>
    public string Message { get; }

    /// <summary>The wrapped lines.</summary>
    public IReadOnlyList<string> Lines { get; }

    /// <summary>The scrolling list when the text is taller than the screen, else null.</summary>
    public ListView? Scroller { get; }

    /// <summary>The buttons, left to right.</summary>
    public IReadOnlyList<Button> Choices => _buttons;

    /// <summary>The index of the button pressed, or null (Esc).</summary>
    public int? Chosen { get; private set; }

    private static int Longest(string text) => text.ReplaceLineEndings("\n").Split('\n').Max(l => l.Length);
}
