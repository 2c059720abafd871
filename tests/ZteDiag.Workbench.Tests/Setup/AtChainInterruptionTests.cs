using System.Text;
using ZteDiag.Device.At;
using ZteDiag.Device.Links;
using ZteDiag.Workbench.Setup;

namespace ZteDiag.Workbench.Tests.Setup;

/// <summary>
/// An AT port that answers ATI and AT+CPIN? and then falls silent (the stick re-enumerating mid-check):
/// doctor reports the failure and still gives every later link a verdict.
/// </summary>
[Trait("Issue", "8")]
public sealed class AtChainInterruptionTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string? Answer(string command) => command switch
    {
        "ATI" => "\r\nManufacturer: ZTE INCORPORATED\r\nModel: MF627\r\nRevision: BD_3GHAP673A4V1.0.0B07\r\n\r\nOK\r\n",
        "AT+CPIN?" => "\r\n+CPIN: READY\r\n\r\nOK\r\n",
        _ => null, // gone quiet
    };

    private static async Task PeerAsync(IDiagLink device, CancellationToken ct)
    {
        var buf = new byte[256];
        var line = new StringBuilder();
        try
        {
            while (true)
            {
                int n = await device.ReadAsync(buf, ct);
                if (n == 0) return;
                foreach (char c in Encoding.Latin1.GetString(buf, 0, n))
                {
                    if (c != '\r') { line.Append(c); continue; }
                    if (Answer(line.ToString()) is { } reply) await device.WriteAsync(Encoding.Latin1.GetBytes(reply), ct);
                    line.Clear();
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    [Fact]
    public async Task A_port_that_stops_answering_part_way_fails_at_and_skips_only_the_links_it_could_not_read()
    {
        var pair = new InMemoryLinkPair();
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        Task peer = PeerAsync(pair.Device, cts.Token);
        var findings = new List<DoctorFinding>();
        await using (var at = new AtSession(pair.Host, new AtSessionOptions { DefaultTimeout = TimeSpan.FromMilliseconds(500) }))
        {
            await ModemChainCheck.CheckAtAsync(at, findings.Add, Ct);
        }

        await cts.CancelAsync();
        await peer;

        Assert.Equal(["at", "sim", "at", "registration", "signal", "apn"], findings.Select(f => f.Check));
        Assert.Equal(DoctorVerdict.Ok, findings[0].Verdict);
        Assert.Equal(DoctorVerdict.Ok, findings[1].Verdict);
        Assert.Equal(DoctorVerdict.Fail, findings[2].Verdict);
        Assert.Equal("the AT port stopped answering: re-plug the stick", findings[2].Advice);
        Assert.All(findings.Skip(3), f => Assert.Equal(new DoctorFinding(f.Check, DoctorVerdict.Skip, "not checked (the AT port stopped answering)"), f));
    }
}
