using System.Text.Json;
using Sekisho.Agent.Connection;
using Sekisho.Agent.State;
using Sekisho.Agent.Tests.Support;

namespace Sekisho.Agent.Tests;

public sealed class RegistrationTests
{
    [Fact]
    public async Task Register_writes_a_private_state_dir_and_refuses_to_overwrite_it_without_force()
    {
        await using var server = await FakeServer.StartAsync();
        var root = Directory.CreateTempSubdirectory("sekisho-agent-state-");
        try
        {
            var dir = Path.Combine(root.FullName, "state");
            var options = new AgentRegistrationOptions(server.Url.ToString(), FakeServer.ActivationCode, FakeServer.ActivationId)
            {
                StateDir = dir,
                ComputerName = "web-1",
            };
            var identity = await AgentRegistrar.RegisterAsync(options, AgentLog.Null, TimeProvider.System, CancellationToken.None);
            Assert.Equal(FakeServer.InstanceId, identity.InstanceId);
            Assert.Equal(FakeServer.Account, identity.AccountId);
            Assert.Null(identity.ServerCertificateSha256); // plain http: nothing to pin

            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(dir));
            foreach (var file in Directory.GetFiles(dir))
            {
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
            }
            Assert.Equal([AgentStateDir.IdentityFile, AgentStateDir.KeyFile], Directory.GetFiles(dir).Select(Path.GetFileName).Order(StringComparer.Ordinal));
            using (var doc = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(dir, AgentStateDir.IdentityFile))))
            {
                Assert.Equal(FakeServer.InstanceId, doc.RootElement.GetProperty("instanceId").GetString());
                Assert.Equal("us-east-1", doc.RootElement.GetProperty("region").GetString());
                Assert.Equal(server.Url.ToString(), doc.RootElement.GetProperty("serverUrl").GetString());
            }
            // The key on disk is the one whose public half the server got.
            var (loaded, key) = new AgentStateDir(dir).Load();
            using (key)
            {
                Assert.Equal(server.PublicKey, Convert.ToBase64String(key.ExportSubjectPublicKeyInfo()));
                Assert.Equal(identity with { RegisteredAt = loaded.RegisteredAt }, loaded);
            }

            var again = await Assert.ThrowsAsync<AgentException>(() => AgentRegistrar.RegisterAsync(options, AgentLog.Null, TimeProvider.System, CancellationToken.None));
            Assert.Contains($"already registered as {FakeServer.InstanceId}", again.Message, StringComparison.Ordinal);
            Assert.Contains("--force", again.Message, StringComparison.Ordinal);

            await AgentRegistrar.RegisterAsync(options with { Force = true }, AgentLog.Null, TimeProvider.System, CancellationToken.None);
            var (_, newKey) = new AgentStateDir(dir).Load();
            using (newKey)
            {
                Assert.Equal(server.PublicKey, Convert.ToBase64String(newKey.ExportSubjectPublicKeyInfo()));
            }
        }
        finally
        {
            root.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task A_refused_activation_reports_the_servers_code_and_message_and_writes_nothing()
    {
        await using var server = await FakeServer.StartAsync();
        var dir = Path.Combine(Path.GetTempPath(), "sekisho-agent-none-" + Guid.NewGuid().ToString("N"));
        var error = await Assert.ThrowsAsync<AgentException>(() => AgentRegistrar.RegisterAsync(
            new AgentRegistrationOptions(server.Url.ToString(), "wrong-code", FakeServer.ActivationId) { StateDir = dir },
            AgentLog.Null, TimeProvider.System, CancellationToken.None));
        Assert.Equal("InvalidActivation", error.Code);
        Assert.Equal("InvalidActivation: The activation id or code is not valid.", error.Message);
        Assert.False(Directory.Exists(dir));
    }

    [Fact]
    public async Task An_unreachable_server_is_named_in_the_error()
    {
        // A port that was free a moment ago: nothing listens there.
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var error = await Assert.ThrowsAsync<AgentException>(() => AgentRegistrar.RegisterAsync(
            new AgentRegistrationOptions($"http://127.0.0.1:{port}", "c", "i") { StateDir = Path.Combine(Path.GetTempPath(), "sekisho-unused-" + port) },
            AgentLog.Null, TimeProvider.System, CancellationToken.None));
        Assert.StartsWith($"cannot reach the Sekisho server at http://127.0.0.1:{port}/", error.Message, StringComparison.Ordinal);
        Assert.Null(error.Code);
    }

    [Theory]
    [InlineData("ftp://example.com")]
    [InlineData("example.com")]
    public void A_server_url_must_be_http_or_https(string url) =>
        Assert.Contains("is not an http:// or https:// URL", Assert.Throws<AgentException>(() => AgentRegistrar.ServerUrl(url)).Message, StringComparison.Ordinal);

    [Fact]
    public void Fingerprints_are_accepted_with_colons_or_a_prefix_and_compared_case_insensitively()
    {
        var hex = string.Concat(Enumerable.Repeat("ab", 32));
        var colons = string.Join(':', Enumerable.Repeat("AB", 32));
        Assert.Equal(hex.ToUpperInvariant(), ServerTrust.Normalize(colons));
        Assert.Equal(hex.ToUpperInvariant(), ServerTrust.Normalize("SHA256:" + hex));
        Assert.Throws<AgentException>(() => ServerTrust.Normalize("abcd"));
    }

    [Fact]
    public void Loading_an_unregistered_state_dir_says_what_to_run()
    {
        var dir = Path.Combine(Path.GetTempPath(), "sekisho-agent-empty-" + Guid.NewGuid().ToString("N"));
        var error = Assert.Throws<AgentException>(() => new AgentStateDir(dir).Load());
        Assert.Contains("sekisho agent register", error.Message, StringComparison.Ordinal);
    }
}
