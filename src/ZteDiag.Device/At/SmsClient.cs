using System.Globalization;
using System.Security.Cryptography;
using ZteDiag.Protocol.At;
using ZteDiag.Protocol.Sms;

namespace ZteDiag.Device.At;

/// <summary>
/// SMS on the AT port (3GPP TS 27.005): storage selection (<c>AT+CPMS</c>, which also stops ZTE's
/// <c>+ZUSIMR:2</c> nag as connection managers do), list/read/delete in PDU mode where the stick has it
/// (the only mode that carries the alphabet and the concatenation header) or text mode, and send in text
/// mode for plain single-part text, PDU mode (UCS2, concatenated parts) otherwise. Every call leaves the
/// port in command mode: a <c>&gt; </c> prompt is always closed (<see cref="AtSession.SendWithPromptAsync"/>).
/// </summary>
public sealed class SmsClient
{
    private const int TextModeLimit = 160;

    /// <summary>Tries of <c>AT+CPMS</c> while the SIM is busy (just after plug-in or PIN entry).</summary>
    public const int SimBusyTries = 5;

    private readonly AtSession _session;
    private readonly TimeSpan _simBusyPause;
    private readonly TimeProvider _time;

    /// <summary>Creates the client over an open session (not owned).</summary>
    /// <param name="session">The AT session.</param>
    /// <param name="simBusyPause">Pause between <c>AT+CPMS</c> tries while the SIM is busy (ModemManager waits 2 s).</param>
    /// <param name="time">Clock for the pause.</param>
    public SmsClient(AtSession session, TimeSpan? simBusyPause = null, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(session);
        _session = session;
        _simBusyPause = simBusyPause ?? TimeSpan.FromSeconds(2);
        _time = time ?? TimeProvider.System;
    }

    /// <summary>True for a number <c>AT+CMGS</c> takes: 1 to 20 digits with an optional leading <c>+</c>.</summary>
    public static bool IsValidNumber(string? number)
    {
        if (string.IsNullOrEmpty(number))
        {
            return false;
        }

        string digits = number.StartsWith('+') ? number[1..] : number;
        return digits.Length is >= 1 and <= 20 && digits.All(char.IsAsciiDigit);
    }

    /// <summary>
    /// Selects <paramref name="memory"/> for reading, deleting and writing (<c>AT+CPMS="SM","SM"</c>), or with null
    /// asks which is in use (<c>AT+CPMS?</c>). Either stops the <c>+ZUSIMR</c> nag.
    /// </summary>
    /// <remarks>While the SIM answers busy (+CMS ERROR: 314, +CME ERROR: 14) it is asked again, up to <see cref="SimBusyTries"/> times.</remarks>
    /// <exception cref="AtCommandException">The stick refused (e.g. +CMS ERROR: 310, no SIM; ERROR, no such memory).</exception>
    public async Task<SmsStorageInfo> SelectStorageAsync(string? memory, CancellationToken cancellationToken)
    {
        string command = memory is null ? "AT+CPMS?" : $"AT+CPMS=\"{memory}\",\"{memory}\"";
        AtReply reply = await _session.SendAsync(command, null, false, cancellationToken).ConfigureAwait(false);
        for (int tries = 1; IsSimBusy(reply) && tries < SimBusyTries; tries++)
        {
            // the SIM answers busy for a few seconds after plug-in; ModemManager asks again every 2 s (DEVICES.md §3.2)
            await Task.Delay(_simBusyPause, _time, cancellationToken).ConfigureAwait(false);
            reply = await _session.SendAsync(command, null, false, cancellationToken).ConfigureAwait(false);
        }

        if (!reply.IsSuccess)
        {
            string busy = IsSimBusy(reply) ? string.Create(CultureInfo.InvariantCulture, $" after {SimBusyTries} tries; try again in a moment") : string.Empty;
            throw new AtCommandException(reply.Final.Describe() + busy, command);
        }
        if (CpmsReply.TryParse(reply, out CpmsReply? cpms) != AtParseStatus.Ok || cpms is null)
        {
            throw new DiagLinkException($"the modem sent an unreadable answer to {command}: {string.Join(" ", reply.Lines)}");
        }

        CpmsStorage first = cpms.Storages[0];
        return new SmsStorageInfo(first.Memory ?? memory ?? "SM", first.Used, first.Total);
    }

    private static bool IsSimBusy(AtReply reply) =>
        (reply.Final.Kind == AtFinalKind.CmsError && reply.Final.Code == 314) || (reply.Final.Kind == AtFinalKind.CmeError && reply.Final.Code == 14);

    /// <summary>Switches to the mode used for reading: <see cref="SmsMode.Auto"/> tries PDU mode, then text mode.</summary>
    /// <exception cref="AtCommandException">The stick refused the mode asked for (or both).</exception>
    public async Task<SmsMode> UseModeAsync(SmsMode mode, CancellationToken cancellationToken)
    {
        if (mode != SmsMode.Text)
        {
            AtReply pdu = await _session.SendAsync("AT+CMGF=0", null, false, cancellationToken).ConfigureAwait(false);
            if (pdu.IsSuccess)
            {
                return SmsMode.Pdu;
            }

            if (mode == SmsMode.Pdu)
            {
                throw new AtCommandException(pdu.Final.Describe() + "; this stick has no PDU mode, try --mode text", "AT+CMGF=0");
            }
        }

        _ = await SendAsync("AT+CMGF=1", cancellationToken).ConfigureAwait(false);
        return SmsMode.Text;
    }

    /// <summary>Selects the memory (which also stops +ZUSIMR) and the reading mode: what every list, read and delete starts with.</summary>
    public async Task<(SmsStorageInfo Storage, SmsMode Mode)> PrepareAsync(string? memory, SmsMode mode, CancellationToken cancellationToken)
    {
        SmsStorageInfo storage = await SelectStorageAsync(memory, cancellationToken).ConfigureAwait(false);
        return (storage, await UseModeAsync(mode, cancellationToken).ConfigureAwait(false));
    }

    /// <summary>Every message in the selected memory, concatenated parts joined. Listing marks unread messages read.</summary>
    public async Task<IReadOnlyList<SmsMessageView>> ListAsync(SmsMode mode, CancellationToken cancellationToken)
    {
        if (mode == SmsMode.Pdu)
        {
            AtReply reply = await SendAsync("AT+CMGL=4", cancellationToken).ConfigureAwait(false);
            return JoinPdus(ParsePduListing(reply.Lines, "+CMGL", withIndex: true));
        }

        AtReply text = await SendAsync("AT+CMGL=\"ALL\"", cancellationToken).ConfigureAwait(false);
        if (CmglEntry.TryParseList(text, out IReadOnlyList<CmglEntry> entries) != AtParseStatus.Ok)
        {
            throw new DiagLinkException("the modem sent an unreadable AT+CMGL listing: " + string.Join(" | ", text.Lines));
        }

        return [.. entries.Select(e => new SmsMessageView([e.Index], e.Status, e.Address, SmsMessageView.ParseTextTimestamp(e.Timestamp), e.Body, "text", 1, [], null))];
    }

    /// <summary>
    /// Message <paramref name="index"/>; when it is one part of a concatenated message, the whole message. Only the
    /// parts read become read: the other parts are looked for in the read and stored lists (which change nothing),
    /// then slot by slot nearest first, never by listing the unread ones (which would mark every message read).
    /// </summary>
    /// <param name="index">Storage index.</param>
    /// <param name="mode">The mode in use (<see cref="UseModeAsync"/>).</param>
    /// <param name="capacity">Slots of the memory (<see cref="SmsStorageInfo.Total"/>): how far to look for parts.</param>
    /// <param name="cancellationToken">Cancels between commands.</param>
    /// <exception cref="AtCommandException">No message there (+CMS ERROR: 321, invalid memory index) or the stick refused.</exception>
    public async Task<SmsMessageView> ReadAsync(int index, SmsMode mode, int capacity, CancellationToken cancellationToken)
    {
        if (mode == SmsMode.Text)
        {
            string command = "AT+CMGR=" + index.ToString(CultureInfo.InvariantCulture);
            AtReply reply = await SendAsync(command, cancellationToken).ConfigureAwait(false);
            ThrowIfEmptySlot(reply, command, index);
            return ParseTextRead(index, reply.Lines) ?? throw new DiagLinkException($"the modem sent an unreadable answer to {command}: {string.Join(" | ", reply.Lines)}");
        }

        List<StoredPdu> parts = await FindMessageAsync(index, capacity, cancellationToken).ConfigureAwait(false);
        return JoinPdus(parts).First(m => m.Indexes.Contains(index) || m.Problem is not null);
    }

    /// <summary>
    /// Deletes message <paramref name="index"/> and, in PDU mode, the other parts of its concatenated message
    /// (found as <see cref="ReadAsync"/> finds them). Returns the indexes deleted.
    /// </summary>
    /// <exception cref="AtCommandException">No message there (+CMS ERROR: 321) or the stick refused; parts deleted before the refusal are named.</exception>
    public async Task<IReadOnlyList<int>> DeleteAsync(int index, SmsMode mode, int capacity, CancellationToken cancellationToken)
    {
        IReadOnlyList<int> indexes = [index];
        if (mode == SmsMode.Pdu)
        {
            List<StoredPdu> parts = await FindMessageAsync(index, capacity, cancellationToken).ConfigureAwait(false);
            indexes = [.. parts.Select(p => p.Index).Order()];
        }
        else
        {
            // some firmware answers OK to AT+CMGD of an empty slot: look first, so "deleted" is never said of nothing
            _ = await ReadAsync(index, mode, capacity, cancellationToken).ConfigureAwait(false);
        }

        var deleted = new List<int>();
        foreach (int i in indexes)
        {
            string command = "AT+CMGD=" + i.ToString(CultureInfo.InvariantCulture);
            AtReply reply = await _session.SendAsync(command, null, false, cancellationToken).ConfigureAwait(false);
            if (!reply.IsSuccess)
            {
                string done = deleted.Count == 0 ? string.Empty : $" (already deleted: {string.Join(",", deleted)})";
                throw new AtCommandException(reply.Final.Describe() + done, command);
            }

            deleted.Add(i);
        }

        return deleted;
    }

    /// <summary>MF62x firmware answers <c>AT+CMGR</c> of an empty slot with a bare OK (DEVICES.md §3.4): say so.</summary>
    private static void ThrowIfEmptySlot(AtReply reply, string command, int index)
    {
        if (!reply.Lines.Any(l => AtFields.TryGetBody(l, "+CMGR", out _)))
        {
            throw new AtCommandException(
                string.Create(CultureInfo.InvariantCulture, $"OK without a message: there is no message at index {index} (see `ztediag sms list`)"), command);
        }
    }

    /// <summary>The stored PDU at <paramref name="index"/> and, when it is a part, the other parts of its message that are there.</summary>
    private async Task<List<StoredPdu>> FindMessageAsync(int index, int capacity, CancellationToken ct)
    {
        string command = "AT+CMGR=" + index.ToString(CultureInfo.InvariantCulture);
        AtReply reply = await SendAsync(command, ct).ConfigureAwait(false);
        ThrowIfEmptySlot(reply, command, index);
        List<StoredPdu> found = ParsePduListing(reply.Lines, "+CMGR", withIndex: false, index);
        if (found.Count != 1)
        {
            throw new DiagLinkException($"the modem sent an unreadable answer to {command}: {string.Join(" | ", reply.Lines)}");
        }

        SmsPdu? first = found[0].Pdu;
        if (first?.Part is not SmsPartInfo part)
        {
            return found;
        }

        bool Sibling(StoredPdu s) => s.Pdu is { Part: SmsPartInfo p } pdu && p.Reference == part.Reference && p.Total == part.Total
            && string.Equals(pdu.Address.Number, first.Address.Number, StringComparison.Ordinal);
        bool Complete() => found.Select(s => s.Pdu!.Part!.Sequence).Distinct().Count() >= part.Total;

        var seen = new HashSet<int> { index };
        foreach (int stat in new[] { 1, 3, 2 }) // read, sent, unsent: listing them changes no state
        {
            if (Complete())
            {
                break;
            }

            AtReply list = await _session.SendAsync("AT+CMGL=" + stat.ToString(CultureInfo.InvariantCulture), null, false, ct).ConfigureAwait(false);
            foreach (StoredPdu s in list.IsSuccess ? ParsePduListing(list.Lines, "+CMGL", withIndex: true) : [])
            {
                if (seen.Add(s.Index) && Sibling(s))
                {
                    found.Add(s);
                }
            }
        }

        // unread parts: slot by slot, first on the side where the missing parts should be (parts are stored in order),
        // nearest first; an empty slot answers +CMS ERROR: 321, and only a probed unread message becomes read
        var have = found.Select(f => f.Pdu!.Part!.Sequence).ToHashSet();
        bool down = Enumerable.Range(1, part.Total).Any(q => q < part.Sequence && !have.Contains(q));
        bool up = Enumerable.Range(1, part.Total).Any(q => q > part.Sequence && !have.Contains(q));
        var candidates = new List<int>();
        foreach (bool likely in new[] { true, false })
        {
            for (int distance = 1; distance <= capacity; distance++)
            {
                if (down == likely)
                {
                    candidates.Add(index - distance);
                }

                if (up == likely)
                {
                    candidates.Add(index + distance);
                }
            }
        }

        foreach (int i in candidates)
        {
            if (Complete())
            {
                break;
            }

            if (i < 0 || i > capacity || !seen.Add(i))
            {
                continue;
            }

            AtReply probe = await _session.SendAsync("AT+CMGR=" + i.ToString(CultureInfo.InvariantCulture), null, false, ct).ConfigureAwait(false);
            if (probe.IsSuccess && ParsePduListing(probe.Lines, "+CMGR", withIndex: false, i) is [StoredPdu s] && Sibling(s))
            {
                found.Add(s);
            }
        }

        return found;
    }

    /// <summary>
    /// Sends <paramref name="text"/> to <paramref name="number"/>. <see cref="SmsMode.Auto"/>: text mode for plain ASCII that
    /// fits one SMS, PDU mode otherwise (UCS2, or concatenated parts with one random reference). The network's
    /// message reference of each part is returned.
    /// </summary>
    /// <exception cref="AtCommandException">The stick or network refused (e.g. +CMS ERROR: 330, SMSC address unknown); parts sent before are named.</exception>
    /// <exception cref="ArgumentException">Bad number; text mode asked for a text it cannot carry.</exception>
    public async Task<SmsSendResult> SendAsync(string number, string text, SmsMode mode, CancellationToken cancellationToken)
    {
        if (!IsValidNumber(number))
        {
            throw new ArgumentException($"'{number}' is not a phone number (digits, optional leading +)", nameof(number));
        }

        ArgumentNullException.ThrowIfNull(text);
        bool textModeFits = FitsTextMode(text);
        if (mode == SmsMode.Text && !textModeFits)
        {
            throw new ArgumentException("text mode carries plain ASCII up to 160 characters; leave out --mode text to send it in PDU mode", nameof(text));
        }

        if (mode != SmsMode.Pdu && textModeFits)
        {
            AtReply textMode = await _session.SendAsync("AT+CMGF=1", null, false, cancellationToken).ConfigureAwait(false);
            if (textMode.IsSuccess)
            {
                AtReply sent = await _session.SendSmsAsync(number, text, cancellationToken).ConfigureAwait(false);
                return new SmsSendResult(SmsMode.Text, [Reference(sent)], "gsm7"); // the stick packs it
            }

            if (mode == SmsMode.Text)
            {
                throw new AtCommandException(textMode.Final.Describe() + "; this stick has no text mode, leave out --mode text", "AT+CMGF=1");
            }
        }

        _ = await SendAsync("AT+CMGF=0", cancellationToken).ConfigureAwait(false);
        IReadOnlyList<SmsSubmitPart> parts = SmsSubmitEncoder.Encode(number, text, (byte)RandomNumberGenerator.GetInt32(256));
        var references = new List<int>();
        for (int i = 0; i < parts.Count; i++)
        {
            string command = "AT+CMGS=" + parts[i].TpduLength.ToString(CultureInfo.InvariantCulture);
            string hex = parts[i].Hex;
            AtReply reply = await _session.SendWithPromptAsync(command, _ => Task.FromResult<string?>(hex), null, null, cancellationToken).ConfigureAwait(false);
            if (!reply.IsSuccess)
            {
                string which = parts.Count == 1 ? string.Empty
                    : string.Create(CultureInfo.InvariantCulture, $" (part {i + 1} of {parts.Count}; {i} sent before it)");
                throw new AtCommandException(reply.Final.Describe() + which, command);
            }

            references.Add(Reference(reply));
        }

        return new SmsSendResult(SmsMode.Pdu, references, Gsm7Alphabet.CanEncode(text) ? "gsm7" : "ucs2");
    }

    /// <summary>Plain ASCII in the GSM alphabet, one SMS long: the text mode of every firmware carries it unchanged.</summary>
    public static bool FitsTextMode(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text.Length <= TextModeLimit && text.All(c => c is >= ' ' and <= '~' or '\n') && Gsm7Alphabet.TryEncode(text, out byte[] septets)
            && septets.Length <= TextModeLimit;
    }

    private static int Reference(AtReply reply) =>
        reply.Lines.Select(l => AtFields.TryGetBody(l, "+CMGS", out string b) ? AtFields.Split(b) : null)
            .FirstOrDefault(f => f is { Count: > 0 })?[0].AsInt() ?? -1;

    private async Task<AtReply> SendAsync(string command, CancellationToken ct)
    {
        AtReply reply = await _session.SendAsync(command, null, false, ct).ConfigureAwait(false);
        return reply.IsSuccess ? reply : throw new AtCommandException(reply.Final.Describe(), command);
    }

    /// <summary>One stored PDU: index, numeric stat, the decoded PDU or why not, and the hex.</summary>
    private sealed record StoredPdu(int Index, int Stat, SmsPdu? Pdu, SmsPduStatus Status, string Hex);

    /// <summary>
    /// <c>+CMGL: index,stat,[alpha],length</c> (or <c>+CMGR: stat,[alpha],length</c>) lines, each followed by the PDU hex line.
    /// </summary>
    private static List<StoredPdu> ParsePduListing(IReadOnlyList<string> lines, string prefix, bool withIndex, int index = 0)
    {
        var list = new List<StoredPdu>();
        for (int i = 0; i < lines.Count; i++)
        {
            if (!AtFields.TryGetBody(lines[i], prefix, out string body))
            {
                continue;
            }

            var f = AtFields.Split(body);
            int? stat = f.Count > (withIndex ? 1 : 0) ? f[withIndex ? 1 : 0].AsInt() : null;
            int? at = withIndex ? (f.Count > 0 ? f[0].AsInt() : null) : index;
            if (at is not int idx || stat is not int st || i + 1 >= lines.Count)
            {
                throw new DiagLinkException($"the modem sent an unreadable {prefix} line: {lines[i]}");
            }

            string hex = lines[++i].Trim();
            SmsPduStatus status = SmsPdu.TryParseHex(hex, out SmsPdu? pdu);
            list.Add(new StoredPdu(idx, st, status == SmsPduStatus.Ok ? pdu : null, status, hex));
        }

        return list;
    }

    private static List<SmsMessageView> JoinPdus(List<StoredPdu> stored)
    {
        var status = stored.ToDictionary(s => s.Index, s => s.Stat);
        var decoded = stored.Where(s => s.Pdu is not null).ToList();
        var alphabet = decoded.ToDictionary(s => s.Index, s => s.Pdu!.Alphabet);
        var parts = decoded.ToDictionary(s => s.Index, s => s.Pdu!.Part?.Total ?? 1);
        var views = SmsConcatenation.Join(decoded.Select(s => (s.Index, s.Pdu!)))
            .Select(m => new SmsMessageView(
                m.Indexes,
                SmsMessageView.StatusName(m.Indexes.Any(i => status[i] == 0) ? 0 : status[m.Indexes[0]]),
                m.Address.Number,
                m.Timestamp,
                m.Text,
                AlphabetName(alphabet[m.Indexes[0]]),
                parts[m.Indexes[0]],
                m.MissingParts,
                null))
            .ToList();
        foreach (StoredPdu bad in stored.Where(s => s.Pdu is null))
        {
            views.Add(new SmsMessageView([bad.Index], SmsMessageView.StatusName(bad.Stat), string.Empty, null, string.Empty, "unknown", 1, [],
                $"the PDU does not decode ({bad.Status.ToString().ToLowerInvariant()}): {bad.Hex}"));
        }

        return [.. views.OrderBy(v => v.Indexes.Min())];
    }

    private static string AlphabetName(SmsAlphabet a) => a switch
    {
        SmsAlphabet.Ucs2 => "ucs2",
        SmsAlphabet.EightBit => "8bit",
        _ => "gsm7",
    };

    /// <summary><c>+CMGR: "REC READ","+number",[alpha],["scts"]</c> and the body lines (text mode, 27.005 §3.4.3).</summary>
    private static SmsMessageView? ParseTextRead(int index, IReadOnlyList<string> lines)
    {
        int header = -1;
        for (int i = 0; i < lines.Count && header < 0; i++)
        {
            header = AtFields.TryGetBody(lines[i], "+CMGR", out _) ? i : -1;
        }

        if (header < 0 || !AtFields.TryGetBody(lines[header], "+CMGR", out string body))
        {
            return null;
        }

        var f = AtFields.Split(body);
        if (f.Count < 2)
        {
            return null;
        }

        string text = string.Join('\n', lines.Skip(header + 1));
        return new SmsMessageView([index], f[0].Value, f[1].Value, SmsMessageView.ParseTextTimestamp(f.Count > 3 ? f[3].AsText() : null), text, "text", 1, [], null);
    }
}
