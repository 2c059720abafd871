using ZteDiag.Device.Diag;
using ZteDiag.Device.Identity;
using ZteDiag.Device.Links;
using ZteDiag.Device.Nv;
using ZteDiag.Protocol.Diag;
using static ZteDiag.Device.Tests.Support.ScriptedPeer;

namespace ZteDiag.Device.Tests.Nv;

public sealed class NvClientTests
{
    private const string TestImei = "356938035643809";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>A modem with NV 550 set, NV 10 inactive, NV 20 SPC-protected for writes until the SPC 000000.</summary>
    private sealed class FakeNvModem
    {
        private readonly Dictionary<ushort, byte[]> _items = new() { [550] = Imei.Encode(TestImei), [20] = [7] };

        public bool SpcAccepted { get; private set; }

        public bool ExtBuildIdSupported { get; init; }

        public IEnumerable<byte[]> Handle(byte[] req)
        {
            static byte[] Err(byte code, byte[] req) => Frame([code, .. req.AsSpan(0, Math.Min(16, req.Length))]);
            switch ((DiagCommand)req[0])
            {
                case DiagCommand.NvRead:
                {
                    NvPacket.TryParse(req, out var p);
                    return _items.TryGetValue(p!.Item, out byte[]? d)
                        ? [Frame(NvPacket.Read(p.Item, d).ToArray())]
                        : [Frame(p.WithStatus(NvStatus.NotActive).ToArray())];
                }

                case DiagCommand.NvWrite:
                {
                    NvPacket.TryParse(req, out var p);
                    if (p!.Item == 20 && !SpcAccepted)
                    {
                        return [Err(0x42, req)];
                    }

                    _items[p.Item] = p.Data.ToArray();
                    return [Frame(req)];
                }

                case DiagCommand.Spc:
                {
                    SpcRequest.TryParse(req, out var s);
                    SpcAccepted = s!.Code == "000000";
                    return [Frame(new SpcResponse(SpcAccepted).ToArray())];
                }

                case DiagCommand.Verno:
                    return [Frame(new VernoResponse("Jan 01 2009", "12:00:00", "Jan 01 2009", "12:00:00", "MF626", 0, 6, 0, 1, 0, 2, 1).ToArray())];
                case DiagCommand.ExtBuildId when ExtBuildIdSupported:
                    return [Frame(new ExtBuildIdResponse(0, 0, 1, 2, "BD_TMOP673M3V1.0.1B07", "MF626").ToArray())];
                default:
                    return [Err(0x13, req)];
            }
        }
    }

    private static (DiagSession Session, Support.ScriptedPeer Peer) Start(FakeNvModem modem)
    {
        var pair = new InMemoryLinkPair();
        var peer = Over(pair.Device, modem.Handle);
        return (new DiagSession(pair.Host, new DiagSessionOptions { DefaultTimeout = TimeSpan.FromSeconds(1) }), peer);
    }

    [Fact]
    public async Task Read_returns_the_128_data_bytes_and_inactive_raises_unless_tolerated()
    {
        var (session, peer) = Start(new FakeNvModem());
        await using var _ = peer;
        await using var __ = session;
        var nv = new NvClient(session);

        NvItem imei = await nv.ReadAsync(550, cancellationToken: Ct);
        var ex = await Assert.ThrowsAsync<NvException>(() => nv.ReadAsync(10, cancellationToken: Ct));
        NvItem inactive = await nv.ReadAsync(10, tolerateInactive: true, cancellationToken: Ct);

        Assert.Equal(128, imei.Data.Length);
        Assert.Equal(0x08, imei.Data.Span[0]);
        Assert.Equal(5, ex.Status);
        Assert.Equal(NvStatus.NotActive, inactive.Status);
    }

    [Fact]
    public async Task Read_imei_decodes_nv_550()
    {
        var (session, peer) = Start(new FakeNvModem());
        await using var _ = peer;
        await using var __ = session;

        Assert.Equal(TestImei, await new NvClient(session).ReadImeiAsync(Ct));
    }

    [Fact]
    public async Task Write_of_an_spc_protected_item_asks_for_the_spc_then_succeeds_after_it()
    {
        var modem = new FakeNvModem();
        var (session, peer) = Start(modem);
        await using var _ = peer;
        await using var __ = session;
        var nv = new NvClient(session);

        var ex = await Assert.ThrowsAsync<DiagRejectedException>(() => nv.WriteAsync(20, new byte[] { 1 }, Ct));
        Assert.Equal(DiagStatus.SpcLocked, ex.Status);
        Assert.Contains("the modem wants the SPC first: `ztediag spc 000000`", ex.Message, StringComparison.Ordinal);

        Assert.False(await nv.SendSpcAsync("123456", Ct));
        Assert.True(await nv.SendSpcAsync("000000", Ct));
        await nv.WriteAsync(20, new byte[] { 1 }, Ct);
        Assert.Equal(1, (await nv.ReadAsync(20, cancellationToken: Ct)).Data.Span[0]);
    }

    [Fact]
    public async Task Scan_keeps_only_items_that_are_set()
    {
        var (session, peer) = Start(new FakeNvModem());
        await using var _ = peer;
        await using var __ = session;

        IReadOnlyList<NvItem> found = await new NvClient(session).ScanAsync([10, 20, 550, 551], null, Ct);

        Assert.Equal(new ushort[] { 20, 550 }, found.Select(i => i.Item));
    }

    [Fact]
    public async Task Identity_reader_tolerates_commands_the_firmware_lacks()
    {
        var (session, peer) = Start(new FakeNvModem());
        await using var _ = peer;
        await using var __ = session;

        DiagIdentity id = await new DeviceIdentityReader(session).ReadAsync(Ct);

        Assert.Equal("MF626", id.Version!.VersionDirectory);
        Assert.Null(id.ExtendedBuild);
        Assert.Null(id.DiagVersion);
        Assert.Null(id.Esn);
        Assert.Equal(TestImei, id.Imei);
    }
}
