namespace ZteDiag.Workbench.Checklists;

/// <summary>A checklist file is malformed: bad JSON, an unknown value, a missing or duplicated field.</summary>
public sealed class ChecklistLoadException : ZteDiag.Device.ZteDiagException
{
    /// <summary>Creates the exception; <see cref="Exception.Message"/> reads <c>FILE:LINE:COLUMN: FIELD: PROBLEM</c>.</summary>
    /// <param name="file">File or resource name.</param>
    /// <param name="line">1-based line (0 when unknown).</param>
    /// <param name="column">1-based column (0 when unknown).</param>
    /// <param name="field">JSON path of the field, e.g. <c>steps[2].kind</c>.</param>
    /// <param name="problem">What is wrong.</param>
    /// <param name="inner">Underlying exception, if any.</param>
    public ChecklistLoadException(string file, int line, int column, string field, string problem, Exception? inner = null)
        : base($"{file}:{line}:{column}: {field}: {problem}", ZteDiag.Device.FailureKind.Usage, inner)
    {
        File = file;
        Line = line;
        Column = column;
        Field = field;
        Problem = problem;
    }

    /// <summary>File or resource name.</summary>
    public string File { get; }

    /// <summary>1-based line.</summary>
    public int Line { get; }

    /// <summary>1-based column.</summary>
    public int Column { get; }

    /// <summary>JSON path of the offending field.</summary>
    public string Field { get; }

    /// <summary>What is wrong, without the location.</summary>
    public string Problem { get; }
}
