using System.CommandLine;
using Serilog;
using ZteDiag.Device.Diag;
using ZteDiag.Protocol.Decode;
using WireDirection = ZteDiag.Protocol.Trace.TraceDirection;
using ZteDiag.Workbench.Connection;

namespace ZteDiag.Cli;

/// <summary>
/// Opens the modem for a verb from the global options: the connection, the --trace hook on the DIAG
/// session and, for EFS verbs, HELLO + QUERY. Verbs dispose the returned connection.
/// </summary>
internal static class CliSession
{
    /// <summary>Opens the connection; <paramref name="efs"/> also connects the EFS client.</summary>
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
        catch
        {
            await conn.DisposeAsync().ConfigureAwait(false);
            throw;
        }
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
}
