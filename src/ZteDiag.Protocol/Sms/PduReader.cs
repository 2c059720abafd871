namespace ZteDiag.Protocol.Sms;

/// <summary>A bounded cursor over a PDU: every read checks the remaining octets first.</summary>
internal ref struct PduReader(ReadOnlySpan<byte> pdu)
{
    private readonly ReadOnlySpan<byte> _pdu = pdu;

    public int Position { get; private set; }

    public readonly int Remaining => _pdu.Length - Position;

    public bool TryByte(out byte value)
    {
        value = 0;
        if (Remaining < 1)
        {
            return false;
        }

        value = _pdu[Position++];
        return true;
    }

    public bool TrySlice(int count, out ReadOnlySpan<byte> slice)
    {
        slice = default;
        if (count < 0 || Remaining < count)
        {
            return false;
        }

        slice = _pdu.Slice(Position, count);
        Position += count;
        return true;
    }

    public readonly ReadOnlySpan<byte> Rest => _pdu[Position..];
}
