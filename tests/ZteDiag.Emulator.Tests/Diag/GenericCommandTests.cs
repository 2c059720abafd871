using ZteDiag.Emulator.Diag;
using ZteDiag.Emulator.State;
using ZteDiag.Emulator.Tests.State;

namespace ZteDiag.Emulator.Tests.Diag;

/// <summary>TS, FEATURE_QUERY, PROTOCOL_LOOPBACK and the CM state query, pinned byte for byte (layouts in the responder's remarks).</summary>
public sealed class GenericCommandTests : IDisposable
{
    private readonly TempDir _dir = new();
    private readonly ModemState _state;

    public GenericCommandTests() => _state = ModemState.CreateFresh("mf627-mts", _dir.Sub("state"));

    public void Dispose()
    {
        _state.Dispose();
        _dir.Dispose();
    }

    private sealed class At(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }

    private ModemDiagResponder Responder(DateTimeOffset? now = null) =>
        new(_state, new ModemDiagOptions { Time = new At(now ?? DateTimeOffset.UnixEpoch) });

    [Fact]
    public void Ts_counts_1_25_ms_units_since_the_gps_epoch_above_a_zero_16_bit_chip_count()
    {
        // one second after 1980-01-06T00:00Z = 800 units of 1.25 ms = 0x320, shifted left by 16
        var r = Responder(new DateTimeOffset(1980, 1, 6, 0, 0, 1, TimeSpan.Zero));
        Assert.Equal([0x1D, 0x00, 0x00, 0x20, 0x03, 0x00, 0x00, 0x00, 0x00], r.Respond([0x1D]));
        Assert.Equal([0x15, 0x1D, 0x00], r.Respond([0x1D, 0x00])); // BAD_LEN with the request echoed
    }

    [Fact]
    public void Feature_query_answers_its_code_a_u16_size_and_the_mask()
    {
        Assert.Equal([0x51, 0x09, 0x00, 0xFF, 0xFF, 0x3F, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00], Responder().Respond([0x51]));
    }

    [Fact]
    public void Protocol_loopback_returns_the_request_unchanged()
    {
        byte[] request = [0x7B, 0x01, 0x02, 0x7E, 0x7D, 0xFF];
        Assert.Equal(request, Responder().Respond(request));
        Assert.Equal([0x7B], Responder().Respond([0x7B]));
    }

    [Fact]
    public void The_cm_state_query_libqcdm_sends_gets_the_header_and_ten_u32_from_the_nv_preferences()
    {
        var r = Responder();
        Assert.Equal(0x27, r.Respond([0x27, 0x0A, 0x00, 0x0E, .. new byte[127], 0x00, 0x00])![0]);          // NV 10 := 14 (WCDMA only)
        Assert.Equal(0x27, r.Respond([0x27, 0xB9, 0x01, 0x80, 0x03, .. new byte[126], 0x00, 0x00])![0]);    // NV 441 := 0x0380
        Assert.Equal(0x27, r.Respond([0x27, 0xB2, 0x03, 0x04, 0x00, .. new byte[126], 0x00, 0x00])![0]);    // NV 946 := 0x0004

        byte[] expected =
        [
            0x4B, 0x0F, 0x00, 0x00,
            0x00, 0x00, 0x00, 0x00, // call_state idle
            0x05, 0x00, 0x00, 0x00, // oper_mode online
            0x05, 0x00, 0x00, 0x00, // system_mode WCDMA
            0x0E, 0x00, 0x00, 0x00, // mode_pref WCDMA only (NV 10)
            0x80, 0x03, 0x04, 0x00, // band_pref NV 946 << 16 | NV 441
            0xFF, 0x00, 0x00, 0x00, // roam_pref automatic
            0x02, 0x00, 0x00, 0x00, // srv_domain_pref CS+PS
            0x00, 0x00, 0x00, 0x00, // acq_order_pref automatic
            0x00, 0x00, 0x00, 0x00, // hybrid_pref off
            0x00, 0x00, 0x00, 0x00, // network_sel_mode_pref automatic
        ];
        Assert.Equal(expected, r.Respond([0x4B, 0x0F, 0x00, 0x00]));
    }

    [Fact]
    public void The_cm_state_query_maps_the_nv_automatic_mode_4_to_cm_automatic_2_and_refuses_other_cm_commands()
    {
        var r = Responder();
        r.Respond([0x27, 0x0A, 0x00, 0x04, .. new byte[127], 0x00, 0x00]);
        Assert.Equal([0x02, 0x00, 0x00, 0x00], r.Respond([0x4B, 0x0F, 0x00, 0x00])![16..20]);
        Assert.Equal([0x13, 0x4B, 0x0F, 0x01, 0x00], r.Respond([0x4B, 0x0F, 0x01, 0x00]));
        Assert.Equal([0x15, 0x4B, 0x0F, 0x00, 0x00, 0x00], r.Respond([0x4B, 0x0F, 0x00, 0x00, 0x00]));
    }
}
