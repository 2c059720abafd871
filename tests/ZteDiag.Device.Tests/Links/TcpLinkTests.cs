using System.Net;
using System.Net.Sockets;
using ZteDiag.Device.Links;

namespace ZteDiag.Device.Tests.Links;

public sealed class TcpLinkTests
{
    [Theory]
    [InlineData("127.0.0.1:2500", "127.0.0.1", 2500)]
    [InlineData("localhost:1", "localhost", 1)]
    [InlineData("[::1]:65535", "::1", 65535)]
    public void ParseEndpoint_accepts_host_and_port(string text, string host, int port)
    {
        Assert.Equal((host, port), TcpLink.ParseEndpoint(text));
    }

    [Theory]
    [InlineData("localhost")]
    [InlineData(":2500")]
    [InlineData("host:")]
    [InlineData("host:0")]
    [InlineData("host:70000")]
    [InlineData("host:12ab")]
    [InlineData("::1:2500")]
    public void ParseEndpoint_rejects_malformed_text_with_an_argument_exception(string text)
    {
        var ex = Assert.Throws<ArgumentException>(() => TcpLink.ParseEndpoint(text));
        Assert.Contains(text, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bytes_flow_over_a_loopback_connection()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        Task<TcpClient> accept = listener.AcceptTcpClientAsync(TestContext.Current.CancellationToken).AsTask();

        await using TcpLink link = await TcpLink.ConnectAsync($"127.0.0.1:{port}", TestContext.Current.CancellationToken);
        using TcpClient server = await accept;
        await link.WriteAsync(new byte[] { 1, 2, 0x7E }, TestContext.Current.CancellationToken);
        var buf = new byte[3];
        await server.GetStream().ReadExactlyAsync(buf, TestContext.Current.CancellationToken);

        Assert.Equal(new byte[] { 1, 2, 0x7E }, buf);
        Assert.Contains("127.0.0.1", link.Description, StringComparison.Ordinal);
    }
}
