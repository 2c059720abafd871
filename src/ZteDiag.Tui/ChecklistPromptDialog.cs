using Terminal.Gui.ViewBase;
using Terminal.Gui.Views;
using ZteDiag.Workbench.Checklists;

namespace ZteDiag.Tui;

/// <summary>
/// One question of a checklist run: confirm a manual step, approve an action, name a file, or confirm a reset.
/// The marked button is the one Enter presses (<see cref="ButtonRule"/>): <c>defaultIndex</c>, which is "No"
/// for a step that writes to the modem. Esc or closing the dialog answers <see cref="PromptAnswer.Quit"/>.
/// The text wraps at word boundaries and scrolls when it is taller than the dialog.
/// </summary>
public sealed class ChecklistPromptDialog : Dialog
{
    private const int TextWidth = 68;
    private const int MaxTextRows = 14;
    private readonly TextField? _field;
    private readonly List<Button> _buttons = [];

    /// <summary>Creates the dialog.</summary>
    /// <param name="title">Dialog title.</param>
    /// <param name="text">What the technician reads (instruction, warnings, what will be written).</param>
    /// <param name="buttons">Buttons and the answer each gives, left to right.</param>
    /// <param name="stepId">The step asked about (null for a reset).</param>
    /// <param name="askText">Show a text field (a file name) above the buttons.</param>
    /// <param name="defaultIndex">The button marked and pressed by Enter.</param>
    public ChecklistPromptDialog(string title, string text, IReadOnlyList<(string Text, PromptAnswer Answer)> buttons, string? stepId, bool askText = false,
        int defaultIndex = 0)
    {
        ArgumentNullException.ThrowIfNull(buttons);
        ArgumentNullException.ThrowIfNull(text);
        Title = title;
        HotKeySpecifier = EfsBrowserView.NoHotKey;
        StepId = stepId;
        Message = text;
        Width = TextWidth + 4;
        Lines = [.. Readable.Wrap(text, TextWidth)];
        int rows = Math.Min(Lines.Count, MaxTextRows);
        if (Lines.Count <= MaxTextRows)
        {
            Add(new Label { Text = string.Join('\n', Lines), X = 1, Y = 0, Width = TextWidth, Height = rows, HotKeySpecifier = EfsBrowserView.NoHotKey });
        }
        else
        {
            var list = new ListView { X = 1, Y = 0, Width = TextWidth, Height = rows };
            list.SetSource(new System.Collections.ObjectModel.ObservableCollection<string>(Lines));
            Add(list);
        }

        if (askText)
        {
            _field = new TextField { X = 1, Y = rows + 1, Width = TextWidth };
            Add(_field);
        }

        for (int i = 0; i < buttons.Count; i++)
        {
            PromptAnswer answer = buttons[i].Answer;
            var b = new Button { Text = buttons[i].Text };
            b.Accepting += (_, e) =>
            {
                Answer(answer, _field?.Text);
                e.Handled = true;
            };
            _buttons.Add(b);
            AddButton(b);
        }

        ButtonRule.Apply(this, _buttons, defaultIndex, _field);
    }

    /// <summary>The text as wrapped on screen.</summary>
    public IReadOnlyList<string> Lines { get; }

    /// <summary>The buttons, left to right.</summary>
    public IReadOnlyList<Button> Choices => _buttons;

    /// <summary>The text field of a file prompt, else null.</summary>
    public TextField? Field => _field;

    /// <summary>The step asked about (null for a reset).</summary>
    public string? StepId { get; }

    /// <summary>The text shown.</summary>
    public string Message { get; }

    /// <summary>The answer once given; null while open or when the dialog was closed without one.</summary>
    public PromptAnswer? Answered { get; private set; }

    /// <summary>The text typed (file prompts).</summary>
    public string? Typed { get; private set; }

    /// <summary>Answers and closes the dialog (the buttons call this).</summary>
    public void Answer(PromptAnswer answer, string? text = null)
    {
        Answered = answer;
        Typed = string.IsNullOrWhiteSpace(text) ? null : text.Trim();
        RequestStop();
    }
}
