using ZteDiag.Device.Usb;

namespace ZteDiag.Device.Tests.Usb;

public class ModeSwitchMessageTests
{
    [Fact]
    public void Allow_medium_removal_is_the_usb_modeswitch_standard_eject_message_1()
    {
        Assert.Equal("5553424387654321000000000000061e000000000000000000000000000000", ModeSwitchMessage.ToHex(ModeSwitchMessage.AllowMediumRemoval));
    }

    [Fact]
    public void Start_stop_unit_eject_is_the_usb_modeswitch_standard_eject_message_2()
    {
        Assert.Equal("5553424397654321000000000000061b000000020000000000000000000000", ModeSwitchMessage.ToHex(ModeSwitchMessage.StartStopUnitEject));
    }

    [Fact]
    public void Zte_message_content_serialises_to_the_data_file_bytes()
    {
        byte[] expected =
        [
            0x55, 0x53, 0x42, 0x43, 0x12, 0x34, 0x56, 0x70, 0x20, 0x00, 0x00, 0x00, 0x80, 0x00, 0x0c, 0x85,
            0x01, 0x01, 0x01, 0x18, 0x01, 0x01, 0x01, 0x01, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
        ];
        Assert.Equal(expected, ModeSwitchMessage.ZteMessageContent.ToArray());
        Assert.Equal(ModeSwitchMessage.ZteMessageContentHex, ModeSwitchMessage.ToHex(ModeSwitchMessage.ZteMessageContent));
    }

    [Fact]
    public void Zte_message_content_decodes_to_its_cbw_fields()
    {
        Assert.True(BulkOnlyCbw.TryParse(Convert.FromHexString(ModeSwitchMessage.ZteMessageContentHex), out BulkOnlyCbw? cbw));
        Assert.Equal(0x70563412u, cbw!.Tag);
        Assert.Equal(32u, cbw.DataTransferLength);
        Assert.Equal(0x80, cbw.Flags);
        Assert.Equal(0, cbw.Lun);
        Assert.Equal(new byte[] { 0x85, 0x01, 0x01, 0x01, 0x18, 0x01, 0x01, 0x01, 0x01, 0x01, 0x00, 0x00 }, cbw.Cdb);
    }

    [Fact]
    public void Standard_eject_messages_decode_to_allow_removal_then_load_eject()
    {
        Assert.True(BulkOnlyCbw.TryParse(ModeSwitchMessage.AllowMediumRemoval.ToArray(), out BulkOnlyCbw? allow));
        Assert.Equal(new byte[] { 0x87, 0x65, 0x43, 0x21 }, BitConverter.GetBytes(allow!.Tag));
        Assert.Equal(0u, allow.DataTransferLength);
        Assert.Equal(0, allow.Flags);
        Assert.Equal(6, allow.Cdb.Length);
        Assert.Equal(ModeSwitchMessage.ScsiPreventAllowMediumRemoval, allow.Cdb[0]);
        Assert.Equal(0, allow.Cdb[4]); // Prevent = 0: allow

        Assert.True(BulkOnlyCbw.TryParse(ModeSwitchMessage.StartStopUnitEject.ToArray(), out BulkOnlyCbw? eject));
        Assert.Equal(ModeSwitchMessage.ScsiStartStopUnit, eject!.Cdb[0]);
        Assert.Equal(0x02, eject.Cdb[4]); // LoEj = 1, Start = 0
    }

    [Fact]
    public void Every_message_is_31_bytes_starting_with_USBC()
    {
        foreach (BulkOnlyCbw cbw in ModeSwitchMessage.For(KnownUsbDevices.ZeroCdSwitch))
        {
            byte[] bytes = cbw.ToArray();
            Assert.Equal(31, bytes.Length);
            Assert.Equal("USBC"u8.ToArray(), bytes[..4]);
        }
    }

    [Fact]
    public void The_19d2_2000_recipe_sends_standard_eject_then_the_zte_message()
    {
        string[] hex = [.. ModeSwitchMessage.For(KnownUsbDevices.ZeroCdSwitch).Select(ModeSwitchMessage.ToHex)];
        Assert.Equal(
        [
            "5553424387654321000000000000061e000000000000000000000000000000",
            "5553424397654321000000000000061b000000020000000000000000000000",
            "55534243123456702000000080000c85010101180101010101000000000000",
        ], hex);
    }

    [Fact]
    public void A_recipe_without_standard_eject_sends_only_its_message_content()
    {
        var recipe = new ModeSwitchData(0x19d2, [0x0031], StandardEject: false, ModeSwitchMessage.ZteMessageContentHex);
        Assert.Single(recipe.Messages());
    }

    [Theory]
    [InlineData("")]
    [InlineData("5553424312345670")]
    [InlineData("55534244123456702000000080000c85010101180101010101000000000000")]
    public void Parsing_rejects_wrong_lengths_and_signatures(string hex)
    {
        byte[] bytes = Convert.FromHexString(hex);
        Assert.False(BulkOnlyCbw.TryParse(bytes, out BulkOnlyCbw? cbw));
        Assert.Null(cbw);
    }

    [Fact]
    public void Parsing_rejects_a_zero_command_block_length()
    {
        byte[] bytes = ModeSwitchMessage.AllowMediumRemoval.ToArray();
        bytes[14] = 0;
        Assert.False(BulkOnlyCbw.TryParse(bytes, out _));
        bytes[14] = 17;
        Assert.False(BulkOnlyCbw.TryParse(bytes, out _));
    }

    [Fact]
    public void A_cdb_longer_than_16_bytes_cannot_be_serialised()
    {
        Assert.Throws<ArgumentException>(() => new BulkOnlyCbw(1, 0, 0, 0, new byte[17]).ToArray());
    }
}
