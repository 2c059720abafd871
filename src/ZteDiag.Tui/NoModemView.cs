using Terminal.Gui.Input;
using Terminal.Gui.ViewBase;
using Terminal.Gui.Views;

namespace ZteDiag.Tui;

/// <summary>What the technician chose on the "no modem found" screen.</summary>
public enum NoModemChoice
{
    /// <summary>Leave the TUI.</summary>
    Quit,

    /// <summary>Look for the modem again.</summary>
    Retry,

    /// <summary>Start the built-in virtual modem.</summary>
    Demo,
}

/// <summary>Shown when no modem answers: the reason, what to check, and buttons (demo modem, retry, quit).</summary>
public sealed class NoModemView : Window
{
    /// <summary>Creates the screen for <paramref name="reason"/>.</summary>
    public NoModemView(string reason)
    {
        Title = "ZteDiag: no modem found (Ctrl+Q quits)";
        string text =
            "No modem answered.\n" +
            reason + "\n\n" +
            "Check:\n" +
            " - the stick is plugged in: lsusb shows 19d2:... (ZTE)\n" +
            " - it left CD-ROM mode (mode switch): ztediag usb list / usb_modeswitch\n" +
            " - ports exist: ls /dev/ttyUSB*  (ztediag ports shows which is DIAG / AT)\n" +
            " - ModemManager is not holding the port: systemctl stop ModemManager\n" +
            " - you may open the port: add yourself to the dialout group\n" +
            " - or name the ports: ztediag tui --port /dev/ttyUSB0 --at-port /dev/ttyUSB1\n\n" +
            "No stick at hand? Start the built-in virtual modem to practise.";
        Message = new Label { Text = text, X = 1, Y = 0, Width = Dim.Fill(1), Height = Dim.Fill(2) };
        var demo = new Button { Text = "Start _demo modem", X = 1, Y = Pos.AnchorEnd(1), IsDefault = true };
        var retry = new Button { Text = "_Retry", X = Pos.Right(demo) + 2, Y = Pos.AnchorEnd(1) };
        var quit = new Button { Text = "_Quit", X = Pos.Right(retry) + 2, Y = Pos.AnchorEnd(1) };
        demo.Accepting += (_, e) => Choose(NoModemChoice.Demo, e);
        retry.Accepting += (_, e) => Choose(NoModemChoice.Retry, e);
        quit.Accepting += (_, e) => Choose(NoModemChoice.Quit, e);
        Add(Message, demo, retry, quit);
        KeyDown += (_, key) =>
        {
            if (key == Key.Q.WithCtrl)
            {
                Choice = NoModemChoice.Quit;
                RequestStop();
                key.Handled = true;
            }
        };
        demo.SetFocus();
    }

    /// <summary>The explanation.</summary>
    public Label Message { get; }

    /// <summary>The choice once the view stopped (Quit by default).</summary>
    public NoModemChoice Choice { get; private set; } = NoModemChoice.Quit;

    private void Choose(NoModemChoice choice, Terminal.Gui.Input.CommandEventArgs e)
    {
        Choice = choice;
        RequestStop();
        e.Handled = true;
    }
}
