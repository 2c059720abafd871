using Terminal.Gui.App;
using Terminal.Gui.ViewBase;
using Terminal.Gui.Views;

namespace ZteDiag.Tui;

/// <summary>Small modal dialogs: text input, confirmation, information and errors (never stack traces).</summary>
public static class Prompts
{
    /// <summary>Asks for a line of text; null when cancelled.</summary>
    public static string? Ask(IApplication app, string title, string label, string initial)
    {
        ArgumentNullException.ThrowIfNull(app);
        using var d = new Dialog { Title = title, Width = Dim.Percent(80), Height = 7 };
        d.Add(new Label { Text = label, X = 1, Y = 0 });
        var field = new TextField { Text = initial, X = 1, Y = 1, Width = Dim.Fill(1) };
        d.Add(field);
        string? result = null;
        var ok = new Button { Text = "_OK", IsDefault = true };
        ok.Accepting += (_, e) =>
        {
            result = field.Text;
            d.RequestStop();
            e.Handled = true;
        };
        var cancel = new Button { Text = "_Cancel" };
        cancel.Accepting += (_, e) =>
        {
            d.RequestStop();
            e.Handled = true;
        };
        field.KeyDown += (_, key) =>
        {
            if (key == Terminal.Gui.Input.Key.Enter)
            {
                result = field.Text;
                d.RequestStop();
                key.Handled = true;
            }
        };
        d.AddButton(ok);
        d.AddButton(cancel);
        field.SetFocus();
        app.Run(d);
        return string.IsNullOrWhiteSpace(result) ? null : result.Trim();
    }

    /// <summary>Yes/No question; true for Yes.</summary>
    public static bool Confirm(IApplication app, string title, string message) =>
        MessageBox.Query(app, title, message, "_No", "_Yes") == 1;

    /// <summary>Information with an OK button.</summary>
    public static void Info(IApplication app, string title, string message) =>
        MessageBox.Query(app, title, message, "_OK");

    /// <summary>A readable error with an OK button.</summary>
    public static void Error(IApplication app, string title, Exception ex) =>
        MessageBox.ErrorQuery(app, title, Readable.Error(ex), "_OK");
}
