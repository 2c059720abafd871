using System.Collections.ObjectModel;
using System.Globalization;
using Serilog.Core;
using Serilog.Events;
using Terminal.Gui.App;
using Terminal.Gui.ViewBase;
using Terminal.Gui.Views;

namespace ZteDiag.Tui;

/// <summary>The bottom pane: the last log lines (bounded), fed by <see cref="TuiLogSink"/>.</summary>
public sealed class LogPane : FrameView
{
    /// <summary>Lines kept; older ones are dropped.</summary>
    public const int MaxLines = 500;

    private readonly ObservableCollection<string> _lines = [];
    private readonly ListView _list;

    /// <summary>Creates the pane.</summary>
    public LogPane()
    {
        Title = "Log";
        _list = new ListView { Width = Dim.Fill(), Height = Dim.Fill(), CanFocus = true };
        _list.SetSource(_lines);
        Add(_list);
    }

    /// <summary>The lines shown (oldest first).</summary>
    public IReadOnlyList<string> Lines => _lines;

    /// <summary>Appends a line (UI thread only) and scrolls to it.</summary>
    public void Append(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        _lines.Add(line);
        while (_lines.Count > MaxLines)
        {
            _lines.RemoveAt(0);
        }

        _list.SelectedItem = _lines.Count - 1;
    }
}

/// <summary>
/// Serilog sink that appends rendered events to a <see cref="LogPane"/> through
/// <see cref="IApplication.Invoke(Action)"/>; events before a pane is attached are buffered (bounded).
/// </summary>
public sealed class TuiLogSink : ILogEventSink
{
    private readonly Lock _gate = new();
    private readonly Queue<string> _pending = new();
    private IApplication? _app;
    private LogPane? _pane;

    /// <summary>A log event property: the event is already in the pane (the window wrote it there itself).</summary>
    public const string NotInPane = "ZteDiagNotInPane";

    /// <summary>Lowest level shown in the pane.</summary>
    public LogEventLevel MinimumLevel { get; set; } = LogEventLevel.Information;

    /// <summary>Starts delivering to <paramref name="pane"/> (null detaches).</summary>
    public void Attach(IApplication? app, LogPane? pane)
    {
        lock (_gate)
        {
            _app = app;
            _pane = pane;
        }

        Flush();
    }

    /// <inheritdoc/>
    public void Emit(LogEvent logEvent)
    {
        ArgumentNullException.ThrowIfNull(logEvent);
        if (logEvent.Level < MinimumLevel || logEvent.Properties.ContainsKey(NotInPane))
        {
            return;
        }

        string text = string.Create(CultureInfo.InvariantCulture,
            $"{logEvent.Timestamp:HH:mm:ss} {Short(logEvent.Level)} {logEvent.RenderMessage(CultureInfo.InvariantCulture)}");
        if (logEvent.Exception is { } ex)
        {
            text += " (" + Readable.Error(ex) + ")";
        }

        lock (_gate)
        {
            _pending.Enqueue(text.ReplaceLineEndings(" "));
            while (_pending.Count > LogPane.MaxLines)
            {
                _pending.Dequeue();
            }
        }

        Flush();
    }

    private void Flush()
    {
        IApplication? app;
        LogPane? pane;
        string[] lines;
        lock (_gate)
        {
            app = _app;
            pane = _pane;
            if (app is null || pane is null || _pending.Count == 0)
            {
                return;
            }

            lines = [.. _pending];
            _pending.Clear();
        }

        app.Invoke(() =>
        {
            foreach (string l in lines)
            {
                pane.Append(l);
            }
        });
    }

    private static string Short(LogEventLevel level) => level switch
    {
        LogEventLevel.Verbose => "VRB",
        LogEventLevel.Debug => "DBG",
        LogEventLevel.Information => "INF",
        LogEventLevel.Warning => "WRN",
        LogEventLevel.Error => "ERR",
        _ => "FTL",
    };
}
