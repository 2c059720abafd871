using ZteDiag.Device.At;
using System.CommandLine;
using Serilog;
using ZteDiag.Device;
using ZteDiag.Device.Diag;
using ZteDiag.Protocol.Decode;
using ZteDiag.Workbench.Connection;
using WireDirection = ZteDiag.Protocol.Trace.TraceDirection;

namespace ZteDiag.Cli;

/// <summary>
/// Opens the modem for a verb from the global options: the connection, the --trace hook on the DIAG
/// session and, for EFS verbs, HELLO + QUERY. Verbs use <see cref="RunAsync"/>, which also closes the
/// connection and names an echoing AT port given as --port.
/// </summary>
internal static class CliSession
{
    /// <summary>Opens the modem, runs <paramref name="body"/>, closes the modem.</summary>
    public static async Task<int> RunAsync(ParseResult parse, CancellationToken ct, Func<ModemConnection, Task<int>> body, bool efs = false)
    {
        var (conn, echo) = await OpenCoreAsync(parse, ct, efs).ConfigureAwait(false);
        await using (conn.ConfigureAwait(false))
        {
            try
            {
                return await body(conn).ConfigureAwait(false);
            }
            catch (DiagLinkException ex) when (echo.LooksLikeEcho(conn.Diag))
            {
                throw echo.NotDiag(conn.Diag, ex);
            }
        }
    }

    /// <summary>Opens the connection; <paramref name="efs"/> also connects the EFS client. The caller disposes it.</summary>
    public static async Task<ModemConnection> OpenAsync(ParseResult parse, CancellationToken ct, bool efs = false) =>
        (await OpenCoreAsync(parse, ct, efs).ConfigureAwait(false)).Connection;

    private static async Task<(ModemConnection Connection, EchoWatch Echo)> OpenCoreAsync(ParseResult parse, CancellationToken ct, bool efs)
    {
        ConnectionOptions options = CliConnection.Options(parse);
        ModemConnection conn = await ModemConnection.OpenAsync(options, ct, w => Log.Warning("{Warning}", w)).ConfigureAwait(false);
        var echo = new EchoWatch();
        try
        {
            conn.Diag.FrameTraced += echo.Observe;
            if (parse.GetValue(GlobalOptions.Trace))
            {
                HookTrace(conn.Diag, parse.GetValue(GlobalOptions.RevealSecrets));
            }

            if (efs)
            {
                try
                {
                    await conn.EnsureEfsAsync(ct).ConfigureAwait(false);
                }
                catch (DiagLinkException ex) when (echo.LooksLikeEcho(conn.Diag))
                {
                    throw echo.NotDiag(conn.Diag, ex);
                }
            }

            return (conn, echo);
        }
        catch
        {
            await conn.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// Opens only the AT port (for `ztediag at`): --at-port, else the discovered one.
    /// </summary>
    /// <exception cref="PortException">No AT port is known.</exception>
    public static async Task<AtSession> OpenAtAsync(ParseResult parse, CancellationToken ct)
    {
        ConnectionOptions options = CliConnection.Options(parse) with { Tcp = null };
        string? path = PortResolver.ResolveAt(options)
            ?? throw new PortException(PortErrorKind.NotFound, "(discovery)",
                "no AT port known: name it with --at-port /dev/ttyUSB1 (the DIAG port does not answer AT), or plug in a modem so discovery finds it");
        var link = await DiagConnector.OpenLinkAsync(options, path, ct).ConfigureAwait(false);
        var session = new AtSession(link, new AtSessionOptions { DefaultTimeout = options.Timeout });
        if (parse.GetValue(GlobalOptions.Trace))
        {
            session.Unsolicited += (_, e) => Log.Verbose("URC {Line}", e.Line);
        }

        return session;
    }

    /// <summary>Logs every frame (Verbose) in hex with its decoding; frames that carry a secret show no hex unless revealed.</summary>
    internal static void HookTrace(DiagSession session, bool reveal) =>
        session.FrameTraced += (dir, payload) =>
        {
            WireDirection d = dir == TraceDirection.Out ? WireDirection.ToModem : WireDirection.FromModem;
            Log.Verbose("{Arrow} {Decoded} [{Hex}]", d == WireDirection.ToModem ? ">" : "<",
                DiagDecoder.Decode(payload.Span, d, reveal).ToString(), TraceHex(payload.Span, d, reveal));
        };

    /// <summary>
    /// The payload in hex, or a placeholder when it carries a secret (IMEI, SPC…): the decoder masks
    /// something in such a frame, so its masked and revealed renderings differ.
    /// </summary>
    internal static string TraceHex(ReadOnlySpan<byte> payload, WireDirection dir, bool reveal)
    {
        if (!reveal && DiagDecoder.Decode(payload, dir, false).ToString() != DiagDecoder.Decode(payload, dir, true).ToString())
        {
            return $"{payload.Length} bytes hidden: carries a secret, --reveal-secrets shows it";
        }

        return Convert.ToHexString(payload).ToLowerInvariant();
    }

    /// <summary>
    /// An AT port with echo on sends each DIAG frame straight back, CRC and all, so the first reply
    /// "matches" (an EFS HELLO reply may even equal its request) and the next one fails to parse.
    /// When every frame received so far was one we sent and the session is still open, the port echoes.
    /// </summary>
    private sealed class EchoWatch
    {
        private readonly Lock _lock = new();
        private readonly List<byte[]> _sent = [];
        private int _received;
        private int _echoes;

        public void Observe(TraceDirection dir, ReadOnlyMemory<byte> payload)
        {
            lock (_lock)
            {
                if (dir == TraceDirection.Out)
                {
                    if (_sent.Count < 16)
                    {
                        _sent.Add(payload.ToArray());
                    }

                    return;
                }

                _received++;
                foreach (byte[] s in _sent)
                {
                    if (payload.Span.SequenceEqual(s))
                    {
                        _echoes++;
                        break;
                    }
                }
            }
        }

        public bool LooksLikeEcho(DiagSession session)
        {
            lock (_lock)
            {
                return _received > 0 && _echoes == _received && session.State == SessionState.Open;
            }
        }

        public PortException NotDiag(DiagSession session, Exception inner) => new(
            PortErrorKind.NotDiag,
            session.Description,
            $"{session.Description} sends every DIAG frame straight back: it looks like an AT/modem port with echo on, " +
            "not the DIAG port (the DIAG port is USB interface 00; `ztediag ports` lists them)",
            inner);
    }
}
