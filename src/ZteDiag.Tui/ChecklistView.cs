using System.Collections.ObjectModel;
using Terminal.Gui.ViewBase;
using Terminal.Gui.Views;
using ZteDiag.Workbench.Checklists;

namespace ZteDiag.Tui;

/// <summary>Checklist tab: the built-in checklists (left) and the steps of the selected one with their state (right).</summary>
public sealed class ChecklistView : View
{
    private readonly IReadOnlyList<ChecklistDefinition> _checklists;
    private readonly ObservableCollection<string> _names = [];
    private readonly ObservableCollection<string> _steps = [];
    private readonly Dictionary<string, string> _state = new(StringComparer.Ordinal);

    /// <summary>Creates the view over <paramref name="checklists"/> (null = the built-in ones).</summary>
    public ChecklistView(IReadOnlyList<ChecklistDefinition>? checklists = null)
    {
        CanFocus = true;
        Width = Dim.Fill();
        Height = Dim.Fill();
        _checklists = checklists ?? ChecklistLoader.LoadBuiltIn();
        foreach (ChecklistDefinition c in _checklists)
        {
            _names.Add(c.Title);
        }

        var left = new FrameView { Title = "Checklists", Width = Dim.Percent(35), Height = Dim.Fill() };
        List = new ListView { Width = Dim.Fill(), Height = Dim.Fill() };
        List.SetSource(_names);
        List.ValueChanged += (_, _) => ShowSteps();
        left.Add(List);
        var right = new FrameView { Title = "Steps", X = Pos.Right(left), Width = Dim.Fill(), Height = Dim.Fill() };
        Steps = new ListView { Width = Dim.Fill(), Height = Dim.Fill() };
        Steps.SetSource(_steps);
        right.Add(Steps);
        Add(left, right);
        if (_names.Count > 0)
        {
            List.SelectedItem = 0;
            ShowSteps();
        }
    }

    /// <summary>The checklist names.</summary>
    public ListView List { get; }

    /// <summary>The steps of the selected checklist.</summary>
    public ListView Steps { get; }

    /// <summary>Step lines shown.</summary>
    public IReadOnlyList<string> StepLines => _steps;

    /// <summary>Records a step's state ("done", "failed", "skipped"…) and redraws.</summary>
    public void SetState(string checklistId, string stepId, string state)
    {
        _state[checklistId + "/" + stepId] = state;
        ShowSteps();
    }

    private void ShowSteps()
    {
        _steps.Clear();
        if (List.SelectedItem is not int i || i < 0 || i >= _checklists.Count)
        {
            return;
        }

        ChecklistDefinition c = _checklists[i];
        _steps.Add(c.Description.ReplaceLineEndings(" "));
        int n = 1;
        foreach (ChecklistStep s in c.Steps)
        {
            string state = _state.TryGetValue(c.Id + "/" + s.Id, out string? st) ? st : "pending";
            _steps.Add($"{n++,2}. [{state}] {s.Title}{(s.Optional ? " (optional)" : "")}  ({s.Kind})");
        }

        _steps.Add("Run it from the command line: ztediag checklist run " + c.Id);
    }
}
