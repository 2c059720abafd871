using ZteDiag.Device.Efs;
using ZteDiag.Protocol.Efs;
using ZteDiag.Workbench.Archive;
using ZteDiag.Workbench.Jobs;
using ZteDiag.Workbench.Safety;

namespace ZteDiag.Workbench.Restore;

/// <summary>The backup of everything a restore is about to replace, change or delete, taken and verified first.</summary>
internal static class SafetyBackup
{
    /// <summary>
    /// Writes <paramref name="destination"/> (a .tar.gz, temp + rename) with the device's current
    /// version of every path the steps touch (replace, mode change, delete), then verifies it.
    /// </summary>
    /// <returns>The token the restore's <see cref="SafeEfsWriter"/> is bound to.</returns>
    /// <exception cref="RestoreException">The written archive does not verify.</exception>
    public static async Task<VerifiedBackup> WriteAsync(
        EfsClient efs, IReadOnlyList<RestoreStep> steps, string destination, RestoreOptions options,
        IProgress<JobProgress>? progress, CancellationToken ct)
    {
        var touched = steps.Where(s => s.Action is RestoreAction.Replace or RestoreAction.ModeChange or RestoreAction.Delete).ToList();
        var header = new BackupHeader(RestoreJob.ToolVersion, options.Time.GetUtcNow(), null, efs.Subsystem);
        await using (BackupArchiveWriter writer = BackupArchiveWriter.Create(destination, header, options.Limits, overwrite: true))
        {
            int n = 0;
            foreach (RestoreStep s in touched)
            {
                progress?.Report(new JobProgress("safety-backup", s.Path, n, touched.Count, n, touched.Count));
                n++;
                EfsStat? st = await RestorePlanner.TryLstatAsync(efs, s.Path, ct).ConfigureAwait(false);
                if (st is null)
                {
                    continue; // gone already: nothing to keep
                }

                var info = new EfsEntryInfo(s.Path, st.Mode, 0, st.AccessTime, st.ModifyTime, st.ChangeTime);
                switch (st.Kind)
                {
                    case EfsFileKind.Directory:
                        writer.AddDirectory(info);
                        break;
                    case EfsFileKind.Symlink:
                        writer.AddSymlink(info, await efs.ReadlinkAsync(s.Path, ct).ConfigureAwait(false));
                        break;
                    case EfsFileKind.Regular or EfsFileKind.ItemFile:
                        byte[] data = await RestorePlanner.ReadContentAsync(efs, s.Path, st.Kind, ct).ConfigureAwait(false);
                        using (var ms = new MemoryStream(data, writable: false))
                        {
                            await writer.AddFileAsync(info with { Size = data.Length }, ms, ct).ConfigureAwait(false);
                        }

                        break;
                    default:
                        writer.AddUnreadable(info, "unsupported file type");
                        break;
                }
            }

            await writer.CompleteAsync(ct).ConfigureAwait(false);
        }

        return await VerifyAsync(destination, options, ct).ConfigureAwait(false);
    }

    /// <summary>Verifies the safety backup of a restore (again, on resume) and returns its token.</summary>
    /// <exception cref="RestoreException">It is missing or does not verify; nothing is written then.</exception>
    public static async Task<VerifiedBackup> VerifyAsync(string path, RestoreOptions options, CancellationToken ct)
    {
        if (!File.Exists(path))
        {
            throw new RestoreException($"the safety backup '{path}' of this restore is missing; refusing to continue");
        }

        ArchiveVerificationResult check = await ArchiveVerifier.VerifyAsync(path, ct, options.Limits).ConfigureAwait(false);
        if (!check.IsValid || check.Manifest is null)
        {
            throw new RestoreException(
                $"the safety backup '{path}' does not verify: {string.Join("; ", check.Problems.Select(p => p.ToString()))}; nothing was written");
        }

        return new VerifiedBackup(check.Path, check.Manifest, options.Time.GetUtcNow());
    }
}
