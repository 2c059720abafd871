using Terminal.Gui.ViewBase;
using Terminal.Gui.Views;
using ZteDiag.Workbench.Checklists;

namespace ZteDiag.Tui;

/// <summary>
/// One question of a checklist run: confirm a manual step, approve an action, name a file, or confirm a reset.
/// The first button is the default (Enter); Esc or closing the dialog answers <see cref="PromptAnswer.Quit"/>.
/// </summary>
public sealed class ChecklistPromptDialog : Dialog
{
    private readonly TextField? _field;

    /// <summary>Creates the dialog.</summary>
    /// <param name="title">Dialog title.</param>
    /// <param name="text">What the technician reads (instruction, warnings, what will be written).</param>
    /// <param name="buttons">Buttons and the answer each gives, default first.</param>
    /// <param name="stepId">The step asked about (null for a reset).</param>
    /// <param name="askText">Show a text field (a file name) above the buttons.</param>
    public ChecklistPromptDialog(string title, string text, IReadOnlyList<(string Text, PromptAnswer Answer)> buttons, string? stepId, bool askText = false)
    {
        ArgumentNullException.ThrowIfNull(buttons);
        Title = title;
        StepId = stepId;
        Message = text;
        Width = 72;
        text = string.Join('\n', Readable.Wrap(text, 68));
        int lines = text.Split('\n').Length;
        Height = Math.Min(lines + (askText ? 7 : 5), 22);
        Add(new Label { Text = text, X = 1, Y = 0, Width = Dim.Fill(1), Height = lines });
        if (askText)
        {
            _field = new TextField { X = 1, Y = lines + 1, Width = Dim.Fill(1) };
            Add(_field);
        }

        for (int i = 0; i < buttons.Count; i++)
        {
            PromptAnswer answer = buttons[i].Answer;
            var b = new Button { Text = buttons[i].Text, IsDefault = i == 0 };
            b.Accepting += (_, e) =>
            {
                Answer(answer, _field?.Text);
                e.Handled = true;
            };
            AddButton(b);
        }

        _field?.SetFocus();
    }

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
