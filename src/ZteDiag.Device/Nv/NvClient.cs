using ZteDiag.Device.Diag;
using ZteDiag.Protocol.Diag;

namespace ZteDiag.Device.Nv;

/// <summary>One NV item as read from the modem.</summary>
/// <param name="Item">Item id.</param>
/// <param name="Status">nv_stat of the reply.</param>
/// <param name="Data">The 128 item_data bytes.</param>
public sealed record NvItem(ushort Item, NvStatus Status, ReadOnlyMemory<byte> Data)
{
    /// <summary>True when the read succeeded.</summary>
    public bool IsActive => Status == NvStatus.Done;
}

/// <summary>Progress of <see cref="NvClient.ScanAsync"/>.</summary>
/// <param name="Item">Item just read.</param>
/// <param name="Done">Items read so far.</param>
/// <param name="Total">Items to read.</param>
/// <param name="Found">Items kept so far.</param>
public readonly record struct NvScanProgress(ushort Item, int Done, int Total, int Found);

/// <summary>
/// NV_READ / NV_WRITE, SPC and PASSWORD (PROTOCOL.md §2.5–2.6). Full 133-byte packets, replies matched
/// on command and echoed item id.
/// </summary>
public sealed class NvClient
{
    /// <summary>The SPC most ZTE sticks ship with.</summary>
    public const string DefaultSpc = "000000";

    // NV request/response: item id at bytes 1..3
    private static readonly DiagResponseMatcher ItemMatcher = DiagMatchers.EchoedField(1, 1, 2);

    private readonly DiagSession _session;

    /// <summary>Creates the client.</summary>
    public NvClient(DiagSession session)
    {
        ArgumentNullException.ThrowIfNull(session);
        _session = session;
    }

    /// <summary>Reads an item. A status other than Done raises, unless <paramref name="tolerateInactive"/> (then any status is returned).</summary>
    /// <exception cref="NvException">The status is not Done.</exception>
    /// <exception cref="DiagRejectedException">SPC-protected item before the SPC (0x42), or locked security (0x47).</exception>
    public async Task<NvItem> ReadAsync(ushort item, bool tolerateInactive = false, CancellationToken cancellationToken = default)
    {
        NvPacket r = await ExchangeAsync(NvPacket.Read(item), DiagCommand.NvRead, "NV_READ", true, cancellationToken).ConfigureAwait(false);
        if (r.Status != NvStatus.Done && !tolerateInactive)
        {
            throw new NvException((int)r.Status, item);
        }

        return new NvItem(item, r.Status, r.Data.ToArray());
    }

    /// <summary>Writes an item (data zero-padded to 128 bytes).</summary>
    /// <exception cref="NvException">The status is not Done (read-only, full…).</exception>
    /// <exception cref="DiagRejectedException">The modem wants the SPC first (0x42): see <see cref="SendSpcAsync"/>.</exception>
    /// <exception cref="ArgumentException">More than 128 bytes.</exception>
    public async Task WriteAsync(ushort item, ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        if (data.Length > NvPacket.DataLength)
        {
            throw new ArgumentException($"NV data is at most {NvPacket.DataLength} bytes", nameof(data));
        }

        // writing the same value twice is harmless, so a lost reply may be re-sent
        NvPacket r = await ExchangeAsync(NvPacket.Write(item, data.Span), DiagCommand.NvWrite, "NV_WRITE", true, cancellationToken).ConfigureAwait(false);
        if (r.Status != NvStatus.Done)
        {
            throw new NvException((int)r.Status, item);
        }
    }

    /// <summary>Sends the 6-digit service programming code. True when accepted.</summary>
    /// <exception cref="ArgumentException">Not 6 ASCII digits.</exception>
    public async Task<bool> SendSpcAsync(string code, CancellationToken cancellationToken)
    {
        if (!SpcRequest.IsValidCode(code))
        {
            throw new ArgumentException("the SPC is 6 digits, e.g. 000000", nameof(code));
        }

        byte[] reply = await _session.RequestAsync(
            SpcRequest.Create(code).ToArray(), new DiagRequestOptions { Name = "SPC" }, cancellationToken).ConfigureAwait(false);
        return SpcResponse.TryParse(reply, out SpcResponse? r) == DiagStatus.Ok
            ? r!.Accepted
            : throw _session.BreakOnUnreadableReply("SPC");
    }

    /// <summary>
    /// Sends the 8-byte security PASSWORD. Only do this when the modem asked for it (a request answered
    /// 0x47, security locked): Qualcomm firmware may power the phone down on a wrong password, so it is
    /// never sent automatically. True when accepted.
    /// </summary>
    /// <exception cref="ArgumentException">Not 8 bytes.</exception>
    public async Task<bool> SendPasswordAsync(ReadOnlyMemory<byte> password, CancellationToken cancellationToken)
    {
        if (password.Length != PasswordRequest.PasswordLength)
        {
            throw new ArgumentException($"the security password is {PasswordRequest.PasswordLength} bytes", nameof(password));
        }

        byte[] reply = await _session.RequestAsync(
            new PasswordRequest(password.Span).ToArray(), new DiagRequestOptions { Name = "PASSWORD" }, cancellationToken).ConfigureAwait(false);
        return PasswordResponse.TryParse(reply, out PasswordResponse? r) == DiagStatus.Ok
            ? r!.Accepted
            : throw _session.BreakOnUnreadableReply("PASSWORD");
    }

    /// <summary>Reads NV 550 and decodes the IMEI.</summary>
    /// <exception cref="NvException">The item is not set.</exception>
    /// <exception cref="DiagLinkException">The item does not hold an IMEI in the NV 550 form.</exception>
    public async Task<string> ReadImeiAsync(CancellationToken cancellationToken)
    {
        NvItem item = await ReadAsync((ushort)NvItemId.UeImei, false, cancellationToken).ConfigureAwait(false);
        ImeiError e = Imei.TryDecode(item.Data.Span, out string? imei);
        return e == ImeiError.None ? imei! : throw new DiagLinkException($"NV item 550 does not hold an IMEI ({e})");
    }

    /// <summary>Requests in flight during a scan (one link write each batch; replies matched on the echoed item id).</summary>
    public const int ScanWindow = 32;

    /// <summary>
    /// Reads every item in <paramref name="items"/> (for an NV backup) and returns those whose status is
    /// neither NotActive nor BadParameter. SPC-protected items (0x42) are skipped, not fatal.
    /// </summary>
    public async Task<IReadOnlyList<NvItem>> ScanAsync(IEnumerable<ushort> items, IProgress<NvScanProgress>? progress = null, CancellationToken cancellationToken = default) =>
        (await ScanAllAsync(items, progress, cancellationToken).ConfigureAwait(false)).Active;

    /// <summary>
    /// Reads every id of <paramref name="items"/> with <see cref="ScanWindow"/> NV_READs in flight
    /// (through <see cref="DiagSession.ExchangeAsync"/>: each request has its own outcome, so a refused
    /// item does not stop the scan) and sorts the answers: active items, ids that need the SPC, ids
    /// that are unreadable by design, ids the firmware does not know, and a count per nv_stat.
    /// </summary>
    /// <exception cref="DiagLinkException">The link failed or a reply could not be read.</exception>
    public async Task<NvScanResult> ScanAllAsync(IEnumerable<ushort> items, IProgress<NvScanProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(items);
        IReadOnlyList<ushort> list = items as IReadOnlyList<ushort> ?? [.. items];
        var found = new List<NvItem>();
        List<ushort> spc = [], unreadable = [], unknown = [];
        var counts = new Dictionary<NvStatus, int>();
        for (int start = 0; start < list.Count; start += ScanWindow)
        {
            var batch = list.Skip(start).Take(ScanWindow).ToList();
            var requests = batch.Select(id => new PipelinedRequest(NvPacket.Read(id).ToArray(),
                new DiagRequestOptions { Matcher = ItemMatcher, SafeToRetry = true, Name = $"NV_READ item {id}" })).ToList();
            DiagExchange exchange = await _session.ExchangeAsync(requests, cancellationToken).ConfigureAwait(false);
            for (int i = 0; i < batch.Count; i++)
            {
                ushort id = batch[i];
                DiagOutcome o = exchange.Outcomes[i];
                switch (o.Error)
                {
                    case null:
                        if (NvPacket.TryParse(o.Reply, DiagCommand.NvRead, id, out NvPacket? r) != DiagStatus.Ok)
                        {
                            throw _session.BreakOnUnreadableReply($"NV_READ item {id}");
                        }

                        counts[r!.Status] = counts.GetValueOrDefault(r.Status) + 1;
                        if (r.Status is not (NvStatus.NotActive or NvStatus.BadParameter))
                        {
                            found.Add(new NvItem(id, r.Status, r.Data.ToArray()));
                        }

                        break;
                    case DiagRejectedException { Status: DiagStatus.SpcLocked }:
                        spc.Add(id);
                        break;
                    case DiagRejectedException { Status: DiagStatus.BadParameter }:
                        unreadable.Add(id);
                        break;
                    case DiagRejectedException { Status: DiagStatus.BadCommand }:
                        unknown.Add(id);
                        break;
                    default:
                        throw o.Error;
                }
            }

            int done = Math.Min(start + ScanWindow, list.Count);
            progress?.Report(new NvScanProgress(batch[^1], done, list.Count, found.Count));
        }

        return new NvScanResult(found, spc, unreadable, unknown, counts, list.Count);
    }

    /// <summary>Items <paramref name="first"/>..<paramref name="last"/> inclusive, for <see cref="ScanAsync"/>.</summary>
    public static IEnumerable<ushort> Range(ushort first, ushort last)
    {
        for (int i = first; i <= last; i++)
        {
            yield return (ushort)i;
        }
    }

    private async Task<NvPacket> ExchangeAsync(NvPacket request, DiagCommand command, string name, bool safeToRetry, CancellationToken ct)
    {
        string label = $"{name} item {request.Item}";
        byte[] reply;
        try
        {
            reply = await _session.RequestAsync(
                request.ToArray(), new DiagRequestOptions { Matcher = ItemMatcher, SafeToRetry = safeToRetry, Name = label }, ct).ConfigureAwait(false);
        }
        catch (DiagRejectedException ex) when (ex.Status == DiagStatus.SpcLocked)
        {
            throw new DiagRejectedException(ex.Status, label, $"the modem wants the SPC first: `ztediag spc {DefaultSpc}` (BAD_SPC_MODE)", ex.Echo.ToArray());
        }
        catch (DiagRejectedException ex) when (ex.Status == DiagStatus.SecurityLocked)
        {
            throw new DiagRejectedException(ex.Status, label, "diag security is locked; run `ztediag spc` / a password is needed (BAD_SEC_MODE)", ex.Echo.ToArray());
        }

        return NvPacket.TryParse(reply, command, request.Item, out NvPacket? r) == DiagStatus.Ok
            ? r!
            : throw _session.BreakOnUnreadableReply(label);
    }
}
