using Sekisho.Protocol.Tunnels;
using System.Net;
using System.Net.Sockets;
using Sekisho.Agent.Tunnels;

namespace Sekisho.Agent.Tests.Tunnels;

public sealed class DestinationRulesTests
{
    [Theory]
    [InlineData("169.254.169.254", "169.254.0.0/16")]
    [InlineData("169.254.0.1", "169.254.0.0/16")]
    [InlineData("::ffff:169.254.169.254", "169.254.0.0/16")]
    [InlineData("fe80::1", "fe80::/10")]
    [InlineData("febf:ffff::1", "fe80::/10")]
    [InlineData("fd00:ec2::254", "fd00:ec2::/32")]
    public void Link_local_and_metadata_addresses_are_refused_naming_the_rule(string address, string range)
    {
        var rule = BlockedAddresses.RefusingRule(IPAddress.Parse(address));
        Assert.NotNull(rule);
        Assert.Contains(range, rule, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("10.0.0.5")]
    [InlineData("127.0.0.1")]
    [InlineData("169.253.255.255")]
    [InlineData("169.255.0.0")]
    [InlineData("fec0::1")]
    [InlineData("fd00:ec3::1")]
    [InlineData("2001:db8::1")]
    public void Other_addresses_pass(string address) =>
        Assert.Null(BlockedAddresses.RefusingRule(IPAddress.Parse(address)));

    [Fact]
    public async Task A_name_resolving_to_the_metadata_address_is_refused_after_resolution()
    {
        var destination = new TunnelDestination("metadata.example", 80, DestinationAllowList.Unrestricted,
            (_, _) => Task.FromResult(new[] { IPAddress.Parse("10.1.2.3"), IPAddress.Parse("169.254.169.254") }));
        var e = await Assert.ThrowsAsync<DestinationRefusedException>(() => destination.ResolveAsync(CancellationToken.None).AsTask());
        Assert.Contains("'metadata.example' resolves to 169.254.169.254", e.Message, StringComparison.Ordinal);
        Assert.Contains("169.254.0.0/16", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_ipv6_metadata_literal_is_refused_without_resolution()
    {
        var destination = new TunnelDestination("[fd00:ec2::254]", 80, DestinationAllowList.Unrestricted,
            (_, _) => throw new InvalidOperationException("a literal must not be resolved"));
        var e = await Assert.ThrowsAsync<DestinationRefusedException>(() => destination.ResolveAsync(CancellationToken.None).AsTask());
        Assert.Contains("fd00:ec2::/32", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Only_the_checked_addresses_are_returned_for_dialing()
    {
        var destination = new TunnelDestination("db.internal", 5432, DestinationAllowList.Parse("10.0.0.0/8:5432"),
            (_, _) => Task.FromResult(new[] { IPAddress.Parse("192.168.1.9"), IPAddress.Parse("10.4.4.4") }));
        var endPoints = await destination.ResolveAsync(CancellationToken.None);
        Assert.Equal([new IPEndPoint(IPAddress.Parse("10.4.4.4"), 5432)], endPoints);
    }

    [Fact]
    public async Task The_allow_list_refuses_other_destinations_and_says_so()
    {
        var allow = DestinationAllowList.Parse("db.internal:5432, *.web.internal:443");
        var resolver = new Func<string, CancellationToken, Task<IPAddress[]>>((_, _) => Task.FromResult(new[] { IPAddress.Parse("10.9.9.9") }));
        Assert.Single(await new TunnelDestination("db.internal", 5432, allow, resolver).ResolveAsync(CancellationToken.None));
        Assert.Single(await new TunnelDestination("a.web.internal", 443, allow, resolver).ResolveAsync(CancellationToken.None));
        var wrongPort = await Assert.ThrowsAsync<DestinationRefusedException>(
            () => new TunnelDestination("db.internal", 22, allow, resolver).ResolveAsync(CancellationToken.None).AsTask());
        Assert.Contains("not in the document's allowedDestinations", wrongPort.Message, StringComparison.Ordinal);
        Assert.Contains("db.internal:22", wrongPort.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<DestinationRefusedException>(
            () => new TunnelDestination("web.internal", 443, allow, resolver).ResolveAsync(CancellationToken.None).AsTask());
        await Assert.ThrowsAsync<DestinationRefusedException>(
            () => new TunnelDestination("evil.example", 5432, allow, resolver).ResolveAsync(CancellationToken.None).AsTask());
    }

    [Fact]
    public async Task The_allow_list_cannot_open_the_metadata_range()
    {
        var destination = new TunnelDestination("169.254.169.254", 80, DestinationAllowList.Parse("169.254.0.0/16"));
        await Assert.ThrowsAsync<DestinationRefusedException>(() => destination.ResolveAsync(CancellationToken.None).AsTask());
    }

    [Fact]
    public async Task Local_forwarding_dials_loopback_and_honours_the_allow_list()
    {
        var open = new TunnelDestination(null, 8080, DestinationAllowList.Unrestricted);
        Assert.Equal([new IPEndPoint(IPAddress.Loopback, 8080), new IPEndPoint(IPAddress.IPv6Loopback, 8080)],
            await open.ResolveAsync(CancellationToken.None));
        var limited = new TunnelDestination(null, 8080, DestinationAllowList.Parse("localhost:80"));
        await Assert.ThrowsAsync<DestinationRefusedException>(() => limited.ResolveAsync(CancellationToken.None).AsTask());
    }

    [Theory]
    [InlineData("db:0", "port '0'")]
    [InlineData("db:70000", "port '70000'")]
    [InlineData("10.0.0.0/33", "not a CIDR network")]
    [InlineData("bad_name!:80", "not a host name")]
    [InlineData("a.*.b", "not a host name")]
    [InlineData("[fd00::1", "closing ']'")]
    public void Malformed_allow_list_entries_are_rejected_with_the_entry(string entry, string why)
    {
        var e = Assert.Throws<FormatException>(() => DestinationAllowList.Parse($"ok.example, {entry}"));
        Assert.Contains($"entry 2 '{entry}'", e.Message, StringComparison.Ordinal);
        Assert.Contains(why, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_allow_list_reads_a_json_array_and_ipv6_entries()
    {
        var allow = DestinationAllowList.Parse("""["[2001:db8::/32]:443", "10.0.0.1", "host.example:*"]""");
        Assert.Equal(3, allow.Entries.Count);
        Assert.True(allow.Allows("x", IPAddress.Parse("2001:db8::5"), 443));
        Assert.False(allow.Allows("x", IPAddress.Parse("2001:db8::5"), 80));
        Assert.True(allow.Allows("x", IPAddress.Parse("10.0.0.1"), 1234));
        Assert.True(allow.Allows("HOST.example.", IPAddress.Parse("192.0.2.1"), 9));
        Assert.False(allow.Allows("other.example", IPAddress.Parse("192.0.2.1"), 9));
    }

    [Theory]
    [InlineData(null, "the session has no portNumber")]
    [InlineData("http", "portNumber 'http'")]
    [InlineData("0", "portNumber '0'")]
    public void Port_numbers_are_checked(string? port, string message)
    {
        var properties = new Dictionary<string, string>();
        if (port is not null)
        {
            properties["portNumber"] = port;
        }
        var e = Assert.Throws<FormatException>(() => TunnelDestination.FromProperties(properties));
        Assert.Contains(message, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Ssh_defaults_to_port_22_on_the_node()
    {
        var destination = TunnelDestination.FromProperties(new Dictionary<string, string>(), SshForwarder.DefaultPort);
        Assert.Equal(22, destination.Port);
        Assert.Null(destination.RemoteHost);
    }

    [Fact]
    public async Task Dialing_a_closed_port_fails_with_a_socket_error()
    {
        using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        probe.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var closed = (IPEndPoint)probe.LocalEndPoint!;
        await Assert.ThrowsAsync<SocketException>(() => TunnelDestination.DialAsync([closed], TimeSpan.FromSeconds(5), CancellationToken.None));
    }
}
