using ZteDiag.Device.Diag;
using ZteDiag.Protocol.Diag;

namespace ZteDiag.Device.Nv;

/// <summary>
/// Indexed NV reads over the NV subsystem (<c>4B 30 01 00</c>, PROTOCOL.md §2.5): an item id plus an
/// array index / subscription. Support on MSM62xx firmware is unverified; a firmware without it
/// answers BAD_CMD (raised as <see cref="DiagRejectedException"/>).
/// </summary>
public sealed class IndexedNvClient
{
    // item id and index at bytes 4..8 of request and response
    private static readonly DiagResponseMatcher ItemMatcher = DiagMatchers.EchoedField(4, 4, 4);

    private readonly DiagSession _session;

    /// <summary>Creates the client.</summary>
    public IndexedNvClient(DiagSession session)
    {
        ArgumentNullException.ThrowIfNull(session);
        _session = session;
    }

    /// <summary>Reads element <paramref name="index"/> of <paramref name="item"/>; any NV status is returned, not raised.</summary>
    /// <exception cref="DiagRejectedException">Unsupported (BAD_CMD), SPC-protected (0x42) or security locked (0x47).</exception>
    /// <exception cref="DiagLinkException">The reply could not be read, or the link failed.</exception>
    public async Task<NvItem> ReadAsync(ushort item, ushort index, CancellationToken cancellationToken)
    {
        string label = $"NV_READ item {item} index {index}";
        var request = new IndexedNvPacket(IndexedNvCommand.Read, item, index, []);
        byte[] reply;
        try
        {
            reply = await _session.RequestAsync(
                request.ToArray(), new DiagRequestOptions { Matcher = ItemMatcher, SafeToRetry = true, Name = label }, cancellationToken).ConfigureAwait(false);
        }
        catch (DiagRejectedException ex) when (ex.Status == DiagStatus.SpcLocked)
        {
            throw new DiagRejectedException(ex.Status, label, $"the modem wants the SPC first: `ztediag spc {NvClient.DefaultSpc}` (BAD_SPC_MODE)", ex.Echo.ToArray());
        }

        return IndexedNvPacket.TryParse(reply, out IndexedNvPacket? r) == DiagStatus.Ok
            ? new NvItem(item, r!.Status, r.Data.ToArray())
            : throw _session.BreakOnUnreadableReply(label);
    }
}
