using System.Runtime.CompilerServices;
using ZteDiag.Protocol.Efs;

namespace ZteDiag.Device.Efs;

/// <summary>Streaming directory listing (entries as they arrive, for big directories in a UI).</summary>
public sealed partial class EfsClient
{
    /// <summary>
    /// Lists a directory like <see cref="ListAsync"/> but yields each entry as its READDIR reply
    /// arrives. The directory handle is closed (CLOSEDIR) when the enumeration ends, fails or is
    /// disposed early, so stop enumerating promptly: the target has only 4 directory handles.
    /// </summary>
    /// <exception cref="EfsException">OPENDIR or READDIR failed.</exception>
    public async IAsyncEnumerable<EfsDirEntry> ListStreamAsync(string directory, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        string dir = Norm(directory, nameof(directory));
        byte[] reply = await SendAsync(new EfsOpendirRequest(dir, Subsystem), "opendir", dir, true, cancellationToken).ConfigureAwait(false);
        EfsOpendirResponse open = Parse<EfsOpendirResponse>(reply, EfsOpendirResponse.TryParse, "opendir", dir);
        Check(open.Errno, "opendir", dir);
        if (open.Dirp == 0)
        {
            throw new EfsException(EfsErrno.TOO_MANY_OPEN_DIRS, dir, "opendir", "the modem returned no directory handle");
        }

        bool failed = true;
        try
        {
            var matcher = ZteDiag.Device.Diag.DiagMatchers.EchoedField(4, 4, 8);
            for (int seq = 1; ; seq++)
            {
                reply = await SendAsync(new EfsReaddirRequest(open.Dirp, seq, Subsystem), "readdir", dir, true, cancellationToken, matcher)
                    .ConfigureAwait(false);
                EfsReaddirResponse e = Parse<EfsReaddirResponse>(reply, EfsReaddirResponse.TryParse, "readdir", dir);
                Check(e.Errno, "readdir", dir);
                if (e.IsEndOfDirectory)
                {
                    break;
                }

                yield return new EfsDirEntry(
                    e.Name, EfsPath.Join(dir, e.Name), e.EntryType, e.Mode, (uint)e.FileSize, e.AccessTime, e.ModifyTime, e.ChangeTime);
            }

            failed = false;
        }
        finally
        {
            await CloseDirAsync(open.Dirp, dir, failed).ConfigureAwait(false);
        }
    }
}
