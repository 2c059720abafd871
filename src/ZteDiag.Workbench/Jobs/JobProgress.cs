namespace ZteDiag.Workbench.Jobs;

/// <summary>Progress of a long job: phase, current path, bytes and files done of total.</summary>
public sealed record JobProgress(string Phase, string? Path, long Done, long Total, int Files, int FilesTotal);
