using Terminal.Gui.ViewBase;
using Terminal.Gui.Views;

namespace ZteDiag.Tui;

/// <summary>
/// The one button rule of every dialog: the marked button (►OK◄) is the one Enter presses.
/// Terminal.Gui 2.5 marks <see cref="Button.IsDefault"/>, makes the last added button the default,
/// yet lets Enter press whichever button has focus; so the mark follows the focus here, and while a
/// text field has focus the dialog's chosen default is marked and is what Enter presses.
/// </summary>
public static class ButtonRule
{
    /// <summary>
    /// Makes <paramref name="buttons"/>[<paramref name="defaultIndex"/>] the default and focuses it, or
    /// focuses <paramref name="field"/> when given (Enter in the field then presses the default).
    /// </summary>
    public static void Apply(Dialog dialog, IReadOnlyList<Button> buttons, int defaultIndex, View? field = null)
    {
        ArgumentNullException.ThrowIfNull(dialog);
        ArgumentNullException.ThrowIfNull(buttons);
        ArgumentOutOfRangeException.ThrowIfNegative(defaultIndex);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(defaultIndex, buttons.Count);
        Button chosen = buttons[defaultIndex];
        Mark(dialog, buttons, chosen);
        foreach (Button b in buttons)
        {
            Button button = b;
            button.HasFocusChanged += (_, e) =>
            {
                if (e.NewValue) Mark(dialog, buttons, button);
            };
        }

        if (field is not null)
        {
            field.HasFocusChanged += (_, e) =>
            {
                if (e.NewValue) Mark(dialog, buttons, chosen);
            };
            field.SetFocus();
        }
        else
        {
            chosen.SetFocus();
        }
    }

    /// <summary>The button marked as the one Enter presses.</summary>
    public static Button? Marked(IEnumerable<Button> buttons) => buttons.FirstOrDefault(b => b.IsDefault);

    private static void Mark(Dialog dialog, IReadOnlyList<Button> buttons, Button marked)
    {
        foreach (Button b in buttons) b.IsDefault = ReferenceEquals(b, marked);
        dialog.DefaultAcceptView = marked;
    }
}
