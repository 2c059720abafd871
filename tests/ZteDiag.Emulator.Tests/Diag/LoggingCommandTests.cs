using ZteDiag.Emulator.Diag;
using ZteDiag.Emulator.State;
using ZteDiag.Emulator.Tests.State;

namespace ZteDiag.Emulator.Tests.Diag;

/// <summary>LOG_CONFIG (0x73) and EXT_MSG_CONFIG (0x7D) byte for byte, as diagpkt.h / msg_pkt_defs.h lay them out.</summary>
public sealed class LoggingCommandTests : IDisposable
{
    private readonly TempDir _dir = new();
    private readonly ModemState _state;

    public LoggingCommandTests() => _state = ModemState.CreateFresh("mf627-mts", _dir.Sub("state"));

    public void Dispose()
    {
        _state.Dispose();
        _dir.Dispose();
    }

    private ModemDiagResponder Responder(bool acknowledge = true) => new(_state, new ModemDiagOptions { AcknowledgeLogConfig = acknowledge });

    [Fact]
    public void Retrieve_id_ranges_answers_op_status_and_the_last_item_of_each_of_16_equipment_ids()
    {
        byte[] reply = Responder().Respond([0x73, 0, 0, 0, 0x01, 0, 0, 0])!;
        Assert.Equal(12 + (16 * 4), reply.Length);
        Assert.Equal([0x73, 0, 0, 0, 0x01, 0, 0, 0, 0, 0, 0, 0], reply[..12]);
        Assert.Equal([0xFF, 0x05, 0, 0], reply[16..20]); // equipment 1
        Assert.Equal([0xFF, 0x01, 0, 0], reply[28..32]); // equipment 4 (WCDMA)
        Assert.Equal([0xFF, 0x02, 0, 0], reply[32..36]); // equipment 5 (GSM)
    }

    [Fact]
    public void Set_mask_stores_the_mask_and_repeats_equip_id_item_count_and_mask_get_mask_reads_it_back()
    {
        var r = Responder();
        // op 3, equipment 5 (GSM), 12 items -> 2 mask bytes
        byte[] set = [0x73, 0, 0, 0, 0x03, 0, 0, 0, 0x05, 0, 0, 0, 0x0C, 0, 0, 0, 0x81, 0x0F];
        Assert.Equal([0x73, 0, 0, 0, 0x03, 0, 0, 0, 0, 0, 0, 0, 0x05, 0, 0, 0, 0x0C, 0, 0, 0, 0x81, 0x0F], r.Respond(set));
        Assert.Equal([0x73, 0, 0, 0, 0x04, 0, 0, 0, 0, 0, 0, 0, 0x05, 0, 0, 0, 0x0C, 0, 0, 0, 0x81, 0x0F], r.Respond([0x73, 0, 0, 0, 0x04, 0, 0, 0, 0x05, 0, 0, 0]));

        // an equipment id past 15: status 1, no mask; a mask shorter than the item count says: BAD_LEN
        Assert.Equal([0x73, 0, 0, 0, 0x03, 0, 0, 0, 0x01, 0, 0, 0, 0x10, 0, 0, 0, 0x08, 0, 0, 0], r.Respond([0x73, 0, 0, 0, 0x03, 0, 0, 0, 0x10, 0, 0, 0, 0x08, 0, 0, 0, 0xFF]));
        byte[] shortMask = [0x73, 0, 0, 0, 0x03, 0, 0, 0, 0x05, 0, 0, 0, 0x11, 0, 0, 0, 0xFF, 0xFF];
        Assert.Equal([0x15, .. shortMask[..16]], r.Respond(shortMask)); // error replies echo at most 16 bytes

        // disable clears what was set
        Assert.Equal([0x73, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], r.Respond([0x73, 0, 0, 0, 0, 0, 0, 0]));
        Assert.Equal([0x73, 0, 0, 0, 0x04, 0, 0, 0, 0, 0, 0, 0, 0x05, 0, 0, 0, 0, 0, 0, 0], r.Respond([0x73, 0, 0, 0, 0x04, 0, 0, 0, 0x05, 0, 0, 0]));
    }

    [Fact]
    public void Ext_msg_get_ranges_answers_status_1_the_count_and_each_first_last_pair()
    {
        Assert.Equal(
            [0x7D, 0x01, 0x01, 0x00, 0x03, 0, 0, 0, 0, 0, 53, 0, 0xF4, 0x01, 0xFA, 0x01, 0xE8, 0x03, 0xEF, 0x03],
            Responder().Respond([0x7D, 0x01]));
    }

    [Fact]
    public void Ext_msg_set_rt_mask_puts_status_1_where_the_request_has_its_pad_and_repeats_the_masks()
    {
        // SSIDs 500..501, pad, two masks
        byte[] request = [0x7D, 0x04, 0xF4, 0x01, 0xF5, 0x01, 0x00, 0x00, 0x1F, 0, 0, 0, 0x02, 0, 0, 0];
        Assert.Equal([0x7D, 0x04, 0xF4, 0x01, 0xF5, 0x01, 0x01, 0x00, 0x1F, 0, 0, 0, 0x02, 0, 0, 0], Responder().Respond(request));
        byte[] oneMaskMissing = request[..12];
        Assert.Equal([0x15, .. oneMaskMissing], Responder().Respond(oneMaskMissing));
    }

    [Fact]
    public void Ext_msg_set_all_answers_status_1_not_an_echo_of_the_reserved_bytes()
    {
        Assert.Equal([0x7D, 0x05, 0x01, 0x00, 0x1F, 0x00, 0x00, 0x00], Responder().Respond([0x7D, 0x05, 0x00, 0x00, 0x1F, 0x00, 0x00, 0x00]));
    }

    [Fact]
    public void A_target_without_logging_answers_bad_cmd_with_the_request_echoed()
    {
        byte[] logConfig = [0x73, 0, 0, 0, 0, 0, 0, 0];
        Assert.Equal([0x13, .. logConfig], Responder(acknowledge: false).Respond(logConfig));
        byte[] extMsg = [0x7D, 0x05, 0, 0, 0, 0, 0, 0];
        Assert.Equal([0x13, .. extMsg], Responder(acknowledge: false).Respond(extMsg));
    }
}
