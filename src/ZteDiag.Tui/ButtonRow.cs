using Terminal.Gui.ViewBase;
using Terminal.Gui.Views;

namespace ZteDiag.Tui;

/// <summary>A one-line row of flat buttons (no shadow, no brackets) at the top of a page, each running its action.</summary>
public static class ButtonRow
{
    /// <summary>Builds the row; <paramref name="gap"/> columns between buttons.</summary>
    public static View Build(IReadOnlyList<(string Title, Action Action)> buttons, int gap = 0)
    {
        ArgumentNullException.ThrowIfNull(buttons);
        var row = new View { X = 0, Y = 0, Width = Dim.Fill(), Height = 1 };
        View? prev = null;
        foreach ((string title, Action action) in buttons)
        {
            var b = new Button { Text = title, X = prev is null ? 0 : Pos.Right(prev) + gap, Y = 0, ShadowStyle = ShadowStyles.None, NoDecorations = true };
            b.Accepting += (_, e) =>
            {
                action();
                e.Handled = true;
            };
            row.Add(b);
            prev = b;
        }

        return row;
    }
}
