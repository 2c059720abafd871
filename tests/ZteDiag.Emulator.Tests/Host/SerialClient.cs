using System.IO.Ports;
using System.Text;

namespace ZteDiag.Emulator.Tests.Host;

/// <summary>
/// A System.IO.Ports client on a pty slave, opened the way ECOSYSTEM.md §2 says: DTR/RTS off,
/// no handshake, Latin-1 text, sync reads with ReadTimeout. Dispose it before the emulator's master.
/// </summary>
internal sealed class SerialClient : IDisposable
{
    // The default is generous because a 2-core CI machine under load can stall the emulator's
    // threads for seconds; tests that expect silence pass their own short timeout.
    public SerialClient(string path, int readTimeoutMs = 10000)
    {
        Port = new SerialPort(path, 115200, Parity.None, 8, StopBits.One)
        {
            DtrEnable = false,
            RtsEnable = false,
            Handshake = Handshake.None,
            Encoding = Encoding.Latin1,
            NewLine = "\r\n",
            ReadTimeout = readTimeoutMs,
            WriteTimeout = 2000,
        };
        Port.Open();
    }

    public SerialPort Port { get; }

    public void Write(ReadOnlySpan<byte> bytes) => Port.BaseStream.Write(bytes);

    public void WriteText(string text) => Write(Encoding.Latin1.GetBytes(text));

    /// <summary>Reads one HDLC frame (up to and including its 0x7E); throws TimeoutException if none comes.</summary>
    public byte[] ReadFrame()
    {
        var frame = new List<byte>();
        while (true)
        {
            int b = Port.BaseStream.ReadByte();
            if (b < 0)
            {
                throw new IOException("port closed");
            }

            frame.Add((byte)b);
            if (b == 0x7E)
            {
                return [.. frame];
            }
        }
    }

    /// <summary>Reads text until it ends with one of <paramref name="endings"/>.</summary>
    public string ReadUntil(params string[] endings)
    {
        var sb = new StringBuilder();
        var buf = new byte[256];
        while (true)
        {
            int n = Port.BaseStream.Read(buf, 0, buf.Length);
            sb.Append(Encoding.Latin1.GetString(buf, 0, n));
            string s = sb.ToString();
            foreach (string e in endings)
            {
                if (s.EndsWith(e, StringComparison.Ordinal))
                {
                    return s;
                }
            }
        }
    }

    /// <summary>Everything that arrives within <paramref name="ms"/> milliseconds.</summary>
    public string Drain(int ms)
    {
        Thread.Sleep(ms);
        return Port.BytesToRead > 0 ? Port.ReadExisting() : string.Empty;
    }

    /// <summary>Reads text until it contains <paramref name="part"/>.</summary>
    public string ReadUntilContains(string part)
    {
        var sb = new StringBuilder();
        var buf = new byte[256];
        while (!sb.ToString().Contains(part, StringComparison.Ordinal))
        {
            int n = Port.BaseStream.Read(buf, 0, buf.Length);
            sb.Append(Encoding.Latin1.GetString(buf, 0, n));
        }

        return sb.ToString();
    }

    public void Dispose()
    {
        if (!Port.IsOpen)
        {
            Port.Dispose();
            return;
        }

        try
        {
            Port.BaseStream.Dispose();
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
