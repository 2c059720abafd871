namespace ZteDiag.Protocol.Diag;

/// <summary>The one gatekeeper every response parser calls first.</summary>
public static class DiagReply
{
    /// <summary>True for the codes a device uses as error replies (0x13–0x18, 0x42, 0x47, 0x95).</summary>
    public static bool IsErrorCode(byte code) => code is 0x13 or 0x14 or 0x15 or 0x16 or 0x18 or 0x42 or 0x47 or 0x95;

    /// <summary>
    /// Checks an incoming packet: empty → <see cref="DiagStatus.Empty"/>; a DIAG error reply →
    /// its status; another command → <see cref="DiagStatus.WrongCommand"/>; shorter than
    /// <paramref name="minLength"/> → <see cref="DiagStatus.Truncated"/>.
    /// </summary>
    public static DiagStatus Check(ReadOnlySpan<byte> packet, DiagCommand expected, int minLength)
    {
        if (packet.IsEmpty)
        {
            return DiagStatus.Empty;
        }

        byte code = packet[0];
        if (code != (byte)expected)
        {
            return IsErrorCode(code) ? (DiagStatus)code : DiagStatus.WrongCommand;
        }

        return packet.Length < minLength ? DiagStatus.Truncated : DiagStatus.Ok;
    }

    /// <summary>Like <see cref="Check"/> for a subsystem (0x4B) reply, also matching subsystem id and command.</summary>
    public static DiagStatus CheckSubsys(ReadOnlySpan<byte> packet, byte subsystem, ushort command, int minLength)
    {
        DiagStatus s = Check(packet, DiagCommand.SubsysCmd, SubsysHeader.Size);
        if (s != DiagStatus.Ok)
        {
            return s;
        }

        var h = SubsysHeader.Read(packet);
        if (h.Subsystem != subsystem || h.Command != command)
        {
            return DiagStatus.WrongCommand;
        }

        return packet.Length < minLength ? DiagStatus.Truncated : DiagStatus.Ok;
    }
}
