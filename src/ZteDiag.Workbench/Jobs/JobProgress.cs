namespace ZteDiag.Workbench.Jobs;

/// <summary>
/// Progress of a long job (backup, verify, restore, NV scan), enough for a shell to show bytes,
/// files, rate and ETA.
/// </summary>
/// <param name="Phase">What the job is doing now, e.g. "walk", "read", "verify", "nv".</param>
/// <param name="Path">The entry being worked on, or null between entries.</param>
/// <param name="Done">Bytes done so far.</param>
/// <param name="Total">Bytes expected in all (0 when not known yet).</param>
/// <param name="Files">Entries done so far.</param>
/// <param name="FilesTotal">Entries expected in all (0 when not known yet).</param>
public sealed record JobProgress(string Phase, string? Path, long Done, long Total, int Files, int FilesTotal);
