using ZteDiag.Emulator.State;
using ZteDiag.Protocol.Diag;

namespace ZteDiag.Emulator.Diag;

/// <summary>NV_READ/NV_WRITE (0x26/0x27), indexed NV (subsystem 0x30), SPC (0x41), PASSWORD (0x46).</summary>
public sealed partial class ModemDiagResponder
{
    private readonly byte[]? _passwordOverride;
    private int _spcFailures;

    /// <summary>
    /// NV_READ / NV_WRITE as stock <c>nvdiag.c</c>: the handler has no length check, so a request of at
    /// least the command and item id (qnvram sends 3-byte reads) is read as if zero-padded to 133 bytes
    /// and always gets the 133-byte reply (request with nv_stat; a read carries the item data).
    /// Unreadable/unwritable items → BAD_PARM (0x14), SPC-protected items before the SPC →
    /// BAD_SPC_MODE (0x42), both echoing the request (diagpkt_err_rsp).
    /// </summary>
    private byte[] Nv(ReadOnlySpan<byte> request)
    {
        if (request.Length < 3)
        {
            return Error(DiagCommand.BadLength, request);
        }

        Span<byte> full = stackalloc byte[NvPacket.Length];
        full.Clear();
        request[..Math.Min(request.Length, NvPacket.Length)].CopyTo(full);
        DiagStatus s = NvPacket.TryParse(full, out NvPacket? req);
        if (s != DiagStatus.Ok)
        {
            return ParseError(s, request);
        }

        NvResult result;
        NvPacket reply;
        if (req!.Command == DiagCommand.NvRead)
        {
            byte[] data = new byte[NvStore.ItemSize];
            result = State.Nv.Read(req.Item, data, State.SpcUnlocked);
            reply = new NvPacket(DiagCommand.NvRead, req.Item, data, result.Status);
        }
        else
        {
            result = State.Nv.Write(req.Item, req.Data.Span, State.SpcUnlocked);
            reply = req.WithStatus(result.Status);
        }

        return result.Refused ? Error(DiagCommand.BadParameter, request)
            : result.SpcRequired ? Error(DiagCommand.BadSpcMode, request)
            : reply.ToArray();
    }

    /// <summary>
    /// Indexed NV (<c>4B 30 01|02 00</c>, 140 bytes): index 0 is the plain item; other indexes (subscriptions)
    /// do not exist on a single-SIM MSM62xx and answer nv_stat BADPARM.
    /// </summary>
    private byte[] IndexedNv(ReadOnlySpan<byte> request)
    {
        DiagStatus s = IndexedNvPacket.TryParse(request, out IndexedNvPacket? req);
        if (s == DiagStatus.WrongCommand)
        {
            return Error(DiagCommand.BadCommand, request);
        }

        if (s != DiagStatus.Ok)
        {
            return ParseError(s, request);
        }

        if (req!.Index != 0)
        {
            return req.WithStatus(NvStatus.BadParameter).ToArray();
        }

        NvResult result;
        IndexedNvPacket reply;
        if (req.Command == IndexedNvCommand.Read)
        {
            byte[] data = new byte[NvStore.ItemSize];
            result = State.Nv.Read(req.Item, data, State.SpcUnlocked);
            reply = new IndexedNvPacket(IndexedNvCommand.Read, req.Item, 0, data, result.Status);
        }
        else
        {
            result = State.Nv.Write(req.Item, req.Data.Span, State.SpcUnlocked);
            reply = req.WithStatus(result.Status);
        }

        return result.Refused ? Error(DiagCommand.BadParameter, request)
            : result.SpcRequired ? Error(DiagCommand.BadSpcMode, request)
            : reply.ToArray();
    }

    /// <summary>SPC: <c>41</c> + 6 ASCII digits → <c>41 01</c> accepted / <c>41 00</c> rejected.</summary>
    private byte[] Spc(ReadOnlySpan<byte> request)
    {
        if (request.Length < SpcRequest.Length)
        {
            return Error(DiagCommand.BadLength, request);
        }

        bool accepted;
        if (_options.SpcMaxAttempts > 0 && _spcFailures >= _options.SpcMaxAttempts)
        {
            accepted = false;
            State.SpcUnlocked = false;
        }
        else
        {
            accepted = State.TryUnlockSpc(Latin1(request.Slice(1, SpcRequest.CodeLength)));
            _spcFailures = accepted ? 0 : _spcFailures + 1;
        }

        return new SpcResponse(accepted).ToArray();
    }

    /// <summary>
    /// PASSWORD: <c>46</c> + 8 raw bytes → <c>46 01</c> and security unlocked, or <c>46 00</c> and a power-down
    /// (<see cref="PoweredDown"/>) when a password is programmed and this one is wrong. Without a programmed
    /// password any password is accepted (security is already unlocked).
    /// </summary>
    private byte[] Password(ReadOnlySpan<byte> request, ref bool powerDown)
    {
        if (request.Length < PasswordRequest.Length)
        {
            return Error(DiagCommand.BadLength, request);
        }

        ReadOnlySpan<byte> password = request.Slice(1, PasswordRequest.PasswordLength);
        bool ok;
        if (_passwordOverride is { } expected)
        {
            ok = password.SequenceEqual(expected);
            State.SecurityUnlocked = ok;
        }
        else
        {
            bool programmed = State.Profile.SecurityPassword is not null;
            ok = State.TryUnlockSecurity(password) || !programmed;
        }

        powerDown = !ok;
        return new PasswordResponse(ok).ToArray();
    }
}
