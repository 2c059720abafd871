using Terminal.Gui.App;

namespace ZteDiag.Tui;

/// <summary>
/// Small modal dialogs: text input, confirmation, information and errors (never stack traces). All follow
/// <see cref="ButtonRule"/>: the marked button is the one Enter presses; a destructive question marks No.
/// </summary>
public static class Prompts
{
    /// <summary>
    /// Asks for a line of text; null when cancelled. <paramref name="check"/> says why a text is refused (null = accepted);
    /// an empty text is refused unless <paramref name="allowEmpty"/>.
    /// </summary>
    /// <remarks>With <paramref name="secret"/> the field shows dots (PIN, PUK).</remarks>
    public static string? Ask(IApplication app, string title, string label, string initial, Func<string, string?>? check = null, bool allowEmpty = false, bool secret = false)
    {
        ArgumentNullException.ThrowIfNull(app);
        string text = initial;
        string? problem = null;
        while (true)
        {
            using var d = new TextPromptDialog(title, label, text, check, Screen(app).Width, problem, allowEmpty);
            d.Field.Secret = secret;
            Run(app, d);
            if (d.Problem is null)
            {
                return d.Answer; // accepted, or cancelled (null)
            }

            (text, problem) = (d.Typed ?? text, d.Problem); // refused: again, with the reason under the field
        }
    }

    /// <summary>
    /// Yes/No question; true for Yes. <paramref name="destructive"/> (a delete, a write to the modem) marks No,
    /// so Enter alone never does it; otherwise Yes is marked.
    /// </summary>
    public static bool Confirm(IApplication app, string title, string message, bool destructive) =>
        Choose(app, title, message, ["_No", "_Yes"], destructive ? 0 : 1) == 1;

    /// <summary>Information with an OK button.</summary>
    public static void Info(IApplication app, string title, string message) => Choose(app, title, message, ["_OK"], 0);

    /// <summary>A readable error with an OK button.</summary>
    public static void Error(IApplication app, string title, Exception ex) => Failure(app, title, Readable.Error(ex));

    /// <summary>A readable failure message with an OK button, in the error colours.</summary>
    public static void Failure(IApplication app, string title, string message) => Choose(app, title, message, ["_OK"], 0, error: true);

    /// <summary>A message with <paramref name="buttons"/>; returns the index pressed, or null for Esc.</summary>
    public static int? Choose(IApplication app, string title, string message, IReadOnlyList<string> buttons, int defaultIndex, bool error = false)
    {
        ArgumentNullException.ThrowIfNull(app);
        using var d = new MessageDialog(title, message, buttons, defaultIndex, Screen(app), error);
        Run(app, d);
        return d.Chosen;
    }

    private static void Run(IApplication app, Terminal.Gui.Views.Dialog d) => app.Run(d);

    private static System.Drawing.Size Screen(IApplication app) =>
        app.Driver is { } driver ? new System.Drawing.Size(driver.Cols, driver.Rows) : new System.Drawing.Size(80, 24);
}
