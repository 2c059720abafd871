namespace ZteDiag.Device.Efs;

/// <summary>
/// A READDIR entry a listing left out because its name cannot be one path component (it holds '/', e.g.
/// <c>a/../../etc/passwd</c>): joined to its directory it would name another path, so nothing may be read,
/// stored or restored under it. Kept so the caller can say so (backup records it in the manifest, exit 1;
/// <c>efs ls</c> and <c>efs tree</c> warn) instead of the entry vanishing silently.
/// </summary>
/// <param name="Directory">The directory whose listing returned the name.</param>
/// <param name="Name">The name exactly as the modem listed it.</param>
/// <param name="Reason">Why it was left out.</param>
public sealed record EfsRefusedName(string Directory, string Name, string Reason);
