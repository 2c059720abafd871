using ZteDiag.Protocol.Sms;

namespace ZteDiag.Emulator.At;

/// <summary>A stored message's state, numbered as in PDU mode (27.005 §3.1 &lt;stat&gt;).</summary>
public enum SmsStatus
{
    /// <summary>"REC UNREAD" (0).</summary>
    ReceivedUnread = 0,
    /// <summary>"REC READ" (1).</summary>
    ReceivedRead = 1,
    /// <summary>"STO UNSENT" (2).</summary>
    StoredUnsent = 2,
    /// <summary>"STO SENT" (3).</summary>
    StoredSent = 3,
}

/// <summary>One message in a memory, kept as its PDU (service-centre field first) so both modes show the same message.</summary>
/// <param name="Index">Storage index (from 1).</param>
/// <param name="Status">Read/unread/sent state.</param>
/// <param name="Pdu">SMS-DELIVER or SMS-SUBMIT with its service-centre field.</param>
public sealed record StoredSms(int Index, SmsStatus Status, byte[] Pdu)
{
    /// <summary>Octets after the service-centre field: the length <c>+CMGL</c>/<c>+CMGR</c> give in PDU mode.</summary>
    public int TpduLength => Pdu.Length - 1 - Pdu[0];

    /// <summary>The text-mode name of the status.</summary>
    public string StatusText => SmsStatusNames.Text(Status);
}

/// <summary>Text-mode names of <see cref="SmsStatus"/>.</summary>
public static class SmsStatusNames
{
    private static readonly string[] Names = ["REC UNREAD", "REC READ", "STO UNSENT", "STO SENT"];

    /// <summary>"REC UNREAD", "REC READ", "STO UNSENT" or "STO SENT".</summary>
    public static string Text(SmsStatus status) => Names[(int)status];

    /// <summary>Parses a text-mode name (any case); null when unknown.</summary>
    public static SmsStatus? Parse(string name)
    {
        int i = Array.FindIndex(Names, n => n.Equals(name, StringComparison.OrdinalIgnoreCase));
        return i < 0 ? null : (SmsStatus)i;
    }
}

/// <summary>
/// The stick's message memories: "SM" (the SIM, 20 slots) and "ME" (the stick's own, 50 slots). New messages
/// from the network land in SM and are announced with <c>+CMTI</c> (each port reads <see cref="ArrivalsAfter"/>).
/// Lives with the modem state, so messages survive re-plugs like a SIM's. Thread-safe: shared by all AT ports.
/// </summary>
public sealed class SmsStore
{
    /// <summary>SIM capacity.</summary>
    public const int SimCapacity = 20;

    /// <summary>Stick memory capacity.</summary>
    public const int PhoneCapacity = 50;

    /// <summary>The memory new messages land in.</summary>
    public const string ReceiveMemory = "SM";

    private readonly Lock _lock = new();
    private readonly Dictionary<string, SortedDictionary<int, StoredSms>> _memories = new(StringComparer.OrdinalIgnoreCase)
    {
        ["SM"] = [],
        ["ME"] = [],
    };

    private readonly List<(string Memory, int Index)> _arrivals = [];
    private readonly List<(string Number, string Text)> _sent = [];
    private int _messageReference;
    private byte _concatReference = 0x40;

    /// <summary>Memory names, for <c>AT+CPMS=?</c>.</summary>
    public static IReadOnlyList<string> MemoryNames { get; } = ["SM", "ME"];

    /// <summary>
    /// The store a fresh virtual SIM has: an unread welcome text (GSM 7-bit) and a Russian operator notice in
    /// two concatenated UCS2 parts (indexes 2 and 3), all invented.
    /// </summary>
    public static SmsStore WithSampleMessages()
    {
        var store = new SmsStore();
        var zone = TimeSpan.FromHours(3);
        store.Add("SM", SmsStatus.ReceivedUnread, SmsDeliverPdus.Build("+70000000111", WelcomeText, new DateTimeOffset(2010, 3, 12, 9, 15, 0, zone))[0]);
        foreach (byte[] part in SmsDeliverPdus.Build("+70000000222", NoticeText, new DateTimeOffset(2010, 3, 12, 10, 20, 0, zone), 0x2A))
        {
            store.Add("SM", SmsStatus.ReceivedRead, part);
        }

        return store;
    }

    /// <summary>The seeded GSM 7-bit message.</summary>
    public const string WelcomeText = "Welcome to the network";

    /// <summary>The seeded two-part UCS2 message.</summary>
    public const string NoticeText =
        "Уважаемый абонент! Ваш баланс 123,45 руб. Подключите услугу «Интернет 3G» и получите 1 ГБ в подарок.";

    /// <summary>Messages given to <c>AT+CMGS</c> (both modes), in order: number and decoded text.</summary>
    public IReadOnlyList<(string Number, string Text)> Sent
    {
        get { lock (_lock) { return [.. _sent]; } }
    }

    /// <summary>True for "SM" and "ME" (any case).</summary>
    public static bool IsMemory(string name) => MemoryNames.Contains(name, StringComparer.OrdinalIgnoreCase);

    /// <summary>Capacity of <paramref name="memory"/>.</summary>
    public static int Capacity(string memory) => memory.Equals("ME", StringComparison.OrdinalIgnoreCase) ? PhoneCapacity : SimCapacity;

    /// <summary>Messages in <paramref name="memory"/>.</summary>
    public int Used(string memory)
    {
        lock (_lock) { return _memories[memory].Count; }
    }

    /// <summary>The messages of <paramref name="memory"/> by index; received unread ones listed become read when <paramref name="markRead"/>.</summary>
    public IReadOnlyList<StoredSms> List(string memory, bool markRead)
    {
        lock (_lock)
        {
            var list = _memories[memory].Values.ToList();
            if (markRead)
            {
                foreach (StoredSms m in list.Where(m => m.Status == SmsStatus.ReceivedUnread))
                {
                    _memories[memory][m.Index] = m with { Status = SmsStatus.ReceivedRead };
                }
            }

            return list;
        }
    }

    /// <summary>One message (as it was before this read), null when the index is empty; an unread one becomes read.</summary>
    public StoredSms? Read(string memory, int index)
    {
        lock (_lock)
        {
            if (!_memories[memory].TryGetValue(index, out StoredSms? m))
            {
                return null;
            }

            if (m.Status == SmsStatus.ReceivedUnread)
            {
                _memories[memory][index] = m with { Status = SmsStatus.ReceivedRead };
            }

            return m;
        }
    }

    /// <summary>Deletes one index; false when it was empty.</summary>
    public bool Delete(string memory, int index)
    {
        lock (_lock) { return _memories[memory].Remove(index); }
    }

    /// <summary>Deletes every message whose status is in <paramref name="statuses"/> (AT+CMGD delflag 1–4).</summary>
    public void DeleteWhere(string memory, IReadOnlySet<SmsStatus> statuses)
    {
        lock (_lock)
        {
            foreach (int index in _memories[memory].Values.Where(m => statuses.Contains(m.Status)).Select(m => m.Index).ToList())
            {
                _ = _memories[memory].Remove(index);
            }
        }
    }

    /// <summary>Stores a PDU at the lowest free index; null when the memory is full.</summary>
    public int? Add(string memory, SmsStatus status, byte[] pdu)
    {
        ArgumentNullException.ThrowIfNull(pdu);
        lock (_lock)
        {
            return AddLocked(memory, status, pdu);
        }
    }

    /// <summary>
    /// The network delivers a message (a rehearsal): each part stored unread in SM and announced. Returns the
    /// indexes; throws when the SIM has no room for all parts (nothing is stored then).
    /// </summary>
    /// <exception cref="InvalidOperationException">Not enough free slots.</exception>
    /// <exception cref="ArgumentException">The number is not digits.</exception>
    public IReadOnlyList<int> Deliver(string originator, string text, DateTimeOffset timestamp)
    {
        lock (_lock)
        {
            IReadOnlyList<byte[]> parts = SmsDeliverPdus.Build(originator, text, timestamp, _concatReference++);
            if (_memories[ReceiveMemory].Count + parts.Count > Capacity(ReceiveMemory))
            {
                throw new InvalidOperationException(
                    $"the SIM message store is full ({Capacity(ReceiveMemory)} messages); delete some with AT+CMGD");
            }

            var indexes = new List<int>();
            foreach (byte[] pdu in parts)
            {
                int index = AddLocked(ReceiveMemory, SmsStatus.ReceivedUnread, pdu)!.Value;
                indexes.Add(index);
                _arrivals.Add((ReceiveMemory, index));
            }

            return indexes;
        }
    }

    /// <summary>Arrivals after <paramref name="cursor"/> (a count of arrivals seen), advancing it.</summary>
    public IReadOnlyList<(string Memory, int Index)> ArrivalsAfter(ref int cursor)
    {
        lock (_lock)
        {
            int from = Math.Clamp(cursor, 0, _arrivals.Count);
            cursor = _arrivals.Count;
            return _arrivals.GetRange(from, _arrivals.Count - from);
        }
    }

    /// <summary>
    /// The stick sent a message (AT+CMGS): counted in <see cref="Sent"/>, kept as "STO SENT" in <paramref name="memory"/>
    /// while there is room (the SUBMIT PDUs, one per part), and given a message reference.
    /// </summary>
    public int RecordSent(string memory, IEnumerable<byte[]> submitPdus, string number, string text)
    {
        ArgumentNullException.ThrowIfNull(submitPdus);
        lock (_lock)
        {
            _sent.Add((number, text));
            foreach (byte[] pdu in submitPdus)
            {
                _ = AddLocked(memory, SmsStatus.StoredSent, pdu);
            }

            _messageReference = (_messageReference + 1) % 256;
            return _messageReference;
        }
    }

    private int? AddLocked(string memory, SmsStatus status, byte[] pdu)
    {
        var slots = _memories[memory];
        if (slots.Count >= Capacity(memory))
        {
            return null;
        }

        int index = 1;
        while (slots.ContainsKey(index))
        {
            index++;
        }

        slots[index] = new StoredSms(index, status, pdu);
        return index;
    }
}
