using System.Globalization;

namespace ZteDiag.Device.Usb;

/// <summary>
/// The mode-switch messages for ZTE "ZeroCD" sticks, as exact bytes (facts from the usb_modeswitch data
/// for 19d2:2000, DEVICES.md §1.1). Each message is one <see cref="BulkOnlyCbw"/> written to the bulk OUT
/// endpoint of the storage interface.
/// </summary>
/// <remarks>
/// <para><c>StandardEject=1</c> (usb_modeswitch ≥ 2.1.0) means: "allow medium removal", then a SCSI eject,
/// and after them the device's own <c>MessageContent</c>, if it has one. So for 19d2:2000 the sequence is
/// <see cref="AllowMediumRemoval"/>, <see cref="StartStopUnitEject"/>, <see cref="ZteMessageContent"/>.</para>
/// <para>The tags of the two standard messages (0x21436587 and 0x21436597, i.e. wire bytes
/// 87 65 43 21 / 97 65 43 21) are those usb_modeswitch sends; tags are only echoed back, any value works.</para>
/// </remarks>
public static class ModeSwitchMessage
{
    /// <summary>SCSI opcode PREVENT ALLOW MEDIUM REMOVAL.</summary>
    public const byte ScsiPreventAllowMediumRemoval = 0x1e;

    /// <summary>SCSI opcode START STOP UNIT.</summary>
    public const byte ScsiStartStopUnit = 0x1b;

    /// <summary>The 19d2:2000 <c>MessageContent</c> as written in the usb_modeswitch data file.</summary>
    public const string ZteMessageContentHex = "55534243123456702000000080000c85010101180101010101000000000000";

    /// <summary>
    /// CBW 1 of StandardEject: tag 0x21436587, no data stage, flags 0, LUN 0, 6-byte CDB
    /// <c>1E 00 00 00 00 00</c> = PREVENT ALLOW MEDIUM REMOVAL with Prevent=0 (allow).
    /// Wire: <c>5553424387654321000000000000061e000000000000000000000000000000</c>.
    /// </summary>
    public static BulkOnlyCbw AllowMediumRemoval { get; } =
        new(0x21436587, 0, 0x00, 0, [ScsiPreventAllowMediumRemoval, 0, 0, 0, 0, 0]);

    /// <summary>
    /// CBW 2 of StandardEject: tag 0x21436597, no data stage, flags 0, LUN 0, 6-byte CDB
    /// <c>1B 00 00 00 02 00</c> = START STOP UNIT with LoEj=1, Start=0 (eject the medium).
    /// Wire: <c>5553424397654321000000000000061b000000020000000000000000000000</c>.
    /// </summary>
    public static BulkOnlyCbw StartStopUnitEject { get; } =
        new(0x21436597, 0, 0x00, 0, [ScsiStartStopUnit, 0, 0, 0, 0x02, 0]);

    /// <summary>
    /// The ZTE <c>MessageContent</c> of 19d2:2000: tag 0x70563412 (wire 12 34 56 70), 32-byte data IN stage
    /// (flags 0x80), LUN 0, 12-byte vendor CDB <c>85 01 01 01 18 01 01 01 01 01 00 00</c> (opcode 0x85,
    /// ZTE-specific switch; its semantics are UNVERIFIED, DEVICES.md §1.1).
    /// </summary>
    public static BulkOnlyCbw ZteMessageContent { get; } =
        new(0x70563412, 32, BulkOnlyCbw.DirectionIn, 0, [0x85, 0x01, 0x01, 0x01, 0x18, 0x01, 0x01, 0x01, 0x01, 0x01, 0x00, 0x00]);

    /// <summary>The StandardEject pair: allow medium removal, then eject.</summary>
    public static IReadOnlyList<BulkOnlyCbw> StandardEject { get; } = [AllowMediumRemoval, StartStopUnitEject];

    /// <summary>
    /// The messages for a switch recipe, in sending order: the StandardEject pair when
    /// <see cref="ModeSwitchData.StandardEject"/> is set, then the recipe's MessageContent (if any).
    /// </summary>
    public static IReadOnlyList<BulkOnlyCbw> For(ModeSwitchData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var list = new List<BulkOnlyCbw>();
        if (data.StandardEject)
        {
            list.AddRange(StandardEject);
        }

        if (data.MessageContentHex is { Length: > 0 } hex)
        {
            byte[] bytes = Convert.FromHexString(hex);
            if (!BulkOnlyCbw.TryParse(bytes, out BulkOnlyCbw? cbw))
            {
                throw new ArgumentException($"MessageContent {hex} is not a 31-byte USBC command block wrapper", nameof(data));
            }

            list.Add(cbw!);
        }

        return list;
    }

    /// <summary>Lower-case hex of the wire bytes (the usb_modeswitch notation).</summary>
    public static string ToHex(BulkOnlyCbw cbw)
    {
        ArgumentNullException.ThrowIfNull(cbw);
        return Convert.ToHexString(cbw.ToArray()).ToLower(CultureInfo.InvariantCulture);
    }
}
