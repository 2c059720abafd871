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
/// connection. A port that is not the DIAG port (AT text, our own frames echoed back) is found by
/// the DIAG session itself and surfaces as <see cref="PortException"/> (exit 3).
/// </summary>
internal static class CliSession
{
    /// <summary>Opens the modem, runs <paramref name="body"/>, closes the modem.</summary>
    public static async Task<int> RunAsync(ParseResult parse, CancellationToken ct, Func<ModemConnection, Task<int>> body, bool efs = false)
    {
        ModemConnection conn = await OpenAsync(parse, ct, efs).ConfigureAwait(false);
        await using (conn.ConfigureAwait(false))
        {
            try
            {
                return await body(conn).ConfigureAwait(false);
            }
            catch (ZteDiagException ex) when (ex is not PortException && NotDiagReason(conn) is { } notDiag)
            {
                // a job may carry on past the first failure; the technician needs the first reason
                throw notDiag;
            }
        }
    }

    /// <summary>Opens the connection; <paramref name="efs"/> also connects the EFS client. The caller disposes it.</summary>
    public static async Task<ModemConnection> OpenAsync(ParseResult parse, CancellationToken ct, bool efs = false)
    {
        ConnectionOptions options = CliConnection.Options(parse);
        ModemConnection conn = await ModemConnection.OpenAsync(options, ct, w => Log.Warning("{Warning}", w)).ConfigureAwait(false);
        try
        {
            if (parse.GetValue(GlobalOptions.Trace))
            {
                HookTrace(conn.Diag, parse.GetValue(GlobalOptions.RevealSecrets));
            }

            if (efs)
            {
                await conn.EnsureEfsAsync(ct).ConfigureAwait(false);
            }

            return conn;
        }
        catch (ZteDiagException ex) when (ex is not PortException && NotDiagReason(conn) is { } notDiag)
        {
            await conn.DisposeAsync().ConfigureAwait(false);
            throw notDiag;
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
        string path = PortResolver.Resolve(options, PortNeed.At, w => Log.Warning("{Warning}", w)).AtPath
            ?? throw new PortException(PortErrorKind.NotFound, "", "no AT port is known for this modem: give it with --at-port (see `ztediag ports`)");
        var link = await DiagConnector.OpenLinkAsync(options, path, ct).ConfigureAwait(false);
        var session = new AtSession(link, new AtSessionOptions { DefaultTimeout = options.Timeout });
        if (parse.GetValue(GlobalOptions.Trace))
        {
            session.Unsolicited += (_, e) => Log.Verbose("URC {Line}", e.Line);
        }

        return session;
    }

    /// <summary>Logs every frame (Verbose) in hex with its decoding; frames that carry a secret show no hex unless revealed.</summary>
    internal static void HookTrace(DiagSession session, bool reveal)
    {
        TransportReport.HookTrace(session);
        session.FrameTraced += (dir, payload) =>
        {
            WireDirection d = dir == FrameDirection.Out ? WireDirection.ToModem : WireDirection.FromModem;
            Log.Verbose("{Arrow} {Decoded} [{Hex}]", d == WireDirection.ToModem ? ">" : "<",
                DiagDecoder.Decode(payload.Span, d, reveal).ToString(), TraceHex(payload.Span, d, reveal));
        };
    }

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

    /// <summary>The session's own finding that the port is not the DIAG port, if it made one.</summary>
    private static PortException? NotDiagReason(ModemConnection conn) =>
        conn.Diag.BreakReason is PortException { Kind: PortErrorKind.NotDiag } notDiag ? notDiag : null;
}
