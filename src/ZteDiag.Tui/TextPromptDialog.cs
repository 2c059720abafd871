using Terminal.Gui.ViewBase;
using Terminal.Gui.Views;

namespace ZteDiag.Tui;

/// <summary>
/// Asks for one line of text: a wrapped label, the field (drawn with its text and cursor, starting with a
/// default), a line for what is wrong with the text, and OK / Cancel. OK (marked, and what Enter presses in
/// the field) checks the text first; a refused text closes the dialog with <see cref="Problem"/> set, and
/// <see cref="Prompts.Ask"/> opens it again with the text and the reason (Terminal.Gui 2.5 closes a dialog
/// on every accept of its default button).
/// </summary>
public sealed class TextPromptDialog : Dialog
{
    private readonly Func<string, string?>? _check;
    private readonly Label _problem;

    /// <summary>Creates the dialog.</summary>
    /// <param name="title">Title.</param>
    /// <param name="label">What to type.</param>
    /// <param name="initial">The default text (the cursor stands after it; typing appends).</param>
    /// <param name="check">Returns why a text is refused, or null to accept it (it gets the trimmed text).</param>
    /// <param name="screenWidth">Screen width the dialog must fit in.</param>
    /// <param name="problem">Why the text was refused last time (shown under the field), or null.</param>
    /// <param name="allowEmpty">An empty answer is an answer (e.g. "no SPC"), not a mistake.</param>
    public TextPromptDialog(string title, string label, string initial, Func<string, string?>? check, int screenWidth, string? problem = null, bool allowEmpty = false)
    {
        ArgumentNullException.ThrowIfNull(label);
        Title = title;
        HotKeySpecifier = EfsBrowserView.NoHotKey;
        _check = check;
        int textWidth = Math.Max(30, Math.Min(screenWidth - 8, 88)); // one width, whatever the default's length
        Width = textWidth + 4;
        string[] lines = [.. Readable.Wrap(label, textWidth)];
        Add(new Label { Text = string.Join('\n', lines), X = 1, Y = 0, Width = textWidth, Height = lines.Length, HotKeySpecifier = EfsBrowserView.NoHotKey });
        Field = new TextField { Text = initial, X = 1, Y = lines.Length, Width = textWidth };
        // the cursor after the default, nothing selected: typing appends, Backspace edits (no silent replace)
        Field.HasFocusChanged += (_, e) =>
        {
            if (!e.NewValue) return;
            Field.ClearAllSelection();
            Field.InsertionPoint = Field.Text.Length;
        };
        _problem = new Label { Text = problem is null ? "" : string.Join('\n', Readable.Wrap(problem, textWidth).Take(2)), X = 1, Y = lines.Length + 1, Width = textWidth, Height = 2, HotKeySpecifier = EfsBrowserView.NoHotKey, SchemeName = "Error" };
        Add(Field, _problem);
        var ok = new Button { Text = "_OK" };
        ok.Accepting += (_, e) =>
        {
            e.Handled = true;
            string text = Field.Text.Trim();
            string? why = text.Length == 0 && !allowEmpty ? "Type a value first (Esc or Cancel leaves)." : _check?.Invoke(text);
            if (why is not null)
            {
                Problem = why;
                Typed = Field.Text;
                RequestStop();
                return;
            }

            Answer = text;
            RequestStop();
        };
        var cancel = new Button { Text = "_Cancel" };
        cancel.Accepting += (_, e) =>
        {
            e.Handled = true;
            RequestStop();
        };
        AddButton(ok);
        AddButton(cancel);
        ButtonRule.Apply(this, [ok, cancel], 0, Field);
    }

    /// <summary>The field.</summary>
    public TextField Field { get; }

    /// <summary>Why the last OK was refused, or null.</summary>
    public string? Problem { get; private set; }

    /// <summary>The refused text, as typed.</summary>
    public string? Typed { get; private set; }

    /// <summary>The accepted text (trimmed), or null when cancelled.</summary>
    public string? Answer { get; private set; }
}
