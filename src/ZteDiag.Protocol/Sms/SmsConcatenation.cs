namespace ZteDiag.Protocol.Sms;

/// <summary>A message as the user reads it: one SMS, or the parts of a concatenated one joined.</summary>
/// <param name="Address">Originator or destination.</param>
/// <param name="Timestamp">Time stamp of the first part present.</param>
/// <param name="Text">The joined text; a missing part shows as <c>[…]</c>.</param>
/// <param name="Indexes">Storage indexes of the parts, in part order (for read/delete).</param>
/// <param name="MissingParts">Part numbers not found in the store (0 when complete).</param>
public sealed record SmsMessage(SmsAddress Address, DateTimeOffset? Timestamp, string Text, IReadOnlyList<int> Indexes, IReadOnlyList<int> MissingParts)
{
    /// <summary>True when every part was found.</summary>
    public bool Complete => MissingParts.Count == 0;
}

/// <summary>Joins the parts of concatenated messages (TS 23.040 §9.2.3.24.1) as a phone shows them.</summary>
public static class SmsConcatenation
{
    /// <summary>Groups stored PDUs by sender and reference; single messages pass through.</summary>
    /// <param name="stored">Storage index and decoded PDU, in storage order.</param>
    public static IReadOnlyList<SmsMessage> Join(IEnumerable<(int Index, SmsPdu Pdu)> stored)
    {
        ArgumentNullException.ThrowIfNull(stored);
        var result = new List<(int Order, SmsMessage Message)>();
        var groups = new Dictionary<(string, int, int), List<(int Index, SmsPdu Pdu)>>();
        var groupOrder = new Dictionary<(string, int, int), int>();
        int order = 0;
        foreach (var item in stored)
        {
            order++;
            if (item.Pdu.Part is not SmsPartInfo part)
            {
                result.Add((order, new SmsMessage(item.Pdu.Address, item.Pdu.Timestamp, item.Pdu.Text, [item.Index], [])));
                continue;
            }

            var key = (item.Pdu.Address.Number, part.Reference, part.Total);
            if (!groups.TryGetValue(key, out var list))
            {
                groups[key] = list = [];
                groupOrder[key] = order;
            }

            list.Add(item);
        }

        foreach (var (key, list) in groups)
        {
            var bySequence = list.GroupBy(p => p.Pdu.Part!.Sequence).ToDictionary(g => g.Key, g => g.First());
            var text = new System.Text.StringBuilder();
            var missing = new List<int>();
            var indexes = new List<int>();
            for (int seq = 1; seq <= key.Item3; seq++)
            {
                if (bySequence.TryGetValue(seq, out var p))
                {
                    text.Append(p.Pdu.Text);
                    indexes.Add(p.Index);
                }
                else
                {
                    text.Append("[…]");
                    missing.Add(seq);
                }
            }

            var first = list.OrderBy(p => p.Pdu.Part!.Sequence).First().Pdu;
            result.Add((groupOrder[key], new SmsMessage(first.Address, first.Timestamp, text.ToString(), indexes, missing)));
        }

        return [.. result.OrderBy(r => r.Order).Select(r => r.Message)];
    }
}
