using ZteDiag.Protocol.Diag;
using ZteDiag.Protocol.Efs;

namespace ZteDiag.Device.Efs;

/// <summary>Metadata, directories and path operations.</summary>
public sealed partial class EfsClient
{
    /// <summary>Default permission bits for new directories (0777).</summary>
    public const int DefaultDirectoryMode = 0x1FF;

    /// <summary>STAT: follows symlinks.</summary>
    /// <exception cref="EfsException">e.g. ENOENT.</exception>
    public async Task<EfsStat> StatAsync(string path, CancellationToken cancellationToken)
    {
        string p = Norm(path);
        byte[] reply = await SendAsync(new EfsStatRequest(p, Subsystem), "stat", p, true, cancellationToken).ConfigureAwait(false);
        EfsStatResponse r = Parse<EfsStatResponse>(reply, EfsStatResponse.TryParse, "stat", p);
        Check(r.Errno, "stat", p);
        return new EfsStat(p, r.Mode, EfsMode.KindOf(r.Mode), (uint)r.FileSize, r.LinkCount, r.AccessTime, r.ModifyTime, r.ChangeTime);
    }

    /// <summary>LSTAT: does not follow symlinks; the target reports no size or link count (both 0).</summary>
    /// <exception cref="EfsException">e.g. ENOENT.</exception>
    public async Task<EfsStat> LstatAsync(string path, CancellationToken cancellationToken)
    {
        string p = Norm(path);
        byte[] reply = await SendAsync(new EfsLstatRequest(p, Subsystem), "lstat", p, true, cancellationToken).ConfigureAwait(false);
        EfsLstatResponse r = Parse<EfsLstatResponse>(reply, EfsLstatResponse.TryParse, "lstat", p);
        Check(r.Errno, "lstat", p);
        return new EfsStat(p, r.Mode, EfsMode.KindOf(r.Mode), 0, 0, r.AccessTime, r.ModifyTime, r.ChangeTime);
    }

    /// <summary>True when STAT finds the path; false on ENOENT / ENOTDIR.</summary>
    public async Task<bool> ExistsAsync(string path, CancellationToken cancellationToken)
    {
        try
        {
            await StatAsync(path, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (EfsException ex) when (ex.Errno is EfsErrno.ENOENT or EfsErrno.ENOTDIR)
        {
            return false;
        }
    }

    /// <summary>
    /// MKDIR. With <paramref name="parents"/>, like <c>mkdir -p</c>: creates missing ancestors, and an
    /// existing directory (STAT says so, or MKDIR answers EEXIST) is fine.
    /// </summary>
    /// <exception cref="EfsException">EEXIST without <paramref name="parents"/>, ENOTDIR, ENOSPC…</exception>
    public async Task MkdirAsync(string path, int mode = DefaultDirectoryMode, bool parents = false, CancellationToken cancellationToken = default)
    {
        string p = Norm(path);
        if (!parents)
        {
            await MkdirOneAsync(p, mode, cancellationToken).ConfigureAwait(false);
            return;
        }

        string current = string.Empty;
        foreach (string part in p.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            current += "/" + part;
            EfsStat? st = null;
            try
            {
                st = await StatAsync(current, cancellationToken).ConfigureAwait(false);
            }
            catch (EfsException ex) when (ex.Errno == EfsErrno.ENOENT)
            {
            }

            if (st is not null)
            {
                if (!st.IsDirectory)
                {
                    throw new EfsException(EfsErrno.ENOTDIR, current, "mkdir", "it exists and is not a directory");
                }

                continue;
            }

            try
            {
                await MkdirOneAsync(current, mode, cancellationToken).ConfigureAwait(false);
            }
            catch (EfsException ex) when (ex.Errno == EfsErrno.EEXIST)
            {
                // created meanwhile, or the target reports an existing directory this way
            }
        }
    }

    private async Task MkdirOneAsync(string p, int mode, CancellationToken ct)
    {
        EfsErrno e = await ErrnoOnlyAsync<EfsMkdirResponse>(
            new EfsMkdirRequest(unchecked((short)mode), p, Subsystem), EfsMkdirResponse.TryParse, r => r.Errno, "mkdir", p, true, ct).ConfigureAwait(false);
        Check(e, "mkdir", p);
    }

    /// <summary>UNLINK a file, item file or symlink (the target reports a missing path as success).</summary>
    public async Task UnlinkAsync(string path, CancellationToken cancellationToken)
    {
        string p = Norm(path);
        Check(await ErrnoOnlyAsync<EfsUnlinkResponse>(
            new EfsUnlinkRequest(p, Subsystem), EfsUnlinkResponse.TryParse, r => r.Errno, "unlink", p, true, cancellationToken).ConfigureAwait(false), "unlink", p);
    }

    /// <summary>RMDIR an empty directory (ENOTEMPTY otherwise).</summary>
    public async Task RmdirAsync(string path, CancellationToken cancellationToken)
    {
        string p = Norm(path);
        Check(await ErrnoOnlyAsync<EfsRmdirResponse>(
            new EfsRmdirRequest(p, Subsystem), EfsRmdirResponse.TryParse, r => r.Errno, "rmdir", p, true, cancellationToken).ConfigureAwait(false), "rmdir", p);
    }

    /// <summary>
    /// Removes a file or a whole tree: walks it (one directory handle at a time), then unlinks files
    /// and removes directories bottom-up. A missing path is not an error.
    /// </summary>
    public async Task RemoveRecursiveAsync(string path, CancellationToken cancellationToken)
    {
        string p = Norm(path);
        EfsStat st;
        try
        {
            st = await LstatAsync(p, cancellationToken).ConfigureAwait(false);
        }
        catch (EfsException ex) when (ex.Errno == EfsErrno.ENOENT)
        {
            return;
        }

        if (!st.IsDirectory)
        {
            await UnlinkAsync(p, cancellationToken).ConfigureAwait(false);
            return;
        }

        var all = new List<EfsDirEntry>();
        await foreach (EfsDirEntry e in WalkAsync(p, false, cancellationToken).ConfigureAwait(false))
        {
            all.Add(e);
        }

        // reverse pre-order visits every child before its parent
        for (int i = all.Count - 1; i >= 0; i--)
        {
            if (all[i].IsDirectory)
            {
                await RmdirAsync(all[i].Path, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await UnlinkAsync(all[i].Path, cancellationToken).ConfigureAwait(false);
            }
        }

        if (p != EfsPath.Root)
        {
            await RmdirAsync(p, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>RENAME (move) a file or directory.</summary>
    public async Task RenameAsync(string oldPath, string newPath, CancellationToken cancellationToken)
    {
        string from = Norm(oldPath, nameof(oldPath));
        string to = Norm(newPath, nameof(newPath));
        Check(await ErrnoOnlyAsync<EfsRenameResponse>(
            new EfsRenameRequest(from, to, Subsystem), EfsRenameResponse.TryParse, r => r.Errno, "rename", from, true, cancellationToken).ConfigureAwait(false),
            "rename", $"{from} -> {to}");
    }

    /// <summary>Creates <paramref name="linkPath"/> pointing at <paramref name="target"/>.</summary>
    public async Task SymlinkAsync(string target, string linkPath, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        EfsPath.Validate(target, nameof(target));
        string link = Norm(linkPath, nameof(linkPath));
        Check(await ErrnoOnlyAsync<EfsSymlinkResponse>(
            new EfsSymlinkRequest(target, link, Subsystem), EfsSymlinkResponse.TryParse, r => r.Errno, "symlink", link, true, cancellationToken).ConfigureAwait(false),
            "symlink", link);
    }

    /// <summary>READLINK: the target of a symlink.</summary>
    public async Task<string> ReadlinkAsync(string path, CancellationToken cancellationToken)
    {
        string p = Norm(path);
        byte[] reply = await SendAsync(new EfsReadlinkRequest(p, Subsystem), "readlink", p, true, cancellationToken).ConfigureAwait(false);
        EfsReadlinkResponse r = Parse<EfsReadlinkResponse>(reply, EfsReadlinkResponse.TryParse, "readlink", p);
        Check(r.Errno, "readlink", p);
        return r.Target;
    }

    /// <summary>CHMOD: sets the permission bits (<paramref name="mode"/> & 07777).</summary>
    public async Task ChmodAsync(string path, int mode, CancellationToken cancellationToken)
    {
        string p = Norm(path);
        Check(await ErrnoOnlyAsync<EfsChmodResponse>(
            new EfsChmodRequest((short)(mode & EfsMode.PermissionMask), p, Subsystem), EfsChmodResponse.TryParse, r => r.Errno, "chmod", p, true, cancellationToken)
            .ConfigureAwait(false), "chmod", p);
    }

    /// <summary>STATFS: size and free space of the file system holding <paramref name="path"/>.</summary>
    public async Task<EfsSpace> StatfsAsync(string path = EfsPath.Root, CancellationToken cancellationToken = default)
    {
        string p = Norm(path);
        byte[] reply = await SendAsync(new EfsStatfsRequest(p, Subsystem), "statfs", p, true, cancellationToken).ConfigureAwait(false);
        EfsStatfsResponse r = Parse<EfsStatfsResponse>(reply, EfsStatfsResponse.TryParse, "statfs", p);
        Check(r.Errno, "statfs", p);
        long bs = r.BlockSize;
        return new EfsSpace(p, r.FsTypeName, r.BlockSize, bs * r.TotalBlocks, bs * r.FreeBlocks, bs * r.AvailableBlocks, r.FileCount, r.MaxFileCount);
    }

    /// <summary>MD5SUM of a file computed by the target; null when the firmware answers BAD_CMD (pre-2008 EFS).</summary>
    public async Task<byte[]?> Md5Async(string path, CancellationToken cancellationToken)
    {
        string p = Norm(path);
        byte[] reply;
        try
        {
            reply = await SendAsync(new EfsMd5SumRequest(NextSequence(), p, Subsystem), "md5sum", p, true, cancellationToken).ConfigureAwait(false);
        }
        catch (DiagRejectedException ex) when (ex.Status == DiagStatus.BadCommand)
        {
            return null;
        }

        EfsMd5SumResponse r = Parse<EfsMd5SumResponse>(reply, EfsMd5SumResponse.TryParse, "md5sum", p);
        Check(r.Errno, "md5sum", p);
        return r.Hash;
    }
}
