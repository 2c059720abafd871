using System.CommandLine;
using Serilog;
using ZteDiag.Device;
using ZteDiag.Device.At;
using ZteDiag.Protocol.Decode;
using ZteDiag.Protocol.Diag;
using ZteDiag.Protocol.Trace;
using ZteDiag.Workbench.Connection;

namespace ZteDiag.Cli;

/// <summary>
/// Opens the modem for a verb from the global options, with --trace hooked up: every DIAG frame is
/// logged at Verbose in hex with its decoding. SPC codes and sensitive NV items stay masked in the
/// hex unless --reveal-secrets.
/// </summary>
internal static class CliSession
{
    /// <summary>Opens the DIAG port (explicit, TCP or discovered) and remembers the AT port.</summary>
    public static async Task<ModemConnection> OpenAsync(ParseResult parse, CancellationToken ct)
    {
        ConnectionOptions options = CliConnection.Options(parse);
        ModemConnection connection = await ModemConnection.OpenAsync(options, ct, w => Log.Warning("{Warning}", w)).ConfigureAwait(false);
        if (parse.GetValue(GlobalOptions.Trace))
        {
            bool reveal = parse.GetValue(GlobalOptions.RevealSecrets);
            connection.Diag.FrameTraced += (dir, payload) =>
            {
                bool outgoing = dir == ZteDiag.Device.Diag.TraceDirection.Out;
                Log.Verbose("{Dir} {Hex}  {Decoded}", outgoing ? ">" : "<", TraceHex(payload.Span, reveal),
                    DiagDecoder.Decode(payload.Span, outgoing ? TraceDirection.ToModem : TraceDirection.FromModem, reveal).ToString());
            };
        }

        return connection;
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

    /// <summary>Hex of a payload for the trace, with the SPC digits and sensitive NV data hidden unless <paramref name="reveal"/>.</summary>
    internal static string TraceHex(ReadOnlySpan<byte> payload, bool reveal)
    {
        if (reveal || payload.IsEmpty)
        {
            return Convert.ToHexString(payload);
        }

        int keep = payload[0] switch
        {
            (byte)DiagCommand.Spc when payload.Length > 2 => 1,
            (byte)DiagCommand.NvRead or (byte)DiagCommand.NvWrite when payload.Length >= 3
                && NvItems.IsSensitive((ushort)(payload[1] | (payload[2] << 8))) => 3,
            (byte)DiagCommand.SubsysCmd when payload.Length >= 6 && payload[1] == IndexedNvPacket.Subsystem
                && NvItems.IsSensitive((ushort)(payload[4] | (payload[5] << 8))) => 8,
            _ => -1,
        };
        return keep < 0 ? Convert.ToHexString(payload) : Convert.ToHexString(payload[..keep]) + $"…({payload.Length - keep} bytes hidden)";
    }
}
