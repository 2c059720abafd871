using ZteDiag.Device.Efs;

namespace ZteDiag.Workbench.Restore;

/// <summary>
/// Writes that never leave a half file under the real name: regular files go to
/// <c>.&lt;name&gt;.ztediag-tmp</c> in the same directory, are read back and hashed, then renamed over
/// the original; item files are written whole by PUT (atomic on the target) and read back by GET.
/// </summary>
internal static class AtomicEfsWrite
{
    /// <summary>Suffix of temporary files.</summary>
    public const string TempSuffix = ".ztediag-tmp";

    /// <summary><c>/dir/name</c> → <c>/dir/.name.ztediag-tmp</c>.</summary>
    public static string TempPathFor(string path)
    {
        int slash = path.LastIndexOf('/');
        string dir = slash <= 0 ? "" : path[..slash];
        return $"{dir}/.{path[(slash + 1)..]}{TempSuffix}";
    }

    /// <summary>Temp write, read back, SHA-256 compare, rename over <paramref name="path"/>.</summary>
    /// <exception cref="RestoreException">The temp file did not read back as written (it is removed).</exception>
    public static async Task WriteFileVerifiedAsync(EfsClient efs, string path, byte[] data, int permissions, CancellationToken ct)
    {
        string temp = TempPathFor(path);
        using (var ms = new MemoryStream(data, writable: false))
        {
            await efs.WriteFileAsync(temp, ms, data.Length, 0, ZteDiag.Protocol.Efs.EfsMode.S_IFREG | (permissions & 0xFFF), null, ct).ConfigureAwait(false);
        }

        byte[] back = await efs.ReadAllBytesAsync(temp, ct).ConfigureAwait(false);
        if (RestorePlanner.Sha256Hex(back) != RestorePlanner.Sha256Hex(data))
        {
            await efs.UnlinkAsync(temp, ct).ConfigureAwait(false);
            throw new RestoreException($"'{path}': the written file read back as {back.Length} bytes with a different SHA-256; the original is untouched");
        }

        await efs.RenameAsync(temp, path, ct).ConfigureAwait(false);
    }

    /// <summary>PUT the item file, GET it back and compare.</summary>
    /// <exception cref="RestoreException">The item file reads back differently.</exception>
    public static async Task PutItemVerifiedAsync(EfsClient efs, string path, byte[] data, CancellationToken ct)
    {
        await efs.PutItemAsync(path, data, createParents: false, ct).ConfigureAwait(false);
        byte[] back = await efs.GetItemAsync(path, ct).ConfigureAwait(false);
        if (!back.AsSpan().SequenceEqual(data))
        {
            throw new RestoreException($"'{path}': the item file read back differently ({back.Length} bytes, expected {data.Length})");
        }
    }
}
