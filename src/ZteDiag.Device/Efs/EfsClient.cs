using ZteDiag.Device.Diag;
using ZteDiag.Protocol.Diag;
using ZteDiag.Protocol.Efs;

namespace ZteDiag.Device.Efs;

/// <summary>Parses one reply packet (the shape of every Protocol record's <c>TryParse</c>).</summary>
internal delegate DiagStatus EfsReplyParser<T>(ReadOnlySpan<byte> src, out T? value)
    where T : class;

/// <summary>
/// EFS2 over DIAG (PROTOCOL.md §3), one per <see cref="DiagSession"/>: one async method per
/// operation, paths in and typed records out. The first call (or <see cref="ConnectAsync"/>) sends
/// HELLO once (it closes every handle the target holds) and QUERY, probing subsystem 19 then 62.
/// </summary>
/// <remarks>
/// <para>Failures: a non-zero <c>diag_errno</c> raises <see cref="EfsException"/> (errno name, path,
/// operation); a DIAG error reply raises <see cref="DiagRejectedException"/> (0x47 says the security
/// password is needed: this client never sends PASSWORD on its own, PROTOCOL.md §2.6).</para>
/// <para>Retries (§3.3): only requests the target memoizes (OPEN, CLOSE, UNLINK, MKDIR, RMDIR, OPENDIR,
/// CLOSEDIR, RENAME, SYMLINK) or that are idempotent (HELLO at connect, QUERY, READ/WRITE carrying
/// their offset, READDIR by seqno, STAT, LSTAT, FSTAT, READLINK, STATFS, GET, PUT with O_TRUNC, CHMOD,
/// MD5SUM) are marked safe to retry.</para>
/// <para>Not thread-safe for overlapping calls that hold handles; one operation at a time per client.</para>
/// </remarks>
public sealed partial class EfsClient
{
    private const string SecurityLockedHint = "diag security is locked; run `ztediag spc` / a password is needed (BAD_SEC_MODE)";

    private readonly DiagSession _session;
    private readonly EfsClientOptions _options;
    private readonly SemaphoreSlim _connectLock = new(1, 1);
    private bool _connected;
    private ushort _sequence;

    /// <summary>Creates the client; nothing is sent until the first call.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Window below 1, or a forced subsystem other than 19/62.</exception>
    public EfsClient(DiagSession session, EfsClientOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(session);
        _session = session;
        _options = options ?? new EfsClientOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(_options.Window, 1, nameof(options));
        if (_options.Subsystem is byte s && !EfsSubsystem.IsEfs(s))
        {
            throw new ArgumentOutOfRangeException(nameof(options), s, "the EFS2 subsystem is 19 or 62");
        }

        Subsystem = _options.Subsystem ?? EfsSubsystem.Standard;
    }

    /// <summary>The EFS2 subsystem id in use (19, or 62 after 19 answered BAD_CMD).</summary>
    public byte Subsystem { get; private set; }

    /// <summary>The HELLO reply, once connected.</summary>
    public EfsHelloResponse? HelloInfo { get; private set; }

    /// <summary>The QUERY reply (name/path limits), once connected.</summary>
    public EfsQueryResponse? QueryInfo { get; private set; }

    /// <summary>True after HELLO and QUERY succeeded.</summary>
    public bool IsConnected => _connected;

    /// <summary>The session this client talks through.</summary>
    public DiagSession Session => _session;

    /// <summary>
    /// Sends HELLO (once per client; it closes all target handles) and QUERY. Probes subsystem 19,
    /// then 62 when 19 answers BAD_CMD, unless the options force one. Later calls return at once.
    /// </summary>
    /// <exception cref="DiagRejectedException">Neither subsystem answered, or security is locked (0x47).</exception>
    public async Task ConnectAsync(CancellationToken cancellationToken)
    {
        if (_connected)
        {
            return;
        }

        await _connectLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_connected)
            {
                return;
            }

            byte[] candidates = _options.Subsystem is byte forced ? [forced] : [EfsSubsystem.Standard, EfsSubsystem.Alternate];
            DiagRejectedException? last = null;
            foreach (byte sub in candidates)
            {
                try
                {
                    byte[] hello = await RawAsync(EfsHelloRequest.Default(sub), "hello", "/", true, null, cancellationToken).ConfigureAwait(false);
                    HelloInfo = Parse<EfsHelloResponse>(hello, EfsHelloResponse.TryParse, "hello", "/");
                    Subsystem = sub;
                    last = null;
                    break;
                }
                catch (DiagRejectedException ex) when (ex.Status == DiagStatus.BadCommand)
                {
                    last = ex;
                }
            }

            if (last is not null)
            {
                throw new DiagRejectedException(
                    DiagStatus.BadCommand,
                    "EFS2 HELLO",
                    $"the modem has no EFS2 subsystem (tried {string.Join(" and ", candidates)}: BAD_CMD)",
                    default);
            }

            byte[] query = await RawAsync(new EfsQueryRequest(Subsystem), "query", "/", true, null, cancellationToken).ConfigureAwait(false);
            QueryInfo = Parse<EfsQueryResponse>(query, EfsQueryResponse.TryParse, "query", "/");
            _connected = true;
        }
        finally
        {
            _connectLock.Release();
        }
    }

    private ushort NextSequence() => unchecked(++_sequence);

    private DiagRequestOptions RequestOptions(string operation, string path, bool safeToRetry, DiagResponseMatcher? matcher) => new()
    {
        Matcher = EfsMatchers.OrEfsError(matcher ?? DiagMatchers.Default),
        Timeout = _options.Timeout,
        SafeToRetry = safeToRetry,
        Name = $"EFS {operation} {path}",
    };

    /// <summary>Connects if needed, sends <paramref name="request"/> and returns the raw reply (EFS2 ERROR replies raise).</summary>
    private async Task<byte[]> SendAsync(
        IDiagPacket request, string operation, string path, bool safeToRetry, CancellationToken cancellationToken, DiagResponseMatcher? matcher = null)
    {
        await ConnectAsync(cancellationToken).ConfigureAwait(false);
        return await RawAsync(request, operation, path, safeToRetry, matcher, cancellationToken, stampSubsystem: true).ConfigureAwait(false);
    }

    private async Task<byte[]> RawAsync(
        IDiagPacket request, string operation, string path, bool safeToRetry, DiagResponseMatcher? matcher, CancellationToken cancellationToken,
        bool stampSubsystem = false)
    {
        byte[] payload = request.ToArray();
        if (stampSubsystem)
        {
            // a request built before the first call connected carries the default id: use the probed one
            payload[1] = Subsystem;
        }

        byte[] reply;
        try
        {
            reply = await _session.RequestAsync(payload, RequestOptions(operation, path, safeToRetry, matcher), cancellationToken)
                .ConfigureAwait(false);
        }
        catch (DiagRejectedException ex) when (ex.Status == DiagStatus.SecurityLocked)
        {
            throw SecurityLocked(ex, operation, path);
        }

        ThrowIfEfsError(reply, operation, path);
        return reply;
    }

    private static DiagRejectedException SecurityLocked(DiagRejectedException ex, string operation, string path) =>
        new(DiagStatus.SecurityLocked, $"EFS {operation} {path}", SecurityLockedHint, ex.Echo.ToArray());

    /// <summary>Translates a rejected pipelined request the same way a single one is.</summary>
    private static Exception Translate(DiagRejectedException ex, string operation, string path) =>
        ex.Status == DiagStatus.SecurityLocked ? SecurityLocked(ex, operation, path) : ex;

    private static void ThrowIfEfsError(ReadOnlySpan<byte> reply, string operation, string path)
    {
        if (EfsMatchers.IsEfsError(reply) && EfsErrorResponse.TryParse(reply, out EfsErrorResponse? err) == DiagStatus.Ok)
        {
            throw new EfsException(err!.Errno, path, operation);
        }
    }

    private T Parse<T>(ReadOnlySpan<byte> reply, EfsReplyParser<T> parser, string operation, string path)
        where T : class
    {
        ThrowIfEfsError(reply, operation, path);
        DiagStatus s = parser(reply, out T? value);
        return s == DiagStatus.Ok && value is not null
            ? value
            : throw _session.BreakOnUnreadableReply($"EFS {operation} {path}", s.Describe());
    }

    private static void Check(EfsErrno errno, string operation, string path)
    {
        if (errno != EfsErrno.ENOERR)
        {
            throw new EfsException(errno, path, operation);
        }
    }

    /// <summary>Sends a request whose reply is just an errno (UNLINK, RMDIR, RENAME…).</summary>
    private async Task<EfsErrno> ErrnoOnlyAsync<T>(
        IDiagPacket request, EfsReplyParser<T> parser, Func<T, EfsErrno> errno, string operation, string path, bool safeToRetry, CancellationToken ct)
        where T : class
    {
        byte[] reply = await SendAsync(request, operation, path, safeToRetry, ct).ConfigureAwait(false);
        return errno(Parse(reply, parser, operation, path));
    }

    private static string Norm(string path, string paramName = "path")
    {
        ArgumentNullException.ThrowIfNull(path, paramName);
        EfsPath.Validate(path, paramName);
        return EfsPath.Normalize(path);
    }
}

/// <summary>Response matchers for EFS2 requests.</summary>
internal static class EfsMatchers
{
    /// <summary>True for an EFS2 ERROR (opcode 28) reply: <c>4B ss 1C 00</c> + errno + echo.</summary>
    public static bool IsEfsError(ReadOnlySpan<byte> reply) =>
        reply.Length >= 8 && reply[0] == (byte)DiagCommand.SubsysCmd && EfsSubsystem.IsEfs(reply[1])
        && reply[2] == (byte)EfsCommand.Error && reply[3] == 0;

    /// <summary><paramref name="inner"/>, or an EFS2 ERROR reply whose echo is a prefix of the request.</summary>
    public static DiagResponseMatcher OrEfsError(DiagResponseMatcher inner) => (req, rsp) =>
    {
        if (inner(req, rsp))
        {
            return true;
        }

        if (!IsEfsError(rsp) || req.Length < 2 || rsp[1] != req[1])
        {
            return false;
        }

        ReadOnlySpan<byte> echo = rsp[8..];
        return echo.Length > 0 && echo.Length <= req.Length && req[..echo.Length].SequenceEqual(echo);
    };
}
