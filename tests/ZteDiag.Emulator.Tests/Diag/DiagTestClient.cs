using System.Buffers;
using System.IO.Ports;
using ZteDiag.Protocol.Diag;
using ZteDiag.Protocol.Hdlc;

namespace ZteDiag.Emulator.Tests.Diag;

/// <summary>Parser shape shared by every Protocol record (for generic test helpers).</summary>
internal delegate DiagStatus PacketParser<T>(ReadOnlySpan<byte> src, out T? value)
    where T : class;

/// <summary>
/// A raw DIAG client on a pty slave through System.IO.Ports (BaseStream): frames requests with
/// <see cref="HdlcFramer"/>, deframes replies with <see cref="HdlcDeframer"/> (CRC checked).
/// </summary>
internal sealed class DiagTestClient : IDisposable
{
    private readonly HdlcDeframer _deframer = new();
    private readonly List<byte> _pending = [];

    public DiagTestClient(string path, int readTimeoutMs = 3000)
    {
        Port = new SerialPort(path, 115200, Parity.None, 8, StopBits.One)
        {
            DtrEnable = false, RtsEnable = false, Handshake = Handshake.None, ReadTimeout = readTimeoutMs, WriteTimeout = 2000,
        };
        Port.Open();
    }

    public SerialPort Port { get; }

    /// <summary>First raw byte of the last reply frame (must never be 0x7E).</summary>
    public int LastFirstByte { get; private set; } = -1;

    /// <summary>Sends <paramref name="payload"/> framed; returns the deframed reply payload.</summary>
    public byte[] Send(ReadOnlySpan<byte> payload) => SendRaw(HdlcFramer.Encode(payload));

    public byte[] Send(IDiagPacket packet) => Send(packet.ToArray());

    /// <summary>Sends a request and parses the reply with <paramref name="parse"/> (asserting Ok).</summary>
    public T Send<T>(IDiagPacket packet, PacketParser<T> parse)
        where T : class
    {
        byte[] reply = Send(packet);
        DiagStatus s = parse(reply, out T? value);
        Assert.True(s == DiagStatus.Ok, $"reply {Convert.ToHexString(reply)} parsed as {s}");
        return value!;
    }

    /// <summary>Writes already framed bytes; returns the reply payload.</summary>
    public byte[] SendRaw(byte[] frame)
    {
        Port.BaseStream.Write(frame);
        Port.BaseStream.Flush();
        return ReadReply();
    }

    public byte[] ReadReply()
    {
        var buf = new byte[4096];
        bool first = true;
        while (true)
        {
            if (_pending.Count > 0)
            {
                byte[] input = [.. _pending];
                if (first)
                {
                    LastFirstByte = input[0];
                    first = false;
                }

                OperationStatus st = _deframer.Read(input, out int consumed);
                _pending.RemoveRange(0, consumed);
                if (st == OperationStatus.Done)
                {
                    return _deframer.Payload.ToArray();
                }

                if (st == OperationStatus.InvalidData)
                {
                    throw new InvalidDataException($"bad reply frame: {_deframer.LastError}");
                }

                if (consumed == input.Length)
                {
                    _pending.Clear();
                }
            }

            int n = Port.BaseStream.Read(buf, 0, buf.Length);
            if (n <= 0)
            {
                throw new IOException("port closed");
            }

            _pending.AddRange(buf.AsSpan(0, n).ToArray());
        }
    }

    public void Dispose()
    {
        try
        {
            if (Port.IsOpen)
            {
                Port.BaseStream.Dispose();
            }
        }
        catch (IOException)
        {
        }
        catch (ObjectDisposedException)
        {
        }

        Port.Dispose();
    }
}
